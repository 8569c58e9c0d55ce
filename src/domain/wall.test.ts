import type { CaseRecord, PatrolRoute, PatrolTeam } from './types'
import { describe, expect, it } from 'vitest'
import { cameraOnlineRate, casesByMajorCategory, childIndex, childLoads, dailyTrend, localDayStart, localMonthStart, monthComparison, pendingUrgent, sameEntries, scheduleActiveAt, teamsOnDuty, todayFigures, wallCase } from './wall'

/** A Beijing wall-clock time "YYYY-MM-DDTHH:MM" as epoch ms. */
const bj = (s: string) => Date.parse(`${s}:00+08:00`)
const H = 3_600_000

function mk(id: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id,
    code: id,
    categoryCode: '0101',
    title: `title ${id}`,
    description: 'the reporter said things the wall must not show',
    address: '3 Elm Lane',
    source: 'patrol',
    status: 'in_progress',
    outcome: null,
    urgent: false,
    location: [119.5, 29.8],
    gridId: 'g1',
    escalationLevel: 0,
    leadUnitId: null,
    assigneeId: 'worker-1',
    reportedAt: bj('2026-12-03T09:00'),
    registeredAt: bj('2026-12-03T09:30'),
    dispatchedAt: null,
    reportedBackAt: null,
    closedAt: null,
    dueAt: bj('2026-12-10T09:00'),
    supervised: false,
    version: 1,
    ...over,
  }
}

describe('local days and months (Beijing time, whatever the machine zone)', () => {
  it('starts the day at 00:00 +08:00, also for 23:59 and 00:00 sharp', () => {
    expect(localDayStart(bj('2026-12-03T23:59'))).toBe(bj('2026-12-03T00:00'))
    expect(localDayStart(bj('2026-12-04T00:00'))).toBe(bj('2026-12-04T00:00'))
    // 02:00 in Beijing is still the previous UTC day.
    expect(localDayStart(bj('2026-12-04T02:00'))).toBe(bj('2026-12-04T00:00'))
  })
  it('starts months on the 1st, months back across a year', () => {
    expect(localMonthStart(bj('2026-01-15T10:00'))).toBe(bj('2026-01-01T00:00'))
    expect(localMonthStart(bj('2026-01-15T10:00'), 1)).toBe(bj('2025-12-01T00:00'))
    expect(localMonthStart(bj('2026-03-01T00:30'), 1)).toBe(bj('2026-02-01T00:00'))
  })
})

describe('todayFigures', () => {
  const now = bj('2026-12-03T15:00')
  const cases = [
    mk('new-open'),
    mk('new-closed', { status: 'closed', closedAt: bj('2026-12-03T12:00') }),
    mk('old-overdue', { reportedAt: bj('2026-11-20T09:00'), dueAt: bj('2026-12-01T09:00') }),
    mk('old-closed-today', { reportedAt: bj('2026-11-28T09:00'), status: 'closed', closedAt: bj('2026-12-03T08:00') }),
    mk('closed-yesterday', { reportedAt: bj('2026-11-28T09:00'), status: 'closed', closedAt: bj('2026-12-02T23:59') }),
    mk('cancelled', { status: 'cancelled' }),
    mk('future', { reportedAt: bj('2026-12-03T16:00') }),
    mk('closes-later', { status: 'closed', closedAt: bj('2026-12-03T17:00') }),
  ]
  it('counts new since midnight, open and overdue now, closed since midnight', () => {
    expect(todayFigures(cases, now)).toEqual({ newToday: 3, open: 3, overdue: 1, closedToday: 2 })
  })
  it('turns the day over at local midnight: yesterday\'s new and closed no longer count', () => {
    const justAfter = bj('2026-12-04T00:00')
    expect(todayFigures(cases, justAfter)).toEqual({ newToday: 0, open: 3, overdue: 1, closedToday: 0 })
    const justBefore = bj('2026-12-03T23:59')
    expect(todayFigures(cases, justBefore).newToday).toBe(4)
  })
})

