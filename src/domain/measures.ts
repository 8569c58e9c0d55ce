import type { RampName } from './colorClasses'
import type { CaseKpis } from './kpi'
import type { Grid } from './types'

/** The measures a choropleth can show. */
export const MEASURES = ['cases', 'casesPer100Households', 'open', 'overdue', 'closingRate', 'onTimeClosingRate', 'resolutionRate', 'avgHandlingHours'] as const
export type Measure = typeof MEASURES[number]

interface MeasureSpec {
  value: (kpis: CaseKpis, grid: Grid) => number | null
  ramp: RampName
  /** Counts classify into integer breaks; rates and densities do not. */
  integer: boolean
  format: 'count' | 'decimal' | 'percent' | 'hours'
}

// A grid with no case at all in the period has no figure to colour: "no data" (grey), not a class.
const count = (pick: (k: CaseKpis) => number) => (k: CaseKpis) => (k.total === 0 && pick(k) === 0 ? null : pick(k))

const SPECS: Record<Measure, MeasureSpec> = {
  cases: { value: count(k => k.total), ramp: 'heat', integer: true, format: 'count' },
  casesPer100Households: {
    value: (k, g) => (g.households > 0 && k.total > 0 ? (k.total * 100) / g.households : null),
    ramp: 'heat',
    integer: false,
    format: 'decimal',
  },
  open: { value: count(k => k.open), ramp: 'heat', integer: true, format: 'count' },
  overdue: { value: count(k => k.overdue), ramp: 'heat', integer: true, format: 'count' },
  closingRate: { value: k => k.closingRate, ramp: 'good', integer: false, format: 'percent' },
  /** 按期结案率: closed on time ÷ due to close. */
  onTimeClosingRate: { value: k => k.onTimeClosingRate, ramp: 'good', integer: false, format: 'percent' },
  /** 化解率 as the centres report it: disputes resolved or mediated ÷ disputes found. */
  resolutionRate: { value: k => k.disputeResolutionRate, ramp: 'good', integer: false, format: 'percent' },
  /** 平均办理时长 of the cases closed in the period, in hours (longer is worse). */
  avgHandlingHours: { value: k => (k.avgHandlingMs === null ? null : k.avgHandlingMs / 3_600_000), ramp: 'heat', integer: false, format: 'hours' },
}

/** How a measure is computed, coloured and formatted. */
export function measureSpec(measure: Measure): MeasureSpec {
  return SPECS[measure]
}

/** Parses a URL value into a measure, falling back to `cases`. */
export function parseMeasure(value: unknown): Measure {
  return (MEASURES as readonly unknown[]).includes(value) ? value as Measure : 'cases'
}

/** Formats a measure value for tables and legends; null reads as an em dash. */
export function formatMeasure(value: number | null, format: MeasureSpec['format'], locale: string): string {
  if (value === null)
    return '—'
  switch (format) {
    case 'count': return Math.round(value).toLocaleString(locale)
    case 'decimal': return value.toLocaleString(locale, { maximumFractionDigits: 1 })
    case 'percent': return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: 1 })}%`
    case 'hours': return `${value.toLocaleString(locale, { maximumFractionDigits: value < 10 ? 1 : 0 })} h`
  }
}
