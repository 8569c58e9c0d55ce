// ECharts options of the wall, each a pure function of figures and labels. Series keep fixed ids,
// so an update merges into the existing chart (setOption without notMerge) instead of rebuilding it.
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { DailyTrend } from '~/domain/wall'
import { CHINA_UTC_OFFSET_MIN } from '~/domain/wall'
import { CHART_COLORS as WALL_CHART_COLORS } from '~/theme/palette'

/** The option type of the chart kinds the wall registers (line and bar, grid and legend), nothing else. */
export type WallChartOption = ComposeOption<LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption>

/** Smallest text on the wall at 1080p, px (legible from 5 m). */
export const WALL_MIN_FONT_PX = 20

/** "MM-DD" of a day start in the wall's local time. */
export function dayLabel(dayStart: number, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): string {
  const d = new Date(dayStart + utcOffsetMinutes * 60_000)
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`
}

const axisText = { color: WALL_CHART_COLORS.text, fontSize: WALL_MIN_FONT_PX }

/** New vs closed per day, two lines over the last days. */
export function trendOption(trend: DailyTrend, names: { reported: string, closed: string }, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): WallChartOption {
  return {
    animation: false,
    textStyle: { fontSize: WALL_MIN_FONT_PX },
    legend: { top: 0, right: 8, itemWidth: 28, itemHeight: 14, textStyle: axisText, data: [names.reported, names.closed] },
    grid: { left: 8, right: 16, top: 40, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: trend.days.map(d => dayLabel(d, utcOffsetMinutes)),
      axisLabel: { ...axisText, interval: Math.max(0, Math.ceil(trend.days.length / 5) - 1) },
      axisLine: { lineStyle: { color: WALL_CHART_COLORS.axis } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 3,
      axisLabel: axisText,
      splitLine: { lineStyle: { color: WALL_CHART_COLORS.split } },
    },
    series: [
      { id: 'reported', name: names.reported, type: 'line', data: trend.reported, showSymbol: false, lineStyle: { width: 3, color: WALL_CHART_COLORS.reported }, itemStyle: { color: WALL_CHART_COLORS.reported } },
      { id: 'closed', name: names.closed, type: 'line', data: trend.closed, showSymbol: false, lineStyle: { width: 3, color: WALL_CHART_COLORS.closed }, itemStyle: { color: WALL_CHART_COLORS.closed } },
    ],
  }
}

/** Cases per category as horizontal bars, largest on top. */
export function categoryOption(rows: ReadonlyArray<{ label: string, count: number }>): WallChartOption {
  // ECharts draws the first category at the bottom of a vertical category axis: reverse for largest on top.
  const ordered = [...rows].reverse()
  return {
    animation: false,
    textStyle: { fontSize: WALL_MIN_FONT_PX },
    grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', show: false, minInterval: 1 },
    yAxis: {
      type: 'category',
      data: ordered.map(r => r.label),
      axisLabel: axisText,
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [{
      id: 'count',
      type: 'bar',
      data: ordered.map(r => r.count),
      barMaxWidth: 22,
      itemStyle: { color: WALL_CHART_COLORS.bar, borderRadius: [0, 4, 4, 0] },
      label: { show: true, position: 'right', ...axisText },
    }],
  }
}
