import type { CaseStatus, Role } from '../types'
import type { ActionInputs, Actor, CaseAction, CaseEvent, CaseLoopState, TransitionInput } from './machine'
import { describe, expect, it } from 'vitest'
import { applyAction, availableActions, canReport, CASE_ACTIONS, CASE_STATUSES, CaseTransitionError, coReportUnits, initialEscalationLevel, TRANSITIONS } from './machine'

const ROLES: Role[] = ['county_admin', 'township_commander', 'village_chief', 'grid_worker', 'wall_viewer']
const T0 = Date.UTC(2026, 2, 2, 1, 0) // Monday 2 March 2026, 09:00 in China
const NOW = T0 + 3_600_000

// The oracle, written out by hand from the design (not derived from TRANSITIONS): for each
// action, the status it moves from → to, the roles allowed, and whether the role must be the
// centre of the case's current level (a village chief cannot act on a township-level case).
const CENTRE: Role[] = ['village_chief', 'township_commander', 'county_admin']
const STAFF: Role[] = ['grid_worker', ...CENTRE]
const COMMANDERS: Role[] = ['township_commander', 'county_admin']
const OPEN = { reported: 'reported', registered: 'registered', dispatched: 'dispatched', in_progress: 'in_progress', reported_back: 'reported_back', returned: 'returned', escalated: 'escalated' } as const
const EXPECTED: Record<CaseAction, { moves: Partial<Record<CaseStatus, CaseStatus>>, roles: Role[], centre: boolean }> = {
  register: { moves: { reported: 'registered' }, roles: CENTRE, centre: true },
  dispatch: { moves: { registered: 'dispatched' }, roles: CENTRE, centre: true },
  decline: { moves: { dispatched: 'registered' }, roles: STAFF, centre: false },
  accept: { moves: { dispatched: 'in_progress', returned: 'in_progress' }, roles: STAFF, centre: false },
  assign: { moves: { dispatched: 'dispatched', in_progress: 'in_progress', returned: 'returned' }, roles: STAFF, centre: false },
  report_back: { moves: { in_progress: 'reported_back' }, roles: STAFF, centre: false },
  co_report: { moves: { dispatched: 'dispatched', in_progress: 'in_progress', returned: 'returned', reported_back: 'reported_back' }, roles: STAFF, centre: false },
  verify_close: { moves: { reported_back: 'closed' }, roles: CENTRE, centre: true },
  return_for_rework: { moves: { reported_back: 'returned' }, roles: CENTRE, centre: true },
  escalate: { moves: { registered: 'escalated', dispatched: 'escalated', in_progress: 'escalated', returned: 'escalated', reported_back: 'escalated' }, roles: CENTRE, centre: true },
  accept_escalation: { moves: { escalated: 'registered' }, roles: CENTRE, centre: true },
  send_back_down: { moves: { reported: 'reported', registered: 'registered', escalated: 'registered' }, roles: CENTRE, centre: true },
  reopen: { moves: { closed: 'registered' }, roles: CENTRE, centre: true },
  cancel: { moves: { reported: 'cancelled', registered: 'cancelled', dispatched: 'cancelled', escalated: 'cancelled' }, roles: CENTRE, centre: true },
  supervise: { moves: OPEN, roles: COMMANDERS, centre: false },
  end_supervision: { moves: OPEN, roles: COMMANDERS, centre: false },
  remind: { moves: OPEN, roles: CENTRE, centre: false },
}

const VALID: { [A in CaseAction]: ActionInputs[A] } = {
  register: {},
  dispatch: { leadUnitId: 'unit-lead', coUnitIds: ['unit-co'] },
  decline: { reason: '不属本单位职责' },
  accept: {},
  assign: { assigneeId: 'u-other' },
  report_back: { resultText: '双方已达成调解协议', outcome: 'mediated' },
  co_report: { resultText: '已配合现场核查' },
  verify_close: { callBack: { method: 'phone', satisfaction: 'satisfied', note: null } },
  return_for_rework: { reason: '缺少整改照片' },
  escalate: { reason: '涉及多个村，村级无法化解' },
  accept_escalation: {},
  send_back_down: { reason: '属村级事项' },
  reopen: { reason: '群众反映问题复发' },
  cancel: { kind: 'invalid', reason: '经核实不属实' },
  supervise: { reason: '群众多次反映' },
  end_supervision: {},
  remind: { message: '请尽快办结' },
}

