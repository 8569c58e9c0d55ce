-- The case loop's tables (issue 4), on top of the cases schema of 20261121100200:
-- * unit_members: who acts for which handling unit (Actor.unitIds of src/domain/caseLoop/machine.ts);
-- * case_transitions: the state machine's transition table, loaded from the TypeScript definition
--   by the generated migration 20261121200100 and compared with it by a database test;
-- * working_calendars / calendar_days and add_working_time(): deadlines in working time, the same
--   arithmetic as src/domain/caseLoop/workingTime.ts;
-- * columns the loop needs on cases, case_events and case_contacts (ALTERs of the earlier schema);
-- * the guard that makes public.case_transition the only way a case's loop state changes.
--
-- The handlers of a case are its assignee, the members of its lead unit and of its co-handling
-- units, and the centre that owns it at its escalation level (who verifies and calls the reporter
-- back). Handlers alone read the reporter's contact.

create extension if not exists pg_trgm with schema extensions;

-- ---------------------------------------------------------------------------------------------
-- Unit members: a user acting for a handling unit (an officer of the police station).

create table public.unit_members (
  user_id uuid not null references auth.users (id) on delete cascade,
  unit_id text not null references public.units (id) on update cascade on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, unit_id)
);
comment on table public.unit_members is 'Users acting for a handling unit: they handle the cases the unit leads or co-handles (Actor.unitIds).';

create index unit_members_unit_id_idx on public.unit_members (unit_id);

alter table public.unit_members enable row level security;

-- Units are territory-wide reference data, so their staffing is the county's business, as with
-- memberships; everyone reads their own rows (the app's "my cases" needs them).
create policy unit_members_select on public.unit_members for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_county_admin()));
create policy unit_members_insert on public.unit_members for insert to authenticated
  with check ((select private.is_county_admin()));
create policy unit_members_update on public.unit_members for update to authenticated
  using ((select private.is_county_admin())) with check ((select private.is_county_admin()));
create policy unit_members_delete on public.unit_members for delete to authenticated
  using ((select private.is_county_admin()));

revoke all on public.unit_members from anon;

-- The units the caller acts for. Definer, like the other policy helpers, so policies calling it
-- never recurse into unit_members' own policies.
create function private.my_unit_ids()
returns text[]
language sql stable security definer set search_path = ''
as $$ select coalesce(array_agg(u.unit_id order by u.unit_id), '{}') from public.unit_members u where u.user_id = (select auth.uid()) $$;

revoke all on function private.my_unit_ids() from public;
grant execute on function private.my_unit_ids() to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Cases: the address the reporter gave, photo ids, and the co-handling units as an array so
-- "mine" and the contact policy test them with an index.

create function private.co_unit_ids(p_co_handlers jsonb)
returns text[]
language sql immutable parallel safe set search_path = ''
as $$
  select coalesce(array_agg(h.value ->> 'unitId' order by h.ordinality), '{}')
  from jsonb_array_elements(case when jsonb_typeof(p_co_handlers) = 'array' then p_co_handlers else '[]'::jsonb end)
    with ordinality as h
$$;

-- What the ledger's free-text search looks in (code, title, description, address). The unit
-- separator keeps a search term from matching across two fields.
create function private.case_search_text(p_code text, p_title text, p_description text, p_address text)
returns text
language sql immutable parallel safe set search_path = ''
as $$ select p_code || chr(31) || p_title || chr(31) || p_description || chr(31) || coalesce(p_address, '') $$;

grant execute on function private.co_unit_ids(jsonb) to authenticated, service_role;
grant execute on function private.case_search_text(text, text, text, text) to authenticated, service_role;

alter table public.cases
  add column address text,
  add column photo_ids text[] not null default '{}',
  add column co_unit_ids text[] not null generated always as (private.co_unit_ids(co_handlers)) stored,
  add constraint cases_address_length check (address is null or length(address) between 1 and 500),
  add constraint cases_photo_ids_count check (cardinality(photo_ids) <= 20);
comment on column public.cases.co_unit_ids is 'Unit ids of co_handlers, generated, for "mine" and the contact policy.';

