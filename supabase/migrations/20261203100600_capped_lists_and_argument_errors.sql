-- Every list RPC answers a capped page (issue 7, "load a low role can cause"). cases_in_view had
-- no cap: the wall viewer got 131 MB in 2.85 s on a township of 200,000 cases. Now each list RPC
-- returns at most private.list_cap(<list>) items, in its stated order, with the number of matches
-- and whether the answer was cut:
--   cases_in_view   {"cases": [...], "total", "truncated", "limit"}   cap 10,000 (p_limit may ask fewer)
--   list_cases      {"cases": [...], "total", "truncated", "limit"}   page limit 0–10,000 (default 100)
--   grids_geojson   FeatureCollection + "total", "truncated", "limit" cap 20,000
--   list_staff, list_patrol_teams, list_patrol_routes, list_cameras, list_key_places
--                   {"items": [...], "total", "truncated", "limit"}   cap 10,000
--   list_roads      {"items": [...], "total", "truncated", "limit"}   cap 20,000
--   case_events_of  {"events": [...], "total", "truncated", "limit"}  cap 1,000 (oldest first)
-- grid_lineage (at most four grids), locate_grid (one) and my_access are bounded by the schema.
-- The total is counted only when the cap was reached (one row more than the cap is read to know).
--
-- Also (issue 7, "consistency"): arguments that surfaced raw PostgreSQL errors now answer 22023
-- naming the argument — times beyond any calendar (22008: p_from 1e15 …), numbers beyond a
-- double (22003: a bbox of 1e400), NaN and Infinity in a bbox, a huge list offset (22003), a search
-- text of megabytes. Arguments PostgREST itself cannot convert to the parameter's type (a uuid
-- parameter given "x") fail before the function runs, with PostgREST's 22P02; the data layers
-- never send those.

/** The most items one answer of a list RPC carries. */
create function private.list_cap(p_list text)
returns integer
language sql immutable set search_path = ''
as $$
  select case p_list
    when 'cases' then 10000
    when 'grids' then 20000
    when 'roads' then 20000
    when 'events' then 1000
    else 10000
  end
$$;

-- An epoch-milliseconds argument as a time, refused (22023, naming it) outside the years 1–9999.
create function private.epoch_arg(p_ms numeric, p_name text)
returns timestamptz
language plpgsql immutable set search_path = ''
as $$
begin
  if p_ms is null then
    return null;
  end if;
  if p_ms < -62135596800000 or p_ms > 253402300799999 then
    raise exception '% must be a time in epoch milliseconds between 0001-01-01 and 9999-12-31, got %', p_name, p_ms
      using errcode = 'invalid_parameter_value';
  end if;
  return private.from_epoch_ms_exact(p_ms);
end
$$;

grant execute on function private.list_cap(text) to authenticated, service_role;
grant execute on function private.epoch_arg(numeric, text) to authenticated, service_role;

-- [west, south, east, north] -> polygon (replaced: NaN and ±Infinity are refused too).
create or replace function private.bbox_envelope(p_bbox double precision[])
returns extensions.geometry
language plpgsql immutable parallel safe set search_path = ''
as $$
begin
  if array_length(p_bbox, 1) is distinct from 4 or array_position(p_bbox, null) is not null
    or exists (select 1 from unnest(p_bbox) v where v in ('NaN', 'Infinity', '-Infinity')) then
    raise exception 'p_bbox must be [west, south, east, north] of finite numbers, got %', p_bbox using errcode = 'invalid_parameter_value';
  end if;
  if p_bbox[1] > p_bbox[3] or p_bbox[2] > p_bbox[4] then
    raise exception 'p_bbox %: west must not exceed east nor south exceed north', p_bbox using errcode = 'invalid_parameter_value';
  end if;
  return extensions.st_makeenvelope(p_bbox[1], p_bbox[2], p_bbox[3], p_bbox[4], 4326);
end
$$;

/*
  grids_geojson (replaced) — as before, capped: at most list_cap('grids') features in code order;
  the FeatureCollection carries "total" (matching grids), "truncated" and "limit". A non-finite
  p_simplify is refused.
*/
create or replace function public.grids_geojson(
  p_ids uuid[] default null,
  p_codes text[] default null,
  p_level integer default null,
  p_parent_id uuid default null,
  p_subtree_of uuid default null,
  p_bbox double precision[] default null,
  p_simplify double precision default null
)
returns json
language plpgsql
stable
security invoker
set search_path = ''
-- The filters are optional: a custom plan per call drops the ones not given.
set plan_cache_mode = force_custom_plan
as $$
declare
  v_cap constant integer := private.list_cap('grids');
  v_path extensions.ltree;
  v_envelope extensions.geometry;
  v_features json;
  v_n integer;
  v_total bigint;
