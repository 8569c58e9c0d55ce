-- Reference data belongs to a county (issue 7, "reference data and geometry"). Categories, units,
-- unit officers, working calendars and their holidays, and roads were shared by every county, and
-- any county admin could change or delete another county's (a county admin deleted another
-- county's unit officers, changed 52 deadlines, renamed the police unit). Now:
-- * national defaults — the category tree, the national units, the national working calendar —
--   carry no county and are written only by service_role (the platform's operators);
-- * each county keeps its own rows beside them, which only its county admins write: its own units
--   (county_path), per-category settings that override the national defaults (category_settings:
--   deadline, proposed unit, urgency), its own calendars and their holidays, its unit officers
--   (unit_members.county_path: where the officer acts for the unit), and its roads;
-- * members read the national rows and their own county's, nothing of other counties;
-- * every change an API role makes to these tables is logged in admin_events, old and new;
-- * a write of a row the caller sees but does not administer (a national row, or their own
--   county's for a non-admin) is refused with an error saying who writes it; rows of other
--   counties are not seen at all.
-- A county's deadlines are counted on its default calendar when it has one, else on the national
-- default (private.calendar_for), with its category settings over the national ones
-- (private.category_defaults).

-- The county (first path label) of every membership the caller holds, as lquery patterns.
create function private.member_county_scopes()
returns extensions.lquery[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(array_agg(c.pattern::extensions.lquery), '{}')
    from (
      select distinct extensions.subpath(m.scope_path, 0, 1)::text || '.*' as pattern
      from public.memberships m
      where m.user_id = auth.uid()
    ) c
  );
end
$$;

revoke all on function private.member_county_scopes() from public;
grant execute on function private.member_county_scopes() to authenticated, service_role;

-- Logs a change of a reference row made in an API request (JWT claims set; no RPC of ours writes
-- these tables, so that means an API role's own statement): old and new row, keyed by the listed
-- columns. Migrations and the seed, which run without claims, are not logged.
create function private.log_reference_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row jsonb := to_jsonb(coalesce(new, old));
  v_key text;
  v_scope extensions.ltree;
begin
  if (select auth.role()) is null then
    return null;
  end if;
  select string_agg(v_row ->> k, '/' order by o) into v_key from unnest(tg_argv) with ordinality as a(k, o);
  v_scope := coalesce((to_jsonb(new) ->> 'county_path'), (to_jsonb(old) ->> 'county_path'))::extensions.ltree;
  perform private.log_admin_event('reference_' || lower(tg_op), tg_table_name, v_key, v_scope,
    private.admin_role_for(v_scope),
    jsonb_build_object('old', case when tg_op <> 'INSERT' then to_jsonb(old) end, 'new', case when tg_op <> 'DELETE' then to_jsonb(new) end));
  return null;
end
$$;

revoke all on function private.log_reference_change() from public;
-- reference_write_guard (security invoker, below) asks it as the caller.
grant execute on function private.admin_role_for(extensions.ltree) to authenticated, service_role;

-- Refuses an API role's write of a reference row it is not an administrator of, with a message
-- saying who writes it: the update and delete policies let through every row the caller can see
-- (national rows, their own county's), so that such a write fails loudly here instead of
-- matching nothing. Rows of other counties stay invisible: a write of one matches nothing, as for
-- a row that does not exist. Named to fire after each table's own *_before_write trigger, which
-- fills county_path. Security invoker, like every trigger that asks private.is_api_role().
create function private.reference_write_guard()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_path extensions.ltree;
begin
  if not private.is_api_role() or (select auth.role()) = 'service_role' then
    return coalesce(new, old);
  end if;
  foreach v_path in array case tg_op
      when 'INSERT' then array[new.county_path]
      when 'DELETE' then array[old.county_path]
      else array[old.county_path, new.county_path] end loop
    if v_path is null then
      raise exception '%: the national defaults are written by the platform (service_role) only', tg_table_name
        using errcode = 'insufficient_privilege',
          hint = 'A county keeps its own rows beside them (county_path), and overrides a category''s defaults in category_settings.';
    end if;
    if private.admin_role_for(v_path) is null then
      raise exception '%: the rows of county % are written by its county admins only', tg_table_name, v_path
        using errcode = 'insufficient_privilege';
    end if;
  end loop;
  return coalesce(new, old);
end
$$;

revoke all on function private.reference_write_guard() from public;

-- ---------------------------------------------------------------------------------------------
-- Categories: the national tree, written by service_role only.

drop policy categories_insert on public.categories;
drop policy categories_update on public.categories;
drop policy categories_delete on public.categories;
revoke insert, update, delete on public.categories from authenticated;

-- ---------------------------------------------------------------------------------------------
-- Units: national (county_path null) or a county's own.

alter table public.units add column county_path extensions.ltree;
comment on column public.units.county_path is 'The county that keeps this unit (one label, e.g. 330102); null for a national unit, written by service_role only.';
create index units_county_path_gist on public.units using gist (county_path);

create function private.units_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_grid_county extensions.ltree;
begin
  if new.county_path is not null and extensions.nlevel(new.county_path) <> 1 then
    raise exception 'Unit %: county_path must be a county (one label such as 330102), got %', new.id, new.county_path
      using errcode = 'check_violation';
  end if;
  if new.grid_id is not null then
    select extensions.subpath(g.path, 0, 1) into v_grid_county from public.grids g where g.id = new.grid_id;
    new.county_path := coalesce(new.county_path, v_grid_county);
    if new.county_path operator(extensions.<>) v_grid_county then
      raise exception 'Unit % sits in a grid of county % but belongs to county %', new.id, v_grid_county, new.county_path
        using errcode = 'check_violation';
    end if;
  end if;
  return new;
end
$$;

revoke all on function private.units_before_write() from public;

create trigger units_before_write
before insert or update on public.units
for each row execute function private.units_before_write();

drop policy units_select on public.units;
drop policy units_insert on public.units;
drop policy units_update on public.units;
drop policy units_delete on public.units;

create policy units_select on public.units for select to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  );
create policy units_insert on public.units for insert to authenticated
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy units_update on public.units for update to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  )
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy units_delete on public.units for delete to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  );

create trigger write_guard_county
before insert or update or delete on public.units
for each row execute function private.reference_write_guard();

create trigger units_log_change
after insert or update or delete on public.units
for each row execute function private.log_reference_change('id');

-- ---------------------------------------------------------------------------------------------
-- Per-county category settings over the national defaults.

create table public.category_settings (
  county_path extensions.ltree not null,
  category_code text not null references public.categories (code) on update cascade on delete cascade,
  default_deadline_amount integer,
  default_deadline_unit text,
  default_unit_id text references public.units (id) on update cascade on delete set null,
  urgent_by_default boolean,
  updated_at timestamptz not null default now(),
  primary key (county_path, category_code),
  constraint category_settings_county check (extensions.nlevel(county_path) = 1),
  -- Sane deadlines: 1–480 working hours (two months of working days) or 1–90 working days.
  constraint category_settings_deadline check (
    (default_deadline_amount is null and default_deadline_unit is null)
    or (default_deadline_unit = 'working_hours' and default_deadline_amount between 1 and 480)
    or (default_deadline_unit = 'working_days' and default_deadline_amount between 1 and 90)
  )
);
comment on table public.category_settings is 'A county''s own defaults for a subcategory (deadline, proposed unit, urgency); null columns keep the national default.';

create index category_settings_category_code_idx on public.category_settings (category_code);
create index category_settings_default_unit_id_idx on public.category_settings (default_unit_id);
create index category_settings_county_path_gist on public.category_settings using gist (county_path);

create function private.category_settings_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from public.categories k where k.code = new.category_code and k.parent_code is not null) then
    raise exception 'Category settings: % is not a subcategory (小类)', new.category_code using errcode = 'check_violation';
  end if;
  if new.default_unit_id is not null and not exists (
    select 1 from public.units u where u.id = new.default_unit_id and (u.county_path is null or u.county_path operator(extensions.=) new.county_path)
  ) then
    raise exception 'Category settings of county %: "%" is not a national unit or one of the county''s own', new.county_path, new.default_unit_id
      using errcode = 'check_violation';
  end if;
  new.updated_at := now();
  return new;
