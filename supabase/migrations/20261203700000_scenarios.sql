-- Planning scenarios (issue 11, "Scenarios" and "Applying a scenario").
--
-- A scenario is a named list of edits to the cameras and patrol routes of one grid (its scope),
-- drawn on a revision of that grid's real cameras and routes. Planners propose; an administrator
-- applies. So:
-- * public.scenarios is readable by everyone whose memberships lie on the scenario's branch of the
--   tree (above its grid: they oversee it; inside it: it plans their ground), written by its owner
--   while the owner still reports in that grid, and by a township commander over the grid; nobody
--   else, whatever they call. Owner, creation time and the applied mark are set here, never by the
--   caller; every save moves version by one, so a save that names a stale version matches no row.
-- * Size caps: 500 edits, 320 KiB of edits as jsonb text (the client caps its JSON at 256 KiB;
--   jsonb's text adds spaces), 100 stops per route edit.
-- * public.planning_revision(grid) names the state of a grid's real cameras and routes; a
--   scenario records it as its base.
-- * public.apply_scenario(id, expected_version): county admins over the grid (and service_role)
--   only; refuses a stale version and a stale base; applies every edit in order in this one
--   transaction (an error in any edit, with its index and field, leaves nothing written), marks
--   the scenario applied and logs the act in admin_events.
-- * patrol_routes.stops: the planned stops with dwell minutes a route edit may set.

alter table public.patrol_routes add column stops jsonb not null default '[]';
alter table public.patrol_routes add constraint patrol_routes_stops_list
  check (jsonb_typeof(stops) = 'array' and jsonb_array_length(stops) <= 100);
comment on column public.patrol_routes.stops is 'Planned stops [{location: [lng, lat], dwellMin}] in walking order; set by applied scenarios.';

-- Every membership scope of the caller, whatever the role.
create function private.my_scope_paths()
returns extensions.ltree[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (select coalesce(array_agg(distinct m.scope_path), '{}') from public.memberships m where m.user_id = (select auth.uid()));
end
$$;

revoke all on function private.my_scope_paths() from public;
grant execute on function private.my_scope_paths() to authenticated, service_role;

create table public.scenarios (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  owner_id uuid not null default auth.uid(),
  grid_id uuid not null references public.grids (id) on delete cascade,
  grid_path extensions.ltree not null default '',
  base_revision text not null,
  edits jsonb not null default '[]',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  applied_at timestamptz,
  applied_by uuid,
  constraint scenarios_name_length check (length(btrim(name)) between 1 and 100),
  constraint scenarios_base_revision_length check (length(base_revision) between 1 and 100),
  constraint scenarios_edits_list check (jsonb_typeof(edits) = 'array' and jsonb_array_length(edits) <= 500),
  constraint scenarios_edits_size check (octet_length(edits::text) <= 327680),
  constraint scenarios_version_positive check (version >= 1)
);
comment on table public.scenarios is 'Planning scenarios: edits of a grid''s cameras and routes over a base revision; applied by apply_scenario.';

create index scenarios_grid_path_gist on public.scenarios using gist (grid_path);
create index scenarios_owner_idx on public.scenarios (owner_id);
create index scenarios_grid_id_idx on public.scenarios (grid_id);

-- The shape of each edit: an object whose kind is one we apply. The values are checked when applied.
create function private.scenario_edits_error(p_edits jsonb)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_edit jsonb;
  v_i integer := 0;
begin
  if jsonb_typeof(p_edits) is distinct from 'array' then
    return 'edits must be a list';
  end if;
  for v_edit in select e from jsonb_array_elements(p_edits) e loop
    if jsonb_typeof(v_edit) <> 'object' then
      return format('edits[%s] must be an object', v_i);
    end if;
    if coalesce(v_edit ->> 'kind', '') not in ('camera.add', 'camera.move', 'camera.rotate', 'camera.widen', 'camera.range', 'camera.remove', 'route.add', 'route.schedule', 'route.stops', 'route.remove') then
      return format('edits[%s].kind %s is not a known edit', v_i, coalesce(v_edit -> 'kind', 'null'::jsonb));
    end if;
    v_i := v_i + 1;
  end loop;
  return null;
end
$$;

-- What the caller may not decide: the owner, the times, the version step and the applied mark.
create function private.scenarios_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_error text := private.scenario_edits_error(new.edits);
begin
  if v_error is not null then
    raise exception 'Invalid scenario: %', v_error using errcode = 'check_violation';
  end if;
  -- Read behind the grids' policies, so a grid the caller cannot see fails the scenario's policy
  -- (42501) rather than looking absent.
  new.grid_path := private.grid_path_of(new.grid_id);
  if new.grid_path is null then
    raise exception 'Grid % does not exist', new.grid_id using errcode = 'foreign_key_violation';
  end if;
  if not private.is_api_role() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    new.owner_id := (select auth.uid());
    if new.owner_id is null then
      raise exception 'A scenario needs a signed-in owner' using errcode = 'insufficient_privilege';
    end if;
    new.version := 1;
    new.created_at := now();
    new.updated_at := now();
    new.applied_at := null;
    new.applied_by := null;
    return new;
  end if;
  if old.applied_at is not null then
    raise exception 'Scenario % was applied at % and is kept as applied', old.id, old.applied_at
      using errcode = 'insufficient_privilege', hint = 'Save a copy as a new scenario.';
  end if;
  if new.owner_id is distinct from old.owner_id or new.created_at is distinct from old.created_at
     or new.applied_at is distinct from old.applied_at or new.applied_by is distinct from old.applied_by or new.id <> old.id then
    raise exception 'A scenario''s id, owner, creation time and applied mark are not changed by saving it'
      using errcode = 'insufficient_privilege';
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$$;

create trigger scenarios_before_write
before insert or update on public.scenarios
for each row execute function private.scenarios_before_write();

alter table public.scenarios enable row level security;

create policy scenarios_select on public.scenarios for select to authenticated
  using (
    (select private.my_scope_paths()) operator(extensions.@>) grid_path
    or (select private.my_scope_paths()) operator(extensions.<@) grid_path
  );
create policy scenarios_insert on public.scenarios for insert to authenticated
  with check (owner_id = (select auth.uid()) and grid_path operator(extensions.?) (select private.report_scopes()));
create policy scenarios_update on public.scenarios for update to authenticated
  using (
    (owner_id = (select auth.uid()) and grid_path operator(extensions.?) (select private.report_scopes()))
    or grid_path operator(extensions.?) (select private.scopes_for('{township_commander}'))
  )
  with check (
    (owner_id = (select auth.uid()) and grid_path operator(extensions.?) (select private.report_scopes()))
    or grid_path operator(extensions.?) (select private.scopes_for('{township_commander}'))
  );
create policy scenarios_delete on public.scenarios for delete to authenticated
  using (
    (owner_id = (select auth.uid()) and grid_path operator(extensions.?) (select private.report_scopes()))
    or grid_path operator(extensions.?) (select private.scopes_for('{township_commander}'))
  );

revoke all on public.scenarios from anon, authenticated, service_role;
grant select, insert, update, delete on public.scenarios to authenticated;
grant select, insert, update, delete on public.scenarios to service_role;

-- ---------------------------------------------------------------------------------------------
-- The revision of a grid's real cameras and routes: changes with any insert, update or delete.

create function private.planning_revision_of(p_path extensions.ltree)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select md5(
    coalesce((select string_agg(c.id::text || '@' || private.epoch_ms(c.updated_at), ',' order by c.id) from public.cameras c where c.grid_path operator(extensions.<@) p_path), '')
    || '|' ||
    coalesce((select string_agg(r.id::text || '@' || private.epoch_ms(r.updated_at), ',' order by r.id) from public.patrol_routes r where r.grid_path operator(extensions.<@) p_path), '')
  )
$$;

revoke all on function private.planning_revision_of(extensions.ltree) from public;
grant execute on function private.planning_revision_of(extensions.ltree) to authenticated, service_role;

-- The revision of a grid's cameras and routes, for a scenario's base; for those on the grid's
-- branch. SECURITY INVOKER: the helpers it calls read behind the policies, and only those.
create function public.planning_revision(p_grid_id uuid)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_path extensions.ltree := private.grid_path_of(p_grid_id);
begin
  if v_path is null
     or not ((select auth.role()) = 'service_role'
       or (select private.my_scope_paths()) operator(extensions.@>) v_path
       or (select private.my_scope_paths()) operator(extensions.<@) v_path) then
    raise exception 'Grid % is not one you plan in', p_grid_id using errcode = 'insufficient_privilege';
  end if;
  return private.planning_revision_of(v_path);
end
$$;

revoke all on function public.planning_revision(uuid) from public, anon;
grant execute on function public.planning_revision(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Applying a scenario.

-- A refusal naming the edit and field: 'edits[3].cameraId: …'.
create function private.scenario_refuse(p_index integer, p_field text, p_message text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'edits[%].%: %', p_index, p_field, p_message using errcode = 'invalid_parameter_value';
end
$$;

create function private.scenario_number(p_edit jsonb, p_field text, p_index integer, p_min double precision, p_max double precision, p_min_open boolean, p_max_open boolean)
returns double precision
language plpgsql
set search_path = ''
as $$
declare
  v double precision;
begin
  if jsonb_typeof(p_edit -> p_field) is distinct from 'number' then
    perform private.scenario_refuse(p_index, p_field, 'must be a number');
  end if;
  v := (p_edit ->> p_field)::double precision;
  if (p_min_open and v <= p_min) or (not p_min_open and v < p_min) or (p_max_open and v >= p_max) or (not p_max_open and v > p_max) then
    perform private.scenario_refuse(p_index, p_field, format('%s must be in %s%s, %s%s', v, case when p_min_open then '(' else '[' end, p_min, p_max, case when p_max_open then ')' else ']' end));
  end if;
  return v;
end
$$;

-- A [lng, lat] of an edit as a point, refused unless it lies in the scope grid.
create function private.scenario_point(p_value jsonb, p_field text, p_index integer, p_scope extensions.geometry)
returns extensions.geometry
language plpgsql
set search_path = ''
as $$
declare
  v_point extensions.geometry;
begin
  if jsonb_typeof(p_value) is distinct from 'array' or jsonb_array_length(p_value) <> 2
     or jsonb_typeof(p_value -> 0) <> 'number' or jsonb_typeof(p_value -> 1) <> 'number'
     or abs((p_value ->> 0)::double precision) > 180 or abs((p_value ->> 1)::double precision) > 90 then
    perform private.scenario_refuse(p_index, p_field, 'must be [longitude, latitude] in degrees');
  end if;
  v_point := extensions.st_setsrid(extensions.st_makepoint((p_value ->> 0)::double precision, (p_value ->> 1)::double precision), 4326);
  if not extensions.st_covers(p_scope, v_point) then
    perform private.scenario_refuse(p_index, p_field, format('%s is outside the scope grid', p_value));
  end if;
  return v_point;
end
$$;

-- The finest grid of the scope's subtree that holds a point.
create function private.scenario_grid_at(p_point extensions.geometry, p_path extensions.ltree)
returns uuid
language sql
stable
set search_path = ''
as $$
  select g.id from public.grids g
  where g.path operator(extensions.<@) p_path and extensions.st_covers(g.boundary, p_point)
  order by g.level desc, g.code
  limit 1
$$;

create function public.apply_scenario(p_id uuid, p_expected_version integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.scenarios;
  v_role text;
  v_scope extensions.geometry;
  v_edit jsonb;
  v_i integer := 0;
  v_kind text;
  v_ref text;
  v_id uuid;
  v_point extensions.geometry;
  v_path extensions.geometry;
  v_new_cameras jsonb := '{}';
  v_new_routes jsonb := '{}';
  v_removed_cameras uuid[] := '{}';
  v_removed_routes uuid[] := '{}';
  v_error text;
  v_text text;
begin
  if p_id is null or p_expected_version is null then
    raise exception 'apply_scenario needs p_id and p_expected_version' using errcode = 'invalid_parameter_value';
  end if;
  select * into s from public.scenarios where id = p_id for update;
  v_role := case when s.id is null then null else private.admin_role_for(s.grid_path) end;
  -- A missing scenario and one the caller may not apply look the same: no probing for ids.
  if v_role is null then
    raise exception 'Only a county admin over the scenario''s grid (or service_role) applies scenario %', p_id
      using errcode = 'insufficient_privilege', hint = 'Planners propose; an administrator applies.';
  end if;
  if s.applied_at is not null then
    raise exception 'Scenario % was already applied at %', p_id, s.applied_at using errcode = 'serialization_failure';
  end if;
  if s.version <> p_expected_version then
    raise exception 'Scenario % is at version %, not %: reload it and check again', p_id, s.version, p_expected_version
      using errcode = 'serialization_failure';
  end if;
  -- No other write of the scope's cameras and routes may slip between the check and the edits.
  lock table public.cameras, public.patrol_routes in share row exclusive mode;
  if private.planning_revision_of(s.grid_path) <> s.base_revision then
    raise exception 'Scenario % was drawn on cameras and routes that have changed since: its base is stale', p_id
      using errcode = 'serialization_failure', hint = 'Reopen it on the current cameras and routes and save it again.';
  end if;
  select g.boundary into v_scope from public.grids g where g.id = s.grid_id;

  for v_edit in select e from jsonb_array_elements(s.edits) e loop
    v_kind := v_edit ->> 'kind';
    if v_kind in ('camera.move', 'camera.rotate', 'camera.widen', 'camera.range', 'camera.remove') then
      v_ref := v_edit ->> 'cameraId';
      v_id := coalesce((v_new_cameras ->> v_ref)::uuid, case when v_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then v_ref::uuid end);
      if v_id is null or not exists (select 1 from public.cameras c where c.id = v_id and c.grid_path operator(extensions.<@) s.grid_path) then
        perform private.scenario_refuse(v_i, 'cameraId', format('unknown camera id %s in the scope grid', coalesce(v_ref, 'null')));
      end if;
    elsif v_kind in ('route.schedule', 'route.stops', 'route.remove') then
      v_ref := v_edit ->> 'routeId';
      v_id := coalesce((v_new_routes ->> v_ref)::uuid, case when v_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then v_ref::uuid end);
      if v_id is null or not exists (select 1 from public.patrol_routes r where r.id = v_id and r.grid_path operator(extensions.<@) s.grid_path) then
        perform private.scenario_refuse(v_i, 'routeId', format('unknown route id %s in the scope grid', coalesce(v_ref, 'null')));
      end if;
    end if;

    case v_kind
      when 'camera.add' then
        v_ref := v_edit #>> '{camera,id}';
        if coalesce(v_ref, '') = '' or v_new_cameras ? v_ref then
          perform private.scenario_refuse(v_i, 'camera.id', 'a new camera needs an id of its own in the scenario');
        end if;
        v_point := private.scenario_point(v_edit #> '{camera,location}', 'camera.location', v_i, v_scope);
        v_text := v_edit #>> '{camera,kind}';
        if v_text is null or v_text not in ('junction', 'key_place', 'checkpoint', 'road') then
          perform private.scenario_refuse(v_i, 'camera.kind', 'must be junction, key_place, checkpoint or road');
        end if;
        if coalesce(btrim(v_edit #>> '{camera,code}'), '') = '' or exists (select 1 from public.cameras c where c.code = v_edit #>> '{camera,code}') then
          perform private.scenario_refuse(v_i, 'camera.code', format('%s is empty or taken', coalesce(v_edit #>> '{camera,code}', 'null')));
        end if;
        if length(coalesce(btrim(v_edit #>> '{camera,name}'), '')) not between 1 and 100 then
          perform private.scenario_refuse(v_i, 'camera.name', 'must be 1–100 characters');
        end if;
        insert into public.cameras (code, name, kind, location, bearing, fov, range_m, grid_id)
        values (
          v_edit #>> '{camera,code}', v_edit #>> '{camera,name}', v_text::public.camera_kind, v_point,
          private.scenario_number(v_edit -> 'camera', 'bearing', v_i, 0, 360, false, true),
          private.scenario_number(v_edit -> 'camera', 'fov', v_i, 0, 360, true, false),
          private.scenario_number(v_edit -> 'camera', 'rangeM', v_i, 0, 'infinity', true, true),
          private.scenario_grid_at(v_point, s.grid_path))
        returning id into v_id;
        v_new_cameras := v_new_cameras || jsonb_build_object(v_ref, v_id);
      when 'camera.move' then
        v_point := private.scenario_point(v_edit -> 'location', 'location', v_i, v_scope);
        update public.cameras set location = v_point, grid_id = private.scenario_grid_at(v_point, s.grid_path) where id = v_id;
      when 'camera.rotate' then
        update public.cameras set bearing = private.scenario_number(v_edit, 'bearing', v_i, 0, 360, false, true) where id = v_id;
      when 'camera.widen' then
        update public.cameras set fov = private.scenario_number(v_edit, 'fov', v_i, 0, 360, true, false) where id = v_id;
      when 'camera.range' then
        update public.cameras set range_m = private.scenario_number(v_edit, 'rangeM', v_i, 0, 'infinity', true, true) where id = v_id;
      when 'camera.remove' then
        delete from public.cameras where id = v_id;
        v_removed_cameras := v_removed_cameras || v_id;
      when 'route.add' then
        v_ref := v_edit #>> '{route,id}';
        if coalesce(v_ref, '') = '' or v_new_routes ? v_ref then
          perform private.scenario_refuse(v_i, 'route.id', 'a new route needs an id of its own in the scenario');
        end if;
        v_text := v_edit #>> '{route,teamId}';
        if v_text is null or v_text !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
           or not exists (select 1 from public.patrol_teams t where t.id = v_text::uuid and t.grid_path operator(extensions.<@) s.grid_path) then
          perform private.scenario_refuse(v_i, 'route.teamId', format('unknown patrol team %s in the scope grid', coalesce(v_text, 'null')));
        end if;
        if jsonb_typeof(v_edit #> '{route,path,coordinates}') is distinct from 'array' or jsonb_array_length(v_edit #> '{route,path,coordinates}') < 2 then
          perform private.scenario_refuse(v_i, 'route.path', 'needs at least 2 points');
        end if;
        begin
          v_path := extensions.st_setsrid(extensions.st_geomfromgeojson(v_edit #> '{route,path}'), 4326);
        exception when others then
          perform private.scenario_refuse(v_i, 'route.path', 'is not a GeoJSON LineString of [longitude, latitude] points');
        end;
        if extensions.geometrytype(v_path) <> 'LINESTRING' or not extensions.st_isvalid(v_path) then
          perform private.scenario_refuse(v_i, 'route.path', 'is not a valid LineString');
        end if;
        if not extensions.st_covers(v_scope, v_path) then
          perform private.scenario_refuse(v_i, 'route.path', 'leaves the scope grid');
        end if;
        v_error := private.patrol_schedule_error(v_edit #> '{route,schedule}');
        if v_error is not null then
          perform private.scenario_refuse(v_i, 'route.schedule', v_error);
        end if;
        if length(coalesce(btrim(v_edit #>> '{route,name}'), '')) not between 1 and 100 then
          perform private.scenario_refuse(v_i, 'route.name', 'must be 1–100 characters');
        end if;
        insert into public.patrol_routes (team_id, name, name_en, path, length_km, schedule)
        values (v_text::uuid, v_edit #>> '{route,name}', left(coalesce(v_edit #>> '{route,nameEn}', ''), 200), v_path,
          extensions.st_length(v_path::extensions.geography) / 1000, v_edit #> '{route,schedule}')
        returning id into v_id;
        v_new_routes := v_new_routes || jsonb_build_object(v_ref, v_id);
      when 'route.schedule' then
        v_error := private.patrol_schedule_error(v_edit -> 'schedule');
        if v_error is not null then
          perform private.scenario_refuse(v_i, 'schedule', v_error);
        end if;
        update public.patrol_routes set schedule = v_edit -> 'schedule' where id = v_id;
      when 'route.stops' then
        if jsonb_typeof(v_edit -> 'stops') is distinct from 'array' or jsonb_array_length(v_edit -> 'stops') > 100 then
          perform private.scenario_refuse(v_i, 'stops', 'must be a list of at most 100 stops');
        end if;
        for v_text in select (x.n - 1)::text from jsonb_array_elements(v_edit -> 'stops') with ordinality x(e, n) loop
          perform private.scenario_point(v_edit #> array['stops', v_text, 'location'], format('stops[%s].location', v_text), v_i, v_scope);
          perform private.scenario_number(v_edit #> array['stops', v_text], 'dwellMin', v_i, 0, 240, true, false);
        end loop;
        update public.patrol_routes set stops = (
          select coalesce(jsonb_agg(jsonb_build_object('location', x.e -> 'location', 'dwellMin', x.e -> 'dwellMin') order by x.n), '[]')
          from jsonb_array_elements(v_edit -> 'stops') with ordinality x(e, n))
        where id = v_id;
      when 'route.remove' then
        delete from public.patrol_routes where id = v_id;
        v_removed_routes := v_removed_routes || v_id;
    end case;
    v_i := v_i + 1;
  end loop;

  update public.scenarios set applied_at = now(), applied_by = (select auth.uid()), version = version + 1, updated_at = now() where id = p_id;
  perform private.log_admin_event('scenario_applied', 'scenarios', p_id::text, extensions.subpath(s.grid_path, 0, 1), v_role, jsonb_build_object(
    'name', s.name, 'gridId', s.grid_id, 'ownerId', s.owner_id, 'version', s.version, 'baseRevision', s.base_revision,
    'edits', jsonb_array_length(s.edits), 'addedCameras', v_new_cameras, 'addedRoutes', v_new_routes,
    'removedCameras', to_jsonb(v_removed_cameras), 'removedRoutes', to_jsonb(v_removed_routes)));
  return jsonb_build_object(
    'version', s.version + 1,
    'revision', private.planning_revision_of(s.grid_path),
    'addedCameras', v_new_cameras, 'addedRoutes', v_new_routes);
end
$$;

revoke all on function public.apply_scenario(uuid, integer) from public, anon;
grant execute on function public.apply_scenario(uuid, integer) to authenticated, service_role;

revoke all on function private.scenario_edits_error(jsonb) from public;
revoke all on function private.scenarios_before_write() from public;
revoke all on function private.scenario_refuse(integer, text, text) from public;
revoke all on function private.scenario_number(jsonb, text, integer, double precision, double precision, boolean, boolean) from public;
revoke all on function private.scenario_point(jsonb, text, integer, extensions.geometry) from public;
revoke all on function private.scenario_grid_at(extensions.geometry, extensions.ltree) from public;
grant execute on function private.scenario_edits_error(jsonb) to authenticated, service_role;