begin
  if p_level is not null and p_level not between 1 and 4 then
    raise exception 'p_level must be 1–4, got %', p_level using errcode = 'invalid_parameter_value';
  end if;
  if p_simplify is not null and (p_simplify < 0 or p_simplify in ('NaN', 'Infinity')) then
    raise exception 'p_simplify must be a finite number ≥ 0, got %', p_simplify using errcode = 'invalid_parameter_value';
  end if;
  if p_subtree_of is not null then
    v_path := private.grid_path_of(p_subtree_of);
    if v_path is null then
      return json_build_object('type', 'FeatureCollection', 'features', '[]'::json, 'total', 0, 'truncated', false, 'limit', v_cap);
    end if;
  end if;
  if p_bbox is not null then
    v_envelope := private.bbox_envelope(p_bbox);
  end if;

  select coalesce(json_agg(private.grid_feature(x.grid, p_simplify) order by x.n) filter (where x.n <= v_cap), '[]'::json), count(*)::integer
  into v_features, v_n
  from (
    select g as grid, row_number() over (order by g.code) as n
    from public.grids g
    where (p_ids is null or g.id = any (p_ids))
      and (p_codes is null or g.code = any (p_codes))
      and (p_level is null or g.level = p_level)
      and (p_parent_id is null or g.parent_id = p_parent_id)
      and (v_path is null or g.path operator(extensions.<@) v_path)
      and (v_envelope is null or extensions.st_intersects(g.boundary, v_envelope))
    order by g.code
    limit v_cap + 1
  ) x;
  v_total := v_n;
  if v_n > v_cap then
    select count(*) into v_total from public.grids g
    where (p_ids is null or g.id = any (p_ids))
      and (p_codes is null or g.code = any (p_codes))
      and (p_level is null or g.level = p_level)
      and (p_parent_id is null or g.parent_id = p_parent_id)
      and (v_path is null or g.path operator(extensions.<@) v_path)
      and (v_envelope is null or extensions.st_intersects(g.boundary, v_envelope));
  end if;
  return json_build_object('type', 'FeatureCollection', 'features', v_features, 'total', v_total, 'truncated', v_n > v_cap, 'limit', v_cap);
end
$$;

/*
  cases_in_view (replaced) — as before, answered as a capped page:
  { "cases": [ CaseRecord ] (the first `limit` by reportedAt, then code), "total": matching cases,
    "truncated": total > limit, "limit": p_limit or list_cap('cases') }.
  p_limit must be 0–list_cap('cases'); p_from / p_to / p_now must be times of the years 1–9999.
  New filters, so that every CaseFilter field is matched here and the total counts what the caller
  asked for (the data layer filtered these in the browser, which a capped answer would falsify):
    p_sources case_source[]; p_supervised boolean;
    p_overdue boolean with p_now epoch ms (default now()): open at p_now — not cancelled, not closed
      by then — and due before it (the KPIs' "overdue");
    p_mine boolean: assigned to the caller's staff record, or led or co-handled by a unit they act
      for in the case's county;
    p_search text (≤ 200 characters; blank = none): case-insensitive substring of code, title,
      description or address.
*/
drop function public.cases_in_view(double precision[], bigint, bigint, uuid, public.case_status[], text[], uuid[], integer);
create function public.cases_in_view(
  p_bbox double precision[] default null,
  p_from bigint default null,
  p_to bigint default null,
  p_subtree_of uuid default null,
  p_statuses public.case_status[] default null,
  p_category_codes text[] default null,
  p_ids uuid[] default null,
  p_limit integer default null,
  p_sources public.case_source[] default null,
  p_supervised boolean default null,
  p_overdue boolean default null,
  p_now bigint default null,
  p_mine boolean default null,
  p_search text default null
)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_cap constant integer := private.list_cap('cases');
  v_now timestamptz;
  v_search text := private.js_trim(p_search);
  v_staff uuid[];
  v_keys text[];
  v_limit integer := coalesce(p_limit, v_cap);
  v_path extensions.ltree;
  v_envelope extensions.geometry;
  v_from timestamptz;
  v_to timestamptz;
  v_where text[] := '{true}';
  v_cases json;
  v_n integer;
  v_total bigint;
