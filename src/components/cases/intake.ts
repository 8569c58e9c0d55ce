// Small pure helpers of the intake form and the drawer: typed coordinates, the bounding box of
// the duplicate search, and a case's grid path for the state machine.
import type { BBox, Grid, LngLat } from '~/domain/types'

/** Why a typed coordinate was not understood. */
export type CoordinateProblem = 'format' | 'range'

/**
 * Reads "lng, lat" as people type it: comma (also the full-width ，), semicolon or spaces between
 * the numbers. A pair that looks like "lat, lng" for China (first number below 60, second above
 * 70) is swapped, because that is the order most phone map apps copy.
 */
export function parseCoordinate(text: string): { ok: true, value: LngLat } | { ok: false, problem: CoordinateProblem } {
  const parts = text.trim().split(/[\s,，;；]+/).filter(p => p !== '')
  if (parts.length !== 2 || !parts.every(p => /^[-+]?\d+(?:\.\d+)?$/.test(p)))
    return { ok: false, problem: 'format' }
  let [a, b] = parts.map(Number) as [number, number]
  if (Math.abs(a) < 60 && Math.abs(b) > 70)
    [a, b] = [b, a]
  if (a < -180 || a > 180 || b < -90 || b > 90)
    return { ok: false, problem: 'range' }
  return { ok: true, value: [a, b] }
}

/** A box around a point reaching at least `radiusM` metres each way (for a coarse pre-filter). */
export function bboxAround([lng, lat]: LngLat, radiusM: number): BBox {
  const dLat = radiusM / 111_320
  const dLng = radiusM / (111_320 * Math.max(0.01, Math.cos(lat * Math.PI / 180)))
  return [lng - dLng, lat - dLat, lng + dLng, lat + dLat]
}

/** Grid ids from the top visible ancestor down to `gridId`, as the state machine expects. */
export function gridPathOf(gridId: string, byId: ReadonlyMap<string, Pick<Grid, 'id' | 'parentId'>>): string[] {
  const path: string[] = []
  let g = byId.get(gridId)
  if (!g)
    return [gridId]
  while (g) {
    path.unshift(g.id)
    g = g.parentId !== null ? byId.get(g.parentId) : undefined
  }
  return path
}
