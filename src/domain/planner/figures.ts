// The planner's figures of a coverage run, per grid: area coverage, blind-spot area, risk-weighted
// coverage and the cases in covered space, as the scenario layer's FigureSet so current → proposed,
// the comparison of two scenarios and the export all read the same numbers.
import type { MultiPolygon } from 'geojson'
import type { CoverageSummary, PlacedRaster } from '../coverage'
import type { FigureSet } from '../scenarios'
import type { LngLat } from '../types'
import { bboxOfMultiPolygon, inBBox, pointInMultiPolygon } from '../geometry'

/** Metric keys, in display order. */
export const PLAN_METRICS = ['eitherArea', 'blindM2', 'riskCovered', 'casesCovered', 'casesCoveredOnDuty', 'cameraArea', 'patrolArea'] as const
export type PlanMetric = typeof PLAN_METRICS[number]

/** Centres of a placed raster's cells as [lng, lat], row-major from the south-west (bilinear in the corners). */
export function cellCentre(r: PlacedRaster, row: number, col: number): LngLat {
  const [sw, se, ne, nw] = r.corners
  const u = (col + 0.5) / r.width
  const v = (row + 0.5) / r.height
  const lerp = (a: LngLat, b: LngLat, t: number): LngLat => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
  return lerp(lerp(sw, se, u), lerp(nw, ne, u), v)
}

/**
 * Expected cases per grid from the kernel density surface (density is cases per km², cell centres
 * decide the grid): the denominator of risk-weighted coverage.
 */
export function riskByGrid(kde: PlacedRaster & { density: Float32Array }, grids: ReadonlyArray<{ id: string, boundary: MultiPolygon }>): Map<string, number> {
  const perCell = kde.cellM * kde.cellM / 1e6
  const boxes = grids.map(g => bboxOfMultiPolygon(g.boundary))
  const out = new Map<string, number>(grids.map(g => [g.id, 0]))
  for (let r = 0; r < kde.height; r++) {
    for (let c = 0; c < kde.width; c++) {
      const d = kde.density[r * kde.width + c]!
      if (!(d > 0))
        continue
      const p = cellCentre(kde, r, c)
      grids.forEach((g, i) => {
        if (inBBox(p, boxes[i]!) && pointInMultiPolygon(p, g.boundary))
          out.set(g.id, out.get(g.id)! + d * perCell)
      })
    }
  }
  return out
}

/**
 * The figures of `gridIds` in a summary. riskCovered = 1 − (expected cases in blind spots) /
 * (expected cases in the grid): patches below the blind-spot minimum area count as covered.
 */
export function planFigures(s: CoverageSummary, gridIds: readonly string[], risk: ReadonlyMap<string, number>): FigureSet {
  const index = new Map(s.grids.ids.map((id, i) => [id, i]))
  const out = new Map<string, Map<string, number>>()
  const f = s.grids
  for (const id of gridIds) {
    const i = index.get(id)
    if (i === undefined)
      continue
    const m = new Map<string, number>()
    const share = (part: number, whole: number) => {
      return whole > 0 ? part / whole : null
    }
    const put = (k: PlanMetric, v: number | null) => {
      if (v !== null && Number.isFinite(v))
        m.set(k, v)
    }
    put('eitherArea', share(f.eitherM2[i]!, f.areaM2[i]!))
    put('cameraArea', share(f.cameraM2[i]!, f.areaM2[i]!))
    put('patrolArea', share(f.patrolM2[i]!, f.areaM2[i]!))
    put('blindM2', f.blindM2[i]!)
    const total = risk.get(id) ?? 0
    put('riskCovered', total > 0 ? Math.max(0, 1 - f.blindRisk[i]! / total) : null)
    put('casesCovered', share(f.casesCovered[i]!, f.cases[i]!))
    put('casesCoveredOnDuty', share(f.casesCoveredOnDuty[i]!, f.cases[i]!))
    out.set(id, m)
  }
  return out
}

/** Counts of cases in covered space (the backtest of a set over the period the run counted). */
export function casesBacktest(s: CoverageSummary, gridId: string): { cases: number, covered: number, coveredOnDuty: number } | null {
  const i = s.grids.ids.indexOf(gridId)
  if (i < 0)
    return null
  return { cases: s.grids.cases[i]!, covered: s.grids.casesCovered[i]!, coveredOnDuty: s.grids.casesCoveredOnDuty[i]! }
}
