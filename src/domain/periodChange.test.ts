import type { CaseRecord } from './types'
import { describe, expect, it } from 'vitest'
import { computeKpisYoY } from './kpi'
import { caseTrend, computeKpisPoP, previousPeriod, trendChartOption } from './periodChange'

const DAY = 86_400_000
const T0 = Date.parse('2026-03-01T00:00:00+08:00')

function kase(reportedDay: number, closedDay: number | null, extra: Partial<CaseRecord> = {}): CaseRecord {
  return {
    status: closedDay === null ? 'in_progress' : 'closed',
    reportedAt: T0 + reportedDay * DAY,
    registeredAt: T0 + reportedDay * DAY,
    closedAt: closedDay === null ? null : T0 + closedDay * DAY,
    dueAt: T0 + (reportedDay + 5) * DAY,
    categoryCode: '0301',
    ...extra,
  } as CaseRecord
}

describe('previousPeriod', () => {
  it('is the period of the same length just before', () => {
    expect(previousPeriod({ from: T0, to: T0 + 30 * DAY })).toEqual({ from: T0 - 30 * DAY, to: T0 })
  })
})

describe('computeKpisPoP (环比)', () => {
  it('compares with the period just before: relative change for counts, points for rates', () => {
    const period = { from: T0, to: T0 + 10 * DAY }
    // 4 cases this period, 2 the period before.
    const cases = [kase(1, 2), kase(2, 3), kase(3, null), kase(4, null), kase(-5, -4), kase(-3, -2)]
    const r = computeKpisPoP(cases, period, T0 + 10 * DAY - 1)
    expect(r.current.total).toBe(4)
    expect(r.previous.total).toBe(2)
    expect(r.change.total).toBeCloseTo(1) // up 100 %
    // A rate changes by the difference, not the ratio.
    if (r.current.closingRate !== null && r.previous.closingRate !== null)
      expect(r.change.closingRate).toBeCloseTo(r.current.closingRate - r.previous.closingRate)
  })

  it('has no change where the earlier period had nothing', () => {
    const r = computeKpisPoP([kase(1, 2)], { from: T0, to: T0 + 10 * DAY }, T0 + 10 * DAY)
    expect(r.change.total).toBeNull()
  })

  it('agrees with 同比 on how changes are expressed', () => {
    const y = computeKpisYoY([kase(1, 2)], { from: T0, to: T0 + 10 * DAY }, T0 + 10 * DAY)
    expect(y.change.total).toBeNull()
  })
})

describe('caseTrend', () => {
  it('counts found and closed per bucket, leaving out cancelled cases and the future', () => {
    const period = { from: T0, to: T0 + 3 * DAY }
    const cases = [kase(0, 1), kase(0, null), kase(2, 2), kase(1, null, { status: 'cancelled' }), kase(2.5, null)]
    const t = caseTrend(cases, period, T0 + 2.2 * DAY, DAY)
    expect(t.starts).toEqual([T0, T0 + DAY, T0 + 2 * DAY])
    expect(t.found).toEqual([2, 0, 1])
    expect(t.closed).toEqual([0, 1, 1])
  })

  it('refuses a bucket of zero', () => {
    expect(() => caseTrend([], { from: T0, to: T0 + DAY }, T0, 0)).toThrow(/positive bucket/)
  })
})

describe('trendChartOption', () => {
  it('draws found and closed as two lines over the buckets', () => {
    const o = trendChartOption({ starts: [T0, T0 + DAY], found: [3, 1], closed: [0, 2] }, {
      found: '发现',
      closed: '结案',
      axis: t => new Date(t).toISOString().slice(5, 10),
      colors: { found: '#f08a5d', closed: '#41b6c4', text: '#9bb0c9', grid: '#24344d' },
    })
    expect(o.xAxis.data).toHaveLength(2)
    expect(o.series.map(s => [s.name, s.data])).toEqual([['发现', [3, 1]], ['结案', [0, 2]]])
    expect(o.series[1]!.lineStyle.color).toBe('#41b6c4')
    expect(o.yAxis.minInterval).toBe(1)
  })
})
