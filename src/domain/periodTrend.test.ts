import type { CaseRecord } from './types'
import { describe, expect, it } from 'vitest'
import { computeKpis } from './kpi'
import { periodEndingAt } from './period'
import { periodTrend } from './periodTrend'

/** A Beijing wall-clock time "YYYY-MM-DDTHH:MM" as epoch ms. */
const bj = (s: string) => Date.parse(`${s}:00+08:00`)

function mk(id: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id,
    code: id,
    categoryCode: '0101',
    title: id,
    description: 'd',
    source: 'patrol',
    status: 'in_progress',
    outcome: null,
    urgent: false,
    location: [119.5, 29.8],
    gridId: 'g1',
    escalationLevel: 0,
    leadUnitId: null,
    assigneeId: null,
    reportedAt: bj('2026-12-03T09:00'),
    registeredAt: null,
    dispatchedAt: null,
    reportedBackAt: null,
    closedAt: null,
    dueAt: bj('2026-12-10T09:00'),
    supervised: false,
    version: 1,
    ...over,
  }
}

const now = bj('2026-12-04T10:30')

describe('periodTrend', () => {
  it('counts per local day of a 7-day period, today last, closings on the day they closed', () => {
    const cases = [
      mk('a', { reportedAt: bj('2026-12-04T00:10') }),
      mk('b', { reportedAt: bj('2026-12-03T23:50'), status: 'closed', closedAt: bj('2026-12-04T08:00') }),
      mk('c', { reportedAt: bj('2026-11-28T12:00'), status: 'closed', closedAt: bj('2026-11-30T12:00') }),
      mk('cancelled', { reportedAt: bj('2026-12-02T12:00'), status: 'cancelled' }),
      mk('before the period', { reportedAt: bj('2026-11-20T12:00'), status: 'closed', closedAt: bj('2026-12-02T12:00') }),
    ]
    const t = periodTrend(cases, periodEndingAt(now, 7), now)
    expect(t.bucketDays).toBe(1)
    expect(t.starts).toHaveLength(7)
    expect(t.starts.at(-1)).toBe(bj('2026-12-04T00:00'))
    expect(t.starts[0]).toBe(bj('2026-11-28T00:00'))
    expect(t.reported).toEqual([1, 0, 0, 0, 0, 1, 1])
    expect(t.closed).toEqual([0, 0, 1, 0, 0, 0, 1])
  })

  it('sums to the KPI cards\' cases found and closed of the same period', () => {
    const cases = Array.from({ length: 200 }, (_, i) => {
      const reportedAt = now - i * 3.7 * 3_600_000
      const closed = i % 3 === 0
      return mk(`k${i}`, { reportedAt, status: closed ? 'closed' : i % 11 === 0 ? 'cancelled' : 'in_progress', closedAt: closed ? reportedAt + 20 * 3_600_000 : null })
    })
    const period = periodEndingAt(now, 30)
    const t = periodTrend(cases, period, now)
    const k = computeKpis(cases, period, now)
    expect(t.reported.reduce((s, n) => s + n, 0)).toBe(k.total)
    expect(t.closed.reduce((s, n) => s + n, 0)).toBe(k.closed)
  })

  it('draws a year per week, 53 weeks ending with the week of today', () => {
    const t = periodTrend([mk('x', { reportedAt: bj('2026-01-10T09:00') })], periodEndingAt(now, 365), now)
    expect(t.bucketDays).toBe(7)
    expect(t.starts).toHaveLength(53)
    expect(t.starts.at(-1)).toBe(bj('2026-11-28T00:00'))
    expect(t.reported.reduce((s, n) => s + n, 0)).toBe(1)
  })
})
