// The choropleth as one pure function of the measure and the grids' KPIs, so the console map, its
// legend, its tooltip and the wall screen draw and state exactly the same classes.
import type { Classification } from './colorClasses'
import type { CaseKpis } from './kpi'
import type { CountBasis, Direction, Measure, MeasureSpec } from './measures'
import type { Grid } from './types'
import { classify, rampFor } from './colorClasses'
import { effectiveBasis, formatMeasure, mapFormat, mapValue, measureSpec } from './measures'

/** One grid in focus with its KPIs for the period. */
export interface ChoroplethRow {
  grid: Pick<Grid, 'id' | 'households'>
  kpis: CaseKpis
}

/** What the map paints and the legend states. */
export interface Choropleth {
  measure: Measure
  /** The basis counts are drawn on (per 1,000 households only where the grids carry households). */
  basis: CountBasis
  higherIs: Direction
  format: MeasureSpec['format']
  /** Value per grid id; null = no data. */
  values: Map<string, number | null>
  classification: Classification
  /** Whether any grid in focus has no data (the legend then shows the grey entry). */
  hasNoData: boolean
}

/** Classifies the grids in focus by a measure, counts on the requested basis where it applies. */
export function buildChoropleth(measure: Measure, rows: readonly ChoroplethRow[], requestedBasis: CountBasis): Choropleth {
  const spec = measureSpec(measure)
  const basis = effectiveBasis(measure, rows.map(r => r.grid), requestedBasis)
  const values = new Map<string, number | null>()
  for (const r of rows)
    values.set(r.grid.id, mapValue(measure, r.kpis, r.grid, basis))
  const all = [...values.values()]
  const classification = classify(all, rampFor(spec.higherIs), { integer: spec.kind === 'count' && basis === 'absolute' })
  return { measure, basis, higherIs: spec.higherIs, format: mapFormat(measure, basis), values, classification, hasNoData: all.includes(null) }
}

/**
 * The legend's class rows, lowest values first, each a swatch and its bounds: counts as inclusive
 * ranges ("12 – 30"), rates and other decimals up to the next class's lower bound, which belongs to
 * that class ("85% – <93%"), so no value reads as in two classes; a class of one value alone ("94").
 */
export function legendRows(c: Choropleth, locale: string): Array<{ color: string, label: string }> {
  const f = (v: number) => formatMeasure(v, c.format, locale)
  const last = c.classification.ranges.length - 1
  return c.classification.ranges.map(([lo, hi], i) => {
    const label = lo === hi ? f(lo) : c.format === 'count' || i === last ? `${f(lo)} – ${f(hi)}` : `${f(lo)} – <${f(hi)}`
    return { color: c.classification.colors[i]!, label }
  })
}
