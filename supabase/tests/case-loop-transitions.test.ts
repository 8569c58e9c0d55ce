// case_transition against the TypeScript machine: every action by every kind of user (role ×
// relation to the case), made through the database RPC and through applyAction on the same case
// at the same clock, must come out the same — done with the same record and event, or refused with
// the same code, message and field. Then the requirement failures one by one, and the loop run
// end to end through the RPC alone.
import type { CaseSpec, LoopUser, Outcome } from './fixtures/caseLoop'
import type { CaseAction } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { beforeAll, describe, expect, it } from 'vitest'
import { CASE_ACTIONS } from '~/domain/caseLoop'
import { toUuid } from '../seed/ids'
import { actorOf, bothWays, canonicalMessage, caseRecord, claimsOf, HANDLED, insertCase, transitionOn, useCaseLoopDatabase } from './fixtures/caseLoop'
import { gridId, OTHER_WORKER_STAFF, WORKER_STAFF } from './fixtures/territory'
import { asRequest } from './harness/db'

const db = useCaseLoopDatabase()

// A deadline override must lie after now and at most 366 days ahead: one a month from the run.
const DUE = Math.floor(Date.now() / 60_000) * 60_000 + 30 * 86_400_000
const JUSTICE_REPORTED = [{ unitId: 'justice', reportedAt: Date.parse('2026-11-01T02:00:00Z'), outcome: 'resolved' as const }]

/** For each action: a case where the move is legal, and a valid input. */
const MOVES: Record<CaseAction, { state: CaseSpec, input: Record<string, unknown> }> = {
  register: { state: { status: 'reported' }, input: { dueAt: DUE, note: '已登记' } },
  dispatch: { state: { status: 'registered' }, input: { leadUnitId: 'police', coUnitIds: ['justice'], assigneeId: toUuid(WORKER_STAFF) } },
  decline: { state: { status: 'dispatched', ...HANDLED }, input: { reason: '不属于本单位职责' } },
  accept: { state: { status: 'dispatched', ...HANDLED }, input: { note: '已接单' } },
  assign: { state: { status: 'in_progress', ...HANDLED }, input: { assigneeId: toUuid(OTHER_WORKER_STAFF) } },
  report_back: { state: { status: 'in_progress', ...HANDLED }, input: { resultText: '双方已和解', outcome: 'mediated' } },
  co_report: { state: { status: 'in_progress', ...HANDLED }, input: { resultText: '已提供法律意见' } },
  verify_close: { state: { status: 'reported_back', ...HANDLED, coHandlers: JUSTICE_REPORTED, outcome: 'resolved', reportedBack: true }, input: { callBack: { method: 'phone', satisfaction: 'satisfied' } } },
  return_for_rework: { state: { status: 'reported_back', ...HANDLED, coHandlers: JUSTICE_REPORTED, outcome: 'resolved', reportedBack: true }, input: { reason: '回访不满意', coUnitIds: ['justice'] } },
  escalate: { state: { status: 'registered' }, input: { reason: '村级无法化解' } },
  accept_escalation: { state: { status: 'escalated', level: 1 }, input: { note: '镇综治中心受理' } },
  send_back_down: { state: { status: 'escalated', level: 1 }, input: { reason: '属村级事项' } },
  reopen: { state: { status: 'closed', outcome: 'resolved', reportedBack: true }, input: { reason: '当事人再次反映' } },
  cancel: { state: { status: 'registered' }, input: { kind: 'invalid', reason: '信息不实' } },
  supervise: { state: { status: 'in_progress', ...HANDLED }, input: { reason: '群众反映强烈' } },
  end_supervision: { state: { status: 'in_progress', ...HANDLED, supervised: true }, input: { note: '已按期推进' } },
  remind: { state: { status: 'in_progress', ...HANDLED }, input: { message: '请加快办理' } },
}

