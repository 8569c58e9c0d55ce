// Planar polygon arithmetic shared by the readers and the checks. Works in whatever plane the
// caller gives (degrees for placing a marker, metres of a local frame for areas).
import type { Position } from 'geojson'
import { pointInRing } from '../geometry'

/** Shoelace area; positive for counter-clockwise rings (x east, y north). */
export function ringArea(r: readonly Position[]): number {
  let s = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++)
    s += (r[j]![0]! - r[i]![0]!) * (r[j]![1]! + r[i]![1]!)
  return s / 2
}

/** True when a point is inside a polygon's shell and in none of its holes. */
export function polygonContains(polygon: readonly (readonly Position[])[], p: Position): boolean {
  return polygon.length > 0 && pointInRing(p, polygon[0]!) && !polygon.slice(1).some(h => pointInRing(p, h))
}

/** Area of a polygon: its shell less its holes. */
export function polygonArea(polygon: readonly (readonly Position[])[]): number {
  return polygon.length === 0 ? 0 : Math.abs(ringArea(polygon[0]!)) - polygon.slice(1).reduce((s, h) => s + Math.abs(ringArea(h)), 0)
}

/**
 * A point inside a polygon, for a marker or a label: the shell's centroid when that lies inside,
 * else the middle of the widest inside span of a horizontal line through the centroid's height.
 */
export function pointInside(polygon: readonly (readonly Position[])[]): [number, number] {
  const shell = polygon[0]!
  let cx = 0
  let cy = 0
  let a = 0
  for (let i = 0, j = shell.length - 1; i < shell.length; j = i++) {
    const f = shell[j]![0]! * shell[i]![1]! - shell[i]![0]! * shell[j]![1]!
    cx += (shell[j]![0]! + shell[i]![0]!) * f
    cy += (shell[j]![1]! + shell[i]![1]!) * f
    a += f
  }
  const c: [number, number] = a !== 0 ? [cx / (3 * a), cy / (3 * a)] : [shell[0]![0]!, shell[0]![1]!]
  if (polygonContains(polygon, c))
    return c
  // Scan lines at the centroid's height and then nearer each vertex's: thin or bent shapes.
  const heights = [c[1], ...shell.map(v => v[1]! + (c[1] - v[1]!) * 0.01)]
  for (const y of heights) {
    const xs: number[] = []
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const yi = ring[i]![1]!
        const yj = ring[j]![1]!
        if ((yi > y) !== (yj > y))
          xs.push(ring[i]![0]! + ((ring[j]![0]! - ring[i]![0]!) * (y - yi)) / (yj - yi))
      }
    }
    xs.sort((p, q) => p - q)
    let best: [number, number] | null = null
    let width = 0
    for (let k = 0; k + 1 < xs.length; k += 2) {
      if (xs[k + 1]! - xs[k]! > width) {
        width = xs[k + 1]! - xs[k]!
        best = [(xs[k]! + xs[k + 1]!) / 2, y]
      }
    }
    if (best)
      return best
  }
  return [shell[0]![0]!, shell[0]![1]!]
}

/** A point inside the largest polygon of a multipolygon. */
export function pointInsideMulti(polygons: readonly (readonly (readonly Position[])[])[]): [number, number] {
  let best = polygons[0]!
  let area = -1
  for (const p of polygons) {
    const a = polygonArea(p)
    if (a > area) {
      area = a
      best = p
    }
  }
  return pointInside(best)
}

/** A ring, polygon and multipolygon in a plane (the shapes polyclip-ts takes). */
export type PlaneRing = [number, number][]
export type PlanePolygon = PlaneRing[]
export type PlaneMultiPolygon = PlanePolygon[]