create index cases_lead_unit_id_idx on public.cases (lead_unit_id);
create index cases_co_unit_ids_gin on public.cases using gin (co_unit_ids);
-- Lower-cased, so the search is a LIKE (byte matching) rather than an ILIKE (case folding per
-- character on every row it rechecks): on 300,000 cases a rare term is found in milliseconds.
create index cases_search_trgm on public.cases
  using gin (lower(private.case_search_text(code, title, description, address)) extensions.gin_trgm_ops);

-- The role under which an event's actor acted (CaseEvent.actorRole).
alter table public.case_events add column actor_role public.app_role;

-- ---------------------------------------------------------------------------------------------
-- Reporter contacts: readable by the members of the case's lead and co-handling units too. The
-- unit ids are copied from the case (as grid_path, escalation_level and assignee_id already are),
-- so the policy needs no join.

alter table public.case_contacts add column handler_unit_ids text[] not null default '{}';
comment on column public.case_contacts.handler_unit_ids is 'Lead and co-handling unit ids of the case, copied by trigger.';
create index case_contacts_handler_unit_ids_gin on public.case_contacts using gin (handler_unit_ids);

create function private.case_contacts_copy_units()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select array_remove(array[c.lead_unit_id], null) || c.co_unit_ids into new.handler_unit_ids
    from public.cases c where c.id = new.case_id;
  new.handler_unit_ids := coalesce(new.handler_unit_ids, '{}');
  return new;
end
$$;

create trigger case_contacts_copy_units
before insert or update on public.case_contacts
for each row execute function private.case_contacts_copy_units();

create function private.cases_units_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.lead_unit_id is distinct from old.lead_unit_id or new.co_unit_ids is distinct from old.co_unit_ids then
    update public.case_contacts set updated_at = now() where case_id = new.id;
  end if;
  return null;
end
$$;

create trigger cases_units_changed
after update on public.cases
for each row execute function private.cases_units_changed();

create policy case_contacts_select_units on public.case_contacts for select to authenticated
  using (
    handler_unit_ids operator(pg_catalog.&&) (select private.my_unit_ids())
    and grid_path operator(extensions.?) (select private.read_scopes())
  );

-- ---------------------------------------------------------------------------------------------
-- The transition table: one row per (action, from status), exactly TRANSITIONS of machine.ts.
-- Rows arrive with migration 20261121200100 (generated by supabase/seed/build-case-loop-sql.ts).

create table public.case_transitions (
  action text not null,
  from_status public.case_status not null,
  to_status public.case_status not null,
  roles public.app_role[] not null,
  relations text[] not null,
  requires text[] not null,
  records text[] not null,
  bumps_version boolean not null,
  primary key (action, from_status),
  constraint case_transitions_action_format check (action ~ '^[a-z][a-z_]{1,39}$'),
  constraint case_transitions_relations_known check (relations <@ '{centre,subtree,assignee,lead_unit,co_unit}'::text[] and cardinality(relations) > 0),
  constraint case_transitions_requires_known check (requires <@ '{lead_unit,assignee,result,outcome,reason,call_back,cancel_kind,all_co_reported,co_report_pending,below_county,above_village,not_supervised,supervised}'::text[]),
  constraint case_transitions_roles_present check (cardinality(roles) > 0)
);
comment on table public.case_transitions is 'The case-loop state machine (TRANSITIONS in src/domain/caseLoop/machine.ts), read by case_transition. Changed only by migrations.';

alter table public.case_transitions enable row level security;
create policy case_transitions_select on public.case_transitions for select to authenticated using (true);
revoke all on public.case_transitions from anon;
revoke insert, update, delete, truncate on public.case_transitions from authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Working calendars (workingTime.ts): working periods of a day, weekend days, and per-date
-- exceptions. Exactly one calendar is the territory's default, used for new deadlines.

-- Why a periods array is unusable, or null: the same checks and messages as compile() in workingTime.ts.
create function private.calendar_periods_error(p_id text, p_periods jsonb)
returns text
language plpgsql immutable set search_path = ''
as $$
declare
  v_prev_end integer;
  v_start integer;
  v_end integer;
  v_period jsonb;