/** Every kind of user relative to a case in G11 led by the police, co-handled by justice, assigned to the worker. */
const SUBJECTS: readonly LoopUser[] = [
  'admin', // county admin: centre at every level
  'commander', // township commander of T1: centre up to level 1
  'chief', // village chief of V1: centre at level 0
  'chiefV2', // village chief of the sibling village: cannot see the case
  'worker', // grid worker of G11, the assignee
  'otherWorker', // grid worker of G11, not the assignee
  'police', // acts for the lead unit
  'justice', // acts for the co-handling unit
  'viewer', // wall screen: reads only
  'outsider', // no membership
  'foreignAdmin', // county admin of another county
]

function summary(o: Outcome): string {
  return o.ok ? 'done' : o.code
}

/** Asserts both sides agree; a case the user cannot see is "not found" in the database and "not permitted" in the machine. */
function expectSame(db: Outcome, ts: Outcome, label: string): void {
  if (!db.ok && db.code === 'not_found') {
    expect(ts.ok ? 'done' : ts.code, `${label}: the database hides the case, so the machine must refuse the user`).toBe('not_permitted')
    return
  }
  expect(summary(db), `${label}: ${db.ok ? '' : db.message}`).toBe(summary(ts))
  if (db.ok && ts.ok) {
    expect(db.record, label).toEqual(ts.record)
    expect(db.event, label).toEqual(ts.event)
  }
  else if (!db.ok && !ts.ok) {
    expect(canonicalMessage(db.message), label).toBe(canonicalMessage(ts.message))
    expect(db.field, label).toBe(ts.field)
  }
}

describe('every action × every kind of user: the database decides as the machine does', () => {
  const cases = new Map<CaseAction, string>()
  const outcomes = new Map<CaseAction, Map<LoopUser, string>>()

  beforeAll(async () => {
    for (const action of CASE_ACTIONS)
      cases.set(action, await insertCase(db, MOVES[action].state))
  })

  it.each([...CASE_ACTIONS])('%s', async (action) => {
    const seen = new Map<LoopUser, string>()
    for (const user of SUBJECTS) {
      const { db: d, ts } = await bothWays(db, user, cases.get(action)!, action, MOVES[action].input)
      expectSame(d, ts, `${action} by ${user}`)
      seen.set(user, summary(d))
    }
    outcomes.set(action, seen)
    // The matrix is only a proof if each action is both allowed to someone and refused to someone.
    expect([...seen.values()], action).toContain('done')
    expect([...seen.values()].filter(s => s === 'not_permitted' || s === 'not_found').length, action).toBeGreaterThan(0)
  })

  it('the rights come out as the issue describes them', () => {
    const who = (action: CaseAction) => SUBJECTS.filter(u => outcomes.get(action)?.get(u) === 'done')
    expect(who('register')).toEqual(['admin', 'commander', 'chief'])
    expect(who('accept')).toEqual(['worker', 'police'])
    expect(who('co_report')).toEqual(['justice'])
    expect(who('assign')).toEqual(['admin', 'commander', 'chief', 'police'])
    expect(who('accept_escalation')).toEqual(['admin', 'commander'])
    expect(who('supervise')).toEqual(['admin', 'commander'])
    expect(who('remind')).toEqual(['admin', 'commander', 'chief'])
    expect(outcomes.get('register')?.get('viewer')).toBe('not_permitted')
    expect(outcomes.get('register')?.get('chiefV2')).toBe('not_found')
  })
})

