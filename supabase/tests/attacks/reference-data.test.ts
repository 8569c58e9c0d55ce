// Attacks on reference data (issue 7, "reference data and geometry"): a county admin changing or
// deleting another county's categories, units, unit officers, calendars, holidays and roads, or the
// national defaults every county shares. Each county now keeps its own rows beside the national
// defaults (written by service_role only). Each test asserts the refusal and that nothing changed:
// a row the caller sees but may not write gets an error saying who writes it; another county's
// rows are not seen, so a write of them matches nothing, as for a row that does not exist.
import { describe, expect, it } from 'vitest'
import { toUuid } from '../../seed/ids'
import { claimsOf, LOOP_USERS, useCaseLoopDatabase } from '../fixtures/caseLoop'
import { gridId } from '../fixtures/territory'
import { SERVICE } from '../harness/db'
import { attemptSql, refusal, snapshot } from './attack'

// The other county's own reference rows, made as its administrators would have made them.
const db = useCaseLoopDatabase(async (db) => {
  await db.admin.query(`
    insert into public.units (id, name, county_path) values ('c2-police', '乙县公安局', '330103');
    insert into public.unit_members (user_id, unit_id, county_path) values ('${toUuid(LOOP_USERS.foreignCommander)}', 'c2-police', '330103'), ('${toUuid(LOOP_USERS.foreignCommander)}', 'police', '330103');
    insert into public.category_settings (county_path, category_code, default_deadline_amount, default_deadline_unit) values ('330103', '0101', 3, 'working_days');
    insert into public.working_calendars (id, name, utc_offset_minutes, periods, county_path) values ('c2-calendar', '乙县', 480, '[{"start":"09:00","end":"17:00"}]', '330103');
    insert into public.calendar_days (calendar_id, day, kind) values ('c2-calendar', '2026-10-01', 'holiday');
    insert into public.roads (id, name, kind, path, county_path) values (gen_random_uuid(), '乙县大道', 'main', extensions.st_geomfromtext('LINESTRING(121.0 30.1, 121.4 30.1)', 4326), '330103');`)
})

/** Every reference row of every county, as the superuser sees it. */
const REFERENCE = `select json_build_object(
  'categories', (select json_agg(c order by code) from public.categories c),
  'units', (select json_agg(u order by id) from public.units u),
  'unit_members', (select json_agg(m order by user_id, unit_id) from public.unit_members m),
  'category_settings', (select json_agg(s order by county_path, category_code) from public.category_settings s),
  'working_calendars', (select json_agg(w order by id) from public.working_calendars w),
  'calendar_days', (select json_agg(d order by calendar_id, day) from public.calendar_days d),
  'roads', (select json_agg(r order by id) from public.roads r)) as all`

async function unchangedAfter(fn: () => Promise<void>): Promise<void> {
  const before = await snapshot(db, REFERENCE)
  await fn()
  expect(await snapshot(db, REFERENCE)).toEqual(before)
}

describe('another county\'s reference data is out of reach', () => {
  it.each([
    ['deletes its unit officers', 'delete from public.unit_members where county_path::text = \'330103\''],
    ['changes its category deadlines', 'update public.category_settings set default_deadline_amount = 90 where county_path::text = \'330103\''],
    ['deletes its category settings', 'delete from public.category_settings where county_path::text = \'330103\''],
    ['renames its own police unit', 'update public.units set name = \'改名\' where id = \'c2-police\''],
    ['deletes its unit', 'delete from public.units where id = \'c2-police\''],
    ['moves its calendar\'s working hours', 'update public.working_calendars set periods = \'[{"start":"00:00","end":"01:00"}]\' where id = \'c2-calendar\''],
    ['deletes its holidays', 'delete from public.calendar_days where calendar_id = \'c2-calendar\''],
    ['renames and deletes its roads', 'with r as (update public.roads set name = \'改名\' where county_path::text = \'330103\' returning 1) delete from public.roads where county_path::text = \'330103\''],
  ])('a county admin of 330102 %s: nothing is matched, as for rows that do not exist', async (_what, sql) => {
    await unchangedAfter(async () => {
      expect(await attemptSql(db, claimsOf('admin'), sql)).toEqual({ refused: false, result: 0 })
    })
  })

  it.each([
    ['a unit', 'insert into public.units (id, name, county_path) values (\'planted\', \'假单位\', \'330103\')'],
    ['an officer of its unit', `insert into public.unit_members (user_id, unit_id, county_path) values ('${toUuid(LOOP_USERS.admin)}', 'c2-police', '330103')`],
    ['a category setting', 'insert into public.category_settings (county_path, category_code, default_deadline_amount, default_deadline_unit) values (\'330103\', \'0301\', 90, \'working_days\')'],
    ['a holiday in its calendar', 'insert into public.calendar_days (calendar_id, day, kind) values (\'c2-calendar\', \'2026-10-02\', \'holiday\')'],
    ['a road', 'insert into public.roads (id, name, kind, path, county_path) values (gen_random_uuid(), \'假路\', \'main\', extensions.st_geomfromtext(\'LINESTRING(121 30, 121.1 30)\', 4326), \'330103\')'],
  ])('a county admin of 330102 adds %s to county 330103', async (_what, sql) => {
    await unchangedAfter(async () => {
      const out = refusal(await attemptSql(db, claimsOf('admin'), sql))
      expect(out.code).toBe('42501')
    })
  })

  it('members of one county read none of another county\'s own rows', async () => {
    const out = await attemptSql(db, claimsOf('admin'), `select 1 from public.units where county_path::text = '330103'
      union all select 1 from public.category_settings where county_path::text = '330103'
      union all select 1 from public.working_calendars where county_path::text = '330103'
      union all select 1 from public.calendar_days where calendar_id = 'c2-calendar'
      union all select 1 from public.roads where county_path::text = '330103'
      union all select 1 from public.unit_members where county_path::text = '330103'`)
    expect(out).toEqual({ refused: false, result: 0 })
  })
})

