-- The grid hierarchy, the staff who serve it, and memberships (user <-> grid <-> role), with the
-- policy helpers every later table uses.
--
-- Access model (mirrored exactly by src/domain/access.ts):
-- * A membership grants its role on a grid and the whole subtree below it. County admins are the
--   exception upward: their membership covers the whole county the grid belongs to (there is no
--   county-level grid row; level 1 is the township).
-- * read    = any membership;                      sees its subtrees.
-- * report  = grid_worker and the managing roles;  creates cases in its subtrees.
-- * manage  = village_chief, township_commander, county_admin; writes grid-scoped rows.
-- * admin   = county_admin; edits the grid tree, memberships and reference data.
-- * wall_viewer only reads.
-- Every grid-scoped row carries `grid_path`, filled by a SECURITY DEFINER trigger from its grid,
-- so a policy is one indexed ltree test against an array the helper computes once per statement.

create table public.grids (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  -- Level and path follow from the code alone (see private.grid_code_path).
  level smallint not null generated always as (private.grid_code_level(code)) stored,
  parent_id uuid references public.grids (id) on delete restrict,
  path extensions.ltree not null generated always as (private.grid_code_path(code)) stored,
  name text not null,
  name_en text not null default '',
  boundary extensions.geometry(MultiPolygon, 4326) not null,
  label_point extensions.geometry(Point, 4326) not null,
  area_km2 double precision not null,
  households integer not null default 0,
  population integer not null default 0,
  chief_id uuid,
  worker_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint grids_code_key unique (code),
  constraint grids_code_valid check (private.grid_code_error(code) is null),
  constraint grids_level_range check (level between 1 and 4),
  constraint grids_parent_iff_below_township check ((level = 1) = (parent_id is null)),
  constraint grids_name_length check (length(name) between 1 and 100 and length(name_en) <= 200),
  -- Type and SRID are enforced by the column type (MultiPolygon, 4326); validity needs a check.
  constraint grids_boundary_valid check (extensions.st_isvalid(boundary)),
  constraint grids_boundary_not_empty check (not extensions.st_isempty(boundary)),
  constraint grids_label_point_not_empty check (not extensions.st_isempty(label_point)),
  constraint grids_area_nonnegative check (area_km2 >= 0),
  constraint grids_counts_nonnegative check (households >= 0 and population >= 0)
);
comment on table public.grids is 'Areas of responsibility: 1 township, 2 village, 3 group, 4 sub-grid. code and parent are fixed once created.';
comment on column public.grids.path is 'Code segments as ltree labels (county.township.village.grid.sub), generated from the code.';

create index grids_path_gist on public.grids using gist (path);
create index grids_boundary_gist on public.grids using gist (boundary);
create index grids_parent_id_idx on public.grids (parent_id);
create index grids_level_idx on public.grids (level);

-- Validates the code and the boundary with readable messages (the CHECK constraints stay as the
-- backstop) and finds or verifies the parent. Runs as definer so the parent lookup does not depend
-- on what the inserting user can see. Level and path are generated columns computed after it.
create function private.grids_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_error text := private.grid_code_error(new.code);
  v_parent_code text;
  v_actual_parent_code text;
begin
  if tg_op = 'UPDATE' then
    if new.code is distinct from old.code or new.parent_id is distinct from old.parent_id then
      raise exception 'Grid % keeps its code and parent once created; create a new grid instead', old.code
        using errcode = 'check_violation';
    end if;
    new.updated_at := now();
    if not extensions.st_isvalid(new.boundary) then
      raise exception 'Grid % boundary is not a valid polygon: %', new.code, extensions.st_isvalidreason(new.boundary)
        using errcode = 'check_violation', constraint = 'grids_boundary_valid';
    end if;
    return new;
  end if;

  if v_error is not null then
    raise exception 'Invalid grid code "%": %', new.code, v_error
      using errcode = 'check_violation', constraint = 'grids_code_valid';
  end if;
  if new.boundary is not null and not extensions.st_isvalid(new.boundary) then
    raise exception 'Grid % boundary is not a valid polygon: %', new.code, extensions.st_isvalidreason(new.boundary)
      using errcode = 'check_violation', constraint = 'grids_boundary_valid';
  end if;

  v_parent_code := private.parent_grid_code(new.code);
  if v_parent_code is null then
    if new.parent_id is not null then
      raise exception 'Grid % is a township and has no parent', new.code
        using errcode = 'check_violation', constraint = 'grids_parent_iff_below_township';
    end if;
  elsif new.parent_id is null then
    select g.id into new.parent_id from public.grids g where g.code = v_parent_code;
    if new.parent_id is null then
      raise exception 'Parent grid % of grid % does not exist', v_parent_code, new.code
        using errcode = 'foreign_key_violation';
    end if;
  else
    select g.code into v_actual_parent_code from public.grids g where g.id = new.parent_id;
    if v_actual_parent_code is distinct from v_parent_code then
      raise exception 'Grid % must have parent %, not %', new.code, v_parent_code, coalesce(v_actual_parent_code, new.parent_id::text)
        using errcode = 'check_violation', constraint = 'grids_parent_iff_below_township';
    end if;
  end if;
  return new;
