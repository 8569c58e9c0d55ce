-- KPI aggregates (issue 13): a county over 30 days (547 ms under RLS) and a township over a year
-- (139 ms) counted every case row of the period. A closed case's contribution to every figure
-- computeKpis keeps is fixed once it is closed (until a write changes the case), so it is summed
-- per China-time day (UTC+8, the days the app and the reports speak of) and per bucket in
-- private.kpi_daily, kept by statement triggers on cases in the same transaction as the write.
-- Two bucket depths are kept, so that each caller reads few rows: depth 2 (county.township) for a
-- county's and a city's KPIs, depth 3 (county.township.village) for a township's.
--
-- kpis_under then adds, exactly:
--   the aggregates of the whole days inside the period (nothing of a partial day at either end),
--   + the live rows the aggregates cannot hold: cases not closed (their overdue and due figures
--     depend on p_now), closed cases of the partial days at either end, and cases closed after
--     p_now (open as of p_now: counted live as open) with the aggregates' share of those taken
--     back out (an instant in the past is what the app's period-over-period comparison asks for).
-- Without whole days, for children below villages, or when the caller's scopes must filter (a
-- city or county seen in part), everything is counted live as before.

create table private.kpi_daily (
  -- 2: bucket = first two labels of the case's grid path; 3: first three (fewer when the path is shorter).
  depth smallint not null check (depth in (2, 3)),
  -- The bucket's first depth - 1 labels: a township's (depth 3) or county's (depth 2) rows are
  -- one index range, (depth, parent, day).
  parent extensions.ltree not null,
  bucket extensions.ltree not null,
  -- China local date (UTC+8) of the timestamp the row's figures are keyed on.
  day date not null,
  -- Closed cases reported on this day: counted, resolved, closed by their deadline, disputes.
  reported bigint not null default 0,
  reported_resolved bigint not null default 0,
  reported_on_time bigint not null default 0,
  reported_disputes bigint not null default 0,
  reported_disputes_resolved bigint not null default 0,
  -- Closed cases due on this day, and of those closed by their deadline.
  due bigint not null default 0,
  due_on_time bigint not null default 0,
  -- Cases closed on this day and their handling time (closed_at - coalesce(registered_at, reported_at)).
  closed bigint not null default 0,
  handling_ms_sum numeric not null default 0,
  primary key (depth, parent, day, bucket)
);
comment on table private.kpi_daily is 'Closed cases per bucket (depth 2 township, depth 3 village) and China-time day, as kpis_under counts them; written only by the cases triggers and kpi_daily_rebuild.';
-- No API role has a privilege on it, and row-level security with no policy for them besides:
-- only the definer functions (owner) read and write it. What a caller may see is decided in
-- kpis_under, which reads it only when the asked subtree lies inside one of the caller's scopes.
alter table private.kpi_daily enable row level security;
revoke all on table private.kpi_daily from public, anon, authenticated, service_role;
create policy kpi_daily_none on private.kpi_daily for all to anon, authenticated, service_role using (false) with check (false);