describe('the national defaults are the platform\'s', () => {
  it.each([
    ['changes the national category deadlines', 'update public.categories set default_deadline_amount = 1 where default_deadline_amount is not null', 'permission denied for table categories'],
    ['deletes a category', 'delete from public.categories where code = \'0101\'', 'permission denied for table categories'],
    ['renames the national police unit', 'update public.units set name = \'改名\' where id = \'police\'', 'units: the national defaults are written by the platform (service_role) only'],
    ['deletes a national unit', 'delete from public.units where id = \'police\'', 'units: the national defaults are written by the platform (service_role) only'],
    ['claims a national unit for the county', 'update public.units set county_path = \'330102\' where id = \'police\'', 'units: the national defaults are written by the platform (service_role) only'],
    ['moves the national working hours', 'update public.working_calendars set periods = \'[{"start":"00:00","end":"01:00"}]\' where county_path is null', 'working_calendars: the national defaults are written by the platform (service_role) only'],
    ['deletes the national holidays', 'delete from public.calendar_days where county_path is null', 'calendar_days: the national defaults are written by the platform (service_role) only'],
  ])('a county admin %s', async (_what, sql, message) => {
    await unchangedAfter(async () => {
      expect(refusal(await attemptSql(db, claimsOf('admin'), sql))).toMatchObject({ code: '42501', message })
    })
  })

  it('service_role changes them, and the change is logged with old and new', async () => {
    const out = await attemptSql(db, SERVICE, 'update public.units set name = \'派出所（更名）\' where id = \'police\'')
    expect(out).toEqual({ refused: false, result: 1 })
    const { rows } = await db.admin.query('select actor_role, kind, target_table, target_id, scope_path, data #>> \'{old,name}\' as old, data #>> \'{new,name}\' as new from public.admin_events where target_table = \'units\'')
    expect(rows).toEqual([{ actor_role: 'service_role', kind: 'reference_update', target_table: 'units', target_id: 'police', scope_path: null, old: expect.any(String), new: '派出所（更名）' }])
  })
})

describe('in their own county, only its administrators write', () => {
  it.each([
    ['township commander', 'commander'],
    ['village chief', 'chief'],
    ['grid worker', 'worker'],
  ] as const)('a %s changes the county\'s category settings or units', async (_label, user) => {
    await db.admin.query('insert into public.category_settings (county_path, category_code, default_deadline_amount, default_deadline_unit) values (\'330102\', \'0301\', 5, \'working_days\') on conflict do nothing')
    await unchangedAfter(async () => {
      for (const sql of [
        'update public.category_settings set default_deadline_amount = 90 where county_path::text = \'330102\'',
        'insert into public.units (id, name, county_path) values (\'mine\', \'自建单位\', \'330102\')',
      ]) {
        expect(refusal(await attemptSql(db, claimsOf(user), sql)), sql).toMatchObject({ code: '42501' })
      }
    })
  })

  it('a unit officer widens their own unit membership to another county', async () => {
    await unchangedAfter(async () => {
      const out = refusal(await attemptSql(db, claimsOf('police'), 'update public.unit_members set county_path = \'330103\' where user_id = auth.uid()'))
      expect(out).toMatchObject({ code: '42501', message: 'unit_members: the rows of county 330102 are written by its county admins only' })
    })
  })

  it('a county admin moves the county\'s unit to another county', async () => {
    await db.admin.query('insert into public.units (id, name, grid_id) values (\'t1-office\', \'一镇综治办\', $1) on conflict do nothing', [toUuid(gridId('T1'))])
    await unchangedAfter(async () => {
      const out = refusal(await attemptSql(db, claimsOf('admin'), 'update public.units set county_path = \'330103\', grid_id = null where id = \'t1-office\''))
      expect(out.code).toBe('42501')
    })
  })

  it('the county admin\'s own override is made and logged with the real actor, old and new', async () => {
    const out = await attemptSql(db, claimsOf('admin'), `insert into public.category_settings (county_path, category_code, default_deadline_amount, default_deadline_unit)
      values ('330102', '0101', 2, 'working_days')`)
    expect(out).toEqual({ refused: false, result: 1 })
    const { rows } = await db.admin.query(`select actor_id, actor_role, kind, target_id, scope_path::text, data -> 'new' ->> 'default_deadline_amount' as amount
      from public.admin_events where target_table = 'category_settings'`)
    expect(rows).toEqual([{ actor_id: toUuid(LOOP_USERS.admin), actor_role: 'county_admin', kind: 'reference_insert', target_id: '330102/0101', scope_path: '330102', amount: '2' }])
  })
})