/** A case in `status` whose fields are consistent with it; escalated cases sit at the township. */
function caseIn(status: CaseStatus, over: Partial<CaseLoopState> = {}): CaseLoopState {
  const dispatched = !['reported', 'registered'].includes(status)
  return {
    id: 'QS-2026-000001',
    gridId: 'G',
    gridPath: ['T', 'V', 'G'],
    status,
    escalationLevel: status === 'escalated' ? 1 : 0,
    categoryCode: '0101',
    leadUnitId: dispatched ? 'unit-lead' : null,
    assigneeId: dispatched ? 'u1' : null,
    coHandlers: dispatched ? [{ unitId: 'unit-co', reportedAt: null, outcome: null }] : [],
    outcome: status === 'reported_back' || status === 'closed' ? 'resolved' : null,
    reportedAt: T0,
    registeredAt: status === 'reported' ? null : T0 + 60_000,
    dispatchedAt: dispatched ? T0 + 120_000 : null,
    reportedBackAt: status === 'reported_back' || status === 'closed' ? T0 + 180_000 : null,
    closedAt: status === 'closed' ? T0 + 240_000 : null,
    dueAt: T0 + 86_400_000,
    supervised: false,
    version: 7,
    ...over,
  }
}

/** The fixture an action needs so that only status and role decide (conditions on the case hold). */
function fixtureFor(action: CaseAction, status: CaseStatus): CaseLoopState {
  const c = caseIn(status)
  if (action === 'verify_close')
    return { ...c, coHandlers: [{ unitId: 'unit-co', reportedAt: T0 + 170_000, outcome: 'resolved' }] }
  if (action === 'end_supervision')
    return { ...c, supervised: true }
  if (action === 'send_back_down')
    return { ...c, escalationLevel: 1 }
  return c
}

/** An actor holding `role` over the whole township, in both units of the case and its assignee: only the role can stop them. */
function actorWith(role: Role, over: Partial<Actor> = {}): Actor {
  return { userId: 'u1', memberships: [{ gridId: 'T', role }], unitIds: ['unit-lead', 'unit-co'], ...over }
}

function input<A extends CaseAction>(action: A, state: CaseLoopState, extra: Partial<ActionInputs[A]> = {}): TransitionInput<A> {
  return { ...VALID[action], ...extra, expectedVersion: state.version } as TransitionInput<A>
}

/** What every case must satisfy whatever moves brought it where it is. */
function expectConsistent(s: CaseLoopState): void {
  if (s.status === 'reported' || s.status === 'registered') {
    expect(s.leadUnitId).toBeNull()
    expect(s.assigneeId).toBeNull()
    expect(s.coHandlers ?? []).toEqual([])
  }
  if (['dispatched', 'in_progress', 'returned', 'reported_back'].includes(s.status))
    expect(s.leadUnitId).not.toBeNull()
  if (s.status === 'reported_back' || s.status === 'closed') {
    expect(s.reportedBackAt).not.toBeNull()
    expect(s.outcome).not.toBeNull()
  }
  expect(s.closedAt === null).toBe(s.status !== 'closed')
  if (s.status === 'reported')
    expect(s.registeredAt).toBeNull()
  else if (s.status !== 'cancelled')
    expect(s.registeredAt).not.toBeNull()
  expect([0, 1, 2]).toContain(s.escalationLevel)
}

function refusal(fn: () => unknown): CaseTransitionError {
  try {
    fn()
  }
  catch (e) {
    if (e instanceof CaseTransitionError)
      return e
    throw e
  }
  throw new Error('expected a CaseTransitionError, but the move was accepted')
}

