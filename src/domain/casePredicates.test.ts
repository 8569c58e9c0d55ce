import type { CaseFilter } from './casePredicates'
import type { CaseRecord } from './types'
import { describe, expect, it } from 'vitest'
import { addWorkingTime, CN_TOWNSHIP_CALENDAR as CN } from './caseLoop/workingTime'
import { caseClassAt, caseMatcher, closedOnTime, deadlineState, handledBy, isClosedAt, isDueSoonAt, isOpenAt, isOverdueAt, nextCaseClassChange } from './casePredicates'

const H = 3_600_000
/** A local Beijing time "YYYY-MM-DDTHH:MM" as epoch ms. */
function bj(s: string): number {
  return Date.parse(`${s}:00+08:00`)
}
function hours(amount: number) {
  return { amount, unit: 'working_hours' as const }
}
function iso(t: number): string {
  return new Date(t + 8 * H).toISOString().slice(0, 16)
}

const NOW = bj('2026-03-10T10:00')
const BASE: CaseRecord = {
  id: 'c1',
  code: 'QS-2026-000001',
  categoryCode: '0101',
  title: '占道经营',
  description: '早市摊位占用人行道',
  source: 'patrol',
  status: 'dispatched',
  outcome: null,
  urgent: false,
  location: [120.1, 30.1],
  address: null,
  gridId: 'g1',
  escalationLevel: 0,
  leadUnitId: 'police',
  coHandlers: [],
  assigneeId: 's1',
  reportedAt: NOW - 48 * H,
  registeredAt: NOW - 47 * H,
  dispatchedAt: NOW - 46 * H,
  reportedBackAt: null,
  closedAt: null,
  dueAt: NOW - H,
  supervised: false,
  version: 3,
}
const at = (over: Partial<CaseRecord>): CaseRecord => ({ ...BASE, ...over })

describe('open, closed and overdue at an instant', () => {
  it('a case closed after t was still open at t, and overdue if its deadline had passed', () => {
    const closedLater = at({ status: 'closed', closedAt: NOW + 1 })
    expect(isClosedAt(closedLater, NOW)).toBe(false)
    expect(isOpenAt(closedLater, NOW)).toBe(true)
    expect(isOverdueAt(closedLater, NOW)).toBe(true)
    expect(isClosedAt(closedLater, NOW + 1)).toBe(true)
    expect(isOverdueAt(closedLater, NOW + 1)).toBe(false)
  })

  it('overdue: open, and past the deadline by at least a millisecond', () => {
    expect(isOverdueAt(at({}), NOW)).toBe(true)
    expect(isOverdueAt(at({ dueAt: NOW }), NOW)).toBe(false)
    expect(isOverdueAt(at({ dueAt: NOW - 1 }), NOW)).toBe(true)
    expect(isOverdueAt(at({ status: 'cancelled' }), NOW)).toBe(false)
    expect(isOverdueAt(at({ status: 'closed', closedAt: NOW - 1 }), NOW)).toBe(false)
    // A closed case without a closing time counts as closed whenever it is asked about.
    expect(isClosedAt(at({ status: 'closed', closedAt: null }), NOW)).toBe(true)
  })

  it('the map class: done, urgent before overdue, then open', () => {
    expect(caseClassAt(at({ urgent: true }), NOW)).toBe('urgent')
    expect(caseClassAt(at({}), NOW)).toBe('overdue')
    expect(caseClassAt(at({ dueAt: NOW + H }), NOW)).toBe('open')
    expect(caseClassAt(at({ status: 'cancelled', urgent: true }), NOW)).toBe('closed')
    expect(caseClassAt(at({ status: 'closed', closedAt: NOW + H }), NOW)).toBe('overdue')
  })

  it('tells when the next class change happens: a deadline passing or a future closing reached', () => {
    expect(nextCaseClassChange([at({ dueAt: NOW + H }), at({ dueAt: NOW + 2 * H })], NOW)).toBe(NOW + H + 1)
    expect(nextCaseClassChange([at({ status: 'closed', closedAt: NOW + 30_000 })], NOW)).toBe(NOW + 30_000)
    expect(nextCaseClassChange([at({}), at({ status: 'cancelled', dueAt: NOW + H })], NOW)).toBeNull()
    // At the change instant the class has really changed, and not a millisecond before.
    const c = at({ dueAt: NOW + H })
    const t = nextCaseClassChange([c], NOW)!
    expect(caseClassAt(c, t - 1)).toBe('open')
    expect(caseClassAt(c, t)).toBe('overdue')
  })

  it('closedOnTime tells whether a closed case met its deadline', () => {
    expect(closedOnTime(at({ status: 'closed', closedAt: BASE.dueAt }))).toBe(true)
    expect(closedOnTime(at({ status: 'closed', closedAt: BASE.dueAt + 1 }))).toBe(false)
    expect(closedOnTime(at({}))).toBe(false)
  })
})

