-- What covers the territory: patrol teams and their routes with schedules, public cameras, key
-- places, and the road network. All grid-scoped except roads, which are territory-wide.

-- Why a patrol schedule (PatrolSchedule in src/domain/types.ts) is malformed, or null.
create function private.patrol_schedule_error(p_schedule jsonb)
returns text
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_days jsonb := p_schedule -> 'days';
  v_window jsonb;
  v_weekday jsonb;
begin
  if jsonb_typeof(p_schedule) is distinct from 'object' then
    return 'schedule must be an object {days, windows}';
  end if;
  if jsonb_typeof(v_days) is distinct from 'object'
    or v_days ->> 'kind' is null
    or v_days ->> 'kind' not in ('daily', 'odd', 'even', 'weekdays') then
    return 'days.kind must be one of daily, odd, even, weekdays';
  end if;
  if v_days ->> 'kind' = 'weekdays' then
    if jsonb_typeof(v_days -> 'weekdays') is distinct from 'array' or jsonb_array_length(v_days -> 'weekdays') = 0 then
      return 'days.weekdays must be a non-empty array of ISO weekdays 1–7';
    end if;
    for v_weekday in select * from jsonb_array_elements(v_days -> 'weekdays') loop
      if jsonb_typeof(v_weekday) <> 'number' or v_weekday::text !~ '^[1-7]$' then
        return format('days.weekdays: %s is not an ISO weekday 1–7', v_weekday);
      end if;
    end loop;
  end if;
  if jsonb_typeof(p_schedule -> 'windows') is distinct from 'array' then
    return 'windows must be an array of {start, end}';
  end if;
  for v_window in select * from jsonb_array_elements(p_schedule -> 'windows') loop
    if coalesce(v_window ->> 'start', '') !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
      or coalesce(v_window ->> 'end', '') !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' then
      return format('window %s: start and end must be "HH:MM"', v_window);
    end if;
  end loop;
  return null;
end
$$;

