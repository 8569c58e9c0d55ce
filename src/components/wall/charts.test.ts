import { describe, expect, it } from 'vitest'
import { categoryOption, dayLabel, trendOption, WALL_MIN_FONT_PX } from './charts'

const bj = (s: string) => Date.parse(`${s}+08:00`)

/** Every fontSize anywhere in an option. */
function fontSizes(o: unknown): number[] {
  if (Array.isArray(o))
    return o.flatMap(fontSizes)
  if (o && typeof o === 'object')
    return Object.entries(o).flatMap(([k, v]) => (k === 'fontSize' && typeof v === 'number' ? [v] : fontSizes(v)))
  return []
}

describe('wall chart options', () => {
  const trend = { days: [bj('2026-12-01T00:00'), bj('2026-12-02T00:00'), bj('2026-12-03T00:00')], reported: [3, 5, 1], closed: [2, 4, 0] }

  it('draws new and closed per day as two lines with fixed ids, labelled by local day', () => {
    const o = trendOption(trend, { reported: '新增', closed: '结案' })
    const series = o.series as Array<{ id: string, type: string, data: number[] }>
    expect(series.map(s => [s.id, s.type, s.data])).toEqual([['reported', 'line', [3, 5, 1]], ['closed', 'line', [2, 4, 0]]])
    expect((o.xAxis as { data: string[] }).data).toEqual(['12-01', '12-02', '12-03'])
    expect(o.animation).toBe(false)
  })
  it('puts the largest category on top', () => {
    const o = categoryOption([{ label: 'A', count: 9 }, { label: 'B', count: 4 }])
    // A vertical category axis draws its first entry at the bottom.
    expect((o.yAxis as { data: string[] }).data).toEqual(['B', 'A'])
    expect((o.series as Array<{ data: number[] }>)[0]!.data).toEqual([4, 9])
  })
  it('keeps every text at 20 px or more', () => {
    for (const o of [trendOption(trend, { reported: 'n', closed: 'c' }), categoryOption([{ label: 'A', count: 1 }])]) {
      const sizes = fontSizes(o)
      expect(sizes.length).toBeGreaterThan(0)
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(WALL_MIN_FONT_PX)
    }
  })
  it('labels days in Beijing time', () => {
    expect(dayLabel(bj('2026-12-04T00:00'))).toBe('12-04')
  })
})
