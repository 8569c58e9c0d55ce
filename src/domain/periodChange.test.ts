import type { CaseRecord } from './types'
import { describe, expect, it } from 'vitest'
import { computeKpis, computeKpisYoY } from './kpi'
import { comparedPeriods, computeKpisPoP, previousPeriod } from './periodChange'

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

describe('comparedPeriods', () => {
  it('gives the period just before and the same period a year earlier, each measured the same distance back', () => {
    const now = Date.parse('2026-03-10T10:00:00+08:00')
    const period = { from: now - 30 * DAY, to: now }
    const { previous, lastYear } = comparedPeriods(period, now)
    expect(previous).toEqual({ period: { from: now - 60 * DAY, to: now - 30 * DAY }, at: now - 30 * DAY })
    expect(lastYear.at).toBe(Date.parse('2025-03-10T10:00:00+08:00'))
    expect(lastYear.period).toEqual({ from: Date.parse('2025-02-08T10:00:00+08:00'), to: Date.parse('2025-03-10T10:00:00+08:00') })
  })

  it('agrees with computeKpisPoP and computeKpisYoY on the same cases', () => {
    const cases = [kase(-400, -395), kase(-380, null), kase(-40, -35), kase(-10, null), kase(-5, -2)]
    const now = T0
    const period = { from: now - 30 * DAY, to: now }
    const { previous, lastYear } = comparedPeriods(period, now)
    expect(computeKpis(cases, previous.period, previous.at)).toEqual(computeKpisPoP(cases, period, now).previous)
    expect(computeKpis(cases, lastYear.period, lastYear.at)).toEqual(computeKpisYoY(cases, period, now).previous)
  })
})