end
$$;

revoke all on function private.category_settings_before_write() from public;

create trigger category_settings_before_write
before insert or update on public.category_settings
for each row execute function private.category_settings_before_write();

create trigger write_guard_county
before insert or update or delete on public.category_settings
for each row execute function private.reference_write_guard();

create trigger category_settings_log_change
after insert or update or delete on public.category_settings
for each row execute function private.log_reference_change('county_path', 'category_code');

alter table public.category_settings enable row level security;

create policy category_settings_select on public.category_settings for select to authenticated
  using (county_path operator(extensions.?) (select private.member_county_scopes()));
create policy category_settings_insert on public.category_settings for insert to authenticated
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy category_settings_update on public.category_settings for update to authenticated
  using (county_path operator(extensions.?) (select private.member_county_scopes()))
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy category_settings_delete on public.category_settings for delete to authenticated
  using (county_path operator(extensions.?) (select private.member_county_scopes()));

revoke all on public.category_settings from anon;

-- What a subcategory proposes in the county of `p_path`: the county's settings over the national ones.
create function private.category_defaults(p_code text, p_path extensions.ltree)
returns table (deadline_amount integer, deadline_unit text, unit_id text, urgent boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select
    case when s.default_deadline_unit is not null then s.default_deadline_amount else k.default_deadline_amount end,
    coalesce(s.default_deadline_unit, k.default_deadline_unit),
    coalesce(s.default_unit_id, k.default_unit_id),
    coalesce(s.urgent_by_default, k.urgent_by_default)
  from public.categories k
  left join public.category_settings s
    on s.category_code = k.code and s.county_path operator(extensions.=) extensions.subpath(p_path, 0, 1)
  where k.code = p_code
$$;

revoke all on function private.category_defaults(text, extensions.ltree) from public;

-- ---------------------------------------------------------------------------------------------
-- Unit officers: where each acts for the unit.

alter table public.unit_members add column county_path extensions.ltree;
comment on column public.unit_members.county_path is 'The county in which the user acts for the unit; its county admins manage the row.';

create function private.unit_members_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_unit_county extensions.ltree;
  v_counties extensions.ltree[];
begin
  select u.county_path into v_unit_county from public.units u where u.id = new.unit_id;
  if new.county_path is null then
    new.county_path := v_unit_county;
  end if;
  if new.county_path is null then
    select array_agg(distinct extensions.subpath(m.scope_path, 0, 1)) into v_counties
      from public.memberships m where m.user_id = new.user_id;
    if cardinality(v_counties) = 1 then
      new.county_path := v_counties[1];
    else
      raise exception 'Unit member % of %: county_path is required (the county in which they act for the unit)', new.user_id, new.unit_id
        using errcode = 'not_null_violation';
    end if;
  end if;
  if extensions.nlevel(new.county_path) <> 1 then
    raise exception 'Unit member % of %: county_path must be a county (one label), got %', new.user_id, new.unit_id, new.county_path
      using errcode = 'check_violation';
  end if;
  if v_unit_county is not null and v_unit_county operator(extensions.<>) new.county_path then
    raise exception 'Unit % belongs to county %; its officers act there, not in %', new.unit_id, v_unit_county, new.county_path
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

revoke all on function private.unit_members_before_write() from public;

create trigger unit_members_before_write
before insert or update on public.unit_members
for each row execute function private.unit_members_before_write();

update public.unit_members set county_path = null;
alter table public.unit_members alter column county_path set not null;
create index unit_members_county_path_gist on public.unit_members using gist (county_path);

drop policy unit_members_select on public.unit_members;
drop policy unit_members_insert on public.unit_members;
drop policy unit_members_update on public.unit_members;
drop policy unit_members_delete on public.unit_members;

create policy unit_members_select on public.unit_members for select to authenticated
  using (user_id = (select auth.uid()) or county_path operator(extensions.?) (select private.admin_scopes()));
create policy unit_members_insert on public.unit_members for insert to authenticated
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy unit_members_update on public.unit_members for update to authenticated
  using (user_id = (select auth.uid()) or county_path operator(extensions.?) (select private.admin_scopes()))
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy unit_members_delete on public.unit_members for delete to authenticated
  using (user_id = (select auth.uid()) or county_path operator(extensions.?) (select private.admin_scopes()));

create trigger write_guard_county
before insert or update or delete on public.unit_members
for each row execute function private.reference_write_guard();

create trigger unit_members_log_change
after insert or update or delete on public.unit_members
for each row execute function private.log_reference_change('county_path', 'user_id', 'unit_id');

-- The units the caller acts for in the county of `p_path`: a police officer of one county handles
-- that county's police cases, not another's.
create function private.my_unit_ids_in(p_path extensions.ltree)
returns text[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(u.unit_id order by u.unit_id), '{}')
  from public.unit_members u
  where u.user_id = (select auth.uid()) and u.county_path operator(extensions.=) extensions.subpath(p_path, 0, 1)
$$;

revoke all on function private.my_unit_ids_in(extensions.ltree) from public;
grant execute on function private.my_unit_ids_in(extensions.ltree) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Working calendars and their days: national or a county's.

alter table public.working_calendars add column county_path extensions.ltree;
alter table public.working_calendars add constraint working_calendars_county check (county_path is null or extensions.nlevel(county_path) = 1);
comment on column public.working_calendars.county_path is 'The county whose calendar this is; null for a national calendar (service_role only). Each county has at most one default, the nation one.';
drop index public.working_calendars_one_default;
create unique index working_calendars_one_default on public.working_calendars ((coalesce(county_path::text, ''))) where is_default;
create index working_calendars_county_path_gist on public.working_calendars using gist (county_path);

alter table public.calendar_days add column county_path extensions.ltree;
create index calendar_days_county_path_gist on public.calendar_days using gist (county_path);

create function private.calendar_days_copy_county()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select w.county_path into new.county_path from public.working_calendars w where w.id = new.calendar_id;
  return new;
end
$$;

create function private.working_calendars_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.county_path::text is distinct from old.county_path::text then
    update public.calendar_days set county_path = new.county_path where calendar_id = new.id;
  end if;
  return null;
end
$$;

revoke all on function private.calendar_days_copy_county() from public;
revoke all on function private.working_calendars_after_update() from public;

create trigger calendar_days_copy_county
before insert or update on public.calendar_days
for each row execute function private.calendar_days_copy_county();

create trigger working_calendars_after_update
after update on public.working_calendars
for each row execute function private.working_calendars_after_update();

drop policy working_calendars_select on public.working_calendars;
drop policy working_calendars_insert on public.working_calendars;
drop policy working_calendars_update on public.working_calendars;
drop policy working_calendars_delete on public.working_calendars;
drop policy calendar_days_select on public.calendar_days;
drop policy calendar_days_insert on public.calendar_days;
drop policy calendar_days_update on public.calendar_days;
drop policy calendar_days_delete on public.calendar_days;

create policy working_calendars_select on public.working_calendars for select to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  );
create policy working_calendars_insert on public.working_calendars for insert to authenticated
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy working_calendars_update on public.working_calendars for update to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  )
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy working_calendars_delete on public.working_calendars for delete to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  );