describe('monthComparison', () => {
  it('measures this month so far, last month whole and last year as it stood then', () => {
    const now = bj('2026-12-15T12:00')
    const cases = [
      // Due and closed this month, on time.
      mk('a', { reportedAt: bj('2026-12-01T09:00'), dueAt: bj('2026-12-05T09:00'), status: 'closed', closedAt: bj('2026-12-04T09:00'), outcome: 'resolved' }),
      // Due this month, not closed.
      mk('b', { reportedAt: bj('2026-12-02T09:00'), dueAt: bj('2026-12-06T09:00') }),
      // Last month: due and closed late.
      mk('c', { reportedAt: bj('2026-11-02T09:00'), dueAt: bj('2026-11-06T09:00'), status: 'closed', closedAt: bj('2026-11-08T09:00'), outcome: 'resolved' }),
      // A year ago: closed on 2025-12-20, after the same moment of last year, so it counts as not closed then.
      mk('d', { reportedAt: bj('2025-12-01T09:00'), dueAt: bj('2025-12-05T09:00'), status: 'closed', closedAt: bj('2025-12-20T09:00') }),
    ]
    const m = monthComparison(cases, now)
    expect(m.current.closingRate).toBe(0.5)
    expect(m.current.onTimeClosingRate).toBe(0.5)
    expect(m.lastMonth.closingRate).toBe(1)
    expect(m.lastMonth.onTimeClosingRate).toBe(0)
    expect(m.lastYear.dueToClose).toBe(1)
    expect(m.lastYear.closingRate).toBe(0)
    expect(m.lastYear.open).toBe(1)
  })
})

describe('dailyTrend', () => {
  it('buckets reports and closings by local day, today last', () => {
    const now = bj('2026-12-03T10:00')
    const t = dailyTrend([
      mk('today', { reportedAt: bj('2026-12-03T00:10') }),
      mk('late-yesterday', { reportedAt: bj('2026-12-02T23:50'), status: 'closed', closedAt: bj('2026-12-03T09:00') }),
      mk('too-old', { reportedAt: bj('2026-11-01T09:00') }),
      mk('future', { reportedAt: bj('2026-12-03T11:00') }),
    ], now, 3)
    expect(t.days).toEqual([bj('2026-12-01T00:00'), bj('2026-12-02T00:00'), bj('2026-12-03T00:00')])
    expect(t.reported).toEqual([0, 1, 1])
    expect(t.closed).toEqual([0, 0, 1])
  })
})

describe('casesByMajorCategory', () => {
  it('counts per major category within the period, largest first, the rest summed', () => {
    const p = { from: bj('2026-12-01T00:00'), to: bj('2026-12-31T00:00') }
    const r = casesByMajorCategory([mk('1', { categoryCode: '0101' }), mk('2', { categoryCode: '0102' }), mk('3', { categoryCode: '0301' }), mk('4', { categoryCode: '0501' }), mk('5', { categoryCode: '0101', reportedAt: bj('2026-11-01T09:00') })], p, 2)
    expect(r.rows).toEqual([{ majorCode: '01', count: 2 }, { majorCode: '03', count: 1 }])
    expect(r.rest).toBe(1)
  })
})

describe('childLoads', () => {
  it('orders child grids most overdue first, then most open', () => {
    const grids = ['v1', 'v2', 'v3'].map((id, i) => ({ id, code: `33012210100${i}`, name: id, nameEn: id, level: 2, parentId: 't' }) as never)
    const childOf = (gridId: string) => ({ g1: 'v1', g2: 'v2', g3: 'v3', g2a: 'v2' } as Record<string, string>)[gridId]
    const now = bj('2026-12-03T15:00')
    const overdue = { dueAt: bj('2026-12-02T09:00'), reportedAt: bj('2026-11-25T09:00') }
    const loads = childLoads(grids, [mk('a', { gridId: 'g1' }), mk('b', { gridId: 'g1' }), mk('c', { gridId: 'g2', ...overdue }), mk('d', { gridId: 'g2a' })], childOf, now)
    expect(loads.map(l => [l.grid.id, l.open, l.overdue, l.newToday])).toEqual([['v2', 2, 1, 1], ['v1', 2, 0, 2], ['v3', 0, 0, 0]])
  })
})

