-- Foundations: extensions, the private schema for policy helpers, domain enums, grid-code rules.
--
-- Conventions for every migration in this project:
-- * Extension objects are always schema-qualified (extensions.geometry, OPERATOR(extensions.<@)),
--   so the SQL means the same under any search_path, on Supabase and on a plain PostgreSQL.
-- * Functions set `search_path = ''` and qualify everything they touch.
-- * Row-level security is enabled in the migration that creates the table; policies are written
--   `to authenticated`, so anon matches no policy and sees nothing.

create schema if not exists extensions;
create extension if not exists postgis with schema extensions;
create extension if not exists ltree with schema extensions;
-- GiST operator classes for plain types, so one GiST index can hold a grid path (or a location)
-- together with a time: "this subtree, this period" is then one index scan, not two bitmaps.
create extension if not exists btree_gist with schema extensions;

-- Policy helpers and trigger functions. Not in the API's exposed schemas, so PostgREST never
-- offers them as RPCs; `authenticated` needs USAGE only because policies call the helpers as
-- the requesting user.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- The domain's string unions (src/domain/types.ts) as enums, so bad values are refused by type.
create type public.app_role as enum ('county_admin', 'township_commander', 'village_chief', 'grid_worker', 'wall_viewer');
comment on type public.app_role is 'What a membership lets a user do on a grid and everything below it (Role in src/domain/types.ts).';

create type public.case_status as enum (
  'reported', 'registered', 'dispatched', 'in_progress', 'reported_back', 'returned', 'escalated', 'closed', 'cancelled'
);
create type public.case_source as enum ('patrol', 'visit', 'phone', 'letter', 'camera', 'handover', 'sweep');
create type public.case_outcome as enum ('resolved', 'mediated', 'unresolvable', 'referred');
create type public.staff_role as enum ('commander', 'chief', 'worker', 'helper');
create type public.patrol_team_kind as enum ('police', 'militia', 'volunteer', 'security');
create type public.camera_kind as enum ('junction', 'key_place', 'checkpoint', 'road');
create type public.camera_status as enum ('online', 'offline');
create type public.key_place_kind as enum (
  'school', 'market', 'clinic', 'government', 'construction', 'factory', 'station', 'square', 'temple'
);
create type public.road_kind as enum ('main', 'village');

-- Grid codes: county(6) + township(3) + village(3) + grid(3) [+ sub-grid(3)], the same rules and
-- the same messages as parseGridCode in src/domain/gridCode.ts. Returns null for a valid code.
create function private.grid_code_error(p_code text)
returns text
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_bad text;
  v_county text;
  v_township text;
  v_village text;
  v_grid text;
  v_sub text;
begin
  if p_code is null or p_code = '' then
    return 'empty';
  end if;
  if p_code !~ '^[0-9]+$' then
    v_bad := substring(p_code from '[^0-9]');
    return format('only digits are allowed (found "%s" at position %s)', v_bad, strpos(p_code, v_bad));
  end if;
  if length(p_code) not in (15, 18) then
    return format('expected 15 digits (18 for a level-4 sub-grid), got %s', length(p_code));
  end if;
  v_county := substr(p_code, 1, 6);
  v_township := substr(p_code, 7, 3);
  v_village := substr(p_code, 10, 3);
  v_grid := substr(p_code, 13, 3);
  v_sub := nullif(substr(p_code, 16, 3), '');
  if v_county = '000000' or left(v_county, 2) = '00' then
    return format('county segment "%s" (digits 1–6) is not a county code', v_county);
  end if;
  if v_township = '000' then
    return 'township segment (digits 7–9) is 000';
  end if;
  if v_village = '000' and v_grid <> '000' then
    return 'grid segment (digits 13–15) is set but village segment (digits 10–12) is 000';
  end if;
  if v_sub is not null then
    if v_grid = '000' then
      return 'a level-4 suffix needs a non-zero grid segment (digits 13–15)';
    end if;
    if v_sub = '000' then
      return 'level-4 suffix (digits 16–18) is 000';
    end if;
  end if;
  return null;
end
$$;
comment on function private.grid_code_error(text) is 'Why a grid code is malformed, or null when it is valid (mirrors parseGridCode).';

-- Level implied by a valid code: which segments are non-zero.
create function private.grid_code_level(p_code text)
returns smallint
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case
    when length(p_code) = 18 then 4
    when substr(p_code, 13, 3) <> '000' then 3
    when substr(p_code, 10, 3) <> '000' then 2
    else 1
  end::smallint
$$;

-- The ltree path of a grid is its code split into its non-zero segments, county first
-- (330102001002000 -> 330102.001.002). Paths follow from codes alone, so a subtree is a path
-- prefix and a county admin's territory is the one-label path of the county.
create function private.grid_code_path(p_code text)
returns extensions.ltree
language sql
immutable
parallel safe
set search_path = ''
as $$
  select extensions.text2ltree(
    concat_ws('.',
      substr(p_code, 1, 6),
      substr(p_code, 7, 3),
      case when private.grid_code_level(p_code) >= 2 then substr(p_code, 10, 3) end,
      case when private.grid_code_level(p_code) >= 3 then substr(p_code, 13, 3) end,
      case when private.grid_code_level(p_code) = 4 then substr(p_code, 16, 3) end
    )
  )
$$;

-- The code of the parent grid, or null for a township (mirrors parentGridCode).
create function private.parent_grid_code(p_code text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case private.grid_code_level(p_code)
    when 1 then null
    when 2 then substr(p_code, 1, 9) || '000000'
    when 3 then substr(p_code, 1, 12) || '000'
    else substr(p_code, 1, 15)
  end
$$;

-- Shared trigger: keeps updated_at honest whatever the client sends.
create function private.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
