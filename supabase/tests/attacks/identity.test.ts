// Attacks on who a user is (issue 7, "identity and the event log"): a manager taking over a grid
// worker's staff record to act — and be logged — as them, and edits of a case that leave no event.
// Each attack is made as PostgREST would make it and committed if it works; each test asserts the
// refusal and that nothing changed.
import { describe, expect, it } from 'vitest'
import { toUuid } from '../../seed/ids'
import { claimsOf, HANDLED, insertCase, LOOP_USERS, useCaseLoopDatabase } from '../fixtures/caseLoop'
import { caseId, gridId, OTHER_WORKER_STAFF, USERS, WORKER_STAFF } from '../fixtures/territory'
import { ANON, callRpc, SERVICE } from '../harness/db'
import { attempt, attemptSql, refusal, snapshot } from './attack'

/** The village chief's own staff record, linked to their login in the fixture below. */
const CHIEF_STAFF = toUuid('staff-V1')
const WORKER = toUuid(WORKER_STAFF)
let escalated: string

const db = useCaseLoopDatabase(async (db) => {
  await db.admin.query('update public.staff set user_id = $1 where id = $2', [toUuid(USERS.chief), CHIEF_STAFF])
  // A case the worker handles that has gone up to the township: the village chief may no longer
  // read its reporter's contact, and only the assignee or the lead unit reports back.
  escalated = await insertCase(db, { grid: 'G11', status: 'in_progress', level: 1, ...HANDLED })
  await db.admin.query('insert into public.case_contacts (case_id, reporter_name, reporter_phone) values ($1, \'王五\', \'13900139000\')', [escalated])
})

const LOGINS = 'select id, user_id from public.staff order by id'
const ADMIN_LOG = 'select kind, target_id, actor_id, actor_role, data from public.admin_events order by id'
const EVENTS = 'select id, case_id, kind, actor_id, actor_staff_id from public.case_events order by id'

describe('a manager cannot become someone else', () => {
  it('a village chief unlinks their own staff record (staff.user_id := null)', async () => {
    const before = await snapshot(db, LOGINS)
    const out = refusal(await attemptSql(db, claimsOf('chief'), 'update public.staff set user_id = null where id = $1', [CHIEF_STAFF]))
    expect(out.code).toBe('42501')
    expect(out.message).toMatch(/changes only through link_staff_login/)
    expect(await snapshot(db, LOGINS)).toEqual(before)
  })

  it('a village chief links their login to a grid worker\'s staff record, to read and act as them', async () => {
    const before = await snapshot(db, LOGINS)
    const out = refusal(await attemptSql(db, claimsOf('chief'), 'update public.staff set user_id = $1 where id = $2', [toUuid(USERS.chief), WORKER]))
    expect(out).toMatchObject({ code: '42501', message: expect.stringMatching(/Staff record .* changes only through link_staff_login/) })
    expect(await snapshot(db, LOGINS)).toEqual(before)
    // Still themselves: no contact of the escalated case, no report back as the assignee, no event.
    const events = await snapshot(db, EVENTS)
    const contact = await attempt(db, claimsOf('chief'), c => callRpc(c, 'case_contact', { p_case_id: escalated }))
    expect(contact).toEqual({ refused: false, result: null })
    const back = refusal(await attempt(db, claimsOf('chief'), c => callRpc(c, 'case_transition', {
      p_case_id: escalated,
      p_action: 'report_back',
      p_input: { resultText: '已处理', outcome: 'resolved' },
      p_expected_version: 1,
    })))
    expect(back.code).toBe('CL003')
    expect(await snapshot(db, EVENTS)).toEqual(events)
  })

  it('a township commander creates a staff record already linked to their login', async () => {
    const before = await snapshot(db, LOGINS)
    const out = refusal(await attemptSql(db, claimsOf('commander'), `insert into public.staff (id, name, role, grid_id, phone_masked, user_id)
      values (gen_random_uuid(), '冒名', 'worker', $1, '', $2)`, [toUuid(gridId('G11')), toUuid(USERS.commander)]))
    expect(out.code).toBe('42501')
    expect(await snapshot(db, LOGINS)).toEqual(before)
  })

  it('a village chief deletes a grid worker\'s linked staff record, to re-create it unlinked', async () => {
    const before = await snapshot(db, LOGINS)
    const out = refusal(await attemptSql(db, claimsOf('chief'), 'delete from public.staff where id = $1', [WORKER]))
    expect(out).toMatchObject({ code: '42501', message: expect.stringMatching(/is linked to a login and was not deleted/) })
    expect(await snapshot(db, LOGINS)).toEqual(before)
  })

  it('a village chief renames a linked staff record (staff.id), to take over the history logged under that id', async () => {
    const before = await snapshot(db, LOGINS)
    const out = refusal(await attemptSql(db, claimsOf('chief'), 'update public.staff set id = gen_random_uuid() where id = $1', [CHIEF_STAFF]))
    expect(out).toMatchObject({ code: '42501', message: expect.stringMatching(/keeps its id/) })
    expect(await snapshot(db, LOGINS)).toEqual(before)
  })
})