describe('patrol duty', () => {
  const route = (teamId: string, schedule: PatrolRoute['schedule']) => ({ id: `r-${teamId}`, teamId, schedule }) as PatrolRoute
  it('follows day rules and windows, a window across midnight belonging to the day it starts', () => {
    const night = { days: { kind: 'odd' as const }, windows: [{ start: '22:00', end: '02:00' }] }
    // 3 December is odd: on at 23:00 on the 3rd and at 01:00 on the 4th; off at 23:00 on the 4th.
    expect(scheduleActiveAt(night, bj('2026-12-03T23:00'))).toBe(true)
    expect(scheduleActiveAt(night, bj('2026-12-04T01:00'))).toBe(true)
    expect(scheduleActiveAt(night, bj('2026-12-04T23:00'))).toBe(false)
    expect(scheduleActiveAt(night, bj('2026-12-03T01:00'))).toBe(false)
    const weekdays = { days: { kind: 'weekdays' as const, weekdays: [7] }, windows: [{ start: '08:00', end: '12:00' }] }
    // 6 December 2026 is a Sunday.
    expect(scheduleActiveAt(weekdays, bj('2026-12-06T08:00'))).toBe(true)
    expect(scheduleActiveAt(weekdays, bj('2026-12-06T12:00'))).toBe(false)
    expect(scheduleActiveAt(weekdays, bj('2026-12-07T09:00'))).toBe(false)
  })
  it('lists teams with any route on duty', () => {
    const teams = [{ id: 'a' }, { id: 'b' }] as PatrolTeam[]
    const routes = [route('a', { days: { kind: 'daily' }, windows: [{ start: '08:00', end: '18:00' }] }), route('b', { days: { kind: 'daily' }, windows: [{ start: '19:00', end: '21:00' }] })]
    expect(teamsOnDuty(teams, routes, bj('2026-12-03T09:00')).map(t => t.id)).toEqual(['a'])
  })
  it('refuses a malformed time', () => {
    expect(() => scheduleActiveAt({ days: { kind: 'daily' }, windows: [{ start: '8am', end: '12:00' }] }, 0)).toThrow(/8am/)
  })
})

describe('cameras, urgent cases and what the wall holds', () => {
  it('rates cameras online', () => {
    expect(cameraOnlineRate([{ status: 'online' }, { status: 'offline' }, { status: 'online' }, { status: 'online' }])).toEqual({ online: 3, total: 4, rate: 0.75 })
    expect(cameraOnlineRate([]).rate).toBeNull()
  })
  it('lists urgent cases not yet registered, oldest first, and drops them once registered', () => {
    const now = bj('2026-12-03T10:00')
    const a = mk('a', { urgent: true, status: 'reported', registeredAt: null, reportedAt: bj('2026-12-03T09:55') })
    const b = mk('b', { urgent: true, status: 'reported', registeredAt: null, reportedAt: bj('2026-12-03T09:50') })
    const done = mk('c', { urgent: true, status: 'registered' })
    expect(pendingUrgent([a, b, done, mk('d')], now).map(c => c.id)).toEqual(['b', 'a'])
    expect(pendingUrgent([{ ...a, status: 'registered', registeredAt: now }], now + H)).toEqual([])
  })
  it('keeps no free text, address or person of a case', () => {
    const c = wallCase(mk('x', { photoIds: ['p1'], coHandlers: [] }))
    expect(c.description).toBe('')
    expect(c.address).toBeNull()
    expect(c.assigneeId).toBeNull()
    expect(c).not.toHaveProperty('photoIds')
    expect(JSON.stringify(c)).not.toMatch(/reporter|Elm/)
    expect(c.title).toBe('title x')
  })
})

describe('childIndex', () => {
  const grids = [
    { id: 't', parentId: null },
    { id: 'v1', parentId: 't' },
    { id: 'v2', parentId: 't' },
    { id: 'g11', parentId: 'v1' },
    { id: 'g12', parentId: 'v1' },
    { id: 'p121', parentId: 'g12' },
    { id: 'g21', parentId: 'v2' },
  ]
  it('maps every grid of the subtree to its ancestor under the parent, itself included', () => {
    expect(Object.fromEntries(childIndex(grids, 't'))).toEqual({ v1: 'v1', v2: 'v2', g11: 'v1', g12: 'v1', p121: 'v1', g21: 'v2' })
  })
  it('leaves out grids outside the subtree and the parent itself', () => {
    expect(Object.fromEntries(childIndex(grids, 'v1'))).toEqual({ g11: 'g11', g12: 'g12', p121: 'g12' })
  })
  it('ends on a cycle in broken data instead of looping', () => {
    expect(childIndex([{ id: 'a', parentId: 'b' }, { id: 'b', parentId: 'a' }], 'x').size).toBe(0)
  })
})

describe('sameEntries', () => {
  it('is true for the same keys and values in any order, false otherwise', () => {
    expect(sameEntries(new Map([['a', 1], ['b', null]]), new Map([['b', null], ['a', 1]]))).toBe(true)
    expect(sameEntries(new Map([['a', 1]]), new Map([['a', 2]]))).toBe(false)
    expect(sameEntries(new Map([['a', 1]]), new Map([['a', 1], ['b', 1]]))).toBe(false)
    expect(sameEntries(new Map([['a', undefined]]), new Map([['b', undefined]]))).toBe(false)
    expect(sameEntries(new Map([['a', Number.NaN]]), new Map([['a', Number.NaN]]))).toBe(true)
  })
})