begin
  if jsonb_typeof(p_periods) is distinct from 'array' or jsonb_array_length(p_periods) = 0 then
    return format('calendar %s: no working periods', p_id);
  end if;
  for v_period in select e from jsonb_array_elements(p_periods) e loop
    if jsonb_typeof(v_period) is distinct from 'object' then
      return format('calendar %s: a working period must be {"start": "HH:MM", "end": "HH:MM"}', p_id);
    end if;
    v_start := private.hhmm_minutes(v_period ->> 'start');
    if v_start is null then
      return format('calendar %s: "%s" is not a time of day HH:MM', p_id, v_period ->> 'start');
    end if;
    v_end := private.hhmm_minutes(v_period ->> 'end');
    if v_end is null then
      return format('calendar %s: "%s" is not a time of day HH:MM', p_id, v_period ->> 'end');
    end if;
    if v_end <= v_start then
      return format('calendar %s: working period %s–%s ends before it starts', p_id, v_period ->> 'start', v_period ->> 'end');
    end if;
    if v_prev_end is not null and v_start < v_prev_end then
      return format('calendar %s: working periods overlap or are out of order at %s', p_id, v_period ->> 'start');
    end if;
    v_prev_end := v_end;
  end loop;
  return null;
end
$$;

-- Minutes after midnight of "HH:MM" (24:00 allowed), or null when malformed.
create function private.hhmm_minutes(p_hhmm text)
returns integer
language sql immutable parallel safe set search_path = ''
as $$
  select case
    when p_hhmm ~ '^\d{2}:\d{2}$'
      and substr(p_hhmm, 1, 2)::integer <= 24 and substr(p_hhmm, 4, 2)::integer <= 59
      and not (substr(p_hhmm, 1, 2) = '24' and substr(p_hhmm, 4, 2) <> '00')
    then substr(p_hhmm, 1, 2)::integer * 60 + substr(p_hhmm, 4, 2)::integer
  end
$$;