describe('the escalation level decides which centre acts', () => {
  it.each([
    ['register', { status: 'reported', level: 1 }, { dueAt: DUE }],
    ['dispatch', { status: 'registered', level: 2 }, { leadUnitId: 'police' }],
    ['cancel', { status: 'escalated', level: 2 }, { kind: 'invalid', reason: '重复' }],
  ] as const)('%s at level %#', async (action, state, input) => {
    const id = await insertCase(db, state as CaseSpec)
    for (const user of ['admin', 'commander', 'chief'] as const) {
      const { db: d, ts } = await bothWays(db, user, id, action, input)
      expectSame(d, ts, `${action} by ${user} at level ${state.level}`)
    }
    const byChief = await bothWays(db, 'chief', id, action, input)
    expect(summary(byChief.db)).toBe('not_permitted')
    expect(byChief.db.ok ? '' : byChief.db.message).toContain(state.level === 1 ? 'township_commander or above' : 'county_admin or above')
  })
})

describe('a county admin covers the whole county, in the database and in the machine', () => {
  // The admin's membership is on T1; these cases are in H11, under the county's other township T2.
  it.each([
    ['register', { status: 'reported', grid: 'H11' }, { dueAt: DUE }],
    ['accept_escalation', { status: 'escalated', grid: 'H11', level: 2 }, { note: '县综治中心受理' }],
    ['supervise', { status: 'in_progress', grid: 'H11', ...HANDLED }, { reason: '跨镇督办' }],
    ['send_back_down', { status: 'escalated', grid: 'H11', level: 2 }, { reason: '属镇级事项' }],
  ] as const)('%s on a case of the other township', async (action, state, input) => {
    const id = await insertCase(db, state as CaseSpec)
    const admin = await bothWays(db, 'admin', id, action, input)
    expect(summary(admin.db), admin.db.ok ? '' : admin.db.message).toBe('done')
    expectSame(admin.db, admin.ts, `${action} by the county admin of T1 in T2`)
    // The commander of T1 and the admin of the other county stay out, on both sides.
    for (const user of ['commander', 'foreignAdmin'] as const) {
      const other = await bothWays(db, user, id, action, input)
      expect(summary(other.db), user).toBe('not_found')
      expectSame(other.db, other.ts, `${action} by ${user}`)
    }
  })

  it('my_access tells the client which townships the membership covers', async () => {
    const actor = await asRequest(db, claimsOf('admin'), c => actorOf(c))
    expect(actor.memberships).toEqual([{ gridId: toUuid(gridId('T1')), role: 'county_admin', scopeGridIds: [toUuid(gridId('T1')), toUuid(gridId('T2'))] }])
  })
})

