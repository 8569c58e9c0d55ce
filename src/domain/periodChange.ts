// 环比 (against the period just before) and the trend of a period, beside kpi.ts's 同比.
// Pure, so the KPI cards, the trend chart and the tests agree.
import type { CaseKpis, KpiOptions, KpiPeriod } from './kpi'
import type { CaseRecord, Millis } from './types'
import { computeKpis, kpiChange } from './kpi'

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

/** Cases found and closed per bucket of a period, for the trend chart. */
export interface CaseTrend {
  /** Bucket starts, ascending. */
  starts: Millis[]
  found: number[]
  closed: number[]
}

/** Counts cases found (by reportedAt) and closed (by closedAt, up to `now`) per `bucketMs` of the period; cancelled cases are left out. */
export function caseTrend(cases: readonly CaseRecord[], period: KpiPeriod, now: Millis, bucketMs: number): CaseTrend {
  if (!(bucketMs > 0) || !(period.to > period.from))
    throw new RangeError(`caseTrend needs a positive bucket and a non-empty period, got bucket ${bucketMs} ms over ${period.from}–${period.to}`)
  const n = Math.ceil((period.to - period.from) / bucketMs)
  const starts = Array.from({ length: n }, (_, i) => period.from + i * bucketMs)
  const found = Array.from({ length: n }, () => 0)
  const closed = Array.from({ length: n }, () => 0)
  const bucket = (t: Millis) => Math.floor((t - period.from) / bucketMs)
  for (const c of cases) {
    if (c.status === 'cancelled')
      continue
    if (c.reportedAt >= period.from && c.reportedAt < period.to && c.reportedAt <= now)
      found[bucket(c.reportedAt)]!++
    if (c.closedAt !== null && c.closedAt >= period.from && c.closedAt < period.to && c.closedAt <= now)
      closed[bucket(c.closedAt)]!++
  }
  return { starts, found, closed }
}

/** Words and colours of the trend chart, chosen by the caller (i18n and palette stay outside the domain). */
export interface TrendChartLabels {
  found: string
  closed: string
  /** Formats a bucket start for the x axis. */
  axis: (t: Millis) => string
  colors: { found: string, closed: string, text: string, grid: string }
}

/** The ECharts option of the trend chart: found and closed per bucket, two lines on one count axis. */
export function trendChartOption(trend: CaseTrend, labels: TrendChartLabels) {
  const line = (name: string, data: number[], color: string) => ({
    name,
    type: 'line' as const,
    data,
    smooth: false,
    showSymbol: data.length <= 31,
    symbolSize: 4,
    lineStyle: { width: 2, color },
    itemStyle: { color },
  })
  return {
    animation: false,
    grid: { left: 36, right: 12, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: labels.colors.text }, data: [labels.found, labels.closed] },
    tooltip: { trigger: 'axis' as const },
    xAxis: {
      type: 'category' as const,
      data: trend.starts.map(labels.axis),
      axisLabel: { color: labels.colors.text, hideOverlap: true },
      axisLine: { lineStyle: { color: labels.colors.grid } },
    },
    yAxis: {
      type: 'value' as const,
      minInterval: 1,
      axisLabel: { color: labels.colors.text },
      splitLine: { lineStyle: { color: labels.colors.grid } },
    },
    series: [line(labels.found, trend.found, labels.colors.found), line(labels.closed, trend.closed, labels.colors.closed)],
  }
}