create table public.patrol_teams (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  name_en text not null default '',
  kind public.patrol_team_kind not null,
  grid_id uuid not null references public.grids (id) on delete restrict,
  grid_path extensions.ltree not null default '',
  member_count integer not null default 0,
  leader_id uuid references public.staff (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint patrol_teams_name_length check (length(name) between 1 and 100 and length(name_en) <= 200),
  constraint patrol_teams_member_count check (member_count >= 0)
);
comment on table public.patrol_teams is 'Patrol teams (巡防队): police and militia at the township, volunteers in villages.';

create index patrol_teams_grid_path_gist on public.patrol_teams using gist (grid_path);
create index patrol_teams_grid_id_idx on public.patrol_teams (grid_id);

create trigger patrol_teams_set_grid_path
before insert or update on public.patrol_teams
for each row execute function private.set_grid_path();

create trigger patrol_teams_touch_updated_at
before update on public.patrol_teams
for each row execute function private.touch_updated_at();

alter table public.patrol_teams enable row level security;

create table public.patrol_routes (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.patrol_teams (id) on delete cascade,
  -- The team's grid path: a route is scoped by the team that walks it.
  grid_path extensions.ltree not null default '',
  name text not null,
  name_en text not null default '',
  path extensions.geometry(LineString, 4326) not null,
  length_km double precision not null,
  schedule jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint patrol_routes_name_length check (length(name) between 1 and 100 and length(name_en) <= 200),
  constraint patrol_routes_path_valid check (extensions.st_isvalid(path) and not extensions.st_isempty(path)),
  constraint patrol_routes_length_nonnegative check (length_km >= 0),
  constraint patrol_routes_schedule_valid check (private.patrol_schedule_error(schedule) is null)
);
comment on table public.patrol_routes is 'Routes along roads with a schedule {days: daily|odd|even|weekdays, windows: [{start, end}]}.';

create index patrol_routes_grid_path_gist on public.patrol_routes using gist (grid_path);
create index patrol_routes_path_gist on public.patrol_routes using gist (path);
create index patrol_routes_team_id_idx on public.patrol_routes (team_id);

create function private.patrol_routes_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_error text := private.patrol_schedule_error(new.schedule);
begin
  if v_error is not null then
    raise exception 'Invalid patrol schedule: %', v_error
      using errcode = 'check_violation', constraint = 'patrol_routes_schedule_valid';
  end if;
  select t.grid_path into new.grid_path from public.patrol_teams t where t.id = new.team_id;
  if new.grid_path is null then
    raise exception 'Patrol team % does not exist', new.team_id using errcode = 'foreign_key_violation';
  end if;
  if tg_op = 'UPDATE' then
    new.updated_at := now();
  end if;
  return new;
end
$$;

create trigger patrol_routes_before_write
before insert or update on public.patrol_routes
for each row execute function private.patrol_routes_before_write();

-- A team that moves to another grid takes its routes along.
create function private.patrol_teams_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.grid_path::text is distinct from old.grid_path::text then
    update public.patrol_routes set grid_path = new.grid_path where team_id = new.id;
  end if;
  return null;
end
$$;

create trigger patrol_teams_after_update
after update on public.patrol_teams
for each row execute function private.patrol_teams_after_update();

alter table public.patrol_routes enable row level security;

create table public.cameras (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name text not null,
  kind public.camera_kind not null,
  location extensions.geometry(Point, 4326) not null,
  bearing double precision not null,
  fov double precision not null,
  range_m double precision not null,
  status public.camera_status not null default 'online',
  grid_id uuid not null references public.grids (id) on delete restrict,
  grid_path extensions.ltree not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint cameras_code_key unique (code),
  constraint cameras_name_length check (length(name) between 1 and 100),
  constraint cameras_location_valid check (extensions.st_isvalid(location) and not extensions.st_isempty(location)),
  constraint cameras_bearing_range check (bearing >= 0 and bearing < 360),
  constraint cameras_fov_range check (fov > 0 and fov <= 360),
  constraint cameras_range_positive check (range_m > 0)
);
comment on table public.cameras is 'Public video points (点位) and checkpoints (卡口) with viewing direction, field of view and range.';

create index cameras_grid_path_gist on public.cameras using gist (grid_path);
create index cameras_location_gist on public.cameras using gist (location);
create index cameras_grid_id_idx on public.cameras (grid_id);

create trigger cameras_set_grid_path
before insert or update on public.cameras
for each row execute function private.set_grid_path();

create trigger cameras_touch_updated_at
before update on public.cameras
for each row execute function private.touch_updated_at();

alter table public.cameras enable row level security;

create table public.key_places (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  name_en text not null default '',
  kind public.key_place_kind not null,
  location extensions.geometry(Point, 4326) not null,
  grid_id uuid not null references public.grids (id) on delete restrict,
  grid_path extensions.ltree not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint key_places_name_length check (length(name) between 1 and 100 and length(name_en) <= 200),
  constraint key_places_location_valid check (extensions.st_isvalid(location) and not extensions.st_isempty(location))
);
comment on table public.key_places is 'Places that matter for safety and service (重点场所): schools, markets, clinics...';

create index key_places_grid_path_gist on public.key_places using gist (grid_path);
create index key_places_location_gist on public.key_places using gist (location);
create index key_places_grid_id_idx on public.key_places (grid_id);

create trigger key_places_set_grid_path
before insert or update on public.key_places
for each row execute function private.set_grid_path();

create trigger key_places_touch_updated_at
before update on public.key_places
for each row execute function private.touch_updated_at();

alter table public.key_places enable row level security;

create table public.roads (
  id uuid primary key default gen_random_uuid(),
  name text not null default '',
  kind public.road_kind not null,
  path extensions.geometry(LineString, 4326) not null,
  constraint roads_name_length check (length(name) <= 100),
  constraint roads_path_valid check (extensions.st_isvalid(path) and not extensions.st_isempty(path))
);
comment on table public.roads is 'Road network of the territory; not grid-scoped.';

create index roads_path_gist on public.roads using gist (path);

alter table public.roads enable row level security;

-- Grid-scoped: read in your subtrees, written by those who manage them.
create policy patrol_teams_select on public.patrol_teams for select to authenticated
  using (grid_path operator(extensions.?) (select private.read_scopes()));
create policy patrol_teams_insert on public.patrol_teams for insert to authenticated
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy patrol_teams_update on public.patrol_teams for update to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()))
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy patrol_teams_delete on public.patrol_teams for delete to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()));

create policy patrol_routes_select on public.patrol_routes for select to authenticated
  using (grid_path operator(extensions.?) (select private.read_scopes()));
create policy patrol_routes_insert on public.patrol_routes for insert to authenticated
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy patrol_routes_update on public.patrol_routes for update to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()))
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy patrol_routes_delete on public.patrol_routes for delete to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()));

create policy cameras_select on public.cameras for select to authenticated
  using (grid_path operator(extensions.?) (select private.read_scopes()));
create policy cameras_insert on public.cameras for insert to authenticated
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy cameras_update on public.cameras for update to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()))
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy cameras_delete on public.cameras for delete to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()));

create policy key_places_select on public.key_places for select to authenticated
  using (grid_path operator(extensions.?) (select private.read_scopes()));
create policy key_places_insert on public.key_places for insert to authenticated
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy key_places_update on public.key_places for update to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()))
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy key_places_delete on public.key_places for delete to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()));

-- Roads are territory-wide reference data, like categories.
create policy roads_select on public.roads for select to authenticated
  using ((select private.has_membership()));
create policy roads_insert on public.roads for insert to authenticated
  with check ((select private.is_county_admin()));
create policy roads_update on public.roads for update to authenticated
  using ((select private.is_county_admin())) with check ((select private.is_county_admin()));
create policy roads_delete on public.roads for delete to authenticated
  using ((select private.is_county_admin()));

revoke all on public.patrol_teams, public.patrol_routes, public.cameras, public.key_places, public.roads from anon;
