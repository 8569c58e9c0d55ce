import type { PoolClient } from 'pg'
import type { TestDatabase } from './harness/db'
// private.kpi_daily (closed cases per bucket and China-time day, kept by statement triggers on
// cases) must give exactly the KPIs counting the live table gives. The reference is the all-live
// kpis_under as it was before the aggregates, copied from its migration into the test database.
// After a seeded random sequence of every write the app (or an import) can make to cases — one
// row or many in one statement — and a category's dispute flag flipped, and after concurrent
// writers: kpis_under (aggregates + live rest) equals the reference for every grid, county and
// city, over periods aligned on China days, cut mid-day, aligned on UTC days and inside one day,
// measured at instants after every write and in the middle of them (cases closed after the instant
// count as open); the table equals a rebuild from scratch; and no API role can reach it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { fixtureTerritory, NOW, USERS } from './fixtures/territory'
import { ANON, asRequest, callRpc, createTestDatabase, loadDataset, SERVICE, sqlState, userClaims } from './harness/db'
import { MIGRATIONS_DIR } from './harness/postgres'

const DAY = 86_400_000
const HOUR = 3_600_000
/** A China-time (UTC+8) instant. */
const cst = (s: string) => Date.parse(`${s}+08:00`)
// After every timestamp the sequence writes.
const LATER = Date.UTC(2027, 6, 1)
// Instants to measure at: after everything, the fixture's NOW (08:00 China time) and mid-afternoon
// in the middle of the writes (many cases reported before and closed after it).
const NOWS = [LATER, NOW, cst('2026-05-10T15:37:12')]

const PERIODS: Array<[number, number]> = [
  [cst('2026-01-01T00:00:00'), cst('2027-01-01T00:00:00')], // a year of China days: whole days only
  [cst('2026-03-01T00:00:00'), cst('2026-03-31T00:00:00')], // 30 China days
  [cst('2026-03-03T10:17:00'), cst('2026-04-02T10:17:00')], // 30 days ending "now", as the app asks: partial days at both ends
  [Date.UTC(2026, 2, 1), Date.UTC(2026, 4, 1)], // UTC midnights: 08:00 China time at both ends
  [cst('2026-06-03T21:07:00'), cst('2026-06-05T02:11:00')], // one whole day between two partial ones
  [cst('2026-06-03T01:00:00'), cst('2026-06-03T20:00:00')], // inside one day: all live
  [cst('2026-04-20T00:00:00'), cst('2026-08-01T13:00:00')], // across the middle instant and NOW
]

/** mulberry32: a small seeded generator, so a failure replays. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let db: TestDatabase
let zeroKpis: unknown
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, fixtureTerritory())
  // The all-live kpis_under as it was before the aggregates, under another name: the reference.
  const old = readFileSync(join(MIGRATIONS_DIR, '20261203200100_kpis_follow_the_grid.sql'), 'utf8')
  const start = old.indexOf('create function private.kpis_under(')
  const body = old.slice(start, old.indexOf('$$;', start) + 3)
  await db.admin.query(body.replace('private.kpis_under(', 'private.kpis_under_live('))
  await db.admin.query(`grant execute on function private.kpis_under_live(extensions.lquery, extensions.ltree, integer, timestamptz, timestamptz, timestamptz) to authenticated, service_role`)
  zeroKpis = (await db.admin.query(`select private.kpis_json(null) as k`)).rows[0].k
})
afterAll(async () => db?.drop())

type Queryable = pg.Pool | pg.ClientBase
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = [], on: Queryable = db.admin) => (await on.query(sql, params)).rows as T[]
const ts = (ms: number) => new Date(ms).toISOString()

interface KpisUnder { total: unknown, children: Record<string, unknown> }
/**
 * The reference lists a child whose cases count in no figure (e.g. only open cases due after
 * p_now) with all figures zero; the aggregated path leaves it out (the all-live one, which is the
 * reference's query, keeps it). grid_kpis and region_kpis show both the same (a missing child is
 * zeros), so only here are such children dropped before comparing.
 */
function withoutZeroChildren(k: KpisUnder): KpisUnder {
  return { total: k.total, children: Object.fromEntries(Object.entries(k.children).filter(([, v]) => JSON.stringify(v) !== JSON.stringify(zeroKpis))) }
}