-- The live part of kpis_under: open cases by reported and due time (partial indexes over the
-- open fraction of the table): by time alone for a county, whose subtree is every case, and by
-- subtree and time for a township or below; cases closed after p_now (none when p_now is now) by
-- closing time alone (the gist (grid_path, closed_at) walks a county's whole subtree for them).
create index cases_closed_at_idx on public.cases (closed_at) where status = 'closed';
create index cases_open_reported_at_idx on public.cases (reported_at)
  where status <> 'closed' and status <> 'cancelled';
create index cases_open_due_at_idx on public.cases (due_at)
  where status <> 'closed' and status <> 'cancelled';
create index cases_open_grid_path_reported_at_gist on public.cases using gist (grid_path, reported_at)
  where status <> 'closed' and status <> 'cancelled';
create index cases_open_grid_path_due_at_gist on public.cases using gist (grid_path, due_at)
  where status <> 'closed' and status <> 'cancelled';

-- The China-time day of an instant, and the instant a day starts: the one definition of "day"
-- the aggregates and kpis_under share (fixed +08:00, as the app's domain code: no DST in China).
create function private.kpi_day(p_at timestamptz)
returns date
language sql
immutable
parallel safe
set search_path = ''
as $$ select ((p_at at time zone 'UTC') + interval '8 hours')::date $$;
revoke all on function private.kpi_day(timestamptz) from public, anon, authenticated, service_role;

create function private.kpi_day_start(p_day date)
returns timestamptz
language sql
immutable
parallel safe
set search_path = ''
as $$ select (p_day::timestamp - interval '8 hours') at time zone 'UTC' $$;
revoke all on function private.kpi_day_start(date) from public, anon, authenticated, service_role;

-- The statement that adds to kpi_daily what the cases of p_new add and takes away what those of
-- p_old added (each a relation name: a trigger's transition table or public.cases; null for none).
-- The triggers and the rebuild all run it, so they cannot count differently. Only closed cases
-- count; each gives one row per depth for the day it was reported, the day it was due and the
-- day it closed (the day is private.kpi_day written out: a call per row would not be inlined, and
-- a rebuild makes six million of them; the tests hold the two to the same days). Groups that
-- net to nothing (an edit of the title) write nothing; rows are written in primary-key order, so
-- two statements touching the same rows wait for each other rather than deadlock (transactions
-- of several writing statements can still deadlock, as on any shared rows: PostgreSQL then
-- aborts one with 40P01).
create function private.kpi_daily_upsert_sql(p_old text, p_new text)
returns text
language sql
immutable
set search_path = ''
as $f$
  select format($q$
    insert into private.kpi_daily as d (depth, parent, bucket, day, reported, reported_resolved, reported_on_time,
                                        reported_disputes, reported_disputes_resolved, due, due_on_time, closed, handling_ms_sum)
    select x.depth, x.parent, x.bucket, x.day,
           sum(x.sign * x.reported), sum(x.sign * x.reported_resolved), sum(x.sign * x.reported_on_time),
           sum(x.sign * x.reported_disputes), sum(x.sign * x.reported_disputes_resolved), sum(x.sign * x.due),
           sum(x.sign * x.due_on_time), sum(x.sign * x.closed), sum(x.sign * x.handling_ms_sum)
    from (
      select s.sign, l.depth,
             extensions.subpath(c.grid_path, 0, least(extensions.nlevel(c.grid_path), l.depth - 1)) as parent,
             extensions.subpath(c.grid_path, 0, least(extensions.nlevel(c.grid_path), l.depth)) as bucket,
             v.*
      from (%s) as c
      join (values (-1, 'old'), (1, 'new')) as s(sign, side) on s.side = c.side
      left join public.categories cat on cat.code = c.category_code
      cross join (values (2::smallint), (3::smallint)) as l(depth)
      cross join lateral (
        select coalesce(c.outcome in ('resolved', 'mediated'), false) as good,
               c.closed_at <= c.due_at as in_time,
               coalesce(cat.is_dispute, false) as dispute
      ) f
      cross join lateral (values
        (((c.reported_at at time zone 'UTC') + interval '8 hours')::date, 1, f.good::int, f.in_time::int, f.dispute::int, (f.dispute and f.good)::int, 0, 0, 0, 0::numeric),
        (((c.due_at at time zone 'UTC') + interval '8 hours')::date, 0, 0, 0, 0, 0, 1, f.in_time::int, 0, 0::numeric),
        (((c.closed_at at time zone 'UTC') + interval '8 hours')::date, 0, 0, 0, 0, 0, 0, 0, 1,
         (private.epoch_ms(c.closed_at) - private.epoch_ms(coalesce(c.registered_at, c.reported_at)))::numeric)
      ) as v(day, reported, reported_resolved, reported_on_time, reported_disputes, reported_disputes_resolved,
             due, due_on_time, closed, handling_ms_sum)
      where c.status = 'closed'
    ) x
    group by x.depth, x.parent, x.day, x.bucket
    having sum(x.sign * x.reported) <> 0 or sum(x.sign * x.reported_resolved) <> 0 or sum(x.sign * x.reported_on_time) <> 0
        or sum(x.sign * x.reported_disputes) <> 0 or sum(x.sign * x.reported_disputes_resolved) <> 0 or sum(x.sign * x.due) <> 0
        or sum(x.sign * x.due_on_time) <> 0 or sum(x.sign * x.closed) <> 0 or sum(x.sign * x.handling_ms_sum) <> 0
    order by x.depth, x.parent, x.day, x.bucket
    on conflict (depth, parent, day, bucket) do update set
      reported = d.reported + excluded.reported,
      reported_resolved = d.reported_resolved + excluded.reported_resolved,
      reported_on_time = d.reported_on_time + excluded.reported_on_time,
      reported_disputes = d.reported_disputes + excluded.reported_disputes,
      reported_disputes_resolved = d.reported_disputes_resolved + excluded.reported_disputes_resolved,
      due = d.due + excluded.due,
      due_on_time = d.due_on_time + excluded.due_on_time,
      closed = d.closed + excluded.closed,
      handling_ms_sum = d.handling_ms_sum + excluded.handling_ms_sum
  $q$, concat_ws(' union all ',
         case when p_old is not null then format('select o.*, %L as side from %s o', 'old', p_old) end,
         case when p_new is not null then format('select n.*, %L as side from %s n', 'new', p_new) end))
$f$;
revoke all on function private.kpi_daily_upsert_sql(text, text) from public, anon, authenticated, service_role;

-- One trigger function for the three statement triggers below: the transition tables (kpi_old,
-- kpi_new) hold every row the statement inserted, updated (before and after) or deleted, whichever
-- way it came (an RPC, an import, a cascade from grids or categories).
create function private.cases_kpi_daily()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  execute private.kpi_daily_upsert_sql(
    case when tg_op in ('UPDATE', 'DELETE') then 'kpi_old' end,
    case when tg_op in ('INSERT', 'UPDATE') then 'kpi_new' end);
  return null;
end
$$;
revoke all on function private.cases_kpi_daily() from public, anon, authenticated, service_role;

create trigger cases_kpi_daily_insert after insert on public.cases
  referencing new table as kpi_new for each statement execute function private.cases_kpi_daily();
create trigger cases_kpi_daily_update after update on public.cases
  referencing old table as kpi_old new table as kpi_new for each statement execute function private.cases_kpi_daily();
create trigger cases_kpi_daily_delete after delete on public.cases
  referencing old table as kpi_old for each statement execute function private.cases_kpi_daily();

-- Recounts kpi_daily from the cases: after a category's dispute flag or code changes (the rows
-- keep the flag as it was when each case was counted), after a truncate, and after a bulk load
-- that bypassed triggers (the benchmark's). The SHARE lock on cases waits for every writer in
-- flight to commit and keeps new ones out until this transaction ends, so the recount sees every
-- write and no write's delta is applied to it twice or lost; readers go on reading.
create function private.kpi_daily_rebuild()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  lock table public.cases in share mode;
  delete from private.kpi_daily;
  execute private.kpi_daily_upsert_sql(null, 'public.cases');
end
$$;
revoke all on function private.kpi_daily_rebuild() from public, anon, authenticated, service_role;

create function private.kpi_daily_rebuild_trigger()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.kpi_daily_rebuild();
  return null;
end
$$;
revoke all on function private.kpi_daily_rebuild_trigger() from public, anon, authenticated, service_role;

create trigger cases_kpi_daily_truncate after truncate on public.cases
  for each statement execute function private.kpi_daily_rebuild_trigger();

-- A category's dispute flag or code changed: recount at commit. Not at once: a new code cascades
-- to the cases in a foreign-key action that runs after the categories statement's own triggers,
-- and that cases update's deltas look the old code up in vain (the cases are counted without the
-- flag and added with it); the recount must come after it. A row trigger marks the transaction
-- (a statement trigger "after update of code" did not fire for a change of the code, checked
-- here on 15.18), and the deferred one (one per row changed) recounts once per marking.
create function private.categories_kpi_daily_mark()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform set_config('pingan.kpi_daily_stale', 'on', true);
  return null;
end
$$;
revoke all on function private.categories_kpi_daily_mark() from public, anon, authenticated, service_role;

create function private.categories_kpi_daily_recount()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if current_setting('pingan.kpi_daily_stale', true) = 'on' then
    perform set_config('pingan.kpi_daily_stale', 'off', true);
    perform private.kpi_daily_rebuild();
  end if;
  return null;
end
$$;
revoke all on function private.categories_kpi_daily_recount() from public, anon, authenticated, service_role;

create trigger categories_kpi_daily_mark after update of is_dispute, code on public.categories
  for each row execute function private.categories_kpi_daily_mark();
create constraint trigger categories_kpi_daily_recount after update of is_dispute, code on public.categories
  deferrable initially deferred
  for each row execute function private.categories_kpi_daily_recount();

select private.kpi_daily_rebuild();

-- kpis_under as 20261203200100 left it, renamed: every case of the period counted from the rows.
-- kpis_under below sends it every call the aggregates cannot answer (children below villages,
-- callers whose scopes must filter, periods without a whole day), where its one query over the
-- subtree's gist indexes is cheaper than the aggregated path's four arms (measured: a group's
-- 30 days 7 ms this way against 23 ms through the arms).
create function private.kpis_under_rows(
  p_match extensions.lquery,
  p_root extensions.ltree,
  p_child_depth integer,
  p_from timestamptz,
  p_to timestamptz,
  p_now timestamptz
)
returns json
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  v_scopes extensions.lquery[] := private.caller_read_scopes();
  v_result json;
begin
  if v_scopes is not null and p_root is not null and p_root operator(extensions.?) v_scopes then
    v_scopes := null;
  end if;
  with relevant as (
    -- Every case that can count in some cohort: reported, due or closed within the period.
    select
      case when extensions.nlevel(c.grid_path) >= p_child_depth
        then extensions.subpath(c.grid_path, 0, p_child_depth) end as child_path,
      c.reported_at >= p_from and c.reported_at < p_to as reported_in,
      c.due_at >= p_from and c.due_at < p_to as due_in,
      c.status = 'closed' and (c.closed_at is null or c.closed_at <= p_now) as is_closed,
      c.outcome in ('resolved', 'mediated') as good_outcome,
      c.closed_at,
      c.due_at,
      coalesce(c.registered_at, c.reported_at) as started_at,
      coalesce(cat.is_dispute, false) as is_dispute
    from public.cases c
    left join public.categories cat on cat.code = c.category_code
    where c.grid_path operator(extensions.~) p_match
      and (p_root is null or c.grid_path operator(extensions.<@) p_root)
      and (v_scopes is null or c.grid_path operator(extensions.?) v_scopes)
      and c.status <> 'cancelled'
      and c.reported_at <= p_now
      and (
        (c.reported_at >= p_from and c.reported_at < p_to)
        or (c.due_at >= p_from and c.due_at < p_to)
        or (c.closed_at >= p_from and c.closed_at < p_to)
      )
  ),
  flagged as (
    select
      child_path,
      reported_in,
      is_closed,
      is_dispute,
      is_closed and good_outcome as is_resolved,
      is_closed and closed_at is not null and closed_at <= due_at as in_time,
      not is_closed and due_at < p_now as is_late,
      due_in and (due_at <= p_now or is_closed) as is_due,
      is_closed and closed_at >= p_from and closed_at < p_to as closed_in,
      case when is_closed and closed_at >= p_from and closed_at < p_to
        then private.epoch_ms(closed_at) - private.epoch_ms(started_at) end as handling_ms
    from relevant
  ),
  counts as (
    select
      grouping(child_path) = 1 as is_total,
      child_path,
      row(
        count(*) filter (where reported_in),
        count(*) filter (where reported_in and is_closed),
        count(*) filter (where reported_in and is_resolved),
        count(*) filter (where reported_in and in_time),
        count(*) filter (where reported_in and is_late),
        count(*) filter (where is_due),
        count(*) filter (where is_due and is_closed),
        count(*) filter (where is_due and in_time),
        count(*) filter (where reported_in and is_dispute),
        count(*) filter (where reported_in and is_dispute and is_resolved),
        count(*) filter (where closed_in),
        coalesce(sum(handling_ms), 0)
      )::private.kpi_counts as k
    from flagged
    group by grouping sets ((), (child_path))
  )
  select json_build_object(
    'total', private.kpis_json((select k.k from counts k where k.is_total)),
    'children', coalesce((select json_object_agg(k.child_path::text, private.kpis_json(k.k))
                          from counts k where not k.is_total and k.child_path is not null), '{}'::json)
  )
  into v_result;
  return v_result;
end
$$;
revoke all on function private.kpis_under_rows(extensions.lquery, extensions.ltree, integer, timestamptz, timestamptz, timestamptz) from public, anon, authenticated, service_role;

-- Same contract as before (20261203200100): the counts computeKpis keeps, in total and per
-- child, for the cases matching p_match below p_root that the caller may see; a child none of
-- whose figures is non-zero may be absent (grid_kpis and region_kpis show it as zeros either way).
create or replace function private.kpis_under(
  p_match extensions.lquery,
  p_root extensions.ltree,
  p_child_depth integer,
  p_from timestamptz,
  p_to timestamptz,
  p_now timestamptz
)
returns json
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  v_scopes extensions.lquery[] := private.caller_read_scopes();
  -- The kpi_daily depth read (null: none), its whole days [v_d_from, v_d_to) and their instants
  -- [v_w_from, v_w_to); empty (both p_to) when the aggregates do not answer, so that all is live.
  v_depth smallint;
  v_parent extensions.ltree;
  v_d_from date;
  v_d_to date;
  v_w_from timestamptz := p_to;
  v_w_to timestamptz := p_to;
  v_result json;
begin
  if v_scopes is not null and p_root is not null and p_root operator(extensions.?) v_scopes then
    v_scopes := null;
  end if;
  -- The buckets answer only what they can: no scope filter (they hold no finer paths), children
  -- at most at their depth, and a match that looks only at labels the bucket keeps (a chain of
  -- plain or prefix labels ending in ".*", e.g. '330102.*' or '3301*.*', no longer than the depth).
  if v_scopes is null and p_child_depth between 1 and 3 then
    v_depth := greatest(p_child_depth, 2);
    if (p_root is not null and extensions.nlevel(p_root) > v_depth)
       or p_match::text !~ '^([A-Za-z0-9_]+\*?\.)+\*$'
       or array_length(string_to_array(p_match::text, '.'), 1) - 1 > v_depth then
      v_depth := null;
    end if;
  end if;
  if v_depth is not null then
    v_d_from := private.kpi_day(p_from);
    if private.kpi_day_start(v_d_from) < p_from then
      v_d_from := v_d_from + 1;
    end if;
    v_d_to := private.kpi_day(p_to);
    if v_d_from < v_d_to then
      v_w_from := private.kpi_day_start(v_d_from);
      v_w_to := private.kpi_day_start(v_d_to);
      if p_root is not null and extensions.nlevel(p_root) = v_depth - 1 then
        v_parent := p_root;
      end if;
    else
      v_depth := null;
    end if;
  end if;
  if v_depth is null then
    return private.kpis_under_rows(p_match, p_root, p_child_depth, p_from, p_to, p_now);
  end if;
  with relevant as (
    -- Open cases (they never come from the aggregates) reported in the period, then those due in
    -- it but reported outside it: two arms, so each reads one time index.
    select c.grid_path, c.status, c.outcome, c.category_code, c.reported_at, c.registered_at, c.due_at, c.closed_at
    from public.cases c
    where c.status <> 'closed' and c.status <> 'cancelled'
      and c.grid_path operator(extensions.~) p_match
      and (p_root is null or c.grid_path operator(extensions.<@) p_root)
      and (v_scopes is null or c.grid_path operator(extensions.?) v_scopes)
      and c.reported_at >= p_from and c.reported_at < p_to and c.reported_at <= p_now
    union all
    select c.grid_path, c.status, c.outcome, c.category_code, c.reported_at, c.registered_at, c.due_at, c.closed_at
    from public.cases c
    where c.status <> 'closed' and c.status <> 'cancelled'
      and c.grid_path operator(extensions.~) p_match
      and (p_root is null or c.grid_path operator(extensions.<@) p_root)
      and (v_scopes is null or c.grid_path operator(extensions.?) v_scopes)
      and c.due_at >= p_from and c.due_at < p_to
      and (c.reported_at < p_from or c.reported_at >= p_to) and c.reported_at <= p_now
    union all
    -- Cases closed by p_now: only for the partial days at either end (the whole days are in kpi_daily).
    select c.grid_path, c.status, c.outcome, c.category_code, c.reported_at, c.registered_at, c.due_at, c.closed_at
    from public.cases c
    where c.status = 'closed' and c.closed_at <= p_now
      and c.grid_path operator(extensions.~) p_match
      and (p_root is null or c.grid_path operator(extensions.<@) p_root)
      and (v_scopes is null or c.grid_path operator(extensions.?) v_scopes)
      -- Each end guarded by whether it is empty: the planner folds a false guard away with its
      -- arm, where an empty range on a gist index would still walk the whole subtree.
      and ((p_from < v_w_from and ((c.reported_at >= p_from and c.reported_at < v_w_from)
                                   or (c.due_at >= p_from and c.due_at < v_w_from)
                                   or (c.closed_at >= p_from and c.closed_at < v_w_from)))
        or (v_w_to < p_to and ((c.reported_at >= v_w_to and c.reported_at < p_to)
                               or (c.due_at >= v_w_to and c.due_at < p_to)
                               or (c.closed_at >= v_w_to and c.closed_at < p_to))))
    union all
    -- Cases closed after p_now: open as of p_now, while kpi_daily holds them as closed.
    select c.grid_path, c.status, c.outcome, c.category_code, c.reported_at, c.registered_at, c.due_at, c.closed_at
    from public.cases c
    where c.status = 'closed' and c.closed_at > p_now
      and c.grid_path operator(extensions.~) p_match
      and (p_root is null or c.grid_path operator(extensions.<@) p_root)
      and (v_scopes is null or c.grid_path operator(extensions.?) v_scopes)
      and ((c.reported_at >= p_from and c.reported_at < p_to) or (c.due_at >= p_from and c.due_at < p_to)
        or (c.closed_at >= p_from and c.closed_at < p_to))
  ),
  base as (
    select
      case when extensions.nlevel(r.grid_path) >= p_child_depth
        then extensions.subpath(r.grid_path, 0, p_child_depth) end as child_path,
      r.reported_at <= p_now as visible,
      -- Closed as of p_now: what computeKpis calls closed. kpi_daily holds every closed case
      -- (held), whatever p_now; a held case not closed as of p_now is corrected below.
      r.status = 'closed' and r.closed_at <= p_now as is_closed,
      r.status = 'closed' as held,
      coalesce(r.outcome in ('resolved', 'mediated'), false) as good,
      r.closed_at <= r.due_at as closed_by_due,
      coalesce(cat.is_dispute, false) as is_dispute,
      r.reported_at >= p_from and r.reported_at < p_to as r_in,
      r.due_at >= p_from and r.due_at < p_to as d_in,
      r.closed_at >= p_from and r.closed_at < p_to as c_in,
      r.reported_at >= v_w_from and r.reported_at < v_w_to as r_whole,
      r.due_at >= v_w_from and r.due_at < v_w_to as d_whole,
      r.closed_at >= v_w_from and r.closed_at < v_w_to as c_whole,
      r.due_at,
      private.epoch_ms(r.closed_at) - private.epoch_ms(coalesce(r.registered_at, r.reported_at)) as handling
    from relevant r
    left join public.categories cat on cat.code = r.category_code
  ),
  flagged as (
    select
      child_path,
      is_closed,
      is_dispute,
      good,
      closed_by_due,
      handling,
      -- What computeKpis counts of this case, less what kpi_daily already counts of it.
      visible and r_in and not (is_closed and r_whole) as reported_in,
      visible and d_in and not (is_closed and d_whole) as due_in,
      is_closed and c_in and not c_whole as closed_in,
      -- kpi_daily's share of a case it holds as closed that was still open at p_now: taken back.
      held and not is_closed and r_whole as undo_r,
      held and not is_closed and d_whole as undo_d,
      held and not is_closed and c_whole as undo_c,
      due_at
    from base
  ),
  live as (
    select
      child_path,
      count(*) filter (where reported_in) - count(*) filter (where undo_r) as total,
      count(*) filter (where reported_in and is_closed) - count(*) filter (where undo_r) as closed,
      count(*) filter (where reported_in and is_closed and good) - count(*) filter (where undo_r and good) as resolved,
      count(*) filter (where reported_in and is_closed and closed_by_due) - count(*) filter (where undo_r and closed_by_due) as on_time,
      count(*) filter (where reported_in and not is_closed and due_at < p_now) as overdue,
      count(*) filter (where due_in and (due_at <= p_now or is_closed)) - count(*) filter (where undo_d) as due_to_close,
      count(*) filter (where due_in and is_closed) - count(*) filter (where undo_d) as closed_of_due,
      count(*) filter (where due_in and is_closed and closed_by_due) - count(*) filter (where undo_d and closed_by_due) as closed_on_time_of_due,
      count(*) filter (where reported_in and is_dispute) - count(*) filter (where undo_r and is_dispute) as disputes,
      count(*) filter (where reported_in and is_dispute and is_closed and good)
        - count(*) filter (where undo_r and is_dispute and good) as disputes_resolved,
      count(*) filter (where closed_in) - count(*) filter (where undo_c) as closed_in_period,
      coalesce(sum(handling) filter (where closed_in), 0)::numeric - coalesce(sum(handling) filter (where undo_c), 0)::numeric as handling_ms_sum
    from flagged
    group by child_path
  ),
  aggregated as (
    -- The closed cases of the whole days: every one closed, none overdue.
    select
      case when extensions.nlevel(d.bucket) >= p_child_depth
        then extensions.subpath(d.bucket, 0, p_child_depth) end as child_path,
      sum(d.reported) as total,
      sum(d.reported) as closed,
      sum(d.reported_resolved) as resolved,
      sum(d.reported_on_time) as on_time,
      0::numeric as overdue,
      sum(d.due) as due_to_close,
      sum(d.due) as closed_of_due,
      sum(d.due_on_time) as closed_on_time_of_due,
      sum(d.reported_disputes) as disputes,
      sum(d.reported_disputes_resolved) as disputes_resolved,
      sum(d.closed) as closed_in_period,
      sum(d.handling_ms_sum) as handling_ms_sum
    from private.kpi_daily d
    where v_depth is not null
      and d.depth = v_depth
      and (v_parent is null or d.parent operator(extensions.=) v_parent)
      and d.day >= v_d_from and d.day < v_d_to
      and d.bucket operator(extensions.~) p_match
      and (p_root is null or d.bucket operator(extensions.<@) p_root)
    group by 1
  ),
  counts as (
    select
      grouping(child_path) = 1 as is_total,
      child_path,
      row(
        coalesce(sum(total), 0), coalesce(sum(closed), 0), coalesce(sum(resolved), 0), coalesce(sum(on_time), 0),
        coalesce(sum(overdue), 0), coalesce(sum(due_to_close), 0), coalesce(sum(closed_of_due), 0),
        coalesce(sum(closed_on_time_of_due), 0), coalesce(sum(disputes), 0), coalesce(sum(disputes_resolved), 0),
        coalesce(sum(closed_in_period), 0), coalesce(sum(handling_ms_sum), 0)
      )::private.kpi_counts as k
    from (select * from live union all select * from aggregated) u
    group by grouping sets ((), (child_path))
  )
  select json_build_object(
    'total', private.kpis_json((select k.k from counts k where k.is_total)),
    'children', coalesce((select json_object_agg(k.child_path::text, private.kpis_json(k.k))
                          from counts k
                          where not k.is_total and k.child_path is not null
                            and k.k is distinct from row(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)::private.kpi_counts), '{}'::json)
  )
  into v_result;
  return v_result;
end
$$;
