// Attacks on intake (issue 7, "intake"): blocking a township's case numbers with a direct insert,
// skipping intake's rules, deadlines beyond reason, and planting or probing reporter contacts.
// Made as PostgREST would make them, committed if they work; each test asserts the refusal and
// that nothing changed. Four townships in two counties take part.
import type { PoolClient } from 'pg'
import type { LoopUser } from '../fixtures/caseLoop'
import type { GridKey } from '../fixtures/territory'
import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { toUuid } from '../../seed/ids'
import { claimsOf, HANDLED, insertCase, transitionOn, useCaseLoopDatabase } from '../fixtures/caseLoop'
import { caseId, gridId, pointIn } from '../fixtures/territory'
import { asRequest, callRpc, SERVICE } from '../harness/db'
import { attempt, attemptSql, refusal, snapshot } from './attack'

const db = useCaseLoopDatabase()

/** A valid report at a point of `grid`. */
function report(grid: GridKey, extra: Record<string, unknown> = {}) {
  return {
    categoryCode: '0101',
    title: '占道经营',
    description: '路口早市占用机动车道。',
    source: 'patrol',
    location: pointIn(grid, 0.3, 0.6),
    ...extra,
  }
}

const createIn = (grid: GridKey, extra?: Record<string, unknown>) => (c: PoolClient) => callRpc<CaseRecord>(c, 'create_case', { p_input: report(grid, extra) })

/** The code create_case would hand out next in `grid` (asked in a request that is rolled back). */
async function nextCode(user: LoopUser, grid: GridKey): Promise<string> {
  return (await asRequest(db, claimsOf(user), createIn(grid))).code
}

const CASES = 'select id, code, grid_id, due_at, location::text from public.cases order by id'
const CONTACTS = 'select case_id, reporter_name, reporter_phone from public.case_contacts order by case_id'
const COUNTERS = 'select township_path::text, year, last_seq from private.case_code_sequences order by 1, 2'

const DIRECT_INSERT = `insert into public.cases (code, category_code, title, source, location, grid_id, due_at, photo_ids)
  values ($1, '0101', '抢号', 'patrol', extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326), $4, $5::timestamptz, $6)`

describe('case numbers nobody can block', () => {
  it('a grid worker inserts a case directly under the code create_case hands out next, to stop the township\'s intake', async () => {
    const code = await nextCode('worker', 'G11')
    const before = [await snapshot(db, CASES), await snapshot(db, COUNTERS)]
    const out = refusal(await attemptSql(db, claimsOf('worker'), DIRECT_INSERT, [code, ...pointIn('G11', 0.5, 0.5), toUuid(gridId('G11')), '2026-12-31', []]))
    expect(out).toEqual({ code: '42501', message: 'permission denied for table cases', detail: null })
    expect([await snapshot(db, CASES), await snapshot(db, COUNTERS)]).toEqual(before)
    // Intake goes on, at that very number.
    const made = await attempt(db, claimsOf('worker'), createIn('G11'))
    expect(made).toMatchObject({ refused: false, result: { code } })
  })

  it('service_role inserts a case directly too', async () => {
    const before = await snapshot(db, CASES)
    const out = refusal(await attemptSql(db, SERVICE, DIRECT_INSERT, ['SVC-2026-000001', ...pointIn('T2', 0.5, 0.5), toUuid(gridId('T2')), '2026-12-31', []]))
    expect(out.code).toBe('42501')
    expect(await snapshot(db, CASES)).toEqual(before)
  })

  it('a direct insert skipping every rule: a point at 0,0, deadlines in 1970 and the year 10000, someone else\'s photo ids', async () => {
    const before = await snapshot(db, CASES)
    for (const due of ['1970-01-01', '10000-01-01']) {
      const out = refusal(await attemptSql(db, claimsOf('chief'), DIRECT_INSERT, ['RULES-1', 0, 0, toUuid(gridId('V1')), due, ['00000000-0000-4000-8000-000000000001/a.jpg']]))
      expect(out.code).toBe('42501')
    }
    expect(await snapshot(db, CASES)).toEqual(before)
  })

  it('a grid worker moves the township\'s case counter back, or reads it', async () => {
    const before = await snapshot(db, COUNTERS)
    for (const sql of ['update private.case_code_sequences set last_seq = 0', 'select * from private.case_code_sequences', 'insert into private.case_code_prefixes values (\'330102.002\', \'ZZ\')'])
      expect(refusal(await attemptSql(db, claimsOf('worker'), sql)).code, sql).toBe('42501')
    expect(await snapshot(db, COUNTERS)).toEqual(before)
  })

  it('a code taken anyway (a superuser import) is skipped: create_case carries on with the next number instead of failing there for good', async () => {
    const code = await nextCode('admin', 'T2')
    await db.admin.query(DIRECT_INSERT, [code, ...pointIn('T2', 0.5, 0.5), toUuid(gridId('T2')), '2026-12-31', []])
    const next = code.replace(/(\d+)$/, n => String(Number(n) + 1).padStart(n.length, '0'))
    expect(await attempt(db, claimsOf('admin'), createIn('T2'))).toMatchObject({ refused: false, result: { code: next } })
  })

  it('four townships in two counties, all of whose existing codes share one prefix, each get a prefix of their own', async () => {
    const codes: Record<string, string> = {}
    for (const [user, grid] of [['admin', 'V2'], ['admin', 'H11'], ['foreignAdmin', 'CV1'], ['foreignAdmin', 'C2']] as const) {
      const made = await attempt(db, claimsOf(user), createIn(grid))
      codes[grid] = (made as { result: CaseRecord }).result.code
    }
    const prefixes = Object.values(codes).map(c => c.replace(/-\d{4}-\d+$/, ''))
    expect(new Set(prefixes).size).toBe(4)
    const { rows } = await db.admin.query('select township_path::text as township, prefix from private.case_code_prefixes order by 1')
    expect(new Set(rows.map(r => r.prefix)).size).toBe(rows.length)
    expect(rows.map(r => r.township)).toEqual(['330102.001', '330102.002', '330103.001', '330103.002'])
  })
})

