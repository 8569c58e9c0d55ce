// The ECharts option of the grid panel's trend, a pure function of the trend and its labels.
// Series and axes keep fixed ids, so a new period or grid merges into the chart (setOption
// without notMerge) instead of rebuilding it.
import type { LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { PeriodTrend } from '~/domain/periodTrend'
import { CHINA_UTC_OFFSET_MIN } from '~/domain/wall'
import { CHART_COLORS } from '~/theme/palette'

/** The option type of what components/grid/echarts registers: line series, grid, legend. */
export type TrendChartOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption>

/** Orange for what came in, blue for what was closed: told apart under every common colour-vision deficiency (not red/green). */
export const TREND_COLORS = { reported: CHART_COLORS.reported, closed: CHART_COLORS.bar } as const

/** "MM-DD" of a bucket start in local time. */
export function bucketLabel(start: number, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): string {
  const d = new Date(start + utcOffsetMinutes * 60_000)
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`
}

/** At most about this many labels along the x axis, so they never overlap in the panel. */
const MAX_X_LABELS = 6

/** Cases found and, of them, closed per bucket: two lines over the period. */
export function trendChartOption(trend: PeriodTrend, names: { reported: string, closed: string }, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): TrendChartOption {
  const text = { color: CHART_COLORS.text, fontSize: 12 }
  const line = (id: 'reported' | 'closed', name: string, data: number[]): LineSeriesOption => ({
    id,
    name,
    type: 'line',
    data,
    // A point per bucket only when there are few; a long period reads as a line.
    showSymbol: data.length <= 31,
    symbolSize: 4,
    lineStyle: { width: 2, color: TREND_COLORS[id] },
    itemStyle: { color: TREND_COLORS[id] },
  })
  return {
    animation: false,
    legend: { top: 0, right: 0, itemWidth: 18, itemHeight: 8, textStyle: text, data: [names.reported, names.closed] },
    grid: { id: 'trend', left: 0, right: 8, top: 26, bottom: 0, containLabel: true },
    xAxis: {
      id: 'x',
      type: 'category',
      boundaryGap: false,
      data: trend.starts.map(s => bucketLabel(s, utcOffsetMinutes)),
      axisLabel: { ...text, interval: Math.max(0, Math.ceil(trend.starts.length / MAX_X_LABELS) - 1) },
      axisLine: { lineStyle: { color: CHART_COLORS.axis } },
      axisTick: { show: false },
    },
    yAxis: {
      id: 'y',
      type: 'value',
      minInterval: 1,
      splitNumber: 3,
      axisLabel: text,
      splitLine: { lineStyle: { color: CHART_COLORS.split } },
    },
    series: [line('reported', names.reported, trend.reported), line('closed', names.closed, trend.closed)],
  }
}