describe('transition table', () => {
  it('has exactly the moves of the hand-written oracle', () => {
    const table = TRANSITIONS.map(t => `${t.action}:${t.from}->${t.to}`).sort()
    const oracle = CASE_ACTIONS.flatMap(a => Object.entries(EXPECTED[a].moves).map(([from, to]) => `${a}:${from}->${to}`)).sort()
    expect(table).toEqual(oracle)
  })

  it('has one row per (action, from) and is plain serialisable data', () => {
    const keys = TRANSITIONS.map(t => `${t.action}:${t.from}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(JSON.parse(JSON.stringify(TRANSITIONS))).toEqual(TRANSITIONS)
  })

  it('never lets the wall-screen viewer do anything, and leaves closed and cancelled cases alone except reopen', () => {
    expect(TRANSITIONS.filter(t => t.roles.includes('wall_viewer'))).toEqual([])
    expect(TRANSITIONS.filter(t => t.from === 'cancelled')).toEqual([])
    expect(TRANSITIONS.filter(t => t.from === 'closed').map(t => t.action)).toEqual(['reopen'])
  })
})

describe('every status × every action × every role', () => {
  const combos = CASE_STATUSES.flatMap(s => CASE_ACTIONS.flatMap(a => ROLES.map(r => [s, a, r] as const)))

  it('covers 9 statuses × 17 actions × 5 roles', () => {
    expect(combos.length).toBe(9 * 17 * 5)
  })

  it.each(combos)('%s · %s · %s', (status, action, role) => {
    const state = fixtureFor(action, status)
    const exp = EXPECTED[action]
    const to = exp.moves[status]
    const run = () => applyAction(state, action, actorWith(role), input(action, state), NOW)
    if (to === undefined) {
      const e = refusal(run)
      expect(e.code).toBe('illegal_transition')
      expect(e.message).toContain(`it is ${status}`)
      return
    }
    const roleOk = exp.roles.includes(role) && !(exp.centre && role === 'village_chief' && state.escalationLevel > 0)
    if (!roleOk) {
      expect(refusal(run).code).toBe('not_permitted')
      return
    }
    const { next, event } = run()
    expectConsistent(next)
    expect(next.status).toBe(to)
    expect(next.version).toBe(action === 'remind' ? 7 : 8)
    expect(event).toMatchObject({ caseId: state.id, action, from: status, to, actorId: 'u1', actorRole: role, at: NOW, version: next.version })
  })
})

describe('relation to the case', () => {
  const registered = caseIn('registered')

  it('refuses a centre role whose grid does not contain the case', () => {
    const sibling: Actor = { userId: 'u9', memberships: [{ gridId: 'V2', role: 'village_chief' }] }
    const e = refusal(() => applyAction(registered, 'dispatch', sibling, input('dispatch', registered), NOW))
    expect(e.code).toBe('not_permitted')
    expect(e.message).toMatch(/centre at its current level/)
  })

  it('lets a village chief of the case\'s own village act, and a township commander act on a village case', () => {
    const chief: Actor = { userId: 'u2', memberships: [{ gridId: 'V', role: 'village_chief' }] }
    const commander: Actor = { userId: 'u3', memberships: [{ gridId: 'T', role: 'township_commander' }] }
    expect(applyAction(registered, 'dispatch', chief, input('dispatch', registered), NOW).next.status).toBe('dispatched')
    expect(applyAction(registered, 'dispatch', commander, input('dispatch', registered), NOW).event.actorRole).toBe('township_commander')
  })

  it('keeps an escalated case away from the village chief and gives it to the township', () => {
    const escalated = caseIn('escalated')
    const chief: Actor = { userId: 'u2', memberships: [{ gridId: 'V', role: 'village_chief' }] }
    const commander: Actor = { userId: 'u3', memberships: [{ gridId: 'T', role: 'township_commander' }] }
    expect(refusal(() => applyAction(escalated, 'accept_escalation', chief, input('accept_escalation', escalated), NOW)).message).toMatch(/township_commander or above/)
    expect(applyAction(escalated, 'accept_escalation', commander, input('accept_escalation', escalated), NOW).next.status).toBe('registered')
  })

  it('lets only the lead unit or the assignee handle, and only a co-unit co-report', () => {
    const d = caseIn('dispatched')
    const outsider: Actor = { userId: 'u5', memberships: [{ gridId: 'T', role: 'grid_worker' }], unitIds: ['unit-x'] }
    const leadMember: Actor = { userId: 'u6', memberships: [{ gridId: 'T', role: 'grid_worker' }], unitIds: ['unit-lead'] }
    const assignee: Actor = { userId: 'u1', memberships: [{ gridId: 'T', role: 'grid_worker' }] }
    const coMember: Actor = { userId: 'u7', memberships: [{ gridId: 'T', role: 'grid_worker' }], unitIds: ['unit-co'] }
    expect(refusal(() => applyAction(d, 'accept', outsider, input('accept', d), NOW)).code).toBe('not_permitted')
    expect(applyAction(d, 'accept', leadMember, input('accept', d), NOW).next.status).toBe('in_progress')
    expect(applyAction(d, 'accept', assignee, input('accept', d), NOW).next.status).toBe('in_progress')
    expect(refusal(() => applyAction(d, 'accept', coMember, input('accept', d), NOW)).code).toBe('not_permitted')
    expect(refusal(() => applyAction(d, 'co_report', leadMember, input('co_report', d), NOW)).code).toBe('not_permitted')
    expect(applyAction(d, 'co_report', coMember, input('co_report', d), NOW).next.coHandlers).toEqual([{ unitId: 'unit-co', reportedAt: NOW, outcome: null }])
  })

  it('names the co-handling units someone acting for several may still report for, and takes the one they choose', () => {
    const d = caseIn('in_progress', { coHandlers: [{ unitId: 'police', reportedAt: null, outcome: null }, { unitId: 'justice', reportedAt: null, outcome: null }, { unitId: 'petition', reportedAt: null, outcome: null }] })
    const both: Actor = { userId: 'u8', memberships: [{ gridId: 'T', role: 'grid_worker' }], unitIds: ['police', 'justice'] }
    expect(coReportUnits(d, both)).toEqual(['police', 'justice'])
    expect(refusal(() => applyAction(d, 'co_report', both, input('co_report', d), NOW)).message).toMatch(/several co-handling units/)
    const r = applyAction(d, 'co_report', both, { ...input('co_report', d), unitId: 'justice' }, NOW)
    expect(r.next.coHandlers?.map(c => [c.unitId, c.reportedAt])).toEqual([['police', null], ['justice', NOW], ['petition', null]])
    expect(coReportUnits(r.next, both)).toEqual(['police'])
    expect(applyAction(r.next, 'co_report', both, input('co_report', r.next), NOW + 1).next.coHandlers?.map(c => c.reportedAt)).toEqual([NOW + 1, NOW, null])
  })

  it('lets a grid worker report only in grids they cover', () => {
    const worker: Actor = { userId: 'u5', memberships: [{ gridId: 'V', role: 'grid_worker' }] }
    expect(canReport(worker, ['T', 'V', 'G'])).toBe(true)
    expect(canReport(worker, ['T', 'V2', 'G7'])).toBe(false)
    expect(canReport({ userId: 'w', memberships: [{ gridId: 'T', role: 'wall_viewer' }] }, ['T', 'V', 'G'])).toBe(false)
  })

  it('sends urgent reports straight to the township level', () => {
    expect(initialEscalationLevel(true)).toBe(1)
    expect(initialEscalationLevel(false)).toBe(0)
  })
})

describe('refusals say what and why', () => {
  const admin = actorWith('county_admin')

  it('refuses a stale version before anything else', () => {
    const c = caseIn('registered')
    const e = refusal(() => applyAction(c, 'reopen', admin, { reason: 'x', expectedVersion: 6 }, NOW))
    expect(e.code).toBe('stale_version')
    expect(e.message).toMatch(/version 6, it is now at version 7/)
  })

  it('refuses an unknown action and a missing version', () => {
    const c = caseIn('registered')
    expect(refusal(() => applyAction(c, 'teleport' as CaseAction, admin, { expectedVersion: 7 } as never, NOW)).code).toBe('unknown_action')
    expect(refusal(() => applyAction(c, 'escalate', admin, { reason: 'x' } as never, NOW))).toMatchObject({ code: 'missing_input', field: 'expectedVersion' })
  })

  it.each([
    ['dispatch', 'registered', { leadUnitId: undefined }, 'missing_input', 'leadUnitId'],
    ['dispatch', 'registered', { coUnitIds: ['unit-lead'] }, 'invalid_input', 'coUnitIds'],
    ['dispatch', 'registered', { coUnitIds: ['a', 'a'] }, 'invalid_input', 'coUnitIds'],
    ['report_back', 'in_progress', { resultText: '   ' }, 'missing_input', 'resultText'],
    ['report_back', 'in_progress', { outcome: undefined }, 'missing_input', 'outcome'],
    ['report_back', 'in_progress', { outcome: 'fixed' }, 'invalid_input', 'outcome'],
    ['report_back', 'in_progress', { resultText: '办'.repeat(2001) }, 'invalid_input', 'resultText'],
    ['escalate', 'registered', { reason: undefined }, 'missing_input', 'reason'],
    ['escalate', 'registered', { reason: '因'.repeat(501) }, 'invalid_input', 'reason'],
    ['return_for_rework', 'reported_back', { coUnitIds: ['unit-z'] }, 'invalid_input', 'coUnitIds'],
    ['cancel', 'registered', { kind: 'duplicate' }, 'missing_input', 'duplicateOfId'],
    ['cancel', 'registered', { kind: 'spam' }, 'invalid_input', 'kind'],
    ['verify_close', 'reported_back', { callBack: undefined }, 'missing_input', 'callBack'],
    ['verify_close', 'reported_back', { callBack: { method: 'none', satisfaction: null, note: null } }, 'missing_input', 'callBack.note'],
    ['verify_close', 'reported_back', { callBack: { method: 'phone', satisfaction: null, note: null } }, 'missing_input', 'callBack.satisfaction'],
    ['assign', 'in_progress', { assigneeId: '' }, 'missing_input', 'assigneeId'],
    ['register', 'reported', { dueAt: Number.NaN }, 'invalid_input', 'dueAt'],
    ['register', 'reported', { categoryCode: '0198' }, 'invalid_input', 'categoryCode'],
  ] as const)('%s from %s with %j → %s on %s', (action, status, extra, code, field) => {
    const c = action === 'verify_close' ? fixtureFor(action, status) : caseIn(status)
    const e = refusal(() => applyAction(c, action, admin, input(action, c, extra as never), NOW))
    expect(e.code).toBe(code)
    expect(e.field).toBe(field)
    expect(e.message).toContain(field)
  })

  it('refuses to close while a co-handler has not reported, naming it', () => {
    const c = caseIn('reported_back', { coHandlers: [{ unitId: 'unit-co', reportedAt: NOW, outcome: null }, { unitId: 'unit-justice', reportedAt: null, outcome: null }] })
    const e = refusal(() => applyAction(c, 'verify_close', admin, input('verify_close', c), NOW))
    expect(e.code).toBe('precondition_failed')
    expect(e.message).toMatch(/unit-justice have not reported/)
  })

  it.each([
    ['escalate', caseIn('registered', { escalationLevel: 2 }), /top level/],
    ['send_back_down', caseIn('registered', { escalationLevel: 0 }), /lowest level/],
    ['supervise', caseIn('in_progress', { supervised: true }), /already listed/],
    ['end_supervision', caseIn('in_progress', { supervised: false }), /not listed/],
    ['co_report', caseIn('in_progress', { coHandlers: [{ unitId: 'unit-co', reportedAt: T0, outcome: null }] }), /already reported/],
  ] as const)('%s refuses when the case condition does not hold', (action, c, message) => {
    const e = refusal(() => applyAction(c, action, admin, input(action, c), NOW))
    expect(e.code).toBe('precondition_failed')
    expect(e.message).toMatch(message)
  })

  it('names the roles when the role is wrong', () => {
    const c = caseIn('reported')
    const e = refusal(() => applyAction(c, 'register', actorWith('wall_viewer'), input('register', c), NOW))
    expect(e.message).toMatch(/needs the role village_chief, township_commander, county_admin; you are wall_viewer/)
  })
})

describe('a case through the loop', () => {
  const centre: Actor = { userId: 'chief', memberships: [{ gridId: 'V', role: 'village_chief' }] }
  const commander: Actor = { userId: 'cmd', memberships: [{ gridId: 'T', role: 'township_commander' }] }
  const police: Actor = { userId: 'officer', memberships: [{ gridId: 'T', role: 'grid_worker' }], unitIds: ['police'] }
  const justice: Actor = { userId: 'clerk', memberships: [{ gridId: 'T', role: 'grid_worker' }], unitIds: ['justice'] }

  function step<S extends CaseLoopState, A extends CaseAction>(s: S, action: A, actor: Actor, extra: Partial<ActionInputs[A]>, at: number): { next: S, event: CaseEvent<A> } {
    return applyAction(s, action, actor, { ...VALID[action], ...extra, expectedVersion: s.version } as TransitionInput<A>, at)
  }

  it('runs report → register → dispatch with a co-unit → accept → report → co-report → close → reopen', () => {
    let s: CaseLoopState = { ...caseIn('reported'), version: 0 }
    const events = []
    let r: { next: CaseLoopState, event: CaseEvent } = step(s, 'register', centre, { categoryCode: '0203', dueAt: T0 + 5 * 86_400_000 }, T0 + 1000)
    s = r.next
    events.push(r.event)
    expect(s).toMatchObject({ status: 'registered', registeredAt: T0 + 1000, categoryCode: '0203', dueAt: T0 + 5 * 86_400_000 })
    r = step(s, 'dispatch', centre, { leadUnitId: 'police', coUnitIds: ['justice'] }, T0 + 2000)
    s = r.next
    events.push(r.event)
    expect(s).toMatchObject({ status: 'dispatched', leadUnitId: 'police', assigneeId: null, dispatchedAt: T0 + 2000, coHandlers: [{ unitId: 'justice', reportedAt: null, outcome: null }] })
    r = step(s, 'accept', police, {}, T0 + 3000)
    s = r.next
    events.push(r.event)
    expect(s.assigneeId).toBe('officer')
    r = step(s, 'report_back', police, {}, T0 + 4000)
    s = r.next
    events.push(r.event)
    expect(s).toMatchObject({ status: 'reported_back', reportedBackAt: T0 + 4000, outcome: 'mediated' })
    expect(availableActions(s, centre)).not.toContain('verify_close')
    expect(refusal(() => step(s, 'verify_close', centre, {}, T0 + 5000)).code).toBe('precondition_failed')
    r = step(s, 'co_report', justice, { outcome: 'mediated' }, T0 + 6000)
    s = r.next
    events.push(r.event)
    expect(availableActions(s, centre)).toEqual(['verify_close', 'return_for_rework', 'escalate', 'remind'])
    r = step(s, 'verify_close', centre, { note: '回访满意' }, T0 + 7000)
    s = r.next
    events.push(r.event)
    expect(s).toMatchObject({ status: 'closed', closedAt: T0 + 7000, outcome: 'mediated', version: 6 })
    expect(events.map(e => e.version)).toEqual([1, 2, 3, 4, 5, 6])
    expect(events.at(-1)?.payload).toEqual({ callBack: VALID.verify_close.callBack, outcome: 'mediated', note: '回访满意' })
    r = step(s, 'reopen', centre, {}, T0 + 8000)
    expect(r.next).toMatchObject({ status: 'registered', closedAt: null, outcome: null, reportedBackAt: null, registeredAt: T0 + 1000, leadUnitId: null, coHandlers: [] })
    expect(r.event.payload).toEqual({ reason: '群众反映问题复发', previousOutcome: 'mediated', previousClosedAt: T0 + 7000 })
  })

  it('returns for rework: the lead must report again, named co-units too', () => {
    const s = caseIn('reported_back', { leadUnitId: 'police', coHandlers: [{ unitId: 'justice', reportedAt: T0, outcome: 'resolved' }, { unitId: 'env', reportedAt: T0, outcome: null }] })
    const { next, event } = step(s, 'return_for_rework', centre, { coUnitIds: ['env'] }, NOW)
    expect(next).toMatchObject({ status: 'returned', reportedBackAt: null, outcome: null })
    expect(next.coHandlers).toEqual([{ unitId: 'justice', reportedAt: T0, outcome: 'resolved' }, { unitId: 'env', reportedAt: null, outcome: null }])
    expect(event.payload).toEqual({ reason: '缺少整改照片', coUnitIds: ['env'] })
    const again = step(next, 'accept', police, {}, NOW + 1)
    expect(again.next.status).toBe('in_progress')
  })

  it('escalates village → township → county and sends back down', () => {
    let s = caseIn('in_progress')
    let r: { next: CaseLoopState, event: CaseEvent } = step(s, 'escalate', centre, {}, NOW)
    expect(r.next).toMatchObject({ status: 'escalated', escalationLevel: 1 })
    expect(r.event.payload).toEqual({ reason: '涉及多个村，村级无法化解', fromLevel: 0, toLevel: 1 })
    expect(availableActions(r.next, centre)).toEqual(['remind'])
    s = r.next
    r = step(s, 'accept_escalation', commander, { dueAt: NOW + 10 }, NOW + 1)
    expect(r.next).toMatchObject({ status: 'registered', escalationLevel: 1, dueAt: NOW + 10, leadUnitId: null, assigneeId: null, coHandlers: [] })
    s = r.next
    r = step(s, 'escalate', commander, {}, NOW + 2)
    expect(r.next.escalationLevel).toBe(2)
    expect(refusal(() => step(r.next, 'send_back_down', commander, {}, NOW + 3)).code).toBe('not_permitted')
    const county: Actor = { userId: 'county', memberships: [{ gridId: 'T', role: 'county_admin' }] }
    r = step(r.next, 'send_back_down', county, {}, NOW + 3)
    expect(r.next).toMatchObject({ status: 'registered', escalationLevel: 1 })
    r = step(r.next, 'send_back_down', commander, { reason: '村级可以化解' }, NOW + 4)
    expect(r.next).toMatchObject({ status: 'registered', escalationLevel: 0 })
    expect(step(r.next, 'dispatch', centre, { leadUnitId: 'police', coUnitIds: [] }, NOW + 5).next.status).toBe('dispatched')
  })

  it('lets a unit decline, clearing the dispatch so the centre can dispatch again', () => {
    const s = caseIn('dispatched', { leadUnitId: 'police' })
    const { next, event } = step(s, 'decline', police, {}, NOW)
    expect(next).toMatchObject({ status: 'registered', leadUnitId: null, assigneeId: null, dispatchedAt: null, coHandlers: [] })
    expect(event.payload).toEqual({ unitId: 'police', reason: '不属本单位职责' })
  })

  it('cancels a duplicate with a reference to the original', () => {
    const s = caseIn('registered')
    const { next, event } = step(s, 'cancel', centre, { kind: 'duplicate', duplicateOfId: 'QS-2026-000000' }, NOW)
    expect(next.status).toBe('cancelled')
    expect(event.payload).toEqual({ kind: 'duplicate', reason: '经核实不属实', duplicateOfId: 'QS-2026-000000' })
  })

  it('lists for supervision and reminds without making the handler\'s edit stale', () => {
    const s = caseIn('in_progress', { leadUnitId: 'police' })
    const supervised = step(s, 'supervise', commander, {}, NOW)
    expect(supervised.next).toMatchObject({ supervised: true, version: 8, status: 'in_progress' })
    const reminded = step(supervised.next, 'remind', commander, {}, NOW + 1)
    expect(reminded.next.version).toBe(8)
    expect(reminded.event.payload).toEqual({ message: '请尽快办结', leadUnitId: 'police', assigneeId: 'u1' })
    expect(step(reminded.next, 'report_back', police, {}, NOW + 2).next.status).toBe('reported_back')
    expect(step(reminded.next, 'end_supervision', commander, {}, NOW + 3).next.supervised).toBe(false)
  })

  it('keeps every other field of the record and mutates nothing', () => {
    const s = Object.freeze({ ...caseIn('reported'), title: '<b>噪音</b>', version: 0 })
    const { next } = step(s, 'register', centre, {}, NOW)
    expect(next.title).toBe('<b>噪音</b>')
    expect(s.status).toBe('reported')
  })

  it('trims text input and records it', () => {
    const s = caseIn('registered')
    expect(step(s, 'escalate', centre, { reason: '  涉及邻村  ' }, NOW).event.payload.reason).toBe('涉及邻村')
  })
})