/** One random write of a kind the app makes (or an admin import could make), maybe of many rows. */
async function randomWrite(rand: () => number, step: number, on: Queryable = db.admin): Promise<void> {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!
  const cases = await q<{ id: string }>(`select id from public.cases order by id`, [], on)
  const grids = await q<{ id: string }>(`select id from public.grids order by code`, [], on)
  const categories = await q<{ code: string }>(`select code from public.categories order by code`, [], on)
  // Any time of day, so that China midnights (16:00 UTC) fall between a case's timestamps.
  const base = Date.UTC(2026, 0, 1) + Math.floor(rand() * 300) * DAY + Math.floor(rand() * DAY)
  const kind = Math.floor(rand() * 13)
  const c = pick(cases)
  const newCase = (i: number) => {
    const closed = rand() < 0.5
    const at = base + Math.floor(rand() * 3 * DAY)
    return {
      code: `R-${step}-${i}`,
      category_code: pick(categories).code,
      status: closed ? 'closed' : pick(['reported', 'registered', 'dispatched', 'in_progress']),
      outcome: closed ? pick(['resolved', 'mediated', 'unresolvable', 'referred']) : null,
      reported_at: ts(at),
      registered_at: rand() < 0.7 ? ts(at + HOUR) : null,
      closed_at: closed ? ts(at + Math.floor(rand() * 20 * DAY)) : null,
      due_at: ts(at + Math.floor(rand() * 15 * DAY)),
      grid_id: pick(grids).id,
    }
  }
  switch (kind) {
    case 0: case 1: { // intake: one new case, or three in one statement, open or already closed
      const rows = kind === 0 ? [newCase(0)] : [newCase(0), newCase(1), newCase(2)]
      await q(`insert into public.cases (code, category_code, title, source, status, outcome, location, grid_id, reported_at, registered_at, closed_at, due_at)
               select r.code, r.category_code, 'random', 'patrol', r.status::public.case_status, r.outcome::public.case_outcome,
                      extensions.st_pointonsurface(g.boundary), g.id, r.reported_at, r.registered_at, r.closed_at, r.due_at
               from jsonb_to_recordset($1::jsonb) as r(code text, category_code text, status text, outcome text, reported_at timestamptz,
                                                    registered_at timestamptz, closed_at timestamptz, due_at timestamptz, grid_id uuid)
               join public.grids g on g.id = r.grid_id`, [JSON.stringify(rows)], on)
      break
    }
    case 2: // closing
      await q(`update public.cases set status = 'closed', outcome = $2, closed_at = greatest(reported_at, $3::timestamptz) where id = $1`, [c.id, pick(['resolved', 'mediated', 'unresolvable', 'referred']), ts(base)], on)
      break
    case 3: // reopening (returned after closing)
      await q(`update public.cases set status = 'returned', outcome = null, closed_at = null where id = $1`, [c.id], on)
      break
    case 4: // cancelling
      await q(`update public.cases set status = 'cancelled' where id = $1`, [c.id], on)
      break
    case 5: // moved to another grid
      await q(`update public.cases set grid_id = $2 where id = $1`, [c.id, pick(grids).id], on)
      break
    case 6: // reclassified
      await q(`update public.cases set category_code = $2 where id = $1`, [c.id, pick(categories).code], on)
      break
    case 7: // deadline or registration moved
      await q(`update public.cases set due_at = $2, registered_at = case when $3 then null else registered_at end where id = $1`, [c.id, ts(base), rand() < 0.3], on)
      break
    case 8: // a write that changes nothing counted
      await q(`update public.cases set title = 'edited ' || $2 where id = $1`, [c.id, step], on)
      break
    case 9: // deleted (with what hangs on it)
      await q(`delete from public.cases where id = $1`, [c.id], on)
      break
    case 10: // every case of one grid moved to another in one statement (a territory import)
      await q(`update public.cases set grid_id = $2 where grid_id = (select grid_id from public.cases where id = $1)`, [c.id, pick(grids).id], on)
      break
    case 11: // many cases closed in one statement, at times around a China midnight
      await q(`update public.cases set status = 'closed', outcome = 'resolved',
                      closed_at = greatest(reported_at, $2::timestamptz + (extract(epoch from reported_at)::bigint % 7200) * interval '1 second')
               where status <> 'closed' and status <> 'cancelled' and grid_id = (select grid_id from public.cases where id = $1)`, [c.id, ts(Date.UTC(2026, 0, 1) + Math.floor(rand() * 300) * DAY + 15 * HOUR)], on)
      break
    default: // several cases deleted in one statement
      await q(`delete from public.cases where id in (select id from public.cases where grid_id = (select grid_id from public.cases where id = $1) order by id limit 3)`, [c.id], on)
  }
}