describe('deadlineState', () => {
  // Registered Monday 09:00 with 10 working hours: due Tuesday 11:30; the last 2 h start Tuesday 09:30.
  const registeredAt = bj('2026-03-02T09:00')
  const dueAt = addWorkingTime(registeredAt, hours(10), CN)
  const c = (over: Partial<CaseRecord> = {}) => ({ status: 'in_progress' as const, reportedAt: registeredAt - H, registeredAt, dueAt, closedAt: null, ...over })

  it('puts the due time where the hand count says', () => {
    expect(iso(dueAt)).toBe('2026-03-03T11:30')
  })

  it.each([
    ['2026-03-02T10:00', 'ok'],
    ['2026-03-03T09:29', 'ok'],
    ['2026-03-03T09:30', 'due_soon'],
    ['2026-03-03T11:30', 'due_soon'],
  ] as const)('at %s it is %s', (now, state) => {
    expect(deadlineState(c(), bj(now), CN)).toBe(state)
    expect(isDueSoonAt(c(), bj(now), CN)).toBe(state === 'due_soon')
  })

  it('is overdue one millisecond after the deadline, and ok once closed or cancelled', () => {
    expect(deadlineState(c(), dueAt + 1, CN)).toBe('overdue')
    expect(deadlineState(c({ status: 'closed', closedAt: dueAt + 5 }), dueAt + 10, CN)).toBe('ok')
    expect(deadlineState(c({ status: 'cancelled' }), dueAt + 10, CN)).toBe('ok')
  })

  it('agrees with the KPIs on a case closed later: still overdue at an instant before its closing', () => {
    expect(deadlineState(c({ status: 'closed', closedAt: dueAt + 50 }), dueAt + 10, CN)).toBe('overdue')
  })

  it('counts due-soon in working time: Friday evening is not "soon" for a deadline on Monday afternoon', () => {
    const friday = { status: 'dispatched' as const, reportedAt: bj('2026-03-05T08:30'), registeredAt: bj('2026-03-05T08:30'), dueAt: bj('2026-03-09T17:30'), closedAt: null }
    // 22.5 h allowed; on Friday at 20:00 the whole of Monday (7.5 h, 33%) remains.
    expect(deadlineState(friday, bj('2026-03-06T20:00'), CN)).toBe('ok')
    expect(deadlineState(friday, bj('2026-03-09T13:30'), CN)).toBe('due_soon')
  })

  it('counts from the report when the case is not yet registered', () => {
    const reported = { status: 'reported' as const, reportedAt: registeredAt, registeredAt: null, dueAt, closedAt: null }
    expect(deadlineState(reported, bj('2026-03-03T09:30'), CN)).toBe('due_soon')
  })
})

describe('handledBy', () => {
  const who = { personIds: new Set(['s1']), unitIds: new Set(['police']) }
  it('assigned to one of my person ids, or led or co-handled by one of my units', () => {
    expect(handledBy(at({ assigneeId: 's1', leadUnitId: null }), who)).toBe(true)
    expect(handledBy(at({ assigneeId: 's2', leadUnitId: 'police' }), who)).toBe(true)
    expect(handledBy(at({ assigneeId: null, leadUnitId: 'village', coHandlers: [{ unitId: 'police', reportedAt: null, outcome: null }] }), who)).toBe(true)
    expect(handledBy(at({ assigneeId: 's2', leadUnitId: 'village', coHandlers: undefined }), who)).toBe(false)
  })
})

describe('caseMatcher', () => {
  const cases = [
    at({ id: 'a', gridId: 'g1', source: 'patrol', supervised: true, title: 'Noise at NIGHT', categoryCode: '0101' }),
    at({ id: 'b', gridId: 'g2', source: 'phone', supervised: false, dueAt: NOW + H, status: 'registered', assigneeId: null, leadUnitId: null }),
    at({ id: 'c', gridId: 'g3', status: 'closed', closedAt: NOW - H, reportedAt: NOW - 100 * H, address: '东岭村 noise lane', location: [121, 31] }),
    at({ id: 'd', gridId: 'g1', status: 'closed', closedAt: NOW + H, categoryCode: '0202' }),
  ]
  const ids = (f: CaseFilter, ctx: Partial<Parameters<typeof caseMatcher>[1]> = {}) => cases.filter(caseMatcher(f, { now: NOW, ...ctx })).map(c => c.id)

  it('matches everything when empty', () => {
    expect(ids({})).toEqual(['a', 'b', 'c', 'd'])
  })

  it('overdue true and false are complements, judged as at now', () => {
    expect(ids({ overdue: true })).toEqual(['a', 'd'])
    expect(ids({ overdue: false })).toEqual(['b', 'c'])
  })

  it('mine true and false are complements; with no viewer nothing is mine', () => {
    const viewer = { personIds: new Set(['s1']), unitIds: new Set<string>() }
    expect(ids({ mine: true }, { viewer })).toEqual(['a', 'c', 'd'])
    expect(ids({ mine: false }, { viewer })).toEqual(['b'])
    expect(ids({ mine: true })).toEqual([])
    expect(ids({ mine: false })).toEqual(['a', 'b', 'c', 'd'])
  })

  it('combines every field with AND', () => {
    expect(ids({ period: { from: NOW - 50 * H, to: NOW } })).toEqual(['a', 'b', 'd'])
    expect(ids({ statuses: ['closed'], categoryCodes: ['0202'] })).toEqual(['d'])
    expect(ids({ sources: ['patrol'], supervised: true, search: ' NOISE ' })).toEqual(['a'])
    expect(ids({ search: '东岭' })).toEqual(['c'])
    expect(ids({ search: 'qs-2026-000001' })).toEqual(['a', 'b', 'c', 'd'])
    expect(ids({ bbox: [120.9, 30.9, 121, 31] })).toEqual(['c'])
    expect(ids({ subtreeOf: 'root' }, { inSubtree: g => g !== 'g1' })).toEqual(['b', 'c'])
  })

  it('refuses a subtree filter it cannot check', () => {
    expect(() => caseMatcher({ subtreeOf: 'root' }, { now: NOW })).toThrow(/inSubtree/)
  })
})
