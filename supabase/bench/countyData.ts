// A county-scale territory generated inside the database with generate_series: 20 townships,
// 25 villages each, 10 groups per village, 2–3 sub-grids per group (18,020 grids), one worker
// per group, and a year of cases (1,000,000 by default) spread over the sub-grids. Fast (bulk SQL,
// no per-row round trips) and deterministic (setseed).
import type pg from 'pg'

/** Shape of the generated county. */
export interface CountyShape {
  county: string
  townships: number
  villagesPerTownship: number
  groupsPerVillage: number
  cases: number
  /** The "now" of the data: cases are reported in the 365 days before it. */
  anchor: number
}

/** The default county: ≈18,000 grids, 1,000,000 cases. */
export const COUNTY: CountyShape = {
  county: '330199',
  townships: 20,
  villagesPerTownship: 25,
  groupsPerVillage: 10,
  cases: 1_000_000,
  anchor: Date.parse('2026-11-21T00:00:00+08:00'),
}

/** Codes of the grids the benchmark users hold memberships on. */
export function benchGrids(shape: CountyShape): { township: string, village: string, group: string } {
  return {
    township: `${shape.county}001000000`,
    village: `${shape.county}001001000`,
    group: `${shape.county}001001001`,
  }
}

const TOWNSHIP_SIZE = 0.2

/**
 * Fills an empty, migrated database. Grids go through the normal triggers (their codes and parents
 * are checked); staff and cases are bulk-loaded with triggers off and their grid paths computed in
 * the same statement, which is what the triggers would have written.
 */
