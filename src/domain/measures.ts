import type { RampName } from './colorClasses'
import type { CaseKpis } from './kpi'
import type { Grid } from './types'

/** The measures a choropleth can show. */
export const MEASURES = ['cases', 'casesPer100Households', 'open', 'overdue', 'closingRate', 'resolutionRate'] as const
export type Measure = typeof MEASURES[number]

interface MeasureSpec {
  value: (kpis: CaseKpis, grid: Grid) => number | null
  ramp: RampName
  /** Counts classify into integer breaks; rates and densities do not. */
  integer: boolean
  format: 'count' | 'decimal' | 'percent'
}

const SPECS: Record<Measure, MeasureSpec> = {
  cases: { value: k => k.total, ramp: 'heat', integer: true, format: 'count' },
  casesPer100Households: {
    value: (k, g) => (g.households > 0 ? (k.total * 100) / g.households : null),
    ramp: 'heat',
    integer: false,
    format: 'decimal',
  },
  open: { value: k => k.open, ramp: 'heat', integer: true, format: 'count' },
  overdue: { value: k => k.overdue, ramp: 'heat', integer: true, format: 'count' },
  closingRate: { value: k => k.closingRate, ramp: 'good', integer: false, format: 'percent' },
  /** 化解率 as the centres report it: disputes resolved or mediated ÷ disputes found. */
  resolutionRate: { value: k => k.disputeResolutionRate, ramp: 'good', integer: false, format: 'percent' },
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
  }
}