create table public.working_calendars (
  id text primary key,
  name text not null default '',
  -- Offset of local time from UTC in minutes (China: 480); deadlines are counted on this clock.
  utc_offset_minutes integer not null,
  -- Working periods of a working day: [{"start": "08:30", "end": "12:00"}, ...], ascending.
  periods jsonb not null,
  -- ISO weekdays (1 Monday ... 7 Sunday) that are rest days unless listed as make-up days.
  weekend_days smallint[] not null default '{6,7}',
  is_default boolean not null default false,
  constraint working_calendars_id_format check (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  constraint working_calendars_offset_range check (utc_offset_minutes between -840 and 840),
  constraint working_calendars_weekend_days check (weekend_days <@ '{1,2,3,4,5,6,7}'::smallint[]),
  constraint working_calendars_periods_valid check (private.calendar_periods_error(id, periods) is null)
);
comment on table public.working_calendars is 'Territory working calendars (WorkingCalendar in workingTime.ts); the is_default one counts new deadlines.';
create unique index working_calendars_one_default on public.working_calendars (is_default) where is_default;

create table public.calendar_days (
  calendar_id text not null references public.working_calendars (id) on update cascade on delete cascade,
  day date not null,
  -- holiday: a rest day even on a weekday; makeup: a working day even on a weekend (调休上班).
  kind text not null,
  primary key (calendar_id, day),
  constraint calendar_days_kind check (kind in ('holiday', 'makeup'))
);
comment on table public.calendar_days is 'Public holidays and make-up working days of a working calendar.';

alter table public.working_calendars enable row level security;
alter table public.calendar_days enable row level security;

create policy working_calendars_select on public.working_calendars for select to authenticated
  using ((select private.has_membership()));
create policy working_calendars_insert on public.working_calendars for insert to authenticated
  with check ((select private.is_county_admin()));
create policy working_calendars_update on public.working_calendars for update to authenticated
  using ((select private.is_county_admin())) with check ((select private.is_county_admin()));
create policy working_calendars_delete on public.working_calendars for delete to authenticated
  using ((select private.is_county_admin()));

create policy calendar_days_select on public.calendar_days for select to authenticated
  using ((select private.has_membership()));
create policy calendar_days_insert on public.calendar_days for insert to authenticated
  with check ((select private.is_county_admin()));
create policy calendar_days_update on public.calendar_days for update to authenticated
  using ((select private.is_county_admin())) with check ((select private.is_county_admin()));
create policy calendar_days_delete on public.calendar_days for delete to authenticated
  using ((select private.is_county_admin()));

revoke all on public.working_calendars, public.calendar_days from anon;

grant execute on function private.calendar_periods_error(text, jsonb) to authenticated, service_role;
grant execute on function private.hhmm_minutes(text) to authenticated, service_role;

/*
  add_working_time — the instant a deadline falls due, as addWorkingTime in workingTime.ts.
  Args: p_start timestamptz, p_amount numeric (≥ 0; whole for working_days),
        p_unit 'working_hours' | 'working_days', p_calendar_id text (optional; default calendar).
  Working hours are consumed only inside working periods of working days (2 h from Friday 17:00
  is Monday 09:30). N working days fall due at the end of the last working period of the Nth
  working day after the start day (the start day is not counted). 0 of either unit is p_start.
  Errors (22023) carry the TypeScript messages: a negative amount, fractional working days, an
  unknown unit, no due date within 3660 days; P0002 for an unknown calendar.
  Arithmetic is in epoch milliseconds on the calendar's fixed offset, so the session time zone
  plays no part.
*/
create function public.add_working_time(p_start timestamptz, p_amount numeric, p_unit text, p_calendar_id text default null)
returns timestamptz
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  c_day constant bigint := 86400000;
  c_max_scan_days constant integer := 3660;
  v_cal public.working_calendars;
  v_off bigint;
  v_starts bigint[];
  v_ends bigint[];
  v_holidays date[];
  v_makeup date[];
  v_start_ms numeric;
  v_first bigint;
  v_day bigint;
  v_date date;
  v_left numeric;
  v_base numeric;
  v_from numeric;
  v_to numeric;
  i integer;
begin
  if p_start is null or p_amount is null or p_unit is null then
    raise exception 'add_working_time needs a start, an amount and a unit' using errcode = 'invalid_parameter_value';
  end if;
  if p_unit not in ('working_hours', 'working_days') then
    raise exception 'deadline unit must be working_hours or working_days, got "%"', p_unit using errcode = 'invalid_parameter_value';
  end if;
  if p_amount < 0 then
    raise exception 'deadline amount must be a finite number ≥ 0, got %', p_amount using errcode = 'invalid_parameter_value';
  end if;
  if p_unit = 'working_days' and p_amount <> trunc(p_amount) then
    raise exception 'working days must be a whole number, got %', p_amount using errcode = 'invalid_parameter_value';
  end if;
  if p_calendar_id is null then
    select * into v_cal from public.working_calendars w where w.is_default;
  else
    select * into v_cal from public.working_calendars w where w.id = p_calendar_id;
  end if;
  if v_cal.id is null then
    raise exception '%', coalesce(format('working calendar "%s" not found', p_calendar_id), 'no default working calendar')
      using errcode = 'no_data_found';
  end if;
  if p_amount = 0 then
    return p_start;
  end if;

  v_off := v_cal.utc_offset_minutes::bigint * 60000;
  select array_agg(private.hhmm_minutes(p ->> 'start')::bigint * 60000 order by o),
         array_agg(private.hhmm_minutes(p ->> 'end')::bigint * 60000 order by o)
    into v_starts, v_ends
    from jsonb_array_elements(v_cal.periods) with ordinality as e(p, o);
  select coalesce(array_agg(d.day) filter (where d.kind = 'holiday'), '{}'),
         coalesce(array_agg(d.day) filter (where d.kind = 'makeup'), '{}')
    into v_holidays, v_makeup
    from public.calendar_days d where d.calendar_id = v_cal.id;

  v_start_ms := extract(epoch from p_start) * 1000;
  v_first := floor((v_start_ms + v_off) / c_day)::bigint;

  if p_unit = 'working_days' then
    v_left := p_amount;
    for v_day in v_first + 1 .. v_first + c_max_scan_days loop
      v_date := date '1970-01-01' + v_day::integer;
      if v_date = any (v_makeup)
        or (not v_date = any (v_holidays) and not extract(isodow from v_date)::smallint = any (v_cal.weekend_days)) then
        v_left := v_left - 1;
        if v_left = 0 then
          return private.from_epoch_ms_exact(v_day * c_day - v_off + v_ends[array_upper(v_ends, 1)]);
        end if;
      end if;
    end loop;
  else
    v_left := p_amount * 3600000;
    for v_day in v_first .. v_first + c_max_scan_days loop
      v_date := date '1970-01-01' + v_day::integer;
      continue when not (v_date = any (v_makeup)
        or (not v_date = any (v_holidays) and not extract(isodow from v_date)::smallint = any (v_cal.weekend_days)));
      v_base := v_day * c_day - v_off;
      for i in 1 .. array_length(v_starts, 1) loop
        v_from := greatest(v_base + v_starts[i], v_start_ms);
        v_to := v_base + v_ends[i];
        continue when v_from >= v_to;
        if v_left <= v_to - v_from then
          return private.from_epoch_ms_exact(v_from + v_left);
        end if;
        v_left := v_left - (v_to - v_from);
      end loop;
    end loop;
  end if;
  raise exception 'calendar %: no due date within % days for % %', v_cal.id, c_max_scan_days, p_amount, p_unit
    using errcode = 'invalid_parameter_value';
end
$$;

-- Epoch milliseconds (fractions kept to the microsecond) to a timestamptz, without going through
-- days, so no time zone's daylight saving can shift it.
create function private.from_epoch_ms_exact(p_ms numeric)
returns timestamptz
language sql immutable parallel safe set search_path = ''
as $$ select 'epoch'::timestamptz + make_interval(secs => (p_ms / 1000)::double precision) $$;

grant execute on function private.from_epoch_ms_exact(numeric) to authenticated, service_role;
revoke all on function public.add_working_time(timestamptz, numeric, text, text) from public, anon;
grant execute on function public.add_working_time(timestamptz, numeric, text, text) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- The guard: only case_transition (SECURITY DEFINER, so it writes as the table owner) changes a
-- case's place in the loop. The API roles may still correct what a case says (title, description,
-- address, photos) under the update policy, which bumps the version as any update does; every
-- column the state machine owns is refused to them, and a case they insert directly must start
-- where the machine starts. Cases are never deleted (duplicates are cancelled), so DELETE is
-- revoked outright.

