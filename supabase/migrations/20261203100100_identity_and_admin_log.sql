-- Who a user is comes from auth.uid() alone (issue 7, "identity and the event log").
--
-- A user's staff record is the row of public.staff whose user_id is their login; it decides "cases
-- assigned to me", who may report back as the assignee, who reads the reporter's contact, and the
-- staff id the event log records. Under the staff update policy a manager could rewrite user_id:
-- unlink their own record and link their login to a grid worker's, and from then on act — and be
-- logged — as that worker. Now:
-- * user_id changes only through public.link_staff_login(), callable by service_role and by a
--   county admin of the staff member's county, and every change is written to public.admin_events;
--   a trigger refuses any other change (insert with a login, update of the column, delete of a
--   linked record) by an API role, and any change of a staff record's id;
-- * the event log records the real actor: a trigger sets case_events.actor_id to auth.uid() and
--   actor_staff_id to that login's staff record, whatever the inserting code passed;
-- * staff phones must really be masked (138****5521): the old check only refused a run of seven
--   digits, so 138-0013-8000 passed as "masked".

-- ---------------------------------------------------------------------------------------------
-- The administrators' log: who changed which link, reference row or boundary, with old and new.

create table public.admin_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_staff_id uuid,
  -- 'service_role' or the role of the membership the change was allowed under.
  actor_role text not null,
  kind text not null,
  target_table text not null,
  target_id text not null,
  -- The county the change belongs to (its administrators read it), or null for national data.
  scope_path extensions.ltree,
  data jsonb not null default '{}',
  constraint admin_events_kind_format check (kind ~ '^[a-z][a-z_]{1,39}$'),
  constraint admin_events_data_object check (jsonb_typeof(data) = 'object')
);
comment on table public.admin_events is 'Append-only log of administrators'' acts: login links, reference data, grid boundaries (old and new values in data).';

create index admin_events_scope_path_gist on public.admin_events using gist (scope_path);
create index admin_events_target_idx on public.admin_events (target_table, target_id, id);

create function private.admin_events_append_only()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'admin_events is append-only: % is not allowed', lower(tg_op)
    using errcode = 'insufficient_privilege', hint = 'Record a new event instead.';
end
$$;

create trigger admin_events_append_only
before update or delete on public.admin_events
for each row execute function private.admin_events_append_only();

create trigger admin_events_no_truncate
before truncate on public.admin_events
for each statement execute function private.admin_events_append_only();

alter table public.admin_events enable row level security;

create policy admin_events_select on public.admin_events for select to authenticated
  using (scope_path operator(extensions.?) (select private.admin_scopes()));

revoke all on public.admin_events from anon, authenticated, service_role;
grant select on public.admin_events to authenticated, service_role;

