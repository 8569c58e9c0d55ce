// Attacks by load and by privileges row-level security does not govern (issue 7, "load a low role
// can cause"): unbounded list answers, flooding the append-only log with reminders, emptying
// tables with TRUNCATE, and the other table and sequence privileges. Each test asserts the refusal
// (or the cap) and that nothing changed.
import type { Claims } from '../harness/db'
import { describe, expect, it } from 'vitest'
import { toUuid } from '../../seed/ids'
import { claimsOf, HANDLED, insertCase, useCaseLoopDatabase } from '../fixtures/caseLoop'
import { gridId, USERS } from '../fixtures/territory'
import { ANON, asRequest, callRpc, SERVICE, sqlState } from '../harness/db'
import { attempt, refusal, snapshot } from './attack'

/** Cases added to township T1, beyond the list cap. */
const BULK_CASES = 10_050
/** Staff added to group G11, beyond the list cap. */
const BULK_STAFF = 10_001

const db = useCaseLoopDatabase(async (db) => {
  await db.admin.query(`
    insert into public.cases (code, category_code, title, source, location, grid_id, due_at, reported_at)
    select 'BULK-2026-' || lpad(i::text, 6, '0'), '0101', '批量' || i, 'patrol',
      extensions.st_setsrid(extensions.st_makepoint(120.01 + (i % 97) * 0.0009, 30.01 + (i % 89) * 0.0009), 4326),
      $1, now() + interval '5 days', now() - i * interval '1 minute'
    from generate_series(1, ${BULK_CASES}) i`, [toUuid(gridId('G11'))])
  await db.admin.query(`
    insert into public.staff (name, role, grid_id, phone_masked)
    select '巡查员' || i, 'helper', $1, '' from generate_series(1, ${BULK_STAFF}) i`, [toUuid(gridId('G11'))])
})

/** What every list RPC answers besides its items. */
interface Page { total: number, truncated: boolean, limit: number }
type CasesPage = Page & { cases: Array<{ id: string }> }

describe('every list answer is capped, and says so', () => {
  it('the wall viewer asks cases_in_view for every case of the township at once', async () => {
    const page = await asRequest(db, claimsOf('viewer'), c => callRpc<CasesPage>(c, 'cases_in_view'))
    const { rows: [visible] } = await db.admin.query('select count(*)::int as n from public.cases where grid_path <@ \'330102.001\'')
    expect(visible.n).toBeGreaterThan(10_000)
    expect({ n: page.cases.length, total: page.total, truncated: page.truncated, limit: page.limit }).toEqual({ n: 10_000, total: visible.n, truncated: true, limit: 10_000 })
  })

  it('the wall viewer asks for more than the cap, or a negative page', async () => {
    for (const [name, args] of [
      ['cases_in_view', { p_limit: 10_001 }],
      ['cases_in_view', { p_limit: -1 }],
      ['list_cases', { p_filter: { limit: 10_001 } }],
      ['list_cases', { p_filter: { limit: 100, offset: 2_000_000_000 } }],
    ] as const) {
      const out = refusal(await attempt(db, claimsOf('viewer'), c => callRpc(c, name, args)))
      expect(out.code, `${name} ${JSON.stringify(args)}`).toBe('22023')
      expect(out.message).toMatch(/^(p_limit|p_filter\.limit|p_filter\.offset) must be/)
    }
  })

  it('the ledger pages through the same cases with the total and whether more follow', async () => {
    const page = await asRequest(db, claimsOf('viewer'), c => callRpc<CasesPage>(c, 'list_cases', { p_filter: { limit: 10_000 } }))
    expect({ n: page.cases.length, truncated: page.truncated, limit: page.limit }).toEqual({ n: 10_000, truncated: true, limit: 10_000 })
    expect(page.total).toBeGreaterThan(BULK_CASES)
  })

  it('a village chief lists every member of staff of their village at once', async () => {
    const page = await asRequest(db, claimsOf('chief'), c => callRpc<Page & { items: unknown[] }>(c, 'list_staff'))
    const { rows: [visible] } = await db.admin.query('select count(*)::int as n from public.staff where grid_path <@ \'330102.001.001\'')
    expect({ n: page.items.length, total: page.total, truncated: page.truncated, limit: page.limit }).toEqual({ n: 10_000, total: visible.n, truncated: true, limit: 10_000 })
  })

  it('every list RPC states its cap; below it the answer is whole', async () => {
    const caps = await asRequest(db, claimsOf('foreignAdmin'), async c => ({
      grids: (await callRpc<Page>(c, 'grids_geojson')).limit,
      cases: (await callRpc<Page>(c, 'cases_in_view')).limit,
      staff: (await callRpc<Page>(c, 'list_staff')).limit,
      teams: (await callRpc<Page>(c, 'list_patrol_teams')).limit,
      routes: (await callRpc<Page>(c, 'list_patrol_routes')).limit,
      cameras: (await callRpc<Page>(c, 'list_cameras')).limit,
      places: (await callRpc<Page>(c, 'list_key_places')).limit,
      roads: (await callRpc<Page>(c, 'list_roads')).limit,
      events: (await callRpc<Page>(c, 'case_events_of', { p_case_id: toUuid('case-C1-a') })).limit,
    }))
    expect(caps).toEqual({ grids: 20_000, cases: 10_000, staff: 10_000, teams: 10_000, routes: 10_000, cameras: 10_000, places: 10_000, roads: 20_000, events: 1_000 })
    const whole = await asRequest(db, claimsOf('foreignAdmin'), c => callRpc<Page>(c, 'list_staff'))
    expect([whole.total, whole.truncated]).toEqual([3, false])
  })
})

