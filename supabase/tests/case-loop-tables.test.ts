// The case loop's reference data in the database is the TypeScript domain's, and stays so: the
// transition table equals TRANSITIONS row for row, the generated migration is what the generator
// renders today, the calendar holds the holiday lists, and add_working_time counts deadlines
// exactly as addWorkingTime. Also: who may read and write unit memberships.
import type { TransitionRow } from '~/domain/caseLoop'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addWorkingTime, CN_HOLIDAYS, CN_MAKEUP_WORKDAYS, CN_TOWNSHIP_CALENDAR, normalizeTransitionRows, transitionRows, TRANSITIONS } from '~/domain/caseLoop'
import { CASE_LOOP_DATA_MIGRATION, renderCaseLoopDataSql } from '../seed/caseLoopData'
import { toUuid } from '../seed/ids'
import { claimsOf, LOOP_USERS, useCaseLoopDatabase } from './fixtures/caseLoop'
import { asRequest } from './harness/db'
import { MIGRATIONS_DIR } from './harness/postgres'

const db = useCaseLoopDatabase()

async function tableRows(): Promise<TransitionRow[]> {
  const { rows } = await db.admin.query<TransitionRow>(`
    select action, from_status::text as from_status, to_status::text as to_status, roles::text[] as roles,
           relations, requires, records, bumps_version
    from public.case_transitions`)
  return rows
}

describe('public.case_transitions is the TypeScript machine', () => {
  it('holds exactly the rows of TRANSITIONS', async () => {
    const rows = await tableRows()
    expect(rows).toHaveLength(TRANSITIONS.length)
    expect(normalizeTransitionRows(rows)).toEqual(normalizeTransitionRows(transitionRows(TRANSITIONS)))
  })

  it('would notice a drifted row: one role more on one move is a difference', async () => {
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      await client.query(`update public.case_transitions set roles = roles || 'wall_viewer'::public.app_role where action = 'remind' and from_status = 'reported'`)
      const { rows } = await client.query<TransitionRow>(`select action, from_status::text as from_status, to_status::text as to_status,
        roles::text[] as roles, relations, requires, records, bumps_version from public.case_transitions`)
      expect(normalizeTransitionRows(rows)).not.toEqual(normalizeTransitionRows(transitionRows(TRANSITIONS)))
    }
    finally {
      await client.query('rollback')
      client.release()
    }
  })

  it('the committed data migration is what the generator renders from the domain today', () => {
    expect(readFileSync(join(MIGRATIONS_DIR, CASE_LOOP_DATA_MIGRATION), 'utf8')).toBe(renderCaseLoopDataSql())
  })

  it('every signed-in member may read it, nobody may change it through the API', async () => {
    const seen = await asRequest(db, claimsOf('viewer'), async c => (await c.query('select count(*)::int as n from public.case_transitions')).rows[0].n)
    expect(seen).toBe(TRANSITIONS.length)
    for (const user of ['admin', 'commander'] as const) {
      const error = await asRequest(db, claimsOf(user), c => c.query('delete from public.case_transitions').then(() => null, (e: { code: string }) => e.code))
      expect(error, user).toBe('42501')
    }
  })
})