end
$$;

create trigger grids_before_write
before insert or update on public.grids
for each row execute function private.grids_before_write();

alter table public.grids enable row level security;

create table public.staff (
  id uuid primary key default gen_random_uuid(),
  -- The login of this person, when they have one: links "cases assigned to me" to auth.uid().
  user_id uuid references auth.users (id) on delete set null,
  name text not null,
  role public.staff_role not null,
  grid_id uuid not null references public.grids (id) on delete restrict,
  grid_path extensions.ltree not null default '',
  phone_masked text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint staff_user_id_key unique (user_id),
  constraint staff_name_length check (length(name) between 1 and 100),
  -- Phone numbers are stored masked (138****5521); a run of 7 digits is an unmasked number.
  constraint staff_phone_masked check (phone_masked !~ '[0-9]{7}' and length(phone_masked) <= 20)
);
comment on table public.staff is 'People serving a grid (chief, workers, helpers). Phones are stored masked.';

create index staff_grid_path_gist on public.staff using gist (grid_path);
create index staff_grid_id_idx on public.staff (grid_id);

alter table public.staff enable row level security;

alter table public.grids
  add constraint grids_chief_id_fkey foreign key (chief_id) references public.staff (id)
  on delete set null deferrable initially deferred;

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  grid_id uuid not null references public.grids (id) on delete cascade,
  role public.app_role not null,
  -- The grid's own path (who may see and manage this membership) ...
  grid_path extensions.ltree not null default '',
  -- ... and the subtree the role covers: the grid's path, or the county for a county admin.
  scope_path extensions.ltree not null default '',
  created_at timestamptz not null default now(),
  constraint memberships_user_grid_role_key unique (user_id, grid_id, role)
);
comment on table public.memberships is 'A user''s role on one grid; it covers the grid''s whole subtree (the county for county_admin).';

create index memberships_user_id_idx on public.memberships (user_id);
create index memberships_grid_path_gist on public.memberships using gist (grid_path);
create index memberships_grid_id_idx on public.memberships (grid_id);

alter table public.memberships enable row level security;

-- Copies the grid's path onto a grid-scoped row. Always overwrites what the client sent, so a
-- policy's WITH CHECK sees the real path; definer so it reads the grid whatever the user may see.
create function private.set_grid_path()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select g.path into new.grid_path from public.grids g where g.id = new.grid_id;
  if new.grid_path is null then
    raise exception 'Grid % does not exist', new.grid_id using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;

create function private.memberships_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select g.path into new.grid_path from public.grids g where g.id = new.grid_id;
  if new.grid_path is null then
    raise exception 'Grid % does not exist', new.grid_id using errcode = 'foreign_key_violation';
  end if;
  new.scope_path := case when new.role = 'county_admin'
    then extensions.subpath(new.grid_path, 0, 1)
    else new.grid_path
  end;
  return new;
end
$$;

create trigger staff_set_grid_path
before insert or update on public.staff
for each row execute function private.set_grid_path();

create trigger staff_touch_updated_at
before update on public.staff
for each row execute function private.touch_updated_at();

create trigger memberships_before_write
before insert or update on public.memberships
for each row execute function private.memberships_before_write();

-- Policy helpers. The ones that read tables are SECURITY DEFINER (owned by the migration role,
-- which owns memberships and so is not subject to its policies), so no policy ever recurses into
-- another; policies call them as `(select private.fn())`, so they run once per statement, not once
-- per row. They are PL/pgSQL because a PL/pgSQL function keeps its query plan for the session,
-- where a SQL function that cannot be inlined is parsed and planned again on every call.

-- lquery patterns (path.*) for the subtrees the caller's memberships with these roles cover.
create function private.scopes_for(p_roles public.app_role[])
returns extensions.lquery[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(array_agg((s.scope_path::text || '.*')::extensions.lquery), '{}')
    from (
      select distinct m.scope_path
      from public.memberships m
      where m.user_id = auth.uid()
        and m.role = any (p_roles)
    ) s
  );
end
$$;

/*
  Named capabilities keep policies readable and match src/domain/access.ts one to one. Plain SQL
  without a SET clause, so each inlines into the policy as one call of scopes_for; the only name
  inside is schema-qualified, so the caller's search_path cannot change what it calls.
*/
create function private.read_scopes()
returns extensions.lquery[]
language sql stable
as $$ select private.scopes_for('{county_admin,township_commander,village_chief,grid_worker,wall_viewer}'::public.app_role[]) $$;

