import type { MultiPolygon, Position } from 'geojson'
import type { BBox } from './types'

/** Bounding box of a MultiPolygon's outer rings. */
export function bboxOfMultiPolygon(g: MultiPolygon): BBox {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const polygon of g.coordinates) {
    for (const [x, y] of (polygon[0] ?? []) as Array<[number, number]>) {
      if (x < w)
        w = x
      if (x > e)
        e = x
      if (y < s)
        s = y
      if (y > n)
        n = y
    }
  }
  if (!Number.isFinite(w))
    throw new Error('bbox of an empty MultiPolygon')
  return [w, s, e, n]
}

/** Union of bounding boxes. */
export function unionBBox(boxes: readonly BBox[]): BBox {
  if (boxes.length === 0)
    throw new Error('union of no bounding boxes')
  return boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])])
}

/** True when a point lies within a bounding box (edges included). */
export function inBBox(p: Position, b: BBox): boolean {
  const x = p[0]!
  const y = p[1]!
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3]
}