create policy calendar_days_select on public.calendar_days for select to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  );
create policy calendar_days_insert on public.calendar_days for insert to authenticated
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy calendar_days_update on public.calendar_days for update to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  )
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy calendar_days_delete on public.calendar_days for delete to authenticated
  using (
    (county_path is null and (select private.has_membership()))
    or county_path operator(extensions.?) (select private.member_county_scopes())
  );

create trigger write_guard_county
before insert or update or delete on public.working_calendars
for each row execute function private.reference_write_guard();

create trigger working_calendars_log_change
after insert or update or delete on public.working_calendars
for each row execute function private.log_reference_change('id');

create trigger write_guard_county
before insert or update or delete on public.calendar_days
for each row execute function private.reference_write_guard();

create trigger calendar_days_log_change
after insert or update or delete on public.calendar_days
for each row execute function private.log_reference_change('calendar_id', 'day');

-- The calendar deadlines in the county of `p_path` are counted on: its default, else the national one.
create function private.calendar_for(p_path extensions.ltree)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select w.id from public.working_calendars w
  where w.is_default
    and (w.county_path is null or w.county_path operator(extensions.=) extensions.subpath(p_path, 0, 1))
  order by w.county_path is null
  limit 1
$$;

revoke all on function private.calendar_for(extensions.ltree) from public;