describe('intake keeps its rules', () => {
  it('a county admin reports a case at 0,0', async () => {
    const before = await snapshot(db, CASES)
    const out = refusal(await attempt(db, claimsOf('admin'), c => callRpc(c, 'create_case', { p_input: report('T1', { location: [0, 0] }) })))
    expect(out.code).toBe('CL006')
    expect(JSON.parse(out.detail!)).toMatchObject({ field: 'location', reason: 'outside_territory' })
    expect(await snapshot(db, CASES)).toEqual(before)
  })

  it('a report names its own deadline or code', async () => {
    const before = await snapshot(db, CASES)
    const made = await attempt(db, claimsOf('worker'), createIn('G11', { dueAt: 0, code: 'MINE-1' }))
    // Unknown keys are ignored by intake, as by validateNewCase: the deadline comes from the category.
    const record = (made as { result: CaseRecord }).result
    expect(record.code).not.toBe('MINE-1')
    expect(record.dueAt).toBeGreaterThan(Date.now())
    expect((await snapshot(db, CASES)).length).toBe(before.length + 1)
  })

  it.each([
    ['register', 'reported', {}],
    ['dispatch', 'registered', { leadUnitId: 'police' }],
    ['accept_escalation', 'escalated', {}],
  ] as const)('a manager sets a deadline in 1970 or in the year 10000 with %s', async (action, status, input) => {
    const id = await insertCase(db, { status, level: status === 'escalated' ? 1 : 0 })
    const before = [await snapshot(db, 'select * from public.cases where id = $1', [id]), await snapshot(db, 'select * from public.case_events where case_id = $1', [id])]
    for (const dueAt of [0, 253402300800000, Date.now() + 367 * 86_400_000]) {
      const out = await asRequest(db, claimsOf('commander'), c => transitionOn(c, id, action, { ...input, dueAt }, 1), { commit: true })
      expect(out).toMatchObject({ ok: false, code: 'invalid_input', field: 'dueAt', message: expect.stringMatching(/must be after now and at most 366 days ahead/) })
    }
    expect([await snapshot(db, 'select * from public.cases where id = $1', [id]), await snapshot(db, 'select * from public.case_events where case_id = $1', [id])]).toEqual(before)
    // A deadline within bounds is taken, and the event records it.
    const dueAt = Date.now() + 30 * 86_400_000
    const done = await asRequest(db, claimsOf('commander'), c => transitionOn(c, id, action, { ...input, dueAt }, 1), { commit: true })
    expect(done).toMatchObject({ ok: true, record: { dueAt }, event: { payload: { dueAt } } })
  })

  it('a county admin sets a category deadline of 0 hours or of 10,000 working days for the county', async () => {
    const before = await snapshot(db, 'select * from public.category_settings')
    for (const [amount, unit] of [[0, 'working_hours'], [10000, 'working_days'], [481, 'working_hours']] as const) {
      const out = refusal(await attemptSql(db, claimsOf('admin'), `insert into public.category_settings (county_path, category_code, default_deadline_amount, default_deadline_unit)
        values ('330102', '0101', $1, $2)`, [amount, unit]))
      expect(out.code, `${amount} ${unit}`).toBe('23514')
    }
    expect(await snapshot(db, 'select * from public.category_settings')).toEqual(before)
  })
})

describe('reporter contacts: written at intake only, and never revealed by an error', () => {
  const withContact = toUuid(caseId('G11', 'a'))
  const without = toUuid(caseId('G11', 'b'))
  const plant = (id: string) => attemptSql(db, claimsOf('worker'), 'insert into public.case_contacts (case_id, reporter_name, reporter_phone) values ($1, \'假报告人\', \'13700137000\')', [id])

  it('a grid worker plants a reporter contact on a case that has none', async () => {
    const before = await snapshot(db, CONTACTS)
    const out = refusal(await plant(without))
    expect(out).toEqual({ code: '42501', message: 'permission denied for table case_contacts', detail: null })
    expect(await snapshot(db, CONTACTS)).toEqual(before)
  })

  it('a grid worker probes whether a hidden contact exists: the refusal is the same with and without one', async () => {
    const before = await snapshot(db, CONTACTS)
    expect(refusal(await plant(withContact))).toEqual(refusal(await plant(without)))
    // The RPC answers alike too: nothing to read, whether or not there is something.
    const read = (id: string) => attempt(db, claimsOf('viewer'), c => callRpc(c, 'case_contact', { p_case_id: id }))
    expect(await read(withContact)).toEqual(await read(without))
    expect(await snapshot(db, CONTACTS)).toEqual(before)
  })

  it('a case\'s handler rewrites or deletes the reporter\'s contact directly', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    await db.admin.query('insert into public.case_contacts (case_id, reporter_name, reporter_phone) values ($1, \'赵六\', \'13600136000\')', [id])
    const before = await snapshot(db, CONTACTS)
    for (const sql of ['update public.case_contacts set reporter_phone = \'13000000000\' where case_id = $1', 'delete from public.case_contacts where case_id = $1'])
      expect(refusal(await attemptSql(db, claimsOf('worker'), sql, [id])).code, sql).toBe('42501')
    expect(await snapshot(db, CONTACTS)).toEqual(before)
  })
})