/** Every grid (its subtree, children one level down), every county and city, over the periods and instants. */
async function compareAll(periods: Array<[number, number]> = PERIODS, nows: number[] = NOWS): Promise<number> {
  const grids = await q<{ path: string }>(`select path::text from public.grids order by path`)
  const targets: Array<[string, string | null, number]> = grids.map(g => [`${g.path}.*`, g.path, g.path.split('.').length + 1])
  for (const top of new Set(grids.map(g => g.path.split('.')[0]!)))
    targets.push([`${top}.*`, top, 2], [`${top.slice(0, 4)}*.*`, null, 1])
  let compared = 0
  for (const now of nows) {
    for (const [from, to] of periods) {
      const rows = await q<{ agg: KpisUnder, live: KpisUnder, label: string }>(
        `select t.m || ' ' || coalesce(t.r, '-') as label,
                private.kpis_under(t.m::extensions.lquery, t.r::extensions.ltree, t.d, $2, $3, $4) as agg,
                private.kpis_under_live(t.m::extensions.lquery, t.r::extensions.ltree, t.d, $2, $3, $4) as live
         from jsonb_to_recordset($1::jsonb) as t(m text, r text, d integer)`,
        [JSON.stringify(targets.map(([m, r, d]) => ({ m, r, d }))), ts(from), ts(to), ts(now)],
      )
      for (const row of rows) {
        const at = { label: row.label, period: [ts(from), ts(to)], now: ts(now) }
        expect({ ...at, kpis: withoutZeroChildren(row.agg) }).toEqual({ ...at, kpis: withoutZeroChildren(row.live) })
        compared++
      }
    }
  }
  return compared
}

async function expectTableEqualsRebuild(): Promise<void> {
  const kept = await q(`select * from private.kpi_daily
                        where (reported, reported_resolved, reported_on_time, reported_disputes, reported_disputes_resolved, due, due_on_time, closed, handling_ms_sum)
                              <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
                        order by depth, parent, day, bucket`)
  const client = await db.admin.connect()
  try {
    await client.query('begin')
    await client.query('select private.kpi_daily_rebuild()')
    const rebuilt = (await client.query(`select * from private.kpi_daily order by depth, parent, day, bucket`)).rows
    await client.query('rollback')
    expect(rebuilt.length).toBeGreaterThan(0)
    expect(kept).toEqual(rebuilt)
  }
  finally {
    client.release()
  }
}

/** Runs fn in a transaction, retrying when PostgreSQL picked it as a deadlock victim. */
async function inTransaction(client: pg.ClientBase, fn: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await client.query('begin')
    try {
      await fn()
      await client.query('commit')
      return
    }
    catch (error) {
      await client.query('rollback')
      if ((error as { code?: string }).code !== '40P01' || attempt > 5)
        throw error
    }
  }
}

/** Resolves once the backend `pid` waits for a lock. */
async function waitsForLock(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await q<{ w: string | null }>(`select wait_event_type as w from pg_stat_activity where pid = $1`, [pid])
    if (row?.w === 'Lock')
      return
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error(`backend ${pid} never waited for a lock`)
}

async function connect(): Promise<{ client: pg.Client, pid: number }> {
  const server = inject('pg')
  const client = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: db.name })
  await client.connect()
  const pid = (await client.query('select pg_backend_pid() as pid')).rows[0].pid as number
  return { client, pid }
}