describe('requirements: refused with the machine\'s code, message and field', () => {
  const reported: CaseSpec = { status: 'reported_back', ...HANDLED, outcome: 'resolved', reportedBack: true }
  it.each<[string, LoopUser, CaseSpec, string, Record<string, unknown>, string, string | null]>([
    ['closing before a co-handler reported', 'chief', reported, 'verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied' } }, 'precondition_failed', null],
    ['closing before the lead unit reported', 'chief', { ...reported, reportedBack: false }, 'verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied' } }, 'precondition_failed', null],
    ['closing without the call-back', 'chief', { ...reported, coHandlers: JUSTICE_REPORTED }, 'verify_close', {}, 'missing_input', 'callBack'],
    ['a call-back without satisfaction', 'chief', { ...reported, coHandlers: JUSTICE_REPORTED }, 'verify_close', { callBack: { method: 'visit' } }, 'missing_input', 'callBack.satisfaction'],
    ['no call-back without saying why', 'chief', { ...reported, coHandlers: JUSTICE_REPORTED }, 'verify_close', { callBack: { method: 'none' } }, 'missing_input', 'callBack.note'],
    ['an unknown call-back method', 'chief', { ...reported, coHandlers: JUSTICE_REPORTED }, 'verify_close', { callBack: { method: 'fax' } }, 'invalid_input', 'callBack.method'],
    ['dispatching without a lead unit', 'chief', { status: 'registered' }, 'dispatch', { coUnitIds: ['justice'] }, 'missing_input', 'leadUnitId'],
    ['the lead unit also as co-handler', 'chief', { status: 'registered' }, 'dispatch', { leadUnitId: 'police', coUnitIds: ['police'] }, 'invalid_input', 'coUnitIds'],
    ['a co-handler listed twice', 'chief', { status: 'registered' }, 'dispatch', { leadUnitId: 'police', coUnitIds: ['justice', 'justice'] }, 'invalid_input', 'coUnitIds'],
    ['eleven co-handlers', 'chief', { status: 'registered' }, 'dispatch', { leadUnitId: 'police', coUnitIds: Array.from({ length: 11 }, (_, i) => `u${i}`) }, 'invalid_input', 'coUnitIds'],
    ['reporting back without a result', 'police', { status: 'in_progress', ...HANDLED }, 'report_back', { outcome: 'resolved' }, 'missing_input', 'resultText'],
    ['reporting back a blank result', 'police', { status: 'in_progress', ...HANDLED }, 'report_back', { resultText: ' \u3000 ', outcome: 'resolved' }, 'missing_input', 'resultText'],
    ['reporting back without an outcome', 'police', { status: 'in_progress', ...HANDLED }, 'report_back', { resultText: '已处理' }, 'missing_input', 'outcome'],
    ['an unknown outcome', 'police', { status: 'in_progress', ...HANDLED }, 'report_back', { resultText: '已处理', outcome: 'done' }, 'invalid_input', 'outcome'],
    ['a result over 2000 characters', 'police', { status: 'in_progress', ...HANDLED }, 'report_back', { resultText: '办'.repeat(2001), outcome: 'resolved' }, 'invalid_input', 'resultText'],
    ['a result that is not text', 'police', { status: 'in_progress', ...HANDLED }, 'report_back', { resultText: 42, outcome: 'resolved' }, 'invalid_input', 'resultText'],
    ['declining without a reason', 'police', { status: 'dispatched', ...HANDLED }, 'decline', {}, 'missing_input', 'reason'],
    ['escalating without a reason', 'chief', { status: 'registered' }, 'escalate', {}, 'missing_input', 'reason'],
    ['escalating above the county', 'admin', { status: 'registered', level: 2 }, 'escalate', { reason: '上报' }, 'precondition_failed', null],
    ['sending below the village', 'chief', { status: 'registered', level: 0 }, 'send_back_down', { reason: '下转' }, 'precondition_failed', null],
    ['co-reporting twice', 'justice', { status: 'in_progress', ...HANDLED, coHandlers: JUSTICE_REPORTED }, 'co_report', { resultText: '再报' }, 'precondition_failed', null],
    ['co-reporting for two units without naming one', 'twoUnits', { status: 'in_progress', ...HANDLED, coHandlers: [{ unitId: 'justice', reportedAt: null, outcome: null }, { unitId: 'labour', reportedAt: null, outcome: null }] }, 'co_report', { resultText: '已办' }, 'missing_input', 'unitId'],
    ['co-reporting for a unit one does not act for', 'justice', { status: 'in_progress', ...HANDLED }, 'co_report', { unitId: 'labour', resultText: '已办' }, 'invalid_input', 'unitId'],
    ['returning a stranger for rework', 'chief', { ...reported, coHandlers: JUSTICE_REPORTED }, 'return_for_rework', { reason: '重办', coUnitIds: ['fire'] }, 'invalid_input', 'coUnitIds'],
    ['supervising twice', 'commander', { status: 'in_progress', ...HANDLED, supervised: true }, 'supervise', { reason: '督办' }, 'precondition_failed', null],
    ['ending supervision that never began', 'commander', { status: 'in_progress', ...HANDLED }, 'end_supervision', {}, 'precondition_failed', null],
    ['a duplicate naming no case', 'chief', { status: 'registered' }, 'cancel', { kind: 'duplicate', reason: '重复' }, 'missing_input', 'duplicateOfId'],
    ['cancelling without a kind', 'chief', { status: 'registered' }, 'cancel', { reason: '重复' }, 'missing_input', 'kind'],
    ['a reason over 500 characters', 'chief', { status: 'registered' }, 'escalate', { reason: 'x'.repeat(501) }, 'invalid_input', 'reason'],
    ['an unknown category at registration', 'chief', { status: 'reported' }, 'register', { categoryCode: '0199x' }, 'invalid_input', 'categoryCode'],
    ['a major category at registration', 'chief', { status: 'reported' }, 'register', { categoryCode: '01' }, 'invalid_input', 'categoryCode'],
    ['a due time that is not a number', 'chief', { status: 'reported' }, 'register', { dueAt: 'tomorrow' }, 'invalid_input', 'dueAt'],
    ['an illegal move', 'chief', { status: 'closed', outcome: 'resolved', reportedBack: true }, 'dispatch', { leadUnitId: 'police' }, 'illegal_transition', null],
    ['escalating a case in progress (allowed)', 'chief', { status: 'in_progress', ...HANDLED }, 'escalate', { reason: '上报' }, 'done', null],
    ['an action that does not exist', 'chief', { status: 'registered' }, 'approve', {}, 'unknown_action', null],
    ['the wall screen', 'viewer', { status: 'registered' }, 'dispatch', { leadUnitId: 'police' }, 'not_permitted', null],
    ['a grid worker dispatching', 'worker', { status: 'registered' }, 'dispatch', { leadUnitId: 'police' }, 'not_permitted', null],
    ['a unit member outside the case\'s units', 'justice', { status: 'dispatched', ...HANDLED, coHandlers: [] }, 'accept', {}, 'not_permitted', null],
  ])('%s', async (_label, user, state, action, input, code, field) => {
    const id = await insertCase(db, state)
    const { db: d, ts } = await bothWays(db, user, id, action, input)
    expectSame(d, ts, `${action} by ${user}`)
    expect(summary(d)).toBe(code)
    if (!d.ok)
      expect(d.field).toBe(field)
  })

  it('messages say what and why', async () => {
    const id = await insertCase(db, { status: 'reported_back', ...HANDLED, outcome: 'resolved', reportedBack: true })
    const { db: d } = await bothWays(db, 'chief', id, 'verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied' } })
    expect(d.ok ? '' : d.message).toBe(`Cannot verify close case ${id}: co-handling unit(s) justice have not reported`)
    const wall = await bothWays(db, 'viewer', id, 'verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied' } })
    expect(wall.db.ok ? '' : wall.db.message).toBe(`Cannot verify close case ${id}: it needs the role village_chief, township_commander, county_admin; you are wall_viewer`)
    const long = await bothWays(db, 'police', await insertCase(db, { status: 'in_progress', ...HANDLED }), 'report_back', { resultText: '办'.repeat(2001), outcome: 'resolved' })
    expect(long.db.ok ? '' : long.db.message).toMatch(/: resultText: is 2001 characters, at most 2000 are allowed$/)
  })

  it('a version the case has moved past is stale, and the message says so', async () => {
    const id = await insertCase(db, { status: 'registered' })
    const { db: d, ts } = await bothWays(db, 'chief', id, 'escalate', { reason: '上报' }, 0)
    expect(summary(d)).toBe('stale_version')
    expect(summary(ts)).toBe('stale_version')
    expect(d.ok ? '' : d.message).toBe(`Cannot escalate case ${id}: stale version: the case was changed by someone else (version 1, you had 0); reload and try again`)
    const missing = await bothWays(db, 'chief', id, 'escalate', { reason: '上报' }, null)
    expectSame(missing.db, missing.ts, 'no version')
    expect(missing.db.ok ? null : missing.db.field).toBe('expectedVersion')
  })
})

