// Demand for camera siting as the planner chooses it: the period's cases (weight 1 each), key
// places (weight 1 each), or the risk cells of the hot-spot surface (weight = expected cases).
import type { MultiPolygon } from 'geojson'
import type { PlacedRaster } from '../coverage'
import type { LngLat } from '../types'
import type { DemandPoint } from './siting'
import { bboxOfMultiPolygon, inBBox, pointInMultiPolygon } from '../geometry'
import { cellCentre } from './figures'

export type DemandKind = 'cases' | 'keyPlaces' | 'risk'

function insideOf(boundary: MultiPolygon) {
  const box = bboxOfMultiPolygon(boundary)
  return (p: LngLat) => inBBox(p, box) && pointInMultiPolygon(p, boundary)
}

/** Cases inside the boundary, one point each. */
export function caseDemand(cases: ReadonlyArray<{ id: string, location: LngLat, categoryCode: string }>, boundary: MultiPolygon): DemandPoint[] {
  const inside = insideOf(boundary)
  return cases.filter(c => inside(c.location)).map(c => ({ location: c.location, weight: 1, ref: c.id, category: c.categoryCode }))
}

/** Key places inside the boundary, one point each. */
export function keyPlaceDemand(places: ReadonlyArray<{ id: string, location: LngLat }>, boundary: MultiPolygon): DemandPoint[] {
  const inside = insideOf(boundary)
  return places.filter(p => inside(p.location)).map(p => ({ location: p.location, weight: 1, ref: p.id }))
}

/**
 * Cells of the density surface inside the boundary, weighted by their expected cases; merged
 * `k × k` at a time (k the smallest that keeps at most `maxPoints`) so the model stays solvable.
 */
export function riskDemand(kde: PlacedRaster & { density: Float32Array }, boundary: MultiPolygon, maxPoints = 3000): DemandPoint[] {
  const inside = insideOf(boundary)
  const perCell = kde.cellM * kde.cellM / 1e6
  const all: Array<{ r: number, c: number, w: number }> = []
  for (let r = 0; r < kde.height; r++) {
    for (let c = 0; c < kde.width; c++) {
      const d = kde.density[r * kde.width + c]!
      if (d > 0 && inside(cellCentre(kde, r, c)))
        all.push({ r, c, w: d * perCell })
    }
  }
  let k = 1
  const merged = () => {
    const m = new Map<string, { r: number, c: number, w: number, n: number }>()
    for (const p of all) {
      const key = `${Math.floor(p.r / k)},${Math.floor(p.c / k)}`
      const e = m.get(key)
      if (e) {
        e.r += p.r * p.w
        e.c += p.c * p.w
        e.w += p.w
        e.n++
      }
      else { m.set(key, { r: p.r * p.w, c: p.c * p.w, w: p.w, n: 1 }) }
    }
    return m
  }
  let m = merged()
  while (m.size > maxPoints) {
    k++
    m = merged()
  }
  return [...m.entries()].map(([key, e]) => ({
    // The weighted centre of the merged cells, so the point sits where the risk is.
    location: cellCentre(kde, e.r / e.w, e.c / e.w),
    weight: e.w,
    ref: `cell:${key}`,
  }))
}