create function private.cases_guard_loop()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_changed text[];
begin
  if current_user::text not in ('anon', 'authenticated', 'service_role', 'authenticator') then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.status <> 'reported' or new.outcome is not null or new.lead_unit_id is not null
      or new.co_handlers <> '[]'::jsonb or new.assignee_id is not null or new.registered_at is not null
      or new.dispatched_at is not null or new.reported_back_at is not null or new.closed_at is not null
      or new.supervised or new.version <> 1
      or new.escalation_level <> (case when new.urgent then 1 else 0 end) then
      raise exception 'A new case starts reported, undispatched, unassigned and unsupervised at escalation level % (%); the case loop moves it on through case_transition',
        case when new.urgent then 1 else 0 end, case when new.urgent then 'urgent: the township centre' else 'the village centre' end
        using errcode = 'insufficient_privilege', hint = 'Create cases with create_case(p_input).';
    end if;
    -- The server's clock stamps the intake, as the demo's data layer does.
    new.reported_at := now();
    return new;
  end if;
  v_changed := array_remove(array[
    case when new.code is distinct from old.code then 'code' end,
    case when new.category_code is distinct from old.category_code then 'category_code' end,
    case when new.source is distinct from old.source then 'source' end,
    case when new.status is distinct from old.status then 'status' end,
    case when new.outcome is distinct from old.outcome then 'outcome' end,
    case when new.urgent is distinct from old.urgent then 'urgent' end,
    case when new.location::text is distinct from old.location::text then 'location' end,
    case when new.grid_id is distinct from old.grid_id then 'grid_id' end,
    case when new.escalation_level is distinct from old.escalation_level then 'escalation_level' end,
    case when new.lead_unit_id is distinct from old.lead_unit_id then 'lead_unit_id' end,
    case when new.co_handlers is distinct from old.co_handlers then 'co_handlers' end,
    case when new.assignee_id is distinct from old.assignee_id then 'assignee_id' end,
    case when new.reported_at is distinct from old.reported_at then 'reported_at' end,
    case when new.registered_at is distinct from old.registered_at then 'registered_at' end,
    case when new.dispatched_at is distinct from old.dispatched_at then 'dispatched_at' end,
    case when new.reported_back_at is distinct from old.reported_back_at then 'reported_back_at' end,
    case when new.closed_at is distinct from old.closed_at then 'closed_at' end,
    case when new.due_at is distinct from old.due_at then 'due_at' end,
    case when new.supervised is distinct from old.supervised then 'supervised' end
  ], null);
  if cardinality(v_changed) > 0 then
    raise exception 'Case % was not changed: % change only through case_transition, which checks the move, your rights and the version and logs the event',
      old.code, array_to_string(v_changed, ', ')
      using errcode = 'insufficient_privilege',
        hint = 'Call case_transition(p_case_id, p_action, p_input, p_expected_version).';
  end if;
  return new;
