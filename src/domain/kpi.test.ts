import type { CaseRecord, CaseStatus } from './types'
import { describe, expect, it } from 'vitest'
import { childOfIndex, computeKpis, computeKpisYoY, EMPTY_KPIS, rankBy, rankChildGrids, rankWorkers, samePeriodLastYear, shiftYears } from './kpi'

const H = 3_600_000
/** A local Beijing time "YYYY-MM-DDTHH:MM" as epoch ms. */
function bj(s: string): number {
  return Date.parse(`${s}:00+08:00`)
}
/** 09:00 Beijing time on a day of 2026 given as "MM-DD". */
function day(mmdd: string, year = 2026): number {
  return bj(`${year}-${mmdd}T09:00`)
}

interface Spec {
  reported: string
  due: string
  status?: CaseStatus
  closed?: string
  outcome?: CaseRecord['outcome']
  cat?: string
  grid?: string
  assignee?: string | null
  year?: number
}

/** A case reported at 09:00, registered an hour later, due at 09:00 and (if closed) closed at 16:00 of the given days. */
function mk(id: string, s: Spec): CaseRecord {
  const year = s.year ?? 2026
  const reportedAt = day(s.reported, year)
  const closedAt = s.closed === undefined ? null : day(s.closed, year) + 7 * H
  return {
    id,
    code: id,
    categoryCode: s.cat ?? '0301',
    title: id,
    description: '',
    source: 'patrol',
    status: s.status ?? (closedAt === null ? 'in_progress' : 'closed'),
    outcome: s.outcome ?? null,
    urgent: false,
    location: [120, 30],
    gridId: s.grid ?? 'G1',
    escalationLevel: 0,
    leadUnitId: 'police',
    assigneeId: s.assignee ?? null,
    reportedAt,
    registeredAt: reportedAt + H,
    dispatchedAt: reportedAt + 2 * H,
    reportedBackAt: closedAt,
    closedAt,
    dueAt: day(s.due, year),
    supervised: false,
    version: 1,
  }
}

// March 2026, measured on 20 March at noon. Dispute categories: 0101, 0102, 0104; not: 0301, 0501, 0502.
const MARCH = { from: bj('2026-03-01T00:00'), to: bj('2026-04-01T00:00') }
const NOW = bj('2026-03-20T12:00')
const CASES: CaseRecord[] = [
  mk('A', { reported: '03-02', due: '03-05', closed: '03-04', outcome: 'resolved', cat: '0101' }),
  mk('B', { reported: '03-03', due: '03-10', closed: '03-12', outcome: 'mediated', cat: '0102' }),
  mk('C', { reported: '03-05', due: '03-15', cat: '0101' }),
  mk('D', { reported: '03-10', due: '03-25' }),
  mk('E', { reported: '03-12', due: '03-28', closed: '03-14', outcome: 'unresolvable', cat: '0104' }),
  mk('F', { reported: '02-20', due: '03-03', closed: '03-02', outcome: 'resolved' }),
  mk('G', { reported: '02-25', due: '03-08', cat: '0502' }),
  mk('H', { reported: '03-06', due: '03-09', status: 'cancelled', cat: '0101' }),
  mk('I', { reported: '03-15', due: '04-05', closed: '03-18', outcome: 'resolved' }),
  mk('J', { reported: '01-10', due: '02-01', closed: '02-03', outcome: 'resolved' }),
  // Closed tomorrow, as far as `now` is concerned: still open.
  mk('K', { reported: '03-19', due: '03-30', closed: '03-21', outcome: 'resolved', cat: '0501' }),
]

