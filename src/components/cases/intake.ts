// Small pure helpers of the intake form and the drawer: typed coordinates (read in
// src/domain/coordinateText), the bounding box of the duplicate search, and a case's grid path
// for the state machine.
import type { BBox, Grid, LngLat } from '~/domain/types'
import { pointInMultiPolygon } from '~/domain/geometry'

export { type CoordinateProblem, parseCoordinate } from '~/domain/coordinateText'

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

/**
 * The deepest of the grids already loaded whose boundary contains the point, or null: where the
 * intake places a report when the data layer cannot be asked (no signal). The data layer locates
 * the case again when the queued report is sent, and refuses it there if it may not be reported.
 */
export function deepestGridAt(grids: readonly Grid[], p: LngLat): Grid | null {
  let best: Grid | null = null
  for (const g of grids) {
    if ((best === null || g.level > best.level) && pointInMultiPolygon(p, g.boundary))
      best = g
  }
  return best
}
