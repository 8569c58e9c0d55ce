-- Read RPCs for the Supabase data layer (src/data/supabase), one per DataSource method.
--
-- Every function here is SECURITY INVOKER: it runs as the caller, so row-level security decides
-- what it sees, exactly as a table read would. They return one JSON value shaped like the domain
-- types in src/domain/types.ts (camelCase keys, times as epoch milliseconds, coordinates
-- [lng, lat], geometries as GeoJSON), so the client maps rows with almost no code.
--
-- Conventions for arguments (supabase-js `.rpc(name, args)`; omitted arguments take their default):
-- * p_bbox: [west, south, east, north] in WGS 84 degrees; a row matches when its geometry
--   intersects the box (points: inside or on the edge).
-- * p_from / p_to: epoch milliseconds, the half-open period [from, to) on reported_at.
-- * p_subtree_of: a grid id; matches that grid and everything below it that the caller may see.
--   The subtree root itself need not be visible (a village chief asking for the township's subtree
--   gets their village's part), which is what the embedded demo does too.
-- Errors: malformed arguments raise SQLSTATE 22023 (invalid_parameter_value) with a message that
-- says which argument and why; an invisible or unknown grid in grid_kpis raises P0002.

-- The per-row helpers below (epoch_ms ... case_json) deliberately have no SET search_path: a SQL
-- function with a SET clause is never inlined, and then costs a configuration save and restore
-- on every row (seconds on a county's cases). Every name inside them is schema-qualified, so the
-- caller's search_path cannot change what they mean; the RPCs that call them do pin theirs.
create function private.epoch_ms(p_at timestamptz)
returns bigint
language sql stable parallel safe
as $$ select (extract(epoch from p_at) * 1000)::bigint $$;

create function private.from_epoch_ms(p_ms bigint)
returns timestamptz
language sql stable parallel safe
as $$ select 'epoch'::timestamptz + p_ms * interval '1 millisecond' $$;

-- [west, south, east, north] -> polygon, refusing boxes that cannot be meant.
create function private.bbox_envelope(p_bbox double precision[])
returns extensions.geometry
language plpgsql immutable parallel safe set search_path = ''
as $$
begin
  if array_length(p_bbox, 1) is distinct from 4 or array_position(p_bbox, null) is not null then
    raise exception 'p_bbox must be [west, south, east, north], got %', p_bbox using errcode = 'invalid_parameter_value';
  end if;
  if p_bbox[1] > p_bbox[3] or p_bbox[2] > p_bbox[4] then
    raise exception 'p_bbox %: west must not exceed east nor south exceed north', p_bbox using errcode = 'invalid_parameter_value';
  end if;
  return extensions.st_makeenvelope(p_bbox[1], p_bbox[2], p_bbox[3], p_bbox[4], 4326);
end
$$;

create function private.point_json(p_point extensions.geometry)
returns json
language sql stable parallel safe
as $$ select json_build_array(extensions.st_x(p_point), extensions.st_y(p_point)) $$;

-- One grid as a GeoJSON Feature whose properties are the Grid type minus its boundary.
create function private.grid_feature(g public.grids, p_simplify double precision)
returns json
language sql stable parallel safe
as $$
  select json_build_object(
    'type', 'Feature',
    'id', g.id,
    'geometry', extensions.st_asgeojson(
      case when p_simplify is null then g.boundary
      else extensions.st_multi(extensions.st_simplifypreservetopology(g.boundary, p_simplify)) end,
      9
    )::json,
    'properties', json_build_object(
      'id', g.id,
      'code', g.code,
      'level', g.level,
      'parentId', g.parent_id,
      'name', g.name,
      'nameEn', g.name_en,
      'labelPoint', private.point_json(g.label_point),
      'areaKm2', g.area_km2,
      'households', g.households,
      'population', g.population,
      'chiefId', g.chief_id,
      'workerIds', to_json(g.worker_ids)
    )
  )
$$;

-- The counts computeKpis (src/domain/kpi.ts) keeps for one grid; kpis_json turns them into CaseKpis.
create type private.kpi_counts as (
  total bigint,
  closed bigint,
  resolved bigint,
  on_time bigint,
  overdue bigint,
  due_to_close bigint,
  closed_of_due bigint,
  closed_on_time_of_due bigint,
  disputes bigint,
  disputes_resolved bigint,
  closed_in_period bigint,
  handling_ms_sum numeric
);

-- The CaseKpis object of src/domain/kpi.ts; a null row (a grid without cases) gives the empty set.
create function private.kpis_json(k private.kpi_counts)
returns json
language sql stable parallel safe
as $$
  select json_build_object(
    'total', coalesce(k.total, 0),
    'open', coalesce(k.total, 0) - coalesce(k.closed, 0),
    'overdue', coalesce(k.overdue, 0),
    'closed', coalesce(k.closed, 0),
    'resolved', coalesce(k.resolved, 0),
    'resolutionRate', case when coalesce(k.total, 0) = 0 then null else k.resolved::double precision / k.total end,
    'onTimeRate', case when coalesce(k.closed, 0) = 0 then null else k.on_time::double precision / k.closed end,
    'dueToClose', coalesce(k.due_to_close, 0),
    'closedOfDue', coalesce(k.closed_of_due, 0),
    'closingRate', case when coalesce(k.due_to_close, 0) = 0 then null else k.closed_of_due::double precision / k.due_to_close end,
    'closedOnTimeOfDue', coalesce(k.closed_on_time_of_due, 0),
    'onTimeClosingRate', case when coalesce(k.due_to_close, 0) = 0 then null else k.closed_on_time_of_due::double precision / k.due_to_close end,
    'disputes', coalesce(k.disputes, 0),
    'disputesResolved', coalesce(k.disputes_resolved, 0),
    'disputeResolutionRate', case when coalesce(k.disputes, 0) = 0 then null else k.disputes_resolved::double precision / k.disputes end,
    'closedInPeriod', coalesce(k.closed_in_period, 0),
    'avgHandlingMs', case when coalesce(k.closed_in_period, 0) = 0 then null else k.handling_ms_sum::double precision / k.closed_in_period end
  )
$$;

-- One case as a CaseRecord (for single cases; cases_in_view builds many at once more cheaply).
create function private.case_json(c public.cases)
returns json
language sql stable parallel safe
as $$
  select json_build_object(
    'id', c.id,
    'code', c.code,
    'categoryCode', c.category_code,
    'title', c.title,
    'description', c.description,
    'source', c.source,
    'status', c.status,
    'outcome', c.outcome,
    'urgent', c.urgent,
    'location', private.point_json(c.location),
    'gridId', c.grid_id,
    'escalationLevel', c.escalation_level,
    'leadUnitId', c.lead_unit_id,
    'coHandlers', c.co_handlers,
    'assigneeId', c.assignee_id,
    'reportedAt', private.epoch_ms(c.reported_at),
    'registeredAt', private.epoch_ms(c.registered_at),
    'dispatchedAt', private.epoch_ms(c.dispatched_at),
    'reportedBackAt', private.epoch_ms(c.reported_back_at),
    'closedAt', private.epoch_ms(c.closed_at),
    'dueAt', private.epoch_ms(c.due_at),
    'supervised', c.supervised,
    'version', c.version
  )
$$;

grant execute on function private.epoch_ms(timestamptz) to authenticated, service_role;
grant execute on function private.from_epoch_ms(bigint) to authenticated, service_role;
grant execute on function private.bbox_envelope(double precision[]) to authenticated, service_role;
grant execute on function private.point_json(extensions.geometry) to authenticated, service_role;
grant execute on function private.grid_feature(public.grids, double precision) to authenticated, service_role;
grant usage on type private.kpi_counts to authenticated, service_role;
grant execute on function private.kpis_json(private.kpi_counts) to authenticated, service_role;
grant execute on function private.case_json(public.cases) to authenticated, service_role;

/*
  grids_geojson — DataSource.listGrids / getGridByCode.
  Args (all optional, combined with AND):
    p_ids uuid[], p_codes text[], p_level int (1–4), p_parent_id uuid, p_subtree_of uuid,
    p_bbox [w,s,e,n], p_simplify float (degrees; ST_SimplifyPreserveTopology tolerance for overviews)
  Returns: { "type": "FeatureCollection", "features": [
    { "type": "Feature", "id": uuid, "geometry": MultiPolygon,
      "properties": { id, code, level, parentId, name, nameEn, labelPoint: [lng, lat], areaKm2,
                      households, population, chiefId, workerIds: uuid[] } } ] }
  ordered by code. Coordinates are written with 9 decimals.
*/
create function public.grids_geojson(
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
  v_path extensions.ltree;
  v_envelope extensions.geometry;
  v_result json;
begin
  if p_level is not null and p_level not between 1 and 4 then
    raise exception 'p_level must be 1–4, got %', p_level using errcode = 'invalid_parameter_value';
  end if;
  if p_simplify is not null and p_simplify < 0 then
    raise exception 'p_simplify must not be negative, got %', p_simplify using errcode = 'invalid_parameter_value';
  end if;
  if p_subtree_of is not null then
    v_path := private.grid_path_of(p_subtree_of);
    if v_path is null then
      return json_build_object('type', 'FeatureCollection', 'features', '[]'::json);
    end if;
  end if;
  if p_bbox is not null then
    v_envelope := private.bbox_envelope(p_bbox);
  end if;

  select json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(private.grid_feature(g, p_simplify) order by g.code), '[]'::json)
  )
  into v_result
  from public.grids g
  where (p_ids is null or g.id = any (p_ids))
    and (p_codes is null or g.code = any (p_codes))
    and (p_level is null or g.level = p_level)
    and (p_parent_id is null or g.parent_id = p_parent_id)
    and (v_path is null or g.path operator(extensions.<@) v_path)
    and (v_envelope is null or extensions.st_intersects(g.boundary, v_envelope));
  return v_result;
end
$$;

/*
  grid_lineage — DataSource.getGridLineage (breadcrumbs).
  Args: p_grid_id uuid
  Returns: a FeatureCollection (same feature shape as grids_geojson) of the grid and its ancestors,
  root first, limited to what the caller may see: a village chief's lineage of a group starts at
  their village. Empty when the grid itself is not visible.
*/
create function public.grid_lineage(p_grid_id uuid)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(private.grid_feature(g, null) order by g.level), '[]'::json)
  )
  from public.grids g
  where g.path operator(extensions.@>) (select private.grid_path_of(p_grid_id))
    and exists (select 1 from public.grids self where self.id = p_grid_id)
