-- Grid boundaries change only through public.set_grid_boundaries (issue 7, "reference data and
-- geometry"). Under the grids update policy a village chief could redraw their grid to cover the
-- whole township, and intake (which files a case under the deepest grid containing its point)
-- then routed other villages' cases to them. Now:
-- * a direct change of boundary or area_km2 by an API role is refused;
-- * set_grid_boundaries takes a batch of new boundaries (one or many: an importer re-cutting a
--   township's villages sends them together), lets only the territory's administrators (a county
--   admin of the grid's county, or service_role) make them, checks every shape against the
--   batch's resulting state — valid, inside its parent, not overlapping its siblings, not leaving
--   its children outside — and applies all or none, logging each change in admin_events with the
--   old and new boundary;
-- * a grid an API role inserts must be a valid shape inside its parent (the same check).
-- Tolerance, stated once (private.boundary_tolerance_m2): an overlap, or a part outside the parent,
-- counts only above max(1 m², 0.1 % of the grid's area) — digitising noise along shared edges.

create type private.grid_shape as (grid_id uuid, parent_id uuid, code text, boundary extensions.geometry);

/** The area (m²) below which an overlap or overhang of a grid of `p_area_m2` is ignored. */
create function private.boundary_tolerance_m2(p_area_m2 double precision)
returns double precision
language sql immutable set search_path = ''
as $$ select greatest(1.0, coalesce(p_area_m2, 0) * 0.001) $$;

create function private.area_m2(p_geom extensions.geometry)
returns double precision
language sql immutable set search_path = ''
as $$ select coalesce(extensions.st_area(extensions.geography(p_geom)), 0) $$;

revoke all on function private.boundary_tolerance_m2(double precision) from public;
revoke all on function private.area_m2(extensions.geometry) from public;

/*
  grid_shape_problems — what is wrong with a set of grid shapes, judged together with every other
  grid as it stands: for each shape (grid_id, parent_id, code, boundary), its validity, the part
  outside its parent, its overlap with each sibling and the part of each child left outside it,
  where parent, siblings and children take their shape from p_shapes when they are in it.
  Returns one row per problem, its kind one of shape, outside_parent, overlap, child_outside
  (empty when all is well). Siblings of another county are not named.
  The building block of set_grid_boundaries and of the insert check; an importer checks a whole
  batch with it before writing anything.
*/
create function private.grid_shape_problems(p_shapes private.grid_shape[])
returns table (grid_id uuid, code text, kind text, problem text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  s private.grid_shape;
  v_tol double precision;
  v_area double precision;
  v_parent record;
  v_other record;
  v_excess double precision;
begin
  foreach s in array p_shapes loop
    grid_id := s.grid_id;
    code := s.code;
    if s.boundary is null or extensions.st_isempty(s.boundary) then
      kind := 'shape';
      problem := 'the boundary is empty';
      return next;
      continue;
    end if;
    if extensions.geometrytype(s.boundary) <> 'MULTIPOLYGON' then
      kind := 'shape';
      problem := format('the boundary must be a Polygon or MultiPolygon, got %s', extensions.geometrytype(s.boundary));
      return next;
      continue;
    end if;
    if extensions.st_srid(s.boundary) <> 4326 then
      kind := 'shape';
      problem := format('the boundary must be in WGS 84 (SRID 4326), got SRID %s', extensions.st_srid(s.boundary));
      return next;
      continue;
    end if;
    if not extensions.st_isvalid(s.boundary) then
      kind := 'shape';
      problem := 'the boundary is not a valid polygon: ' || extensions.st_isvalidreason(s.boundary);
      return next;
      continue;
    end if;
    if extensions.st_xmin(s.boundary) < -180 or extensions.st_xmax(s.boundary) > 180
      or extensions.st_ymin(s.boundary) < -90 or extensions.st_ymax(s.boundary) > 90 then
      kind := 'shape';
      problem := 'the boundary has coordinates outside longitude −180…180 / latitude −90…90';
      return next;
      continue;
    end if;
    v_area := private.area_m2(s.boundary);
    v_tol := private.boundary_tolerance_m2(v_area);

    if s.parent_id is not null then
      select g.code, coalesce(p.boundary, g.boundary) as boundary into v_parent
        from public.grids g left join unnest(p_shapes) p on p.grid_id = g.id
        where g.id = s.parent_id;
      v_excess := private.area_m2(extensions.st_difference(s.boundary, v_parent.boundary));
      if v_excess > v_tol then
        kind := 'outside_parent';
        problem := format('it reaches %s m² outside its parent %s (tolerance %s m²)', round(v_excess::numeric), v_parent.code, round(v_tol::numeric));
        return next;
      end if;
    end if;

    for v_other in
      select g.code, coalesce(p.boundary, g.boundary) as boundary,
             extensions.subpath(g.path, 0, 1) operator(extensions.=) extensions.subpath(private.grid_code_path(s.code), 0, 1) as same_county
      from public.grids g left join unnest(p_shapes) p on p.grid_id = g.id
      where g.parent_id is not distinct from s.parent_id
        and g.id is distinct from s.grid_id
        and extensions.st_intersects(coalesce(p.boundary, g.boundary), s.boundary)
      order by g.code
    loop
      v_excess := private.area_m2(extensions.st_intersection(s.boundary, v_other.boundary));
      if v_excess > v_tol then
        kind := 'overlap';
        problem := format('it overlaps %s by %s m² (tolerance %s m²)',
          case when v_other.same_county then 'its sibling ' || v_other.code else 'a township of another county' end,
          round(v_excess::numeric), round(v_tol::numeric));
        return next;
      end if;
    end loop;

    if s.grid_id is not null then
      for v_other in
        select g.code, coalesce(p.boundary, g.boundary) as boundary
        from public.grids g left join unnest(p_shapes) p on p.grid_id = g.id
        where g.parent_id = s.grid_id
        order by g.code
      loop
        v_excess := private.area_m2(extensions.st_difference(v_other.boundary, s.boundary));
        if v_excess > private.boundary_tolerance_m2(private.area_m2(v_other.boundary)) then
          kind := 'child_outside';
          problem := format('it would leave %s m² of its child %s outside it', round(v_excess::numeric), v_other.code);
          return next;
        end if;
      end loop;
    end if;
  end loop;
end
$$;

revoke all on function private.grid_shape_problems(private.grid_shape[]) from public;

-- ---------------------------------------------------------------------------------------------
-- The guard on direct writes.

create function private.grids_guard_shape()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_problems text;
begin
  if not private.is_api_role() then
    return new;
  end if;
  if tg_op = 'UPDATE' then
    if new.boundary::text is distinct from old.boundary::text or new.area_km2 is distinct from old.area_km2 then
      raise exception 'Grid % was not changed: its boundary and area change only through set_grid_boundaries(p_changes), which checks the shape against its parent and siblings and logs the change', old.code
        using errcode = 'insufficient_privilege', hint = 'Only a county admin of the grid''s county or service_role may change a boundary.';
    end if;
    return new;
  end if;
  -- A new grid: a valid shape inside its parent (the parent was found by grids_before_write).
  select string_agg(x.problem, '; ') into v_problems
    from private.grid_shape_problems(array[row(null, new.parent_id, new.code, new.boundary)::private.grid_shape]) x
    where x.kind <> 'overlap';
  if v_problems is not null then
    raise exception 'Grid % was not created: %', new.code, v_problems using errcode = 'check_violation';
  end if;
  new.area_km2 := private.area_m2(new.boundary) / 1e6;
  return new;
end
$$;

revoke all on function private.grids_guard_shape() from public;
-- Security invoker, so that private.is_api_role() sees the caller (in a SECURITY DEFINER function
-- current_user is the owner); the helpers it calls are granted for that.
grant execute on function private.grid_shape_problems(private.grid_shape[]) to authenticated, service_role;
grant execute on function private.area_m2(extensions.geometry) to authenticated, service_role;
grant usage on type private.grid_shape to authenticated, service_role;

-- After grids_before_write (alphabetical order of trigger names): the parent is known by then.
create trigger grids_guard_shape
before insert or update on public.grids
for each row execute function private.grids_guard_shape();

/*
  set_grid_boundaries — new boundaries for one or more grids, all checked together and applied
  together.
  Args: p_changes jsonb: [{ "gridId": uuid, "boundary": GeoJSON Polygon or MultiPolygon (WGS 84) }, ...]
        (1–500 entries, each grid once).
  Who: service_role, or a county admin of every grid's county.
  Checks (all before anything is written): each entry well-formed (22023 naming p_changes[i].…);
  each grid exists and is the caller's to administer (P0002, the same for both); then
  private.grid_shape_problems over the whole batch (22023 listing every problem, DETAIL the JSON
  array [{index, gridId, code, problem}]).
  Writes: the boundary, area_km2 (geodesic) and — when the old one falls outside — a label point
  on the new surface; one admin_events row per grid (kind 'grid_boundary', old and new boundary).
  Returns: { "changed": [{ gridId, code, areaKm2 }] }.
*/
create function public.set_grid_boundaries(p_changes jsonb)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_shapes private.grid_shape[] := '{}';
  v_roles text[] := '{}';
  v_entry jsonb;
  v_grid public.grids;
  v_geom extensions.geometry;
  v_role text;
  v_problems jsonb;
  v_changed jsonb := '[]';
  i integer;
begin
  if p_changes is null or jsonb_typeof(p_changes) <> 'array' or jsonb_array_length(p_changes) not between 1 and 500 then
    raise exception 'p_changes must be a list of 1–500 {gridId, boundary} entries' using errcode = 'invalid_parameter_value';
  end if;
  for i in 0 .. jsonb_array_length(p_changes) - 1 loop
    v_entry := p_changes -> i;
    if jsonb_typeof(v_entry) <> 'object' or jsonb_typeof(v_entry -> 'gridId') <> 'string'
      or (v_entry ->> 'gridId') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      raise exception 'p_changes[%].gridId must be a grid id (uuid)', i using errcode = 'invalid_parameter_value';
    end if;
    if jsonb_typeof(v_entry -> 'boundary') <> 'object' or v_entry #>> '{boundary,type}' not in ('Polygon', 'MultiPolygon') then
      raise exception 'p_changes[%].boundary must be a GeoJSON Polygon or MultiPolygon', i using errcode = 'invalid_parameter_value';
    end if;
    -- PostGIS would read a text coordinate as 0 and one beyond a double as infinite.
    if jsonb_path_exists(v_entry -> 'boundary', 'strict $.coordinates.** ? (@.type() != "array" && (@.type() != "number" || @ > 1e308 || @ < -1e308))') then
      raise exception 'p_changes[%].boundary: every coordinate must be a finite number', i using errcode = 'invalid_parameter_value';
    end if;
    begin
      v_geom := extensions.st_multi(extensions.st_setsrid(extensions.st_geomfromgeojson((v_entry -> 'boundary')::text), 4326));
    exception when others then
      raise exception 'p_changes[%].boundary is not readable GeoJSON: %', i, sqlerrm using errcode = 'invalid_parameter_value';
    end;
    select * into v_grid from public.grids g where g.id = (v_entry ->> 'gridId')::uuid for update;
    v_role := private.admin_role_for(v_grid.path);
    if v_grid.id is null or v_role is null then
      raise exception 'p_changes[%].gridId: grid % does not exist or is not yours to administer', i, v_entry ->> 'gridId'
        using errcode = 'no_data_found', hint = 'A county admin of the grid''s county or service_role changes boundaries.';
    end if;
    if exists (select 1 from unnest(v_shapes) x where x.grid_id = v_grid.id) then
      raise exception 'p_changes[%].gridId: grid % is listed twice', i, v_grid.code using errcode = 'invalid_parameter_value';
    end if;
    v_shapes := v_shapes || row(v_grid.id, v_grid.parent_id, v_grid.code, v_geom)::private.grid_shape;
    v_roles := v_roles || v_role;
  end loop;

  select jsonb_agg(jsonb_build_object('index', x.ord - 1, 'gridId', p.grid_id, 'code', p.code, 'problem', p.problem) order by x.ord, p.problem)
    into v_problems
    from private.grid_shape_problems(v_shapes) p
    join unnest(v_shapes) with ordinality as x(grid_id, parent_id, code, boundary, ord) on x.grid_id = p.grid_id;
  if v_problems is not null then
    raise exception 'p_changes: % problem(s), nothing was changed: %', jsonb_array_length(v_problems),
      (select string_agg(format('p_changes[%s] (grid %s): %s', e ->> 'index', e ->> 'code', e ->> 'problem'), '; ') from jsonb_array_elements(v_problems) e)
      using errcode = 'invalid_parameter_value', detail = v_problems::text;
  end if;

  for i in 1 .. cardinality(v_shapes) loop
    select * into v_grid from public.grids g where g.id = v_shapes[i].grid_id;
    update public.grids g set
      boundary = v_shapes[i].boundary,
      area_km2 = private.area_m2(v_shapes[i].boundary) / 1e6,
      label_point = case when extensions.st_covers(v_shapes[i].boundary, g.label_point) then g.label_point
        else extensions.st_pointonsurface(v_shapes[i].boundary) end
    where g.id = v_grid.id;
    perform private.log_admin_event('grid_boundary', 'grids', v_grid.id::text, extensions.subpath(v_grid.path, 0, 1), v_roles[i],
      jsonb_build_object(
        'code', v_grid.code,
        'oldAreaKm2', v_grid.area_km2,
        'newAreaKm2', private.area_m2(v_shapes[i].boundary) / 1e6,
        'oldBoundary', extensions.st_asgeojson(v_grid.boundary, 9)::jsonb,
        'newBoundary', extensions.st_asgeojson(v_shapes[i].boundary, 9)::jsonb));
    v_changed := v_changed || jsonb_build_object('gridId', v_grid.id, 'code', v_grid.code, 'areaKm2', private.area_m2(v_shapes[i].boundary) / 1e6);
  end loop;
  return json_build_object('changed', v_changed);
end
$$;

revoke all on function public.set_grid_boundaries(jsonb) from public, anon;
grant execute on function public.set_grid_boundaries(jsonb) to authenticated, service_role;