-- ---------------------------------------------------------------------------------------------
-- Roads: each road belongs to the county whose grids it runs through.

alter table public.roads add column county_path extensions.ltree;
comment on column public.roads.county_path is 'The county the road belongs to (derived from the grids it crosses unless given).';

create function private.roads_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.county_path is null then
    select extensions.subpath(g.path, 0, 1) into new.county_path
      from public.grids g
      where extensions.st_intersects(g.boundary, new.path)
      order by g.code
      limit 1;
  end if;
  if new.county_path is null then
    raise exception 'Road %: it crosses no grid of the territory, so its county cannot be told; give county_path', coalesce(new.name, new.id::text)
      using errcode = 'not_null_violation';
  end if;
  if extensions.nlevel(new.county_path) <> 1 then
    raise exception 'Road %: county_path must be a county (one label), got %', coalesce(new.name, new.id::text), new.county_path
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

revoke all on function private.roads_before_write() from public;

create trigger roads_before_write
before insert or update on public.roads
for each row execute function private.roads_before_write();

update public.roads set county_path = null;
alter table public.roads alter column county_path set not null;
create index roads_county_path_gist on public.roads using gist (county_path);

drop policy roads_select on public.roads;
drop policy roads_insert on public.roads;
drop policy roads_update on public.roads;
drop policy roads_delete on public.roads;

create policy roads_select on public.roads for select to authenticated
  using (county_path operator(extensions.?) (select private.member_county_scopes()));
create policy roads_insert on public.roads for insert to authenticated
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy roads_update on public.roads for update to authenticated
  using (county_path operator(extensions.?) (select private.member_county_scopes()))
  with check (county_path operator(extensions.?) (select private.admin_scopes()));
create policy roads_delete on public.roads for delete to authenticated
  using (county_path operator(extensions.?) (select private.member_county_scopes()));

create trigger write_guard_county
before insert or update or delete on public.roads
for each row execute function private.reference_write_guard();

create trigger roads_log_change
after insert or update or delete on public.roads
for each row execute function private.log_reference_change('id');

-- private.is_county_admin() gated writes "anywhere"; nothing uses it any more.
drop function private.is_county_admin();