$$;

/*
  cases_in_view — DataSource.listCases and the map's case layer.
  Args (all optional, combined with AND):
    p_bbox [w,s,e,n], p_from / p_to epoch ms (reported_at in [from, to); either may be omitted),
    p_subtree_of uuid, p_statuses case_status[], p_category_codes text[], p_ids uuid[],
    p_limit int (first N by reported_at; omit for all)
  Returns: [ CaseRecord ] ordered by reportedAt, then code:
    { id, code, categoryCode, title, description, source, status, outcome, urgent,
      location: [lng, lat], gridId, escalationLevel, leadUnitId,
      coHandlers: [ { unitId, reportedAt (epoch ms|null), outcome } ] (always present, [] when none),
      assigneeId,
      reportedAt, registeredAt, dispatchedAt, reportedBackAt, closedAt, dueAt (epoch ms or null),
      supervised, version }
  Reporter contact is never part of it (see table case_contacts).
*/
create function public.cases_in_view(
  p_bbox double precision[] default null,
  p_from bigint default null,
  p_to bigint default null,
  p_subtree_of uuid default null,
  p_statuses public.case_status[] default null,
  p_category_codes text[] default null,
  p_ids uuid[] default null,
  p_limit integer default null
)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_path extensions.ltree;
  v_envelope extensions.geometry;
  v_where text[] := '{true}';
  v_result json;
