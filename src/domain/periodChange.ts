// 环比 (against the period just before), beside kpi.ts's 同比. The daily trend of new vs closed
// and its chart are the wall's (domain/wall dailyTrend, components/wall/charts trendOption): one
// definition for every screen that draws it.
import type { CaseKpis, KpiOptions, KpiPeriod } from './kpi'
import type { CaseRecord, Millis } from './types'
import { computeKpis, kpiChange, samePeriodLastYear, shiftYears } from './kpi'

/** The period of the same length ending where `period` starts (上期, for 环比). */
export function previousPeriod(period: KpiPeriod): KpiPeriod {
  const length = period.to - period.from
  return { from: period.from - length, to: period.from }
}

/** Period-on-period comparison (环比): the same shape as the year-on-year one. */
export interface PeriodOnPeriod {
  current: CaseKpis
  /** The period just before, measured as at `now` shifted back by one period length. */
  previous: CaseKpis
  change: Record<keyof CaseKpis, number | null>
}

/**
 * KPIs for a period and the period of the same length just before it, like with like: the earlier
 * side is measured as at `now` minus one period, so its cases have had the same time to close.
 */
export function computeKpisPoP(cases: readonly CaseRecord[], period: KpiPeriod, now: Millis, options: KpiOptions = {}): PeriodOnPeriod {
  const length = period.to - period.from
  const current = computeKpis(cases, period, now, options)
  const previous = computeKpis(cases, previousPeriod(period), now - length, options)
  return { current, previous, change: kpiChange(current, previous) }
}

/** A period to compare with and the instant to measure it as at. */
export interface ComparedPeriod {
  period: KpiPeriod
  at: Millis
}

/**
 * The two periods the panel compares the current one with, each measured like with like (as in
 * computeKpisPoP and computeKpisYoY): 环比 the period just before, 同比 the same period a year
 * earlier. For a data source that computes KPIs elsewhere (the database's grid_kpis).
 */
export function comparedPeriods(period: KpiPeriod, now: Millis, utcOffsetMinutes = 480): { previous: ComparedPeriod, lastYear: ComparedPeriod } {
  return {
    previous: { period: previousPeriod(period), at: now - (period.to - period.from) },
    lastYear: { period: samePeriodLastYear(period, utcOffsetMinutes), at: shiftYears(now, 1, utcOffsetMinutes) },
  }
}