end
$$;

create trigger cases_guard_loop
before insert or update on public.cases
for each row execute function private.cases_guard_loop();

revoke delete, truncate on public.cases from anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Case codes: <prefix>-<year>-<6-digit number>, numbered per prefix and year (China time of the
-- report). The prefix continues the township's existing codes (QS-2026-000123 in the demo), or
-- AJ (案件) for a township without cases; numbers are counted per prefix, so two townships that
-- share one never hand out the same code.

create table private.case_code_counters (
  prefix text not null,
  year integer not null,
  last_seq integer not null,
  primary key (prefix, year)
);
revoke all on private.case_code_counters from public, anon, authenticated, service_role;

create function private.next_case_code(p_grid_path extensions.ltree, p_at timestamptz)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_township extensions.ltree := extensions.subpath(p_grid_path, 0, least(2, extensions.nlevel(p_grid_path)));
  v_year integer := extract(year from (p_at at time zone 'Asia/Shanghai'))::integer;
  v_prefix text;
  v_seq integer;
begin
  select substring(c.code from '^([A-Z]+)-[0-9]{4}-[0-9]+$') into v_prefix
    from public.cases c
    where c.grid_path operator(extensions.<@) v_township and c.code ~ '^[A-Z]+-[0-9]{4}-[0-9]+$'
    limit 1;
  v_prefix := coalesce(v_prefix, 'AJ');
  update private.case_code_counters k set last_seq = k.last_seq + 1
    where k.prefix = v_prefix and k.year = v_year
    returning k.last_seq into v_seq;
  if v_seq is null then
    -- First code of this prefix and year: continue the numbering the existing cases use. The
    -- advisory lock makes two first codes wait for each other.
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('case_code/' || v_prefix || '/' || v_year));
    select coalesce(max(substring(c.code from '-([0-9]+)$')::integer), 0) + 1 into v_seq
      from public.cases c
      where c.code like v_prefix || '-' || v_year || '-%' and c.code ~ '^[A-Z]+-[0-9]{4}-[0-9]+$';
    insert into private.case_code_counters (prefix, year, last_seq)
      values (v_prefix, v_year, v_seq)
      on conflict (prefix, year) do update set last_seq = private.case_code_counters.last_seq + 1
      returning last_seq into v_seq;
  end if;
  return format('%s-%s-%s', v_prefix, v_year, lpad(v_seq::text, 6, '0'));
end
$$;

revoke all on function private.next_case_code(extensions.ltree, timestamptz) from public;
grant execute on function private.next_case_code(extensions.ltree, timestamptz) to authenticated;