describe('what the database checks beyond the machine', () => {
  it.each<[string, string, Record<string, unknown>, string, string]>([
    ['an unknown lead unit', 'dispatch', { leadUnitId: 'ministry' }, 'leadUnitId', '"ministry" is not a known handling unit'],
    ['an unknown co-handling unit', 'dispatch', { leadUnitId: 'police', coUnitIds: ['justice', 'ministry'] }, 'coUnitIds', '"ministry" is not a known handling unit'],
    ['an unknown assignee', 'dispatch', { leadUnitId: 'police', assigneeId: 'nobody' }, 'assigneeId', '"nobody" is not a member of staff you may assign this case to'],
    ['a duplicate of itself', 'cancel', { kind: 'duplicate', reason: '重复', duplicateOfId: 'SELF' }, 'duplicateOfId', 'a case cannot duplicate itself'],
    ['a duplicate of an invisible case', 'cancel', { kind: 'duplicate', reason: '重复', duplicateOfId: toUuid('case-H11-a') }, 'duplicateOfId', `the case it duplicates (${toUuid('case-H11-a')}) does not exist or is not visible to you`],
  ])('%s', async (_label, action, input, field, why) => {
    const id = await insertCase(db, { status: 'registered' })
    const body = JSON.parse(JSON.stringify(input).replace('SELF', id))
    const out = await asRequest(db, claimsOf('chief'), c => transitionOn(c, id, action, body, 1))
    expect(out).toEqual({ ok: false, code: 'invalid_input', field, message: `Cannot ${action} case ${id}: ${field}: ${why}` })
  })

  it('a case the caller cannot see is not found, whatever the action', async () => {
    const id = await insertCase(db, { status: 'registered', grid: 'H11' })
    const out = await asRequest(db, claimsOf('chief'), c => transitionOn(c, id, 'cancel', { kind: 'invalid', reason: 'x' }, 1))
    expect(out).toMatchObject({ ok: false, code: 'not_found', message: `case ${id} does not exist or is not visible to you` })
  })

  it('registration without a due time counts the category\'s default from now in working time', async () => {
    const id = await insertCase(db, { status: 'reported' })
    const out = await asRequest(db, claimsOf('chief'), async (c) => {
      const moved = await transitionOn(c, id, 'register', { categoryCode: '0303' }, 1)
      const { rows } = await c.query(`select private.epoch_ms(public.add_working_time(now(), 8, 'working_hours')) as due`)
      return { moved, due: rows[0].due as number }
    })
    expect(out.moved.ok && out.moved.record.categoryCode).toBe('0303')
    expect(out.moved.ok && out.moved.record.dueAt).toBe(out.due)
  })

  it('accept without an assignee assigns the caller\'s staff record', async () => {
    const id = await insertCase(db, { status: 'dispatched', leadUnitId: 'police' })
    const byWorker = await asRequest(db, claimsOf('otherWorker'), c => transitionOn(c, id, 'accept', {}, 1))
    expect(byWorker).toMatchObject({ ok: false, code: 'not_permitted' })
    const id2 = await insertCase(db, { status: 'dispatched', leadUnitId: 'police', assigneeId: null })
    const byPolice = await asRequest(db, claimsOf('police'), c => transitionOn(c, id2, 'accept', {}, 1))
    // The police officer has no staff record: the case stays unassigned rather than pointing at a login.
    expect(byPolice.ok && byPolice.record.assigneeId).toBeNull()
  })
})

