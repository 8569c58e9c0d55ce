import type { CaseRecord, Millis } from './types'

/** The figures every centre reports, for one grid over one period. Rates are null when undefined (0 ÷ 0). */
export interface GridKpis {
  /** Cases found: reported in the period, cancelled duplicates and invalid reports excluded. */
  total: number
  /** Of those, not yet closed. */
  open: number
  /** Of the open ones, past their deadline now. */
  overdue: number
  /** Of those found, closed. */
  closed: number
  /** Of those found, closed as resolved or successfully mediated (化解). */
  resolved: number
  /** 化解率: resolved ÷ found. */
  resolutionRate: number | null
  /** 按期办结率: closed by the deadline ÷ closed. */
  onTimeRate: number | null
}

const RESOLVED_OUTCOMES = new Set(['resolved', 'mediated'])

/** Computes GridKpis over cases reported in [from, to), measured at `now`. */
export function computeKpis(cases: Iterable<CaseRecord>, period: { from: Millis, to: Millis }, now: Millis): GridKpis {
  let total = 0
  let closed = 0
  let resolved = 0
  let overdue = 0
  let onTime = 0
  for (const c of cases) {
    if (c.reportedAt < period.from || c.reportedAt >= period.to || c.status === 'cancelled')
      continue
    total++
    if (c.status === 'closed') {
      closed++
      if (c.outcome !== null && RESOLVED_OUTCOMES.has(c.outcome))
        resolved++
      if (c.closedAt !== null && c.closedAt <= c.dueAt)
        onTime++
    }
    else if (c.dueAt < now) {
      overdue++
    }
  }
  return {
    total,
    open: total - closed,
    overdue,
    closed,
    resolved,
    resolutionRate: ratio(resolved, total),
    onTimeRate: ratio(onTime, closed),
  }
}

/** a ÷ b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b
}

/** The empty KPI set, for grids with no cases. */
export const EMPTY_KPIS: Readonly<GridKpis> = Object.freeze(computeKpis([], { from: 0, to: 0 }, 0))