describe('statement timeouts for the API roles', () => {
  it('are set on the roles, which PostgREST applies to each request it makes as them', async () => {
    const { rows } = await db.admin.query(`select rolname, rolconfig from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by rolname`)
    expect(rows).toEqual([
      { rolname: 'anon', rolconfig: ['statement_timeout=3s'] },
      { rolname: 'authenticated', rolconfig: ['statement_timeout=8s'] },
      { rolname: 'service_role', rolconfig: ['statement_timeout=60s'] },
    ])
  })
})

describe('remind is limited to once per case per user per hour', () => {
  const remind = (claims: Claims, id: string, version = 1) => attempt(db, claims, c => callRpc(c, 'case_transition', { p_case_id: id, p_action: 'remind', p_input: { message: '请尽快处理' }, p_expected_version: version }))
  const reminders = (id: string) => snapshot(db, 'select id, actor_id, at from public.case_events where case_id = $1 and kind = \'remind\' order by id', [id])

  it('a village chief floods the append-only log with 200 reminders in a row: one is logged, the rest refused saying when the next may be sent', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    expect((await remind(claimsOf('chief'), id)).refused).toBe(false)
    // The database's own milliseconds (epoch_ms rounds the microseconds; pg's Date truncates them).
    const { rows: [first] } = await db.admin.query<{ ms: string }>('select private.epoch_ms(at) as ms from public.case_events where case_id = $1 and kind = \'remind\'', [id])
    const lastAt = Number(first!.ms)
    const retryAt = lastAt + 3_600_000
    const before = await reminders(id)
    const outs = []
    for (let i = 0; i < 200; i++)
      outs.push(refusal(await remind(claimsOf('chief'), id)))
    expect(new Set(outs.map(o => o.code))).toEqual(new Set(['CL004']))
    expect(outs[0]!.message).toBe(`Cannot remind case ${id}: you reminded it at ${new Date(lastAt).toISOString()}; you may remind it again from ${new Date(retryAt).toISOString()} (once an hour)`)
    expect(JSON.parse(outs[0]!.detail!)).toMatchObject({ reason: 'rate_limited', retryAt })
    expect(await reminders(id)).toEqual(before)
  })

  it('the limit is per user and per case: the commander, and another case, are not held back', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const other = await insertCase(db, { status: 'in_progress', ...HANDLED })
    expect((await remind(claimsOf('chief'), id)).refused).toBe(false)
    expect((await remind(claimsOf('commander'), id)).refused).toBe(false)
    expect((await remind(claimsOf('chief'), other)).refused).toBe(false)
    expect((await reminders(id)).length).toBe(2)
  })

  it('a reminder an hour after the last is taken again', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    // The log is append-only: the earlier reminders are written as they would have been, back then.
    await db.admin.query(`insert into public.case_events (case_id, kind, from_status, to_status, case_version, actor_id, actor_role, at)
      values ($1, 'remind', 'in_progress', 'in_progress', 1, $2, 'village_chief', now() - interval '61 minutes')`, [id, toUuid(USERS.chief)])
    expect((await remind(claimsOf('chief'), id)).refused).toBe(false)
    await db.admin.query(`insert into public.case_events (case_id, kind, from_status, to_status, case_version, actor_id, actor_role, at)
      values ($1, 'remind', 'in_progress', 'in_progress', 1, $2, 'township_commander', now() - interval '59 minutes')`, [id, toUuid(USERS.commander)])
    expect(refusal(await remind(claimsOf('commander'), id)).code).toBe('CL004')
  })
})

describe('privileges row-level security does not govern', () => {
  const ROLES: Array<[string, Claims]> = [['anon', ANON], ['authenticated (county admin)', claimsOf('admin')], ['service_role', SERVICE]]

  it.each(ROLES)('%s empties the tables with TRUNCATE, which ignores row-level security', async (_label, claims) => {
    const { rows: tables } = await db.admin.query<{ name: string }>('select tablename as name from pg_tables where schemaname = \'public\' order by 1')
    expect(tables.length).toBeGreaterThanOrEqual(16)
    const counts = () => snapshot(db, `select ${tables.map(t => `(select count(*) from public.${t.name})::int as ${t.name}`).join(', ')}`)
    const before = await counts()
    const states = await asRequest(db, claims, async (c) => {
      const out: Record<string, string | null> = {}
      for (const { name } of tables)
        out[name] = await sqlState(c, `truncate public.${name} cascade`)
      return out
    }, { commit: true })
    expect(Object.entries(states).filter(([, s]) => s !== '42501')).toEqual([])
    expect(await counts()).toEqual(before)
  })

  it('no API role holds TRUNCATE, REFERENCES or TRIGGER on any table, or any right on a sequence', async () => {
    const { rows } = await db.admin.query(`
      select r.role, c.relname, p.privilege
      from unnest(array['anon', 'authenticated', 'service_role']) r(role)
      cross join pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join unnest(case when c.relkind = 'S' then array['USAGE', 'SELECT', 'UPDATE'] else array['TRUNCATE', 'REFERENCES', 'TRIGGER'] end) p(privilege)
      where n.nspname in ('public', 'private') and c.relkind in ('r', 'p', 'S')
        and case when c.relkind = 'S' then has_sequence_privilege(r.role, c.oid, p.privilege) else has_table_privilege(r.role, c.oid, p.privilege) end
      order by 1, 2, 3`)
    expect(rows).toEqual([])
  })

  it('a signed-in user rewinds the event log\'s sequence, to make every later move fail on a taken id', async () => {
    const before = await snapshot(db, 'select last_value from public.case_events_id_seq')
    const out = refusal(await attempt(db, claimsOf('admin'), c => c.query('select setval(\'public.case_events_id_seq\', 1)')))
    expect(out.code).toBe('42501')
    expect(await snapshot(db, 'select last_value from public.case_events_id_seq')).toEqual(before)
  })
})