describe('computeKpis on a hand-counted March', () => {
  const k = computeKpis(CASES, MARCH, NOW)

  it('counts the cases found in the period (reported in March, not cancelled): A B C D E I K', () => {
    expect(k).toMatchObject({ total: 7, closed: 4, open: 3, overdue: 1, resolved: 3 })
    expect(k.resolutionRate).toBeCloseTo(3 / 7, 12)
    // Closed on time among those closed: A, E, I of A, B, E, I.
    expect(k.onTimeRate).toBe(3 / 4)
  })

  it('closing rate: due in March and past due or closed (A B C E F G) — closed: A B E F', () => {
    expect(k.dueToClose).toBe(6)
    expect(k.closedOfDue).toBe(4)
    expect(k.closingRate).toBe(4 / 6)
  })

  it('on-time closing rate: closed by the deadline among those due (A E F of 6)', () => {
    expect(k.closedOnTimeOfDue).toBe(3)
    expect(k.onTimeClosingRate).toBe(0.5)
  })

  it('dispute resolution rate: disputes found A B C E, resolved or mediated A B', () => {
    expect(k.disputes).toBe(4)
    expect(k.disputesResolved).toBe(2)
    expect(k.disputeResolutionRate).toBe(0.5)
  })

  it('average handling time over cases closed in March by now (A B E F I): 654 h ÷ 5', () => {
    // A 54 h, B 222 h, E 54 h, F 246 h (February 2026 has 28 days), I 78 h.
    expect(k.closedInPeriod).toBe(5)
    expect(k.avgHandlingMs).toBeCloseTo(654 / 5 * H, 3)
  })

  it('leaves out cases reported after now', () => {
    const future = mk('Z', { reported: '03-25', due: '03-26' })
    expect(computeKpis([...CASES, future], MARCH, NOW)).toEqual(k)
  })

  it('counts handling from the report when a case was never registered', () => {
    const c = { ...mk('X', { reported: '03-02', due: '03-05', closed: '03-02' }), registeredAt: null }
    expect(computeKpis([c], MARCH, NOW).avgHandlingMs).toBe(7 * H)
  })

  it('takes the dispute test from the caller when given', () => {
    expect(computeKpis(CASES, MARCH, NOW, { isDispute: code => code === '0301' }).disputes).toBe(2)
  })

  it('gives null rates, not zero, for an empty area', () => {
    expect(EMPTY_KPIS).toMatchObject({ total: 0, resolutionRate: null, onTimeRate: null, closingRate: null, onTimeClosingRate: null, disputeResolutionRate: null, avgHandlingMs: null })
  })
})

describe('year on year', () => {
  it('shifts by calendar year in Beijing time, 29 February becoming 28 February', () => {
    expect(shiftYears(bj('2026-03-01T00:00'), 1)).toBe(bj('2025-03-01T00:00'))
    expect(shiftYears(bj('2024-02-29T10:00'), 1)).toBe(bj('2023-02-28T10:00'))
    expect(shiftYears(bj('2025-07-01T23:59'), -1)).toBe(bj('2026-07-01T23:59'))
    expect(samePeriodLastYear(MARCH)).toEqual({ from: bj('2025-03-01T00:00'), to: bj('2025-04-01T00:00') })
  })

  it('compares March 1–20 with March 1–20 a year earlier, each measured at its own "now"', () => {
    const lastYear = [
      mk('P1', { year: 2025, reported: '03-03', due: '03-06', closed: '03-05', outcome: 'resolved', cat: '0101' }),
      // Closed on 25 March 2025: after last year's "now", so open and overdue then.
      mk('P2', { year: 2025, reported: '03-10', due: '03-15', closed: '03-25', outcome: 'resolved' }),
      // Reported after last year's "now": not part of the comparison.
      mk('P3', { year: 2025, reported: '03-25', due: '03-28' }),
    ]
    const yoy = computeKpisYoY([...CASES, ...lastYear], MARCH, NOW)
    expect(yoy.current).toEqual(computeKpis(CASES, MARCH, NOW))
    expect(yoy.previous).toMatchObject({ total: 2, closed: 1, open: 1, overdue: 1, resolved: 1, resolutionRate: 0.5, disputes: 1, disputesResolved: 1 })
    expect(yoy.change.total).toBe((7 - 2) / 2)
    expect(yoy.change.closed).toBe(3)
    expect(yoy.change.resolutionRate).toBeCloseTo(3 / 7 - 0.5, 12)
    expect(yoy.change.disputeResolutionRate).toBe(0.5 - 1)
  })

  it('gives null change where last year had nothing to compare with', () => {
    const yoy = computeKpisYoY(CASES, MARCH, NOW)
    expect(yoy.previous.total).toBe(0)
    expect(yoy.change.total).toBeNull()
    expect(yoy.change.closingRate).toBeNull()
  })
})