describe('the working calendar', () => {
  it('holds the township calendar of workingTime.ts as the default', async () => {
    const { rows } = await db.admin.query(`select id, utc_offset_minutes, periods, weekend_days, is_default from public.working_calendars`)
    expect(rows).toEqual([{
      id: CN_TOWNSHIP_CALENDAR.id,
      utc_offset_minutes: CN_TOWNSHIP_CALENDAR.utcOffsetMinutes,
      periods: CN_TOWNSHIP_CALENDAR.periods,
      weekend_days: [...CN_TOWNSHIP_CALENDAR.weekendDays],
      is_default: true,
    }])
    const days = await db.admin.query<{ day: string, kind: string }>(`select to_char(day, 'YYYY-MM-DD') as day, kind from public.calendar_days order by day`)
    expect(days.rows.filter(d => d.kind === 'holiday').map(d => d.day)).toEqual([...CN_HOLIDAYS].sort())
    expect(days.rows.filter(d => d.kind === 'makeup').map(d => d.day)).toEqual([...CN_MAKEUP_WORKDAYS].sort())
  })

  it('refuses malformed working periods with the messages of workingTime.ts', async () => {
    const attempt = async (periods: unknown) => db.admin.query(
      `insert into public.working_calendars (id, utc_offset_minutes, periods) values ('bad', 480, $1)`,
      [JSON.stringify(periods)],
    ).then(() => null, (e: { code: string }) => e.code)
    expect(await attempt([])).toBe('23514')
    expect(await attempt([{ start: '25:00', end: '26:00' }])).toBe('23514')
    expect(await attempt([{ start: '13:00', end: '12:00' }])).toBe('23514')
    expect(await attempt([{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }])).toBe('23514')
    const { rows } = await db.admin.query(`select private.calendar_periods_error('bad', $1) as why`, [JSON.stringify([{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }])])
    expect(rows[0].why).toBe('calendar bad: working periods overlap or are out of order at 11:00')
  })
})