describe('linking a login is a county admin\'s act, through link_staff_login', () => {
  const link = (staffId: string, userId: string | null) => (c: Parameters<Parameters<typeof attempt>[2]>[0]) =>
    callRpc(c, 'link_staff_login', { p_staff_id: staffId, p_user_id: userId })

  it('a township commander links their login to a grid worker\'s staff record', async () => {
    const before = [await snapshot(db, LOGINS), await snapshot(db, ADMIN_LOG)]
    const out = refusal(await attempt(db, claimsOf('commander'), link(WORKER, toUuid(USERS.commander))))
    expect(out).toMatchObject({ code: 'P0002', message: `staff record ${WORKER} does not exist or is not yours to administer` })
    expect([await snapshot(db, LOGINS), await snapshot(db, ADMIN_LOG)]).toEqual(before)
  })

  it('a county admin of another county links a login to this county\'s staff: the same answer as for an unknown record', async () => {
    const before = [await snapshot(db, LOGINS), await snapshot(db, ADMIN_LOG)]
    const foreign = refusal(await attempt(db, claimsOf('foreignAdmin'), link(WORKER, toUuid(USERS.foreignAdmin))))
    const unknown = refusal(await attempt(db, claimsOf('foreignAdmin'), link('00000000-0000-4000-8000-000000000000', toUuid(USERS.foreignAdmin))))
    expect(foreign.code).toBe('P0002')
    expect(foreign.message.replace(WORKER, '<id>')).toBe(unknown.message.replace('00000000-0000-4000-8000-000000000000', '<id>'))
    expect([await snapshot(db, LOGINS), await snapshot(db, ADMIN_LOG)]).toEqual(before)
  })

  it('a county admin links a login of another county (no membership here) to take it over', async () => {
    const before = [await snapshot(db, LOGINS), await snapshot(db, ADMIN_LOG)]
    const out = refusal(await attempt(db, claimsOf('admin'), link(toUuid(OTHER_WORKER_STAFF), toUuid(USERS.foreignCommander))))
    expect(out).toMatchObject({ code: '22023', message: expect.stringMatching(/^p_user_id: login .* holds no membership in county 330102/) })
    expect([await snapshot(db, LOGINS), await snapshot(db, ADMIN_LOG)]).toEqual(before)
  })

  it('a county admin links a login that is already some staff member\'s', async () => {
    const before = [await snapshot(db, LOGINS), await snapshot(db, ADMIN_LOG)]
    const out = refusal(await attempt(db, claimsOf('admin'), link(CHIEF_STAFF, toUuid(USERS.worker))))
    expect(out).toMatchObject({ code: '22023', message: expect.stringMatching(/already linked to another staff record/) })
    expect([await snapshot(db, LOGINS), await snapshot(db, ADMIN_LOG)]).toEqual(before)
  })

  it('anonymous callers may not call it at all', async () => {
    const before = await snapshot(db, LOGINS)
    expect(refusal(await attempt(db, ANON, link(WORKER, null))).code).toBe('42501')
    expect(await snapshot(db, LOGINS)).toEqual(before)
  })

  it('the county admin\'s own link is made and logged with the real actor, old and new', async () => {
    const staff = toUuid('staff-G12')
    const out = await attempt(db, claimsOf('admin'), link(staff, toUuid(LOOP_USERS.chiefV2)))
    expect(out).toEqual({ refused: false, result: { staffId: staff, userId: toUuid(LOOP_USERS.chiefV2), previousUserId: null } })
    const { rows } = await db.admin.query('select actor_id, actor_role, kind, target_table, scope_path::text, data from public.admin_events where target_id = $1', [staff])
    expect(rows).toEqual([{ actor_id: toUuid(USERS.admin), actor_role: 'county_admin', kind: 'link_staff_login', target_table: 'staff', scope_path: '330102', data: { previousUserId: null, userId: toUuid(LOOP_USERS.chiefV2) } }])
    // Unlinking again, as service_role, is logged as such.
    expect(await attempt(db, SERVICE, link(staff, null))).toMatchObject({ refused: false })
    const { rows: log } = await db.admin.query('select actor_id, actor_role from public.admin_events where target_id = $1 order by id', [staff])
    expect(log).toEqual([{ actor_id: toUuid(USERS.admin), actor_role: 'county_admin' }, { actor_id: null, actor_role: 'service_role' }])
  })
})