describe('rankBy', () => {
  it('ranks with ties (1, 2, 3, 4, 4, 6) and flags the lowest three, ties included; no value → last, unranked', () => {
    const r = rankBy([['a', 0.6], ['b', 0.9], ['c', null], ['d', 0.5], ['e', 0.8], ['f', 0.6], ['g', 0.7]] as const, x => x[1])
    expect(r.map(e => [e.item[0], e.rank, e.flagged])).toEqual([
      ['b', 1, false],
      ['e', 2, false],
      ['g', 3, false],
      ['a', 4, true],
      ['f', 4, true],
      ['d', 6, true],
      ['c', null, false],
    ])
  })

  it('widens the flag to everyone tied at the boundary', () => {
    const r = rankBy([0.9, 0.8, 0.7, 0.7, 0.7, 0.4], x => x)
    expect(r.filter(e => e.flagged).map(e => e.value)).toEqual([0.7, 0.7, 0.7, 0.4])
  })

  it('ranks lower-is-better metrics ascending', () => {
    const r = rankBy([5, 0, 2, 1, 2], x => x, { higherIsBetter: false })
    expect(r.map(e => [e.value, e.rank, e.flagged])).toEqual([[0, 1, false], [1, 2, false], [2, 3, true], [2, 3, true], [5, 5, true]])
  })

  it('flags nobody when everyone is equal or the ranking is too short', () => {
    expect(rankBy([0.5, 0.5, 0.5, 0.5, 0.5], x => x).some(e => e.flagged)).toBe(false)
    expect(rankBy([0.9, 0.5, 0.1], x => x).some(e => e.flagged)).toBe(false)
  })
})

describe('rankings per child grid and per worker', () => {
  const grids = [
    { id: 'T', parentId: null },
    { id: 'V1', parentId: 'T' },
    { id: 'V2', parentId: 'T' },
    { id: 'V3', parentId: 'T' },
    { id: 'V4', parentId: 'T' },
    { id: 'V5', parentId: 'T' },
    { id: 'G1', parentId: 'V1' },
    { id: 'S1', parentId: 'G1' },
    { id: 'G2', parentId: 'V2' },
  ]

  it('maps every grid below the parent to its child of the parent', () => {
    expect(Object.fromEntries(childOfIndex(grids, 'T'))).toEqual({ V1: 'V1', V2: 'V2', V3: 'V3', V4: 'V4', V5: 'V5', G1: 'V1', S1: 'V1', G2: 'V2' })
    expect(Object.fromEntries(childOfIndex(grids, 'V1'))).toEqual({ G1: 'G1', S1: 'G1' })
  })

  it('ranks villages by closing rate over their whole subtree', () => {
    const cases = [
      // V1 via G1 and S1: 2 of 2 closed.
      mk('1', { reported: '03-02', due: '03-05', closed: '03-04', grid: 'G1' }),
      mk('2', { reported: '03-02', due: '03-05', closed: '03-04', grid: 'S1' }),
      // V2 via G2: 1 of 2.
      mk('3', { reported: '03-02', due: '03-05', closed: '03-04', grid: 'G2' }),
      mk('4', { reported: '03-02', due: '03-05', grid: 'G2' }),
      // V3: 0 of 1. V4: 1 of 2. V5: nothing due.
      mk('5', { reported: '03-02', due: '03-05', grid: 'V3' }),
      mk('6', { reported: '03-02', due: '03-05', closed: '03-04', grid: 'V4' }),
      mk('7', { reported: '03-02', due: '03-06', grid: 'V4' }),
      mk('8', { reported: '03-02', due: '03-30', grid: 'V5' }),
    ]
    const r = rankChildGrids(cases, grids, 'T', MARCH, NOW)
    expect(r.map(e => [e.item.key, e.value, e.rank, e.flagged])).toEqual([
      ['V1', 1, 1, false],
      ['V2', 0.5, 2, true],
      ['V4', 0.5, 2, true],
      ['V3', 0, 4, true],
      ['V5', null, null, false],
    ])
    expect(r[0]!.item.kpis.total).toBe(2)
    const byOverdue = rankChildGrids(cases, grids, 'T', MARCH, NOW, { metric: 'overdue' })
    expect(byOverdue.map(e => [e.item.key, e.value])).toEqual([['V1', 0], ['V5', 0], ['V2', 1], ['V3', 1], ['V4', 1]])
  })

  it('ranks workers by the cases assigned to them, listing workers without cases last', () => {
    const cases = [
      mk('1', { reported: '03-02', due: '03-05', closed: '03-04', assignee: 'w1' }),
      mk('2', { reported: '03-02', due: '03-05', assignee: 'w2' }),
      mk('3', { reported: '03-02', due: '03-05', closed: '03-06', assignee: 'w2' }),
      mk('4', { reported: '03-02', due: '03-05', assignee: null }),
    ]
    const r = rankWorkers(cases, ['w1', 'w2', 'w3'], MARCH, NOW, { metric: 'onTimeClosingRate' })
    expect(r.map(e => [e.item.key, e.value, e.rank])).toEqual([['w1', 1, 1], ['w2', 0, 2], ['w3', null, null]])
  })
})