begin
  if p_limit is not null and p_limit < 0 then
    raise exception 'p_limit must not be negative, got %', p_limit using errcode = 'invalid_parameter_value';
  end if;
  if p_from is not null and p_to is not null and p_from > p_to then
    raise exception 'p_from (%) is after p_to (%)', p_from, p_to using errcode = 'invalid_parameter_value';
  end if;
  if p_subtree_of is not null then
    v_path := private.grid_path_of(p_subtree_of);
    if v_path is null then
      return '[]'::json;
    end if;
    v_where := v_where || 'c.grid_path operator(extensions.<@) $1'::text;
  end if;
  if p_bbox is not null then
    v_envelope := private.bbox_envelope(p_bbox);
    v_where := v_where || 'c.location operator(extensions.&&) $2'::text;
  end if;
  if p_from is not null then
    v_where := v_where || 'c.reported_at >= private.from_epoch_ms($3)'::text;
  end if;
  if p_to is not null then
    v_where := v_where || 'c.reported_at < private.from_epoch_ms($4)'::text;
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

  -- Dynamic SQL so each call is planned for the filters it actually has. The records are built as
  -- rows with camelCase columns and serialised by json_agg: about twice as fast as one
  -- json_build_object per case, which matters for a township's thousands of cases.
  execute format(
    $q$select coalesce(json_agg(r order by r."reportedAt", r.code), '[]'::json) from (
         select c.id, c.code, c.category_code as "categoryCode", c.title, c.description, c.source, c.status,
                c.outcome, c.urgent, array[extensions.st_x(c.location), extensions.st_y(c.location)] as location,
                c.grid_id as "gridId", c.escalation_level as "escalationLevel", c.lead_unit_id as "leadUnitId",
                c.co_handlers as "coHandlers", c.assignee_id as "assigneeId",
                private.epoch_ms(c.reported_at) as "reportedAt", private.epoch_ms(c.registered_at) as "registeredAt",
                private.epoch_ms(c.dispatched_at) as "dispatchedAt", private.epoch_ms(c.reported_back_at) as "reportedBackAt",
                private.epoch_ms(c.closed_at) as "closedAt", private.epoch_ms(c.due_at) as "dueAt",
                c.supervised, c.version
           from public.cases c where %s %s) r$q$,
    array_to_string(v_where, ' and '),
    -- json_agg orders the result; the inner sort is needed only to pick the first p_limit.
    case when p_limit is null then '' else 'order by c.reported_at, c.code limit $8' end
  )
  into v_result
  using v_path, v_envelope, p_from, p_to, p_statuses, p_category_codes, p_ids, p_limit;
  return v_result;
