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

/** True when p is inside the closed ring (even–odd rule; points exactly on an edge may go either way). */
export function pointInRing(p: Position, ring: readonly Position[]): boolean {
  // Indexed access, not destructuring: this runs for every point the generator places.
  const x = p[0]!
  const y = p[1]!
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!
    const yi = ring[i]![1]!
    const xj = ring[j]![0]!
    const yj = ring[j]![1]!
    if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
      inside = !inside
  }
  return inside
}

/** True when p lies exactly on the segment a–b (as the coordinates are given, like PostGIS decides it). */
function onSegment(p: Position, a: Position, b: Position): boolean {
  const [px, py] = p as [number, number]
  const [ax, ay] = a as [number, number]
  const [bx, by] = b as [number, number]
  return (bx - ax) * (py - ay) === (by - ay) * (px - ax)
    && px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by)
}

/**
 * True when p lies in the MultiPolygon: inside an outer ring and outside its holes, or on any
 * ring's edge (boundaries belong to the polygon, as PostGIS's ST_Intersects and turf's default
 * booleanPointInPolygon have it).
 */
export function pointInMultiPolygon(p: Position, g: MultiPolygon): boolean {
  for (const polygon of g.coordinates) {
    let inside = false
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        if (onSegment(p, ring[i - 1]!, ring[i]!))
          return true
      }
      if (pointInRing(p, ring))
        inside = !inside
    }
    if (inside)
      return true
  }
  return false
}

const EARTH_RADIUS_M = 6_371_008.8

/** The point `distanceM` metres from `origin` along `bearing` (degrees clockwise from north), on a sphere. */
export function destination(origin: Position, bearing: number, distanceM: number): [number, number] {
  const φ1 = (origin[1]! * Math.PI) / 180
  const λ1 = (origin[0]! * Math.PI) / 180
  const θ = (bearing * Math.PI) / 180
  const δ = distanceM / EARTH_RADIUS_M
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ))
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2))
  return [(λ2 * 180) / Math.PI, (φ2 * 180) / Math.PI]
}

/** Great-circle distance in metres. */
export function distanceM(a: Position, b: Position): number {
  const φ1 = (a[1]! * Math.PI) / 180
  const φ2 = (b[1]! * Math.PI) / 180
  const dφ = φ2 - φ1
  const dλ = ((b[0]! - a[0]!) * Math.PI) / 180
  const h = Math.sin(dφ / 2) ** 2 + Math.cos(φ1) * Math.cos(φ2) * Math.sin(dλ / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * A camera's field of view as a closed ring: apex at the camera, arc of radius `rangeM` from
 * bearing − fov/2 to bearing + fov/2. Counter-clockwise, as RFC 7946 wants outer rings.
 */
export function sectorRing(center: Position, bearing: number, fov: number, rangeM: number, stepDeg = 5): Array<[number, number]> {
  if (!(fov > 0 && fov <= 360))
    throw new RangeError(`field of view must be in (0, 360], got ${fov}`)
  if (!(rangeM > 0))
    throw new RangeError(`range must be positive, got ${rangeM}`)
  const apex: [number, number] = [center[0]!, center[1]!]
  const steps = Math.max(2, Math.ceil(fov / stepDeg))
  const arc: Array<[number, number]> = []
  // Walking the arc from the right edge to the left edge runs counter-clockwise around the apex.
  for (let i = 0; i <= steps; i++)
    arc.push(destination(center, bearing + fov / 2 - (fov * i) / steps, rangeM))
  return [apex, ...arc, apex]
}