describe('the event log names the real actor', () => {
  it('code that logs an event under another actor\'s ids still records the signed-in caller', async () => {
    // What a SECURITY DEFINER function runs: an insert by the owner, inside the caller's request.
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      await client.query('select set_config(\'request.jwt.claims\', $1, true)', [JSON.stringify(claimsOf('chief'))])
      const { rows } = await client.query(`insert into public.case_events (case_id, kind, from_status, to_status, case_version, actor_id, actor_staff_id, actor_role, data)
        values ($1, 'remind', 'in_progress', 'in_progress', 1, $2, $3, 'grid_worker', '{}') returning actor_id, actor_staff_id`, [escalated, toUuid(USERS.worker), WORKER])
      expect(rows).toEqual([{ actor_id: toUuid(USERS.chief), actor_staff_id: CHIEF_STAFF }])
    }
    finally {
      await client.query('rollback')
      client.release()
    }
  })

  it('a grid worker logs an event in the chief\'s name by inserting into case_events', async () => {
    const before = await snapshot(db, EVENTS)
    const out = refusal(await attemptSql(db, claimsOf('worker'), `insert into public.case_events (case_id, kind, from_status, to_status, actor_id, actor_staff_id, actor_role)
      values ($1, 'supervise', 'in_progress', 'in_progress', $2, $3, 'village_chief')`, [escalated, toUuid(USERS.chief), CHIEF_STAFF]))
    expect(out.code).toBe('42501')
    expect(await snapshot(db, EVENTS)).toEqual(before)
  })
})

describe('what a case says changes only through edit_case, which logs it', () => {
  const target = toUuid(caseId('V1', 'a'))
  const CASE = 'select * from public.cases where id = $1'

  it.each([
    ['title, description and address', 'update public.cases set title = \'改写\', description = \'改写\', address = \'别处\' where id = $1'],
    ['photo ids', 'update public.cases set photo_ids = array[\'someone-else/photo.jpg\'] where id = $1'],
    ['timestamps (reported, registered, due, closed)', 'update public.cases set reported_at = now(), registered_at = null, due_at = \'10000-01-01\', closed_at = now() where id = $1'],
  ])('a village chief edits %s directly, leaving no event', async (_what, sql) => {
    const before = [await snapshot(db, CASE, [target]), await snapshot(db, EVENTS)]
    const out = refusal(await attemptSql(db, claimsOf('chief'), sql, [target]))
    expect(out).toEqual({ code: '42501', message: 'permission denied for table cases', detail: null })
    expect([await snapshot(db, CASE, [target]), await snapshot(db, EVENTS)]).toEqual(before)
  })

  it('a village chief edits photo ids or timestamps through edit_case', async () => {
    const before = [await snapshot(db, CASE, [target]), await snapshot(db, EVENTS)]
    const version = (before[0]![0] as { version: number }).version
    for (const changes of [{ photoIds: ['x/y.jpg'] }, { dueAt: 253402300799000 }, { reportedAt: 0 }]) {
      const out = refusal(await attempt(db, claimsOf('chief'), c => callRpc(c, 'edit_case', { p_case_id: target, p_changes: changes, p_expected_version: version })))
      expect(out).toMatchObject({ code: 'CL006', message: expect.stringMatching(/cannot be edited; editable: title, description, address/) })
    }
    expect([await snapshot(db, CASE, [target]), await snapshot(db, EVENTS)]).toEqual(before)
  })

  it('the wall viewer corrects a case through edit_case', async () => {
    const before = await snapshot(db, CASE, [target])
    const out = refusal(await attempt(db, claimsOf('viewer'), c => callRpc(c, 'edit_case', { p_case_id: target, p_changes: { title: '改写' }, p_expected_version: 1 })))
    expect(out.code).toBe('CL003')
    expect(await snapshot(db, CASE, [target])).toEqual(before)
  })

  it('a correction through edit_case is logged as an edit event with the old and new values and the real actor', async () => {
    const [row] = await snapshot(db, CASE, [target]) as Array<{ title: string, version: number }>
    const out = await attempt(db, claimsOf('chief'), c => callRpc(c, 'edit_case', { p_case_id: target, p_changes: { title: `${row!.title}（更正）` }, p_expected_version: row!.version }))
    expect(out).toMatchObject({ refused: false, result: { title: `${row!.title}（更正）`, version: row!.version + 1 } })
    const { rows } = await db.admin.query('select kind, actor_id, actor_staff_id, actor_role, case_version, data from public.case_events where case_id = $1 and kind = \'edit\'', [target])
    expect(rows).toEqual([{
      kind: 'edit',
      actor_id: toUuid(USERS.chief),
      actor_staff_id: CHIEF_STAFF,
      actor_role: 'village_chief',
      case_version: row!.version + 1,
      data: { changes: { title: { old: row!.title, new: `${row!.title}（更正）` } } },
    }])
  })
})