end
$$;

/*
  grid_kpis — DataSource.gridKpis: the KPI report of a grid and each of its children.
  Args: p_grid_id uuid, p_from epoch ms, p_to epoch ms, p_now epoch ms (optional; default now())
  Returns: { "grid": { gridId, kpis }, "children": [ { gridId, kpis } ] } where kpis is CaseKpis:
    { total, open, overdue, closed, resolved, resolutionRate, onTimeRate,
      dueToClose, closedOfDue, closingRate, closedOnTimeOfDue, onTimeClosingRate,
      disputes, disputesResolved, disputeResolutionRate, closedInPeriod, avgHandlingMs }
  (rates and avgHandlingMs are null when undefined), computed exactly as computeKpis in
  src/domain/kpi.ts over the cases the caller may see in each grid's subtree: each figure takes
  its own cohort (reported in [from, to), due in it, closed in it), cases reported after p_now are
  left out and cases closed after p_now count as open; disputes are categories.is_dispute.
  Children are the grid's visible children ordered by code, each listed even with no cases.
  Raises P0002 when the grid does not exist or is not visible to the caller.
*/
create function public.grid_kpis(
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
  v_from timestamptz := private.from_epoch_ms(p_from);
  v_to timestamptz := private.from_epoch_ms(p_to);
  v_now timestamptz := coalesce(private.from_epoch_ms(p_now), now());
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

/*
  list_staff — DataSource.listStaff.
  Args: p_subtree_of uuid, p_bbox [w,s,e,n] (staff whose grid intersects the box); both optional.
  Returns: [ { id, name, role, gridId, phoneMasked } ] ordered by grid code, then name.
*/
create function public.list_staff(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
      'id', s.id, 'name', s.name, 'role', s.role, 'gridId', s.grid_id, 'phoneMasked', s.phone_masked
    ) order by g.code, s.name, s.id), '[]'::json)
  from public.staff s
  join public.grids g on g.id = s.grid_id
  where (p_subtree_of is null or s.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
    and (p_bbox is null or extensions.st_intersects(g.boundary, (select private.bbox_envelope(p_bbox))))
$$;

/*
  list_patrol_teams — DataSource.listPatrolTeams.
  Args: p_subtree_of uuid, p_bbox [w,s,e,n] (teams whose grid intersects the box); both optional.
  Returns: [ { id, name, nameEn, kind, gridId, memberCount, leaderId } ] ordered by name.
*/
create function public.list_patrol_teams(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
      'id', t.id, 'name', t.name, 'nameEn', t.name_en, 'kind', t.kind, 'gridId', t.grid_id,
      'memberCount', t.member_count, 'leaderId', t.leader_id
    ) order by t.name, t.id), '[]'::json)
  from public.patrol_teams t
  join public.grids g on g.id = t.grid_id
  where (p_subtree_of is null or t.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
    and (p_bbox is null or extensions.st_intersects(g.boundary, (select private.bbox_envelope(p_bbox))))
$$;

/*
  list_patrol_routes — DataSource.listPatrolRoutes.
  Args: p_subtree_of uuid (routes of teams in the subtree), p_bbox [w,s,e,n] (route line intersects
  the box); both optional.
  Returns: [ { id, teamId, name, nameEn, path: LineString, lengthKm,
               schedule: { days: { kind, weekdays? }, windows: [ { start, end } ] } } ] ordered by name.
*/
create function public.list_patrol_routes(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
      'id', r.id, 'teamId', r.team_id, 'name', r.name, 'nameEn', r.name_en,
      'path', extensions.st_asgeojson(r.path, 9)::json, 'lengthKm', r.length_km, 'schedule', r.schedule
    ) order by r.name, r.id), '[]'::json)
  from public.patrol_routes r
  where (p_subtree_of is null or r.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
    and (p_bbox is null or extensions.st_intersects(r.path, (select private.bbox_envelope(p_bbox))))
$$;

/*
  list_cameras — DataSource.listCameras.
  Args: p_subtree_of uuid, p_bbox [w,s,e,n]; both optional.
  Returns: [ { id, code, name, kind, location: [lng, lat], bearing, fov, rangeM, status, gridId } ]
  ordered by code.
*/
create function public.list_cameras(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
      'id', c.id, 'code', c.code, 'name', c.name, 'kind', c.kind, 'location', private.point_json(c.location),
      'bearing', c.bearing, 'fov', c.fov, 'rangeM', c.range_m, 'status', c.status, 'gridId', c.grid_id
    ) order by c.code), '[]'::json)
  from public.cameras c
  where (p_subtree_of is null or c.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
    and (p_bbox is null or extensions.st_intersects(c.location, (select private.bbox_envelope(p_bbox))))
$$;

/*
  list_key_places — DataSource.listKeyPlaces.
  Args: p_subtree_of uuid, p_bbox [w,s,e,n]; both optional.
  Returns: [ { id, name, nameEn, kind, location: [lng, lat], gridId } ] ordered by name.
*/
create function public.list_key_places(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
      'id', k.id, 'name', k.name, 'nameEn', k.name_en, 'kind', k.kind,
      'location', private.point_json(k.location), 'gridId', k.grid_id
    ) order by k.name, k.id), '[]'::json)
  from public.key_places k
  where (p_subtree_of is null or k.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
    and (p_bbox is null or extensions.st_intersects(k.location, (select private.bbox_envelope(p_bbox))))
$$;

/*
  list_roads — DataSource.listRoads.
  Args: p_bbox [w,s,e,n] (optional).
  Returns: [ { id, name, kind: 'main'|'village', path: LineString } ] ordered by kind, name.
*/
create function public.list_roads(p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
      'id', r.id, 'name', r.name, 'kind', r.kind, 'path', extensions.st_asgeojson(r.path, 9)::json
    ) order by r.kind, r.name, r.id), '[]'::json)
  from public.roads r
  where (p_bbox is null or extensions.st_intersects(r.path, (select private.bbox_envelope(p_bbox))))