-- The role an API caller acts under for an administrative change of `p_path` (a grid's or a
-- county's path): 'service_role', 'county_admin' when a county-admin membership covers it, else null.
create function private.admin_role_for(p_path extensions.ltree)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if (select auth.role()) = 'service_role' then
    return 'service_role';
  end if;
  if p_path is not null and exists (
    select 1 from public.memberships m
    where m.user_id = (select auth.uid()) and m.role = 'county_admin' and p_path operator(extensions.<@) m.scope_path
  ) then
    return 'county_admin';
  end if;
  return null;
end
$$;

-- Appends one administrator's act; only SECURITY DEFINER code and triggers call it.
create function private.log_admin_event(p_kind text, p_table text, p_target text, p_scope extensions.ltree, p_role text, p_data jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.admin_events (actor_id, actor_staff_id, actor_role, kind, target_table, target_id, scope_path, data)
  values (
    (select auth.uid()),
    (select s.id from public.staff s where s.user_id = (select auth.uid())),
    coalesce(p_role, case when (select auth.role()) = 'service_role' then 'service_role' else 'unknown' end),
    p_kind, p_table, p_target, p_scope, coalesce(p_data, '{}'::jsonb)
  );
end
$$;

revoke all on function private.admin_role_for(extensions.ltree) from public;
revoke all on function private.log_admin_event(text, text, text, extensions.ltree, text, jsonb) from public;

-- ---------------------------------------------------------------------------------------------
-- staff.user_id: only through link_staff_login.

-- True when the statement runs as an API role itself rather than inside SECURITY DEFINER code of
-- ours (where current_user is the function's owner): the write RPCs' own writes pass the guards.
-- Meaningful only in SECURITY INVOKER functions, so every trigger that asks it is one.
create function private.is_api_role()
returns boolean
language sql stable set search_path = ''
as $$ select current_user::text in ('anon', 'authenticated', 'service_role', 'authenticator') $$;

revoke all on function private.is_api_role() from public;
grant execute on function private.is_api_role() to authenticated, service_role;

create function private.staff_guard_login()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not private.is_api_role() then
    return coalesce(new, old);
  end if;
  if tg_op = 'DELETE' then
    if old.user_id is not null then
      raise exception 'Staff record % is linked to a login and was not deleted: unlink it first with link_staff_login(p_staff_id, null)', old.id
        using errcode = 'insufficient_privilege', hint = 'Only a county admin of its county or service_role may unlink a login.';
    end if;
    return old;
  end if;
  -- Events, assignments and links name staff by id: a record keeps its id, so nobody can move
  -- the history logged under one id onto another record.
  if tg_op = 'UPDATE' and new.id <> old.id then
    raise exception 'Staff record % keeps its id: events, assignments and logins refer to it', old.id
      using errcode = 'insufficient_privilege', hint = 'Create a new staff record instead.';
  end if;
  if (tg_op = 'INSERT' and new.user_id is not null)
    or (tg_op = 'UPDATE' and new.user_id is distinct from old.user_id) then
    raise exception 'Staff record %: the login it belongs to (user_id) changes only through link_staff_login(p_staff_id, p_user_id), which checks who may and logs the change', coalesce(old.id, new.id)
      using errcode = 'insufficient_privilege', hint = 'Only a county admin of the staff member''s county or service_role may link a login.';
  end if;
  return new;
end
$$;

create trigger staff_guard_login
before insert or update or delete on public.staff
for each row execute function private.staff_guard_login();

/*
  link_staff_login — links a login to a staff record, or unlinks it (p_user_id null).
  Args: p_staff_id uuid, p_user_id uuid | null.
  Allowed for service_role and for a county admin of the staff member's county; a county admin may
  link only a login that holds a membership in that county (grant the membership first), so no
  login of another county can be taken over. A login is linked to at most one staff record.
  Logs {previousUserId, userId} in admin_events (kind 'link_staff_login').
  Returns: { staffId, userId, previousUserId }.
  Errors: P0002 when the staff record does not exist or is not the caller's to administer (the same
  for both, so nothing is revealed); 22023 naming p_user_id for an unknown login, one outside the
  county, or one already linked elsewhere.
*/
create function public.link_staff_login(p_staff_id uuid, p_user_id uuid)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_staff public.staff;
  v_role text;
  v_county extensions.ltree;
begin
  select * into v_staff from public.staff s where s.id = p_staff_id for update;
  v_role := private.admin_role_for(v_staff.grid_path);
  if v_staff.id is null or v_role is null then
    raise exception 'staff record % does not exist or is not yours to administer', p_staff_id
      using errcode = 'no_data_found', hint = 'A county admin of the staff member''s county or service_role links logins.';
  end if;
  v_county := extensions.subpath(v_staff.grid_path, 0, 1);
  if p_user_id is not null then
    if not exists (select 1 from auth.users u where u.id = p_user_id) then
      raise exception 'p_user_id: no login %', p_user_id using errcode = 'invalid_parameter_value';
    end if;
    if v_role <> 'service_role' and not exists (
      select 1 from public.memberships m where m.user_id = p_user_id and m.grid_path operator(extensions.<@) v_county
    ) then
      raise exception 'p_user_id: login % holds no membership in county %; grant it one before linking it to a staff record there', p_user_id, v_county
        using errcode = 'invalid_parameter_value';
    end if;
    if exists (select 1 from public.staff s where s.user_id = p_user_id and s.id <> v_staff.id) then
      raise exception 'p_user_id: login % is already linked to another staff record; unlink it there first', p_user_id
        using errcode = 'invalid_parameter_value';
    end if;
  end if;
  if v_staff.user_id is not distinct from p_user_id then
    return json_build_object('staffId', v_staff.id, 'userId', p_user_id, 'previousUserId', v_staff.user_id);
  end if;
  update public.staff set user_id = p_user_id where id = v_staff.id;
  perform private.log_admin_event('link_staff_login', 'staff', v_staff.id::text, v_county, v_role,
    jsonb_build_object('previousUserId', v_staff.user_id, 'userId', p_user_id));
  return json_build_object('staffId', v_staff.id, 'userId', p_user_id, 'previousUserId', v_staff.user_id);
end
$$;

revoke all on function public.link_staff_login(uuid, uuid) from public, anon;
grant execute on function public.link_staff_login(uuid, uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- The event log names the real actor.

create function private.case_events_set_actor()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  -- Signed-in callers are logged as themselves; a job without a user (service_role, a migration)
  -- leaves what the inserting code recorded.
  if v_uid is not null then
    new.actor_id := v_uid;
    new.actor_staff_id := (select s.id from public.staff s where s.user_id = v_uid);
  end if;
  return new;
end
$$;

revoke all on function private.case_events_set_actor() from public;

create trigger case_events_set_actor
before insert on public.case_events
for each row execute function private.case_events_set_actor();

-- ---------------------------------------------------------------------------------------------
-- Masked phones: empty, a mobile as 138****5521, or a landline as 0571-****4321.

alter table public.staff drop constraint staff_phone_masked;
alter table public.staff add constraint staff_phone_masked
  check (phone_masked ~ '^(1[3-9][0-9]\*{4}[0-9]{4}|0[0-9]{2,3}-\*{3,4}[0-9]{4})?$');
comment on constraint staff_phone_masked on public.staff is 'A masked phone: 138****5521 (mobile) or 0571-****4321 (landline), or empty.';