describe('the whole loop through the RPC alone', () => {
  it('register, dispatch, accept, co-report, report back, return, report again, verify and close, reopen; each step one version and one event', async () => {
    const id = await insertCase(db, { status: 'reported' })
    const steps: Array<[LoopUser, CaseAction, Record<string, unknown>]> = [
      ['chief', 'register', { note: '登记' }],
      ['chief', 'dispatch', { leadUnitId: 'police', coUnitIds: ['justice'], assigneeId: toUuid(WORKER_STAFF) }],
      ['worker', 'accept', {}],
      ['justice', 'co_report', { resultText: '法律意见已出具', outcome: 'resolved' }],
      ['police', 'report_back', { resultText: '<b>已调解</b>', outcome: 'mediated' }],
      ['chief', 'return_for_rework', { reason: '回访不满意', coUnitIds: ['justice'] }],
      ['police', 'accept', {}],
      ['justice', 'co_report', { resultText: '补充意见' }],
      ['worker', 'report_back', { resultText: '再次调解成功', outcome: 'mediated' }],
      ['chief', 'verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied' }, note: '回访满意' }],
      ['commander', 'reopen', { reason: '当事人反悔' }],
    ]
    let version = 1
    for (const [user, action, input] of steps) {
      const out = await asRequest(db, claimsOf(user), c => transitionOn(c, id, action, input, version), { commit: true })
      expect(out.ok, `${action} by ${user}: ${out.ok ? '' : out.message}`).toBe(true)
      version += 1
      expect(out.ok && out.record.version).toBe(version)
    }
    const after = await caseRecord(db, id)
    expect(after).toMatchObject({ status: 'registered', version: steps.length + 1, leadUnitId: null, assigneeId: null, closedAt: null, outcome: null })
    const timeline = await asRequest(db, claimsOf('chief'), async c => (await c.query('select public.case_events_of($1) as e', [id])).rows[0].e.events as Array<{ action: string, from: string, to: string, version: number, actorRole: string, payload: Record<string, unknown> }>)
    expect(timeline.map(e => `${e.action}:${e.from}>${e.to}@${e.version}`)).toEqual([
      'register:reported>registered@2',
      'dispatch:registered>dispatched@3',
      'accept:dispatched>in_progress@4',
      'co_report:in_progress>in_progress@5',
      'report_back:in_progress>reported_back@6',
      'return_for_rework:reported_back>returned@7',
      'accept:returned>in_progress@8',
      'co_report:in_progress>in_progress@9',
      'report_back:in_progress>reported_back@10',
      'verify_close:reported_back>closed@11',
      'reopen:closed>registered@12',
    ])
    expect(timeline[4]!.payload).toEqual({ unitId: 'police', resultText: '<b>已调解</b>', outcome: 'mediated' })
    expect(timeline[9]!.actorRole).toBe('village_chief')
  })

  it('escalate to the township, which sends it back down; remind leaves the version alone', async () => {
    const id = await insertCase(db, { status: 'registered' })
    const run = (user: LoopUser, action: CaseAction, input: Record<string, unknown>, version: number) =>
      asRequest(db, claimsOf(user), c => transitionOn(c, id, action, input, version), { commit: true })
    expect((await run('chief', 'escalate', { reason: '村级无法化解' }, 1)).ok).toBe(true)
    expect(await run('chief', 'accept_escalation', {}, 2)).toMatchObject({ ok: false, code: 'not_permitted' })
    const down = await run('commander', 'send_back_down', { reason: '属村级事项' }, 2)
    expect(down.ok && [down.record.status, down.record.escalationLevel, down.record.version]).toEqual(['registered', 0, 3])
    const remind = await run('commander', 'remind', { message: '请尽快办理' }, 3)
    expect(remind.ok && remind.record.version).toBe(3)
    expect(remind.ok && remind.event).toMatchObject({ action: 'remind', version: 3, payload: { message: '请尽快办理', leadUnitId: null, assigneeId: null } })
  })
})

describe('case records returned by the RPC', () => {
  it('have the shape cases_in_view gives the same case', async () => {
    const id = await insertCase(db, { status: 'registered' })
    const out = await asRequest(db, claimsOf('chief'), async (c) => {
      const moved = await transitionOn(c, id, 'escalate', { reason: '上报' }, 1)
      const { rows } = await c.query('select public.cases_in_view(p_ids => $1) as v', [[id]])
      return { moved, viewed: rows[0].v.cases as CaseRecord[] }
    })
    expect(out.moved.ok && out.moved.record).toEqual(out.viewed[0])
  })
})