$$;

/*
  my_access — who the caller is, for the session store and the role-dependent UI.
  Args: none.
  Returns: { userId: uuid|null, staffIds: uuid[],
             memberships: [ { gridId, gridCode, gridLevel, role } ] } ordered by grid code, role.
*/
create function public.my_access()
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select json_build_object(
    'userId', (select auth.uid()),
    'staffIds', to_json((select private.my_staff_ids())),
    'memberships', coalesce((
      select json_agg(json_build_object('gridId', m.grid_id, 'gridCode', g.code, 'gridLevel', g.level, 'role', m.role)
        order by g.code, m.role)
      from public.memberships m
      join public.grids g on g.id = m.grid_id
      where m.user_id = (select auth.uid())
    ), '[]'::json)
  )
$$;

-- Signed-in users only: anon has nothing to read, and public EXECUTE is not needed by anyone else.
revoke all on function public.grids_geojson(uuid[], text[], integer, uuid, uuid, double precision[], double precision) from public, anon;
revoke all on function public.grid_lineage(uuid) from public, anon;
revoke all on function public.cases_in_view(double precision[], bigint, bigint, uuid, public.case_status[], text[], uuid[], integer) from public, anon;
revoke all on function public.grid_kpis(uuid, bigint, bigint, bigint) from public, anon;
revoke all on function public.list_staff(uuid, double precision[]) from public, anon;
revoke all on function public.list_patrol_teams(uuid, double precision[]) from public, anon;
revoke all on function public.list_patrol_routes(uuid, double precision[]) from public, anon;
revoke all on function public.list_cameras(uuid, double precision[]) from public, anon;
revoke all on function public.list_key_places(uuid, double precision[]) from public, anon;
revoke all on function public.list_roads(double precision[]) from public, anon;
revoke all on function public.my_access() from public, anon;
grant execute on function public.grids_geojson(uuid[], text[], integer, uuid, uuid, double precision[], double precision) to authenticated, service_role;
grant execute on function public.grid_lineage(uuid) to authenticated, service_role;
grant execute on function public.cases_in_view(double precision[], bigint, bigint, uuid, public.case_status[], text[], uuid[], integer) to authenticated, service_role;
grant execute on function public.grid_kpis(uuid, bigint, bigint, bigint) to authenticated, service_role;
grant execute on function public.list_staff(uuid, double precision[]) to authenticated, service_role;
grant execute on function public.list_patrol_teams(uuid, double precision[]) to authenticated, service_role;
grant execute on function public.list_patrol_routes(uuid, double precision[]) to authenticated, service_role;
grant execute on function public.list_cameras(uuid, double precision[]) to authenticated, service_role;
grant execute on function public.list_key_places(uuid, double precision[]) to authenticated, service_role;
grant execute on function public.list_roads(double precision[]) to authenticated, service_role;
grant execute on function public.my_access() to authenticated, service_role;