create function private.report_scopes()
returns extensions.lquery[]
language sql stable
as $$ select private.scopes_for('{county_admin,township_commander,village_chief,grid_worker}'::public.app_role[]) $$;

create function private.manage_scopes()
returns extensions.lquery[]
language sql stable
as $$ select private.scopes_for('{county_admin,township_commander,village_chief}'::public.app_role[]) $$;

create function private.admin_scopes()
returns extensions.lquery[]
language sql stable
as $$ select private.scopes_for('{county_admin}'::public.app_role[]) $$;

create function private.worker_scopes()
returns extensions.lquery[]
language sql stable
as $$ select private.scopes_for('{grid_worker}'::public.app_role[]) $$;

-- True when the caller holds any membership: gates territory-wide reference data.
create function private.has_membership()
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (select 1 from public.memberships m where m.user_id = auth.uid());
end
$$;

-- True when the caller is a county admin anywhere: gates writes to territory-wide reference data.
create function private.is_county_admin()
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (select 1 from public.memberships m where m.user_id = auth.uid() and m.role = 'county_admin');
end
$$;

-- Staff records linked to the caller's login: "cases assigned to me".
create function private.my_staff_ids()
returns uuid[]
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (select coalesce(array_agg(s.id), '{}') from public.staff s where s.user_id = auth.uid());
end
$$;

-- Path of any grid id, visible or not. Used only to narrow a query to a subtree; the rows it returns
-- are still filtered by the caller's policies, so it reveals nothing but that the id exists.
create function private.grid_path_of(p_grid_id uuid)
returns extensions.ltree
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (select g.path from public.grids g where g.id = p_grid_id);
end
$$;

revoke all on function private.scopes_for(public.app_role[]) from public;
revoke all on function private.read_scopes() from public;
revoke all on function private.report_scopes() from public;
revoke all on function private.manage_scopes() from public;
revoke all on function private.admin_scopes() from public;
revoke all on function private.worker_scopes() from public;
revoke all on function private.has_membership() from public;
revoke all on function private.is_county_admin() from public;
revoke all on function private.my_staff_ids() from public;
revoke all on function private.grid_path_of(uuid) from public;
grant execute on function private.scopes_for(public.app_role[]) to authenticated, service_role;
grant execute on function private.read_scopes() to authenticated, service_role;
grant execute on function private.report_scopes() to authenticated, service_role;
grant execute on function private.manage_scopes() to authenticated, service_role;
grant execute on function private.admin_scopes() to authenticated, service_role;
grant execute on function private.worker_scopes() to authenticated, service_role;
grant execute on function private.has_membership() to authenticated, service_role;
grant execute on function private.is_county_admin() to authenticated, service_role;
grant execute on function private.my_staff_ids() to authenticated, service_role;
grant execute on function private.grid_path_of(uuid) to authenticated, service_role;

-- grids: read your subtrees; chiefs and commanders edit attributes (boundary, counts, chief) in
-- theirs; only a county admin adds or removes grids.
create policy grids_select on public.grids for select to authenticated
  using (path operator(extensions.?) (select private.read_scopes()));
create policy grids_insert on public.grids for insert to authenticated
  with check (path operator(extensions.?) (select private.admin_scopes()));
create policy grids_update on public.grids for update to authenticated
  using (path operator(extensions.?) (select private.manage_scopes()))
  with check (path operator(extensions.?) (select private.manage_scopes()));
create policy grids_delete on public.grids for delete to authenticated
  using (path operator(extensions.?) (select private.admin_scopes()));

create policy staff_select on public.staff for select to authenticated
  using (grid_path operator(extensions.?) (select private.read_scopes()));
create policy staff_insert on public.staff for insert to authenticated
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy staff_update on public.staff for update to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()))
  with check (grid_path operator(extensions.?) (select private.manage_scopes()));
create policy staff_delete on public.staff for delete to authenticated
  using (grid_path operator(extensions.?) (select private.manage_scopes()));

-- memberships: your own, plus those on grids you manage (who is responsible below you); granting
-- roles is the county's business, so that a commander cannot widen their own reach.
create policy memberships_select on public.memberships for select to authenticated
  using (
    user_id = (select auth.uid())
    or grid_path operator(extensions.?) (select private.manage_scopes())
  );
create policy memberships_insert on public.memberships for insert to authenticated
  with check (grid_path operator(extensions.?) (select private.admin_scopes()));
create policy memberships_update on public.memberships for update to authenticated
  using (grid_path operator(extensions.?) (select private.admin_scopes()))
  with check (grid_path operator(extensions.?) (select private.admin_scopes()));
create policy memberships_delete on public.memberships for delete to authenticated
  using (grid_path operator(extensions.?) (select private.admin_scopes()));

-- Anonymous callers match no policy; taking their table privileges as well makes that explicit.
revoke all on public.grids, public.staff, public.memberships from anon;