export async function generateCounty(client: pg.ClientBase, shape: CountyShape = COUNTY): Promise<{ grids: number, cases: number }> {
  const { county, townships, villagesPerTownship: vpt, groupsPerVillage: gpv } = shape
  const cols = Math.ceil(Math.sqrt(townships))
  const vSide = Math.ceil(Math.sqrt(vpt))
  const v = TOWNSHIP_SIZE / vSide
  const envelope = (x: string, y: string, w: string, h: string) =>
    `extensions.st_multi(extensions.st_makeenvelope(${x}, ${y}, ${x} + ${w}, ${y} + ${h}, 4326))`
  const label = (x: string, y: string, w: string, h: string) =>
    `extensions.st_setsrid(extensions.st_makepoint(${x} + ${w} / 2, ${y} + ${h} / 2), 4326)`
  const pad = (e: string) => `lpad((${e})::text, 3, '0')`

  await client.query('select setseed(0.42)')
  // Townships on a square layout; villages a square inside each; groups are strips of a village
  // (one column of `gpv` rows); sub-grids split a group into 2 or 3 columns.
  await client.query(`
    create temporary table bench_t as
      select t, 119.0 + ((t - 1) % ${cols}) * ${TOWNSHIP_SIZE} as x, 29.0 + ((t - 1) / ${cols}) * ${TOWNSHIP_SIZE} as y
      from generate_series(1, ${townships}) t;
    create temporary table bench_v as
      select t.t, v, t.x + ((v - 1) % ${vSide}) * ${v} as x, t.y + ((v - 1) / ${vSide}) * ${v} as y
      from bench_t t, generate_series(1, ${vpt}) v;
    create temporary table bench_g as
      select v.t, v.v, g, v.x as x, v.y + (g - 1) * ${v / gpv} as y, 2 + (g % 2) as subs
      from bench_v v, generate_series(1, ${gpv}) g;
    create temporary table bench_s as
      select g.t, g.v, g.g, s, g.x + (s - 1) * ${v} / g.subs as x, g.y, ${v}::float8 / g.subs as w
      from bench_g g, generate_series(1, 3) s where s <= g.subs;
  `)
  await client.query(`
    insert into public.grids (code, name, boundary, label_point, area_km2, households, population)
    select '${county}' || ${pad('t')} || '000000', '镇' || t, ${envelope('x', 'y', `${TOWNSHIP_SIZE}`, `${TOWNSHIP_SIZE}`)},
           ${label('x', 'y', `${TOWNSHIP_SIZE}`, `${TOWNSHIP_SIZE}`)}, 400, 20000, 60000 from bench_t;
    insert into public.grids (code, name, boundary, label_point, area_km2, households, population)
    select '${county}' || ${pad('t')} || ${pad('v')} || '000', '村' || t || '-' || v, ${envelope('x', 'y', `${v}`, `${v}`)},
           ${label('x', 'y', `${v}`, `${v}`)}, 16, 800, 2400 from bench_v;
    insert into public.grids (code, name, boundary, label_point, area_km2, households, population)
    select '${county}' || ${pad('t')} || ${pad('v')} || ${pad('g')}, '组' || g, ${envelope('x', 'y', `${v}`, `${v / gpv}`)},
           ${label('x', 'y', `${v}`, `${v / gpv}`)}, 1.6, 80, 240 from bench_g;
    insert into public.grids (code, name, boundary, label_point, area_km2, households, population)
    select '${county}' || ${pad('t')} || ${pad('v')} || ${pad('g')} || ${pad('s')}, '片' || s, ${envelope('x', 'y', 'w', `${v / gpv}`)},
           ${label('x', 'y', 'w', `${v / gpv}`)}, 0.6, 30, 90 from bench_s;
  `)

  // Bulk loads: triggers (and the foreign-key triggers) off, paths computed here.
  await client.query('set session_replication_role = replica')
  await client.query(`
    insert into public.staff (id, name, role, grid_id, grid_path, phone_masked)
    select gen_random_uuid(), '网格员' || g.code, 'worker', g.id, g.path, '138****0000'
    from public.grids g where g.level = 3;

    create temporary table bench_leaf as
      select row_number() over (order by s.code) - 1 as n, s.id, s.path, st.id as worker,
             extensions.st_xmin(s.boundary) as x0, extensions.st_ymin(s.boundary) as y0,
             extensions.st_xmax(s.boundary) - extensions.st_xmin(s.boundary) as w,
             extensions.st_ymax(s.boundary) - extensions.st_ymin(s.boundary) as h
      from public.grids s
      join public.staff st on st.grid_id = s.parent_id
      where s.level = 4;

    create temporary table bench_cat as
      select row_number() over (order by code) - 1 as n, code from public.categories where parent_code is not null;
  `)
  const anchor = `to_timestamp(${shape.anchor / 1000})`
  // Loading a million rows into an empty table is much faster with its indexes built afterwards;
  // they are dropped and recreated from their own definitions, so the result is the migration's.
  const { rows: indexes } = await client.query<{ name: string, definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.schemaname = 'public' and i.tablename = 'cases'
        and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
  )
  for (const index of indexes)
    await client.query(`drop index public.${index.name}`)
  await client.query(`
    insert into public.cases (code, category_code, title, description, source, status, outcome, location, grid_id, grid_path,
                              escalation_level, lead_unit_id, assignee_id, reported_at, registered_at, closed_at, due_at)
    select 'BX-' || lpad(i::text, 7, '0'), c.code, '事件' || i, '', (array['patrol','visit','phone','letter','camera','handover','sweep'])[1 + i % 7]::public.case_source,
           k.status::public.case_status,
           case when k.status = 'closed' then (array['resolved','resolved','resolved','mediated','unresolvable','referred'])[1 + i % 6]::public.case_outcome end,
           extensions.st_setsrid(extensions.st_makepoint(l.x0 + l.w * r.rx, l.y0 + l.h * r.ry), 4326),
           l.id, l.path, (i % 10 = 0)::int, case when k.status in ('reported', 'registered') then null else 'village' end,
           l.worker, r.reported, r.reported + interval '1 hour',
           case when k.status = 'closed' then r.reported + r.due_days * interval '1 day' * r.rc * 1.3 end,
           r.reported + r.due_days * interval '1 day'
    from generate_series(1, ${shape.cases}) i
    cross join lateral (select random() as rx, random() as ry, random() as rc,
                               ${anchor} - random() * interval '365 days' as reported,
                               3 + floor(random() * 28) as due_days, random() as rs
                        -- Referencing i makes the subquery run per row instead of once.
                        where i is not null) r
    cross join lateral (select case when r.rs < 0.70 then 'closed' when r.rs < 0.74 then 'cancelled' when r.rs < 0.80 then 'registered'
                                    when r.rs < 0.88 then 'in_progress' when r.rs < 0.95 then 'dispatched' else 'reported_back' end as status) k
    join bench_leaf l on l.n = (hashint4(i) & 2147483647) % (select count(*) from bench_leaf)
    join bench_cat c on c.n = i % (select count(*) from bench_cat)
    -- Cases arrive in time order in real life, so the table is stored that way too.
    order by r.reported;
  `)
  await client.query('reset session_replication_role')
  for (const index of indexes)
    await client.query(index.definition)
  await client.query('vacuum (analyze) public.grids, public.staff, public.cases, public.categories')
  const { rows } = await client.query<{ grids: number, cases: number }>('select (select count(*) from public.grids)::int as grids, (select count(*) from public.cases)::int as cases')
  return rows[0]!
}
