import type { PeriodTrend } from '~/domain/periodTrend'
import { describe, expect, it } from 'vitest'
import { bucketLabel, TREND_COLORS, trendChartOption } from './trendChart'

const bj = (s: string) => Date.parse(`${s}:00+08:00`)
const DAY = 86_400_000

function trend(n: number, bucketDays: 1 | 7 = 1): PeriodTrend {
  const first = bj('2026-11-05T00:00')
  return { bucketDays, starts: Array.from({ length: n }, (_, i) => first + i * bucketDays * DAY), reported: Array.from({ length: n }, (_, i) => i), closed: Array.from({ length: n }, (_, i) => i % 2) }
}

describe('trendChartOption', () => {
  it('draws found and closed as two lines with fixed ids, labelled by local day', () => {
    const o = trendChartOption(trend(30), { reported: '新增', closed: '其中结案' })
    const series = o.series as Array<{ id: string, name: string, type: string, data: number[], lineStyle: { color: string } }>
    expect(series.map(s => [s.id, s.name, s.type])).toEqual([['reported', '新增', 'line'], ['closed', '其中结案', 'line']])
    expect(series[0]!.data).toHaveLength(30)
    expect(series[1]!.data.slice(0, 3)).toEqual([0, 1, 0])
    expect(series.map(s => s.lineStyle.color)).toEqual([TREND_COLORS.reported, TREND_COLORS.closed])
    const x = o.xAxis as { data: string[], axisLabel: { interval: number } }
    expect(x.data[0]).toBe('11-05')
    expect(x.data.at(-1)).toBe('12-04')
    // 30 days: a label every 5th day, 6 in all.
    expect(x.axisLabel.interval).toBe(4)
  })

  it('keeps labels few and drops point symbols for a year of weeks', () => {
    const o = trendChartOption(trend(53, 7), { reported: 'Found', closed: 'Closed' })
    const x = o.xAxis as { axisLabel: { interval: number } }
    expect(Math.ceil(53 / (x.axisLabel.interval + 1))).toBeLessThanOrEqual(6)
    expect((o.series as Array<{ showSymbol: boolean }>).map(s => s.showSymbol)).toEqual([false, false])
  })

  it('is a pure function: the same input, the same option', () => {
    expect(trendChartOption(trend(7), { reported: 'a', closed: 'b' })).toEqual(trendChartOption(trend(7), { reported: 'a', closed: 'b' }))
  })

  it('labels a bucket by its Beijing date, whatever the machine zone', () => {
    expect(bucketLabel(bj('2026-01-01T00:00'))).toBe('01-01')
  })
})