describe('add_working_time equals addWorkingTime', () => {
  const MINUTE = 60_000
  // Local midnights (+08:00) of days around weekends, the 2025 and 2026 holidays and their make-up days.
  const days = [
    '2025-01-24',
    '2025-01-26',
    '2025-01-27',
    '2025-02-04',
    '2025-02-07',
    '2025-02-08',
    '2025-04-03',
    '2025-04-27',
    '2025-04-30',
    '2025-05-06',
    '2025-09-26',
    '2025-09-28',
    '2025-09-30',
    '2025-10-08',
    '2025-10-11',
    '2026-01-01',
    '2026-01-04',
    '2026-02-13',
    '2026-02-14',
    '2026-02-16',
    '2026-02-24',
    '2026-02-27',
    '2026-02-28',
    '2026-05-08',
    '2026-05-09',
    '2026-06-18',
    '2026-09-18',
    '2026-09-20',
    '2026-09-25',
    '2026-09-30',
    '2026-10-09',
    '2026-10-10',
    '2026-11-20',
    '2026-11-21',
    '2026-12-31',
  ].map(d => Date.parse(`${d}T00:00:00+08:00`))
  // Times of day: before work, the first minute, the morning, lunch, the last minute, after work.
  const offsets = [0, 8 * 60 + 29, 8 * 60 + 30, 10 * 60 + 15, 12 * 60, 12 * 60 + 45, 13 * 60 + 30, 17 * 60 + 29, 17 * 60 + 30, 21 * 60].map(m => m * MINUTE)
  const deadlines = [
    { amount: 1, unit: 'working_hours' as const },
    { amount: 2, unit: 'working_hours' as const },
    { amount: 8, unit: 'working_hours' as const },
    { amount: 0.5, unit: 'working_hours' as const },
    { amount: 1, unit: 'working_days' as const },
    { amount: 3, unit: 'working_days' as const },
    { amount: 10, unit: 'working_days' as const },
    { amount: 0, unit: 'working_days' as const },
  ]
  const cases = days.flatMap((day, i) => offsets.map((o, j) => ({ start: day + o, deadline: deadlines[(i + j) % deadlines.length]! })))

  it(`over ${cases.length} start times across weekends, holidays and make-up days`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(300)
    const { rows } = await db.admin.query<{ due: number }>(`
      select private.epoch_ms(public.add_working_time(private.from_epoch_ms_exact(s), a, u)) as due
      from unnest($1::bigint[], $2::numeric[], $3::text[]) with ordinality as x(s, a, u, o) order by o`, [
      cases.map(c => c.start),
      cases.map(c => c.deadline.amount),
      cases.map(c => c.deadline.unit),
    ])
    const mismatches = cases
      .map((c, i) => ({ ...c, sql: rows[i]!.due, ts: addWorkingTime(c.start, c.deadline, CN_TOWNSHIP_CALENDAR) }))
      .filter(r => r.sql !== r.ts)
      .map(r => `${new Date(r.start).toISOString()} + ${r.deadline.amount} ${r.deadline.unit}: sql ${new Date(r.sql).toISOString()}, ts ${new Date(r.ts).toISOString()}`)
    expect(mismatches).toEqual([])
  })

  it('every default deadline of the category tree, from every hour of a holiday week', async () => {
    const { rows: categories } = await db.admin.query<{ amount: number, unit: 'working_hours' | 'working_days' | 'clock_hours' }>(
      `select distinct default_deadline_amount as amount, default_deadline_unit as unit from public.categories where default_deadline_amount is not null`,
    )
    const starts = Array.from({ length: 24 * 9 }, (_, h) => Date.parse('2026-09-24T00:00:00+08:00') + h * 3_600_000 + 7 * MINUTE)
    const pairs = starts.flatMap(s => categories.map(c => ({ start: s, deadline: c })))
    const { rows } = await db.admin.query<{ due: number }>(`
      select private.epoch_ms(public.add_working_time(private.from_epoch_ms_exact(s), a, u)) as due
      from unnest($1::bigint[], $2::numeric[], $3::text[]) with ordinality as x(s, a, u, o) order by o`, [
      pairs.map(p => p.start),
      pairs.map(p => p.deadline.amount),
      pairs.map(p => p.deadline.unit),
    ])
    const wrong = pairs.filter((p, i) => rows[i]!.due !== addWorkingTime(p.start, p.deadline, CN_TOWNSHIP_CALENDAR))
    expect(wrong).toEqual([])
    expect(pairs.length).toBeGreaterThan(1000)
  })

  it('runs the urgent categories on the clock: a group incident at 16:12 is due at 18:12 the same day', async () => {
    const { rows: units } = await db.admin.query<{ code: string, unit: string }>(`select code, default_deadline_unit as unit from public.categories where parent_code = '08' order by code`)
    expect(units.length).toBeGreaterThan(0)
    expect(units.every(u => u.unit === 'clock_hours')).toBe(true)
    const start = Date.parse('2026-03-04T16:12:00+08:00')
    const saturdayNight = Date.parse('2026-03-07T23:00:00+08:00')
    const { rows } = await db.admin.query<{ a: number, b: number, c: number }>(`
      select private.epoch_ms(public.add_working_time(private.from_epoch_ms_exact($1), c.default_deadline_amount, c.default_deadline_unit)) as a,
             private.epoch_ms(public.add_working_time(private.from_epoch_ms_exact($2), 4, 'clock_hours')) as b,
             private.epoch_ms(public.add_working_time(private.from_epoch_ms_exact($1), 2, 'working_hours')) as c
      from public.categories c where c.code = '0801'`, [start, saturdayNight])
    expect(rows[0]!.a).toBe(Date.parse('2026-03-04T18:12:00+08:00'))
    expect(rows[0]!.b).toBe(Date.parse('2026-03-08T03:00:00+08:00'))
    expect(rows[0]!.c).toBe(Date.parse('2026-03-05T09:12:00+08:00'))
  })

  it('lets a county set clock hours, within a month', async () => {
    const fail = (sql: string) => db.admin.query(sql).then(() => null, (e: { code: string }) => e.code)
    expect(await fail(`insert into public.categories (code, parent_code, name, default_deadline_amount, default_deadline_unit) values ('T801', '08', 'x', 3, 'clock_hours')`)).toBeNull()
    expect(await fail(`insert into public.categories (code, parent_code, name, default_deadline_amount, default_deadline_unit) values ('T802', '08', 'x', 3, 'fortnights')`)).toBe('23514')
    await db.admin.query(`delete from public.categories where code in ('T801', 'T802')`)
  })

  it('refuses what addWorkingTime refuses, with its messages', async () => {
    const fail = (sql: string) => db.admin.query(sql).then(() => null, (e: { code: string, message: string }) => `${e.code} ${e.message}`)
    expect(await fail(`select public.add_working_time(now(), -1, 'working_hours')`)).toBe('22023 deadline amount must be a finite number ≥ 0, got -1')
    expect(await fail(`select public.add_working_time(now(), 1.5, 'working_days')`)).toBe('22023 working days must be a whole number, got 1.5')
    expect(await fail(`select public.add_working_time(now(), 1, 'weeks')`)).toBe('22023 deadline unit must be working_hours, working_days or clock_hours, got "weeks"')
    expect(await fail(`select public.add_working_time(now(), -1, 'clock_hours')`)).toBe('22023 deadline amount must be a finite number ≥ 0, got -1')
    expect(await fail(`select public.add_working_time(now(), 1, 'working_days', 'nowhere')`)).toBe('P0002 working calendar "nowhere" not found')
  })

  it('does not depend on the session time zone', async () => {
    const start = Date.parse('2026-03-06T16:00:00+08:00')
    const client = await db.admin.connect()
    try {
      const dues: number[] = []
      for (const zone of ['UTC', 'America/New_York', 'Asia/Shanghai', 'Australia/Lord_Howe']) {
        await client.query(`set time zone '${zone}'`)
        const { rows } = await client.query(`select private.epoch_ms(public.add_working_time(private.from_epoch_ms_exact($1), 3, 'working_hours')) as due`, [start])
        dues.push(rows[0].due)
      }
      expect(new Set(dues).size).toBe(1)
      expect(dues[0]).toBe(addWorkingTime(start, { amount: 3, unit: 'working_hours' }, CN_TOWNSHIP_CALENDAR))
    }
    finally {
      await client.query('reset time zone')
      client.release()
    }
  })
})