describe('kpi_daily', () => {
  it('equals the live count for every grid, region, period and instant after a random sequence of writes', async () => {
    const rand = seeded(13)
    expect((await q<{ n: number }>(`select count(*)::int as n from private.kpi_daily`))[0]!.n).toBeGreaterThan(0)
    await expectTableEqualsRebuild()
    expect(await compareAll()).toBeGreaterThan(300)
    for (let step = 0; step < 240; step++) {
      await randomWrite(rand, step)
      if (step % 80 === 79) {
        await expectTableEqualsRebuild()
        await compareAll()
      }
    }
    // A category's dispute flag flipped: every bucket of its cases recounted.
    await q(`update public.categories set is_dispute = not is_dispute where code = (select min(code) from public.categories)`)
    await expectTableEqualsRebuild()
    await compareAll()
    // A dispute category renamed: the new code cascades to its cases (a cases update whose old rows
    // name a code that no longer exists), and the recount must come after that.
    const [renamed] = await q<{ code: string, n: number }>(`select c.category_code as code, count(*)::int as n from public.cases c
                                                            join public.categories k on k.code = c.category_code and k.is_dispute
                                                            where c.status = 'closed' group by 1 order by 2 desc, 1 limit 1`)
    expect(renamed!.n).toBeGreaterThan(0)
    await q(`update public.categories set code = code || '-r' where code = $1`, [renamed!.code])
    expect((await q<{ n: number }>(`select count(*)::int as n from public.cases where category_code = $1`, [`${renamed!.code}-r`]))[0]!.n).toBeGreaterThan(0)
    await expectTableEqualsRebuild()
    await compareAll()
  }, 600_000)

  it('is what answers, at every instant: a wrong row shows in the figures, but not when the period has no whole day', async () => {
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      const [year, , , , , inside] = PERIODS
      const call = async ([from, to]: [number, number], now: number) => (await client.query(
        `select private.kpis_under('33*.*', null, 1, $1, $2, $3) as k`,
        [ts(from), ts(to), ts(now)],
      )).rows[0].k.total.total as number
      const before = await Promise.all(NOWS.map(async now => [await call(year!, now), await call(inside!, now)]))
      await client.query(`update private.kpi_daily set reported = reported + 1 where depth = 2 and day >= '2026-01-01' and day < '2027-01-01'`)
      for (const [i, now] of NOWS.entries()) {
        expect(await call(year!, now)).toBeGreaterThan(before[i]![0]!)
        expect(await call(inside!, now)).toBe(before[i]![1])
      }
      await client.query('rollback')
    }
    finally {
      client.release()
    }
  })

  it('stays exact under concurrent writers touching the same rows', async () => {
    const { client: a, pid: pidA } = await connect()
    const { client: b, pid: pidB } = await connect()
    try {
      // Two open cases of one grid closed on the same China day by two transactions: the second
      // waits for the first's kpi_daily rows, then adds to what it committed.
      const open = await q<{ id: string }>(`select id from public.cases where status <> 'closed' and status <> 'cancelled'
                                            and grid_id = (select grid_id from public.cases where status <> 'closed' and status <> 'cancelled'
                                                           group by grid_id having count(*) >= 2 order by grid_id limit 1)
                                            order by id limit 2`)
      expect(open).toHaveLength(2)
      const close = `update public.cases set status = 'closed', outcome = 'resolved', closed_at = greatest(reported_at, '2027-03-01T02:00:00Z') where id = $1`
      await a.query('begin')
      await b.query('begin')
      await a.query(close, [open[0]!.id])
      const second = b.query(close, [open[1]!.id])
      await waitsForLock(pidB)
      await a.query('commit')
      await second
      await b.query('commit')
      await expectTableEqualsRebuild()

      // A rebuild waits for a writer in flight and keeps the next one waiting until it is done.
      const [one, two] = (await q<{ id: string }>(`select id from public.cases order by id limit 2`))
      await a.query('begin')
      await a.query(`update public.cases set status = 'cancelled' where id = $1`, [one!.id])
      await b.query('begin')
      const rebuild = b.query('select private.kpi_daily_rebuild()')
      await waitsForLock(pidB)
      await a.query('commit')
      await rebuild
      await a.query('begin')
      const write = a.query(`update public.cases set grid_id = (select id from public.grids order by code desc limit 1) where id = $1`, [two!.id])
      await waitsForLock(pidA)
      await b.query('commit')
      await write
      await a.query('commit')
      await expectTableEqualsRebuild()
    }
    finally {
      await Promise.all([a.end(), b.end()])
    }

    // Four writers at once, each a few transactions of a few random writes.
    const writers = await Promise.all([1, 2, 3, 4].map(() => connect()))
    try {
      await Promise.all(writers.map(async ({ client }, w) => {
        const rand = seeded(100 + w)
        for (let t = 0; t < 12; t++) {
          await inTransaction(client, async () => {
            for (let k = 0; k < 3; k++)
              await randomWrite(rand, 1000 * (w + 1) + 10 * t + k, client)
          })
        }
      }))
    }
    finally {
      await Promise.all(writers.map(({ client }) => client.end()))
    }
    await expectTableEqualsRebuild()
    await compareAll()
  }, 600_000)

  const HOSTILE = [...Object.values(USERS).map(userId => [userId, userClaims(userId)] as const), ['anon', ANON] as const, ['service_role', SERVICE] as const]
  it.each(HOSTILE)('is out of reach of %s, and so are its functions', async (_, claims) => {
    const refused = [
      'select * from private.kpi_daily',
      `insert into private.kpi_daily (depth, parent, bucket, day, reported) values (2, '330102', '330102.001', '2026-03-01', 1000)`,
      'update private.kpi_daily set reported = 0',
      'delete from private.kpi_daily',
      'truncate private.kpi_daily',
      'select private.kpi_daily_rebuild()',
      `select private.kpis_under_rows('33*.*', null, 1, now() - interval '1 year', now(), now())`,
      `select private.kpi_daily_upsert_sql(null, 'public.cases')`,
      `select private.kpi_day(now())`,
      `select private.kpi_day_start(current_date)`,
    ]
    for (const sql of refused) {
      await asRequest(db, claims, async (c) => {
        expect({ sql, state: await sqlState(c, sql) }).toEqual({ sql, state: '42501' })
      })
    }
    const [row] = await q<{ n: number }>(`select count(*)::int as n from private.kpi_daily where reported >= 1000`)
    expect(row!.n).toBe(0)
  })

  /** The user's requests, with the all-live kpis_under swapped in when `live` (rolled back). */
  async function ask(claims: ReturnType<typeof userClaims>, live: boolean): Promise<unknown[]> {
    const client: PoolClient = await db.admin.connect()
    try {
      await client.query('begin')
      if (live) {
        await client.query(`alter function private.kpis_under(extensions.lquery, extensions.ltree, integer, timestamptz, timestamptz, timestamptz) rename to kpis_under_agg`)
        await client.query(`alter function private.kpis_under_live(extensions.lquery, extensions.ltree, integer, timestamptz, timestamptz, timestamptz) rename to kpis_under`)
      }
      await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [claims.role, JSON.stringify(claims)])
      const answers: unknown[] = []
      const grids = (await client.query(`select id from public.grids order by code`)).rows as Array<{ id: string }>
      for (const now of [LATER, NOW]) {
        for (const [from, to] of [PERIODS[0]!, PERIODS[2]!]) {
          const args = { p_from: from, p_to: to, p_now: now }
          for (const region of ['330102', '330103', '3301', '3302']) {
            const state = await sqlState(client, 'select public.region_kpis($1, $2, $3, $4)', [region, from, to, now])
            answers.push(state ?? await callRpc(client, 'region_kpis', { p_region: region, ...args }))
          }
          for (const g of grids)
            answers.push(await callRpc(client, 'grid_kpis', { p_grid_id: g.id, ...args }))
          // Called directly (it is executable by authenticated): the widest match under a root
          // outside the caller's grids, under its own and with no root at all.
          for (const [m, r, d] of [['33*.*', '330103', 2], ['33*.*', '330102.001', 3], ['33*.*', null, 1], ['330102.*', '330102', 2]] as const) {
            const { rows } = await client.query(`select private.kpis_under($1::extensions.lquery, $2::extensions.ltree, $3, $4, $5, $6) as k`, [m, r, d, ts(from), ts(to), ts(now)])
            answers.push(withoutZeroChildren(rows[0].k as KpisUnder))
          }
        }
      }
      return answers
    }
    finally {
      await client.query('rollback')
      client.release()
    }
  }

  it.each(Object.values(USERS))('gives %s through region_kpis, grid_kpis and kpis_under only what the live count over their cases gives', async (userId) => {
    const withAggregates = await ask(userClaims(userId), false)
    expect(withAggregates.length).toBeGreaterThanOrEqual(32)
    expect(withAggregates).toEqual(await ask(userClaims(userId), true))
  })
})
