import type { CaseKpis } from './kpi'
import type { Grid } from './types'

/** The measures a choropleth can show: every KPI of the grid panel, in the panel's order. */
export const MEASURES = ['cases', 'open', 'overdue', 'closed', 'closingRate', 'onTimeClosingRate', 'resolutionRate', 'avgHandlingDays'] as const
export type Measure = typeof MEASURES[number]

/**
 * What a count is drawn against: per 1,000 households (the default, so a town community with ten
 * times a village's households does not take the top colour by size alone) or as it is.
 */
export const COUNT_BASES = ['households', 'absolute'] as const
export type CountBasis = typeof COUNT_BASES[number]

/** Which end of a measure needs attention; the ramp's bright end goes there. `neutral`: neither. */
export type Direction = 'worse' | 'better' | 'neutral'

export interface MeasureSpec {
  /** The raw figure of one grid, null when undefined (a rate over nothing). */
  value: (kpis: CaseKpis) => number | null
  /** Counts can be put per household; rates and durations cannot. */
  kind: 'count' | 'rate' | 'duration'
  /** Higher is worse (cases, overdue, handling time), better (the rates), or neither (cases closed). */
  higherIs: Direction
  format: 'count' | 'decimal' | 'percent'
}

const SPECS: Record<Measure, MeasureSpec> = {
  cases: { value: k => k.total, kind: 'count', higherIs: 'worse', format: 'count' },
  open: { value: k => k.open, kind: 'count', higherIs: 'worse', format: 'count' },
  overdue: { value: k => k.overdue, kind: 'count', higherIs: 'worse', format: 'count' },
  // More closed cases mostly means more cases: not a sign of good or bad work, so no alarm colour.
  closed: { value: k => k.closed, kind: 'count', higherIs: 'neutral', format: 'count' },
  closingRate: { value: k => k.closingRate, kind: 'rate', higherIs: 'better', format: 'percent' },
  /** 按期结案率: closed on time ÷ due to close. */
  onTimeClosingRate: { value: k => k.onTimeClosingRate, kind: 'rate', higherIs: 'better', format: 'percent' },
  /** 化解率 as the centres report it: disputes resolved or mediated ÷ disputes found. */
  resolutionRate: { value: k => k.disputeResolutionRate, kind: 'rate', higherIs: 'better', format: 'percent' },
  /** 平均办理时长 of the cases closed in the period, in days as the panel shows it (longer is worse). */
  avgHandlingDays: { value: k => (k.avgHandlingMs === null ? null : k.avgHandlingMs / 86_400_000), kind: 'duration', higherIs: 'worse', format: 'decimal' },
}

/** How a measure is computed, coloured and formatted. */
export function measureSpec(measure: Measure): MeasureSpec {
  return SPECS[measure]
}

/** True when no case touches the grid's figures in the period: none found, due or closed in it. */
export function hasNoCases(k: CaseKpis): boolean {
  return k.total === 0 && k.dueToClose === 0 && k.closedInPeriod === 0
}

/**
 * A grid's value on the map: null ("no data", drawn grey) when no case touches the grid in the
 * period or the figure is undefined (a rate with denominator 0, a count per household of a grid
 * with no households on record); counts per 1,000 households when `basis` says so.
 */
export function mapValue(measure: Measure, kpis: CaseKpis, grid: Pick<Grid, 'households'>, basis: CountBasis): number | null {
  if (hasNoCases(kpis))
    return null
  const spec = SPECS[measure]
  const v = spec.value(kpis)
  if (v === null || !Number.isFinite(v))
    return null
  if (spec.kind !== 'count' || basis === 'absolute')
    return v
  return grid.households > 0 ? (v * 1000) / grid.households : null
}

/**
 * The basis a count is actually drawn on: per households when asked and at least one of the
 * grids carries a household count; otherwise (no households on record, or not a count) as is.
 */
export function effectiveBasis(measure: Measure, grids: ReadonlyArray<Pick<Grid, 'households'>>, requested: CountBasis): CountBasis {
  if (SPECS[measure].kind !== 'count' || requested === 'absolute')
    return 'absolute'
  return grids.some(g => g.households > 0) ? 'households' : 'absolute'
}

/** The format of a measure's map values: a count per households is a decimal rate. */
export function mapFormat(measure: Measure, basis: CountBasis): MeasureSpec['format'] {
  const spec = SPECS[measure]
  return spec.kind === 'count' && basis === 'households' ? 'decimal' : spec.format
}

/** Names links made before a measure was renamed still open on (cases per 100 households is now the cases' default basis). */
const RENAMED: Readonly<Record<string, Measure>> = { avgHandlingHours: 'avgHandlingDays', casesPer100Households: 'cases' }

/** Parses a URL value into a measure, falling back to `cases`. */
export function parseMeasure(value: unknown): Measure {
  if (typeof value === 'string' && Object.hasOwn(RENAMED, value))
    return RENAMED[value]!
  return (MEASURES as readonly unknown[]).includes(value) ? value as Measure : 'cases'
}

/** Parses a URL value into a count basis: `absolute` only when said, per households otherwise. */
export function parseCountBasis(value: unknown): CountBasis {
  return value === 'absolute' ? 'absolute' : 'households'
}

/** Formats a measure value for tables and legends; null reads as an em dash. */
export function formatMeasure(value: number | null, format: MeasureSpec['format'], locale: string): string {
  if (value === null)
    return '—'
  switch (format) {
    case 'count': return Math.round(value).toLocaleString(locale)
    case 'decimal': return value.toLocaleString(locale, { maximumFractionDigits: 1 })
    case 'percent': return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: 1 })}%`
  }
}