begin
  if p_limit is not null and (p_limit < 0 or p_limit > v_cap) then
    raise exception 'p_limit must be 0–%, got %', v_cap, p_limit using errcode = 'invalid_parameter_value';
  end if;
  v_from := private.epoch_arg(p_from, 'p_from');
  v_to := private.epoch_arg(p_to, 'p_to');
  if v_from > v_to then
    raise exception 'p_from (%) is after p_to (%)', p_from, p_to using errcode = 'invalid_parameter_value';
  end if;
  if p_subtree_of is not null then
    v_path := private.grid_path_of(p_subtree_of);
    if v_path is null then
      return json_build_object('cases', '[]'::json, 'total', 0, 'truncated', false, 'limit', v_limit);
    end if;
    v_where := v_where || 'c.grid_path operator(extensions.<@) $1'::text;
  end if;
  if p_bbox is not null then
    v_envelope := private.bbox_envelope(p_bbox);
    v_where := v_where || 'extensions.st_intersects(c.location, $2)'::text;
  end if;
  if v_from is not null then
    v_where := v_where || 'c.reported_at >= $3'::text;
  end if;
  if v_to is not null then
    v_where := v_where || 'c.reported_at < $4'::text;
  end if;
  if p_statuses is not null then
    v_where := v_where || 'c.status = any ($5)'::text;
  end if;
  if p_category_codes is not null then
    v_where := v_where || 'c.category_code = any ($6)'::text;
  end if;
  if p_ids is not null then
    v_where := v_where || 'c.id = any ($7)'::text;
  end if;
  if p_sources is not null then
    v_where := v_where || 'c.source = any ($9)'::text;
  end if;
  if p_supervised is not null then
    v_where := v_where || case when p_supervised then 'c.supervised' else 'not c.supervised' end;
  end if;
  v_now := coalesce(private.epoch_arg(p_now, 'p_now'), now());
  if p_overdue is not null then
    v_where := v_where || format('%s (c.status <> ''cancelled'' and not (c.status = ''closed'' and (c.closed_at is null or c.closed_at <= $10)) and c.due_at < $10)',
      case when p_overdue then '' else 'not' end);
  end if;
  if p_mine is not null then
    v_staff := (select private.my_staff_ids());
    v_keys := (select private.my_unit_keys());
    v_where := v_where || format('%s (coalesce(c.assignee_id = any ($11), false) or private.unit_keys(c.grid_path, array_remove(array[c.lead_unit_id], null) || c.co_unit_ids) operator(pg_catalog.&&) $12)',
      case when p_mine then '' else 'not' end);
  end if;
  if length(v_search) > 200 then
    raise exception 'p_search must be at most 200 characters, got %', length(v_search) using errcode = 'invalid_parameter_value';
  end if;
  if v_search <> '' then
    v_where := v_where || 'c.id in (select private.search_visible_case_ids($13))'::text;
  end if;

  -- Dynamic SQL so each call is planned for the filters it actually has. The records are built as
  -- rows with camelCase columns and serialised by json_agg: about twice as fast as one
  -- json_build_object per case. One row more than the limit is read to tell a cut answer.
  execute format(
    $q$with lim as (select c.* from public.cases c where %s order by c.reported_at, c.code limit $8 + 1)
       select coalesce((select json_agg(r order by r."reportedAt", r.code) from (
         select c.id, c.code, c.category_code as "categoryCode", c.title, c.description, c.source, c.status,
                c.outcome, c.urgent, array[extensions.st_x(c.location), extensions.st_y(c.location)] as location,
                c.grid_id as "gridId", c.escalation_level as "escalationLevel", c.lead_unit_id as "leadUnitId",
                c.co_handlers as "coHandlers", c.assignee_id as "assigneeId",
                private.epoch_ms(c.reported_at) as "reportedAt", private.epoch_ms(c.registered_at) as "registeredAt",
                private.epoch_ms(c.dispatched_at) as "dispatchedAt", private.epoch_ms(c.reported_back_at) as "reportedBackAt",
                private.epoch_ms(c.closed_at) as "closedAt", private.epoch_ms(c.due_at) as "dueAt",
                c.supervised, c.version, nullif(c.photo_ids, '{}') as "photoIds"
           from lim c order by c.reported_at, c.code limit $8) r), '[]'::json),
         (select count(*)::integer from lim)$q$,
    array_to_string(v_where, ' and ')
  )
  into v_cases, v_n
  using v_path, v_envelope, v_from, v_to, p_statuses, p_category_codes, p_ids, v_limit, p_sources, v_now, v_staff, v_keys, v_search;
  v_total := v_n;
  if v_n > v_limit then
    execute format('select count(*) from public.cases c where %s', array_to_string(v_where, ' and '))
      into v_total
      using v_path, v_envelope, v_from, v_to, p_statuses, p_category_codes, p_ids, v_limit, p_sources, v_now, v_staff, v_keys, v_search;
  end if;
  return json_build_object('cases', v_cases, 'total', v_total, 'truncated', v_n > v_limit, 'limit', v_limit);
end
$$;