describe('unit_members', () => {
  const count = async (user: Parameters<typeof claimsOf>[0]) =>
    asRequest(db, claimsOf(user), async c => (await c.query('select count(*)::int as n from public.unit_members')).rows[0].n as number)

  it('each user reads their own rows; the county admin reads them all', async () => {
    expect(await count('police')).toBe(1)
    expect(await count('twoUnits')).toBe(2)
    expect(await count('commander')).toBe(0)
    expect(await count('admin')).toBe(4)
    expect(await count('outsider')).toBe(0)
  })

  it('only a county admin adds or removes a unit member', async () => {
    const insert = (user: Parameters<typeof claimsOf>[0]) => asRequest(db, claimsOf(user), c =>
      c.query('insert into public.unit_members (user_id, unit_id) values ($1, \'fire\')', [toUuid(LOOP_USERS.commander)]).then(() => 'ok', (e: { code: string }) => e.code))
    expect(await insert('admin')).toBe('ok')
    expect(await insert('commander')).toBe('42501')
    expect(await insert('police')).toBe('42501')
    // The officer sees their own row, so removing it is refused out loud rather than matching nothing.
    const removed = await asRequest(db, claimsOf('police'), c => c.query('delete from public.unit_members').then(r => r.rowCount, (e: { code: string }) => e.code))
    expect(removed).toBe('42501')
    expect((await db.admin.query('select count(*)::int as n from public.unit_members where user_id = $1', [toUuid(LOOP_USERS.police)])).rows[0].n).toBe(1)
  })

  it('my_access reports the caller\'s units', async () => {
    const me = await asRequest(db, claimsOf('twoUnits'), async c => (await c.query('select public.my_access() as me')).rows[0].me)
    expect(me.unitIds).toEqual(['justice', 'labour'])
    const none = await asRequest(db, claimsOf('chief'), async c => (await c.query('select public.my_access() as me')).rows[0].me)
    expect(none.unitIds).toEqual([])
  })
})