/*
  list_staff, list_patrol_teams, list_patrol_routes, list_cameras, list_key_places, list_roads
  (replaced) — the same rows in the same order as before, answered as
  { "items": [...], "total": matching rows, "truncated": total > limit, "limit": list_cap(...) }.
  The matches are a CTE that is not materialised: the page reads cap + 1 rows, and the count runs
  only when the page is full.
*/
create or replace function public.list_staff(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  with hit as not materialized (
    select s.id, s.name, s.role, s.grid_id, s.phone_masked, g.code
    from public.staff s
    join public.grids g on g.id = s.grid_id
    where (p_subtree_of is null or s.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
      and (p_bbox is null or extensions.st_intersects(g.boundary, (select private.bbox_envelope(p_bbox))))
  ),
  page as (select * from hit order by code, name, id limit private.list_cap('staff') + 1)
  select json_build_object(
    'items', coalesce((select json_agg(json_build_object(
        'id', p.id, 'name', p.name, 'role', p.role, 'gridId', p.grid_id, 'phoneMasked', p.phone_masked
      ) order by p.code, p.name, p.id) from (select * from page order by code, name, id limit private.list_cap('staff')) p), '[]'::json),
    'total', case when (select count(*) from page) > private.list_cap('staff') then (select count(*) from hit) else (select count(*) from page) end,
    'truncated', (select count(*) from page) > private.list_cap('staff'),
    'limit', private.list_cap('staff'))
$$;

create or replace function public.list_patrol_teams(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  with hit as not materialized (
    select t.id, t.name, t.name_en, t.kind, t.grid_id, t.member_count, t.leader_id
    from public.patrol_teams t
    join public.grids g on g.id = t.grid_id
    where (p_subtree_of is null or t.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
      and (p_bbox is null or extensions.st_intersects(g.boundary, (select private.bbox_envelope(p_bbox))))
  ),
  page as (select * from hit order by name, id limit private.list_cap('patrol_teams') + 1)
  select json_build_object(
    'items', coalesce((select json_agg(json_build_object(
        'id', p.id, 'name', p.name, 'nameEn', p.name_en, 'kind', p.kind, 'gridId', p.grid_id,
        'memberCount', p.member_count, 'leaderId', p.leader_id
      ) order by p.name, p.id) from (select * from page order by name, id limit private.list_cap('patrol_teams')) p), '[]'::json),
    'total', case when (select count(*) from page) > private.list_cap('patrol_teams') then (select count(*) from hit) else (select count(*) from page) end,
    'truncated', (select count(*) from page) > private.list_cap('patrol_teams'),
    'limit', private.list_cap('patrol_teams'))
$$;

create or replace function public.list_patrol_routes(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  with hit as not materialized (
    select r.id, r.team_id, r.name, r.name_en, r.path, r.length_km, r.schedule
    from public.patrol_routes r
    where (p_subtree_of is null or r.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
      and (p_bbox is null or extensions.st_intersects(r.path, (select private.bbox_envelope(p_bbox))))
  ),
  page as (select * from hit order by name, id limit private.list_cap('patrol_routes') + 1)
  select json_build_object(
    'items', coalesce((select json_agg(json_build_object(
        'id', p.id, 'teamId', p.team_id, 'name', p.name, 'nameEn', p.name_en,
        'path', extensions.st_asgeojson(p.path, 9)::json, 'lengthKm', p.length_km, 'schedule', p.schedule
      ) order by p.name, p.id) from (select * from page order by name, id limit private.list_cap('patrol_routes')) p), '[]'::json),
    'total', case when (select count(*) from page) > private.list_cap('patrol_routes') then (select count(*) from hit) else (select count(*) from page) end,
    'truncated', (select count(*) from page) > private.list_cap('patrol_routes'),
    'limit', private.list_cap('patrol_routes'))
$$;

create or replace function public.list_cameras(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  with hit as not materialized (
    select c.id, c.code, c.name, c.kind, c.location, c.bearing, c.fov, c.range_m, c.status, c.grid_id
    from public.cameras c
    where (p_subtree_of is null or c.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
      and (p_bbox is null or extensions.st_intersects(c.location, (select private.bbox_envelope(p_bbox))))
  ),
  page as (select * from hit order by code limit private.list_cap('cameras') + 1)
  select json_build_object(
    'items', coalesce((select json_agg(json_build_object(
        'id', p.id, 'code', p.code, 'name', p.name, 'kind', p.kind, 'location', private.point_json(p.location),
        'bearing', p.bearing, 'fov', p.fov, 'rangeM', p.range_m, 'status', p.status, 'gridId', p.grid_id
      ) order by p.code) from (select * from page order by code limit private.list_cap('cameras')) p), '[]'::json),
    'total', case when (select count(*) from page) > private.list_cap('cameras') then (select count(*) from hit) else (select count(*) from page) end,
    'truncated', (select count(*) from page) > private.list_cap('cameras'),
    'limit', private.list_cap('cameras'))
$$;

create or replace function public.list_key_places(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  with hit as not materialized (
    select k.id, k.name, k.name_en, k.kind, k.location, k.grid_id
    from public.key_places k
    where (p_subtree_of is null or k.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
      and (p_bbox is null or extensions.st_intersects(k.location, (select private.bbox_envelope(p_bbox))))
  ),
  page as (select * from hit order by name, id limit private.list_cap('key_places') + 1)
  select json_build_object(
    'items', coalesce((select json_agg(json_build_object(
        'id', p.id, 'name', p.name, 'nameEn', p.name_en, 'kind', p.kind,
        'location', private.point_json(p.location), 'gridId', p.grid_id
      ) order by p.name, p.id) from (select * from page order by name, id limit private.list_cap('key_places')) p), '[]'::json),
    'total', case when (select count(*) from page) > private.list_cap('key_places') then (select count(*) from hit) else (select count(*) from page) end,
    'truncated', (select count(*) from page) > private.list_cap('key_places'),
    'limit', private.list_cap('key_places'))
$$;

create or replace function public.list_roads(p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  with hit as not materialized (
    select r.id, r.name, r.kind, r.path
    from public.roads r
    where (p_bbox is null or extensions.st_intersects(r.path, (select private.bbox_envelope(p_bbox))))
  ),
  page as (select * from hit order by kind, name, id limit private.list_cap('roads') + 1)
  select json_build_object(
    'items', coalesce((select json_agg(json_build_object(
        'id', p.id, 'name', p.name, 'kind', p.kind, 'path', extensions.st_asgeojson(p.path, 9)::json
      ) order by p.kind, p.name, p.id) from (select * from page order by kind, name, id limit private.list_cap('roads')) p), '[]'::json),
    'total', case when (select count(*) from page) > private.list_cap('roads') then (select count(*) from hit) else (select count(*) from page) end,
    'truncated', (select count(*) from page) > private.list_cap('roads'),
    'limit', private.list_cap('roads'))
$$;

/*
  case_events_of (replaced) — the case's timeline, oldest first, capped:
  { "events": [ ...the same objects as before... ], "total", "truncated", "limit": list_cap('events') }.
  Raises P0002 when the case does not exist or is not visible.
*/
create or replace function public.case_events_of(p_case_id uuid)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_cap constant integer := private.list_cap('events');
  v_events json;
  v_n integer;
  v_total bigint;
begin
  if not exists (select 1 from public.cases c where c.id = p_case_id) then
    raise exception 'case % does not exist or is not visible to you', p_case_id using errcode = 'no_data_found';
  end if;
  select coalesce(json_agg(json_build_object(
      'id', e.id, 'caseId', e.case_id, 'action', e.kind, 'from', e.from_status, 'to', e.to_status,
      'actorId', coalesce(e.actor_staff_id, e.actor_id), 'actorUserId', e.actor_id, 'actorRole', e.actor_role,
      'at', private.epoch_ms(e.at), 'version', e.case_version, 'payload', e.data, 'note', nullif(e.note, '')
    ) order by e.id) filter (where e.n <= v_cap), '[]'::json), count(*)::integer
    into v_events, v_n
    from (
      select x.*, row_number() over (order by x.id) as n
      from public.case_events x where x.case_id = p_case_id order by x.id limit v_cap + 1
    ) e;
  v_total := v_n;
  if v_n > v_cap then
    select count(*) into v_total from public.case_events x where x.case_id = p_case_id;
  end if;
  return json_build_object('events', v_events, 'total', v_total, 'truncated', v_n > v_cap, 'limit', v_cap);
end
$$;

/* list_cases (replaced) — as before, plus "truncated" (more rows follow the page) and "limit" in the answer;
  an unknown subtreeOf still has the rest of the filter checked; bbox numbers beyond a double, period
  times outside the years 1–9999, offsets over 1,000,000,000 and searches over 200 characters are
  refused naming the key. */
create or replace function public.list_cases(p_filter jsonb default '{}')
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  f jsonb := coalesce(p_filter, '{}'::jsonb);
  v_keys constant text[] := '{subtreeOf,bbox,period,statuses,categoryCodes,sources,overdue,supervised,mine,search,sort,limit,offset,withTotal}';
  v_sort_columns constant jsonb := '{"reportedAt": "reported_at", "dueAt": "due_at", "code": "code", "status": "status",
    "categoryCode": "category_code", "registeredAt": "registered_at", "closedAt": "closed_at", "escalationLevel": "escalation_level"}';
  v_bad text;
  v_where text[] := '{true}';
  v_path extensions.ltree;
  v_envelope extensions.geometry;
  v_from timestamptz;
  v_to timestamptz;
  v_statuses public.case_status[];
  v_categories text[];
  v_sources public.case_source[];
  v_search text;
  v_staff uuid[];
  v_units text[];
  v_order text;
  v_limit integer := 100;
  v_offset integer := 0;
  v_total bigint;
  v_rows json;
  v_n integer;
  v_bbox numeric[];
begin
  if jsonb_typeof(f) <> 'object' then
    raise exception 'p_filter must be a JSON object, got %', jsonb_typeof(f) using errcode = 'invalid_parameter_value';
  end if;
  select string_agg(k, ', ' order by k) into v_bad from jsonb_object_keys(f) k where not k = any (v_keys);
  if v_bad is not null then
    raise exception 'p_filter has unknown key(s) %; known: %', v_bad, array_to_string(v_keys, ', ') using errcode = 'invalid_parameter_value';
  end if;
  -- JSON null counts as absent.
  f := jsonb_strip_nulls(f);

  if f ? 'subtreeOf' then
    if jsonb_typeof(f -> 'subtreeOf') <> 'string' or (f ->> 'subtreeOf') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      raise exception 'p_filter.subtreeOf must be a grid id (uuid), got %', f -> 'subtreeOf' using errcode = 'invalid_parameter_value';
    end if;
    v_path := private.grid_path_of((f ->> 'subtreeOf')::uuid);
    -- An unknown grid matches nothing; the rest of the filter is still checked.
    v_where := v_where || case when v_path is null then 'false' else 'c.grid_path operator(extensions.<@) $1' end;
  end if;
  if f ? 'bbox' then
    -- Read as numerics first: a JSON number beyond a double's range is refused here, not an overflow.
    if jsonb_typeof(f -> 'bbox') = 'array' and jsonb_array_length(f -> 'bbox') = 4
      and not exists (select 1 from jsonb_array_elements(f -> 'bbox') e where jsonb_typeof(e) <> 'number') then
      v_bbox := array(select (e #>> '{}')::numeric from jsonb_array_elements(f -> 'bbox') e);
    end if;
    if v_bbox is null or v_bbox[1] > v_bbox[3] or v_bbox[2] > v_bbox[4] then
      raise exception 'p_filter.bbox must be [west, south, east, north] with west ≤ east and south ≤ north, got %', f -> 'bbox'
        using errcode = 'invalid_parameter_value';
    end if;
    if exists (select 1 from unnest(v_bbox) v where abs(v) > 1e308) then
      raise exception 'p_filter.bbox must be [west, south, east, north] of finite numbers, got %', f -> 'bbox'
        using errcode = 'invalid_parameter_value';
    end if;
    v_envelope := private.bbox_envelope(v_bbox::double precision[]);
    v_where := v_where || 'extensions.st_intersects(c.location, $2)'::text;
  end if;
  if f ? 'period' then
    if jsonb_typeof(f -> 'period') <> 'object'
      or jsonb_typeof(f #> '{period,from}') not in ('number') and f #> '{period,from}' is not null
      or jsonb_typeof(f #> '{period,to}') not in ('number') and f #> '{period,to}' is not null then
      raise exception 'p_filter.period must be {"from": epoch ms, "to": epoch ms}, got %', f -> 'period' using errcode = 'invalid_parameter_value';
    end if;
    v_from := private.epoch_arg((f #>> '{period,from}')::numeric, 'p_filter.period.from');
    v_to := private.epoch_arg((f #>> '{period,to}')::numeric, 'p_filter.period.to');
    if v_from > v_to then
      raise exception 'p_filter.period: from (%) is after to (%)', f #> '{period,from}', f #> '{period,to}' using errcode = 'invalid_parameter_value';
    end if;
    if v_from is not null then
      v_where := v_where || 'c.reported_at >= $3'::text;
    end if;
    if v_to is not null then
      v_where := v_where || 'c.reported_at < $4'::text;
    end if;
  end if;
  if f ? 'statuses' then
    select string_agg(e::text, ', ') into v_bad from jsonb_array_elements(case when jsonb_typeof(f -> 'statuses') = 'array' then f -> 'statuses' else jsonb_build_array(f -> 'statuses') end) e
      where jsonb_typeof(f -> 'statuses') <> 'array' or jsonb_typeof(e) <> 'string' or not (e #>> '{}') = any (enum_range(null::public.case_status)::text[]);
    if v_bad is not null then
      raise exception 'p_filter.statuses must list case statuses (%), got %', array_to_string(enum_range(null::public.case_status)::text[], ', '), v_bad
        using errcode = 'invalid_parameter_value';
    end if;
    v_statuses := array(select (e #>> '{}')::public.case_status from jsonb_array_elements(f -> 'statuses') e);
    v_where := v_where || 'c.status = any ($5)'::text;
  end if;
  if f ? 'categoryCodes' then
    if jsonb_typeof(f -> 'categoryCodes') <> 'array' or exists (select 1 from jsonb_array_elements(f -> 'categoryCodes') e where jsonb_typeof(e) <> 'string') then
      raise exception 'p_filter.categoryCodes must be a list of category codes, got %', f -> 'categoryCodes' using errcode = 'invalid_parameter_value';
    end if;
    v_categories := array(select e #>> '{}' from jsonb_array_elements(f -> 'categoryCodes') e);
    v_where := v_where || 'c.category_code = any ($6)'::text;
  end if;
  if f ? 'sources' then
    select string_agg(e::text, ', ') into v_bad from jsonb_array_elements(case when jsonb_typeof(f -> 'sources') = 'array' then f -> 'sources' else jsonb_build_array(f -> 'sources') end) e
      where jsonb_typeof(f -> 'sources') <> 'array' or jsonb_typeof(e) <> 'string' or not (e #>> '{}') = any (enum_range(null::public.case_source)::text[]);
    if v_bad is not null then
      raise exception 'p_filter.sources must list case sources (%), got %', array_to_string(enum_range(null::public.case_source)::text[], ', '), v_bad
        using errcode = 'invalid_parameter_value';
    end if;
    v_sources := array(select (e #>> '{}')::public.case_source from jsonb_array_elements(f -> 'sources') e);
    v_where := v_where || 'c.source = any ($7)'::text;
  end if;
  foreach v_bad in array array['overdue', 'supervised', 'mine', 'withTotal'] loop
    if f ? v_bad and jsonb_typeof(f -> v_bad) <> 'boolean' then
      raise exception 'p_filter.% must be true or false, got %', v_bad, f -> v_bad using errcode = 'invalid_parameter_value';
    end if;
  end loop;
  if f ? 'overdue' then
    v_where := v_where || format('%s (c.status not in (''closed'', ''cancelled'') and c.due_at < now())',
      case when (f ->> 'overdue')::boolean then '' else 'not' end);
  end if;
  if f ? 'supervised' then
    v_where := v_where || case when (f ->> 'supervised')::boolean then 'c.supervised' else 'not c.supervised' end;
  end if;
  if f ? 'mine' then
    v_staff := (select private.my_staff_ids());
    v_units := (select private.my_unit_ids());
    v_where := v_where || format('%s (coalesce(c.assignee_id = any ($8), false) or coalesce(c.lead_unit_id = any ($9), false) or c.co_unit_ids operator(pg_catalog.&&) $9)',
      case when (f ->> 'mine')::boolean then '' else 'not' end);
  end if;
  if f ? 'search' then
    if jsonb_typeof(f -> 'search') <> 'string' then
      raise exception 'p_filter.search must be text, got %', f -> 'search' using errcode = 'invalid_parameter_value';
    end if;
    v_search := private.js_trim(f ->> 'search');
    if length(v_search) > 200 then
      raise exception 'p_filter.search must be at most 200 characters, got %', length(v_search) using errcode = 'invalid_parameter_value';
    end if;
    if v_search <> '' then
      v_where := v_where || 'c.id in (select private.search_visible_case_ids($10))'::text;
    end if;
  end if;
  if f ? 'sort' then
    if jsonb_typeof(f -> 'sort') <> 'object' or not (v_sort_columns ? coalesce(f #>> '{sort,by}', ''))
      or jsonb_typeof(f #> '{sort,desc}') not in ('boolean') and f #> '{sort,desc}' is not null then
      raise exception 'p_filter.sort must be {"by": one of %, "desc"?: boolean}, got %',
        (select string_agg(k, ', ') from jsonb_object_keys(v_sort_columns) k), f -> 'sort' using errcode = 'invalid_parameter_value';
    end if;
    -- Nulls last only where a column can be null: on the others the plain order matches the
    -- btree indexes, so a page is read in index order instead of sorting every visible case.
    v_order := format('c.%I %s%s', v_sort_columns ->> (f #>> '{sort,by}'),
      case when coalesce((f #>> '{sort,desc}')::boolean, false) then 'desc' else 'asc' end,
      case when f #>> '{sort,by}' in ('registeredAt', 'closedAt') then ' nulls last' else '' end);
  else
    v_order := 'c.reported_at desc';
  end if;
  v_order := v_order || ', c.code, c.id';
  if f ? 'limit' then
    if jsonb_typeof(f -> 'limit') <> 'number' or (f ->> 'limit')::numeric not between 0 and 10000 or (f ->> 'limit')::numeric <> trunc((f ->> 'limit')::numeric) then
      raise exception 'p_filter.limit must be a whole number 0–10000, got %', f -> 'limit' using errcode = 'invalid_parameter_value';
    end if;
    v_limit := (f ->> 'limit')::integer;
  end if;
  if f ? 'offset' then
    if jsonb_typeof(f -> 'offset') <> 'number' or (f ->> 'offset')::numeric < 0 or (f ->> 'offset')::numeric <> trunc((f ->> 'offset')::numeric) then
      raise exception 'p_filter.offset must be a whole number ≥ 0, got %', f -> 'offset' using errcode = 'invalid_parameter_value';
    end if;
    if (f ->> 'offset')::numeric > 1000000000 then
      raise exception 'p_filter.offset must be at most 1000000000, got %', f -> 'offset' using errcode = 'invalid_parameter_value';
    end if;
    v_offset := (f ->> 'offset')::integer;
  end if;

  -- Dynamic SQL so each call is planned for the filters it actually has.
  if coalesce((f ->> 'withTotal')::boolean, true) then
    execute format('select count(*) from public.cases c where %s', array_to_string(v_where, ' and '))
      into v_total
      using v_path, v_envelope, v_from, v_to, v_statuses, v_categories, v_sources, v_staff, v_units, v_search;
  end if;
  -- The page is chosen on ids alone and the rows fetched after, so sorting never carries whole
  -- cases; one row more than the page says whether the list goes on (truncated).
  execute format(
    'select coalesce(json_agg(private.case_loop_json(c) order by %s) filter (where p.n <= $11 + $12), ''[]''::json), count(*)::integer
       from (select c.id, row_number() over (order by %s) as n from public.cases c where %s order by %s limit $11 + 1 offset $12) p
       join public.cases c on c.id = p.id',
    v_order, v_order, array_to_string(v_where, ' and '), v_order)
    into v_rows, v_n
    using v_path, v_envelope, v_from, v_to, v_statuses, v_categories, v_sources, v_staff, v_units, v_search, v_limit, v_offset;
  return json_build_object('total', v_total, 'cases', v_rows, 'truncated', v_n > v_limit, 'limit', v_limit);
end
$$;

-- grid_kpis (replaced): p_from, p_to and p_now outside the years 1–9999 are refused naming the argument.
create or replace function public.grid_kpis(
  p_grid_id uuid,
  p_from bigint,
  p_to bigint,
  p_now bigint default null
)
returns json
language plpgsql
stable
security invoker
set search_path = ''
-- Plan every call for its own grid and period: a cached generic plan cannot see how selective
-- "this subtree, this month" is and falls back to scanning the whole subtree.
set plan_cache_mode = force_custom_plan
as $$
declare
  v_path extensions.ltree;
  v_depth integer;
  v_from timestamptz := private.epoch_arg(p_from, 'p_from');
  v_to timestamptz := private.epoch_arg(p_to, 'p_to');
  v_now timestamptz := coalesce(private.epoch_arg(p_now, 'p_now'), now());
  v_result json;
begin
  if p_grid_id is null or p_from is null or p_to is null then
    raise exception 'grid_kpis needs p_grid_id, p_from and p_to' using errcode = 'invalid_parameter_value';
  end if;
  if p_from > p_to then
    raise exception 'p_from (%) is after p_to (%)', p_from, p_to using errcode = 'invalid_parameter_value';
  end if;
  select g.path into v_path from public.grids g where g.id = p_grid_id;
  if v_path is null then
    raise exception 'Grid % not found', p_grid_id using errcode = 'no_data_found';
  end if;
  v_depth := extensions.nlevel(v_path);

  with relevant as (
    -- Every case that can count in some cohort: reported, due or closed within the period.
    select
      case when extensions.nlevel(c.grid_path) > v_depth
        then extensions.subpath(c.grid_path, 0, v_depth + 1) end as child_path,
      c.reported_at >= v_from and c.reported_at < v_to as reported_in,
      c.due_at >= v_from and c.due_at < v_to as due_in,
      c.status = 'closed' and (c.closed_at is null or c.closed_at <= v_now) as is_closed,
      c.outcome in ('resolved', 'mediated') as good_outcome,
      c.closed_at,
      c.due_at,
      coalesce(c.registered_at, c.reported_at) as started_at,
      coalesce(cat.is_dispute, false) as is_dispute
    from public.cases c
    left join public.categories cat on cat.code = c.category_code
    where c.grid_path operator(extensions.<@) v_path
      and c.status <> 'cancelled'
      and c.reported_at <= v_now
      and (
        (c.reported_at >= v_from and c.reported_at < v_to)
        or (c.due_at >= v_from and c.due_at < v_to)
        or (c.closed_at >= v_from and c.closed_at < v_to)
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
      not is_closed and due_at < v_now as is_late,
      due_in and (due_at <= v_now or is_closed) as is_due,
      is_closed and closed_at >= v_from and closed_at < v_to as closed_in,
      case when is_closed and closed_at >= v_from and closed_at < v_to
        then private.epoch_ms(closed_at) - private.epoch_ms(started_at) end as handling_ms
    from relevant
  ),
  counts as (
    select
      grouping(child_path) = 1 as is_grid,
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
    'grid', json_build_object(
      'gridId', p_grid_id,
      'kpis', private.kpis_json((select k.k from counts k where k.is_grid))
    ),
    'children', coalesce((
      select json_agg(json_build_object('gridId', g.id, 'kpis', private.kpis_json(k.k)) order by g.code)
      from public.grids g
      left join counts k on not k.is_grid and k.child_path operator(extensions.=) g.path
      where g.parent_id = p_grid_id
    ), '[]'::json)
  )
  into v_result;
  return v_result;
end
$$;

revoke all on function public.cases_in_view(double precision[], bigint, bigint, uuid, public.case_status[], text[], uuid[], integer, public.case_source[], boolean, boolean, bigint, boolean, text) from public, anon;
grant execute on function public.cases_in_view(double precision[], bigint, bigint, uuid, public.case_status[], text[], uuid[], integer, public.case_source[], boolean, boolean, bigint, boolean, text) to authenticated, service_role;
