-- Cases (事件/案件), their append-only event log, the reporter's contact kept apart from the case,
-- and the reference data they point to (category tree, handling units).
--
-- Built for the case-loop state machine that follows (issue 4): `version` supports optimistic
-- concurrency (bumped by trigger on every update), `case_events` records each transition with the
-- status it moved from and to and the case version it produced.

create table public.units (
  -- The unit's code is its id, the same string as in the embedded demo (src/domain/units.ts).
  id text primary key,
  name text not null,
  name_en text not null default '',
  -- Where the unit sits (a township's police station); null for county-level units.
  grid_id uuid references public.grids (id) on delete set null,
  constraint units_id_format check (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  constraint units_name_length check (length(name) between 1 and 100 and length(name_en) <= 200)
);
comment on table public.units is 'Handling units a case is dispatched to (police station, justice office, ...).';

alter table public.units enable row level security;

create table public.categories (
  code text primary key,
  parent_code text references public.categories (code) on update cascade on delete restrict,
  name text not null,
  name_en text not null default '',
  sort_order integer not null default 0,
  -- Subcategory defaults (null on majors): what registration proposes, per src/domain/categories.ts.
  is_dispute boolean not null default false,
  default_deadline_amount integer,
  default_deadline_unit text,
  default_unit_id text references public.units (id) on update cascade on delete set null,
  urgent_by_default boolean not null default false,
  constraint categories_code_format check (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$'),
  constraint categories_name_length check (length(name) between 1 and 100 and length(name_en) <= 200),
  constraint categories_not_own_parent check (parent_code is distinct from code),
  constraint categories_deadline check (
    (default_deadline_amount is null and default_deadline_unit is null)
    or (default_deadline_amount > 0 and default_deadline_unit in ('working_hours', 'working_days'))
  )
);
comment on table public.categories is 'Two-level case category tree (大类/小类); cases point at a subcategory code.';

alter table public.categories enable row level security;

-- Reference data is territory-wide: every member reads it (a village chief must see the name of the
-- township unit leading a case), only a county admin changes it.
create policy categories_select on public.categories for select to authenticated
  using ((select private.has_membership()));
create policy categories_insert on public.categories for insert to authenticated
  with check ((select private.is_county_admin()));
create policy categories_update on public.categories for update to authenticated
  using ((select private.is_county_admin())) with check ((select private.is_county_admin()));
create policy categories_delete on public.categories for delete to authenticated
  using ((select private.is_county_admin()));

create policy units_select on public.units for select to authenticated
  using ((select private.has_membership()));
create policy units_insert on public.units for insert to authenticated
  with check ((select private.is_county_admin()));
create policy units_update on public.units for update to authenticated
  using ((select private.is_county_admin())) with check ((select private.is_county_admin()));
create policy units_delete on public.units for delete to authenticated
  using ((select private.is_county_admin()));

create table public.cases (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  category_code text not null references public.categories (code) on update cascade on delete restrict,
  title text not null,
  description text not null default '',
  source public.case_source not null,
  status public.case_status not null default 'reported',
  outcome public.case_outcome,
  urgent boolean not null default false,
  location extensions.geometry(Point, 4326) not null,
  grid_id uuid not null references public.grids (id) on delete restrict,
  grid_path extensions.ltree not null default '',
  escalation_level smallint not null default 0,
  lead_unit_id text references public.units (id) on update cascade on delete restrict,
  -- Co-handling units (CoHandler[] of src/domain/types.ts): [{unitId, reportedAt (epoch ms), outcome}].
  co_handlers jsonb not null default '[]',
  assignee_id uuid references public.staff (id) on delete set null,
  reported_at timestamptz not null default now(),
  registered_at timestamptz,
  dispatched_at timestamptz,
  reported_back_at timestamptz,
  closed_at timestamptz,
  due_at timestamptz not null,
  supervised boolean not null default false,
  version integer not null default 1,
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint cases_code_key unique (code),
  constraint cases_title_length check (length(title) between 1 and 200),
  constraint cases_description_length check (length(description) <= 5000),
  constraint cases_location_valid check (extensions.st_isvalid(location) and not extensions.st_isempty(location)),
  constraint cases_escalation_level_range check (escalation_level between 0 and 2),
  constraint cases_closed_has_closed_at check (status <> 'closed' or closed_at is not null),
  constraint cases_closed_after_reported check (closed_at is null or closed_at >= reported_at),
  constraint cases_version_positive check (version >= 1),
  constraint cases_co_handlers_array check (jsonb_typeof(co_handlers) = 'array')
);
comment on table public.cases is 'One case from intake to closing. Reporter contact lives in case_contacts, readable only by handlers.';
comment on column public.cases.version is 'Bumped by trigger on every update; the transition RPC compares it for optimistic concurrency.';
comment on column public.cases.escalation_level is 'Centre that owns the case: 0 village, 1 township, 2 county.';

-- Case reads are "this subtree (the policy's path test) or this box, in this period": each
-- composite index answers one of them in a single scan. The KPI cohorts (reported, due, closed
-- in the period) each have their own; the plain grid_path test uses any of the three.
create index cases_grid_path_reported_at_gist on public.cases using gist (grid_path, reported_at);
create index cases_grid_path_due_at_gist on public.cases using gist (grid_path, due_at);
create index cases_grid_path_closed_at_gist on public.cases using gist (grid_path, closed_at);
create index cases_location_reported_at_gist on public.cases using gist (location, reported_at);
create index cases_reported_at_idx on public.cases (reported_at);
create index cases_grid_id_idx on public.cases (grid_id);
create index cases_assignee_id_idx on public.cases (assignee_id);
create index cases_status_idx on public.cases (status);

create function private.cases_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.version := old.version + 1;
  new.updated_at := now();
  new.created_by := old.created_by;
  return new;
end
$$;

create trigger cases_set_grid_path
before insert or update on public.cases
for each row execute function private.set_grid_path();

create trigger cases_before_update
before update on public.cases
for each row execute function private.cases_before_update();

alter table public.cases enable row level security;

-- Cases are never deleted: the ledger keeps every case, and a duplicate or invalid report is
-- cancelled instead. Grid workers change only cases assigned to them, within their own grids.
create policy cases_select on public.cases for select to authenticated
  using (grid_path operator(extensions.?) (select private.read_scopes()));
create policy cases_insert on public.cases for insert to authenticated
  with check (grid_path operator(extensions.?) (select private.report_scopes()));
create policy cases_update on public.cases for update to authenticated
  using (
    grid_path operator(extensions.?) (select private.manage_scopes())
    or (
      assignee_id = any ((select private.my_staff_ids())::uuid[])
      and grid_path operator(extensions.?) (select private.worker_scopes())
    )
  )
  with check (
    grid_path operator(extensions.?) (select private.manage_scopes())
    or (
      assignee_id = any ((select private.my_staff_ids())::uuid[])
      and grid_path operator(extensions.?) (select private.worker_scopes())
    )
  );

create table public.case_events (
  id bigint generated always as identity primary key,
  case_id uuid not null references public.cases (id) on delete restrict,
  grid_path extensions.ltree not null default '',
  kind text not null,
  from_status public.case_status,
  to_status public.case_status,
  -- Case version after this event; lets the timeline line up with optimistic-concurrency checks.
  case_version integer,
  -- Who acted. Deliberately no foreign keys: the log keeps what happened even after accounts go.
  actor_id uuid default auth.uid(),
  actor_staff_id uuid,
  note text not null default '',
  data jsonb not null default '{}',
  at timestamptz not null default now(),
  constraint case_events_kind_format check (kind ~ '^[a-z][a-z_]{1,39}$'),
  constraint case_events_note_length check (length(note) <= 2000),
  constraint case_events_data_object check (jsonb_typeof(data) = 'object')
);
comment on table public.case_events is 'Append-only case log: rows are inserted, never updated or deleted (enforced by trigger for every role).';

create index case_events_case_id_idx on public.case_events (case_id, id);
create index case_events_grid_path_gist on public.case_events using gist (grid_path);

-- Copies the case's grid path onto a row that belongs to a case.
create function private.set_case_grid_path()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select c.grid_path into new.grid_path from public.cases c where c.id = new.case_id;
  if new.grid_path is null then
    raise exception 'Case % does not exist', new.case_id using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;

-- The only change ever allowed to an event is the grid path following its case to another grid
-- (done by cases_after_update below); content is immutable and rows are never removed, whoever asks.
create function private.case_events_append_only()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE'
    and (to_jsonb(new) - 'grid_path') = (to_jsonb(old) - 'grid_path')
    and new.grid_path operator(extensions.=) (select c.grid_path from public.cases c where c.id = new.case_id) then
    return new;
  end if;
  raise exception 'case_events is append-only: % is not allowed', lower(tg_op)
    using errcode = 'insufficient_privilege', hint = 'Record a new event instead.';
end
$$;

create trigger case_events_set_grid_path
before insert on public.case_events
for each row execute function private.set_case_grid_path();

create trigger case_events_append_only
before update or delete on public.case_events
for each row execute function private.case_events_append_only();

create trigger case_events_no_truncate
before truncate on public.case_events
for each statement execute function private.case_events_append_only();

alter table public.case_events enable row level security;

create policy case_events_select on public.case_events for select to authenticated
  using (grid_path operator(extensions.?) (select private.read_scopes()));
create policy case_events_insert on public.case_events for insert to authenticated
  with check (
    grid_path operator(extensions.?) (select private.report_scopes())
    and actor_id = (select auth.uid())
  );

revoke update, delete, truncate on public.case_events from anon, authenticated, service_role;

-- Reporter contact for the call-back (回访). Readable only by the case's handlers: the assignee,
-- and the centre that owns the case at its escalation level or a higher one (village chief at 0,
-- township commander at 0–1, county admin always; the case loop's `centre` relation). Not the
-- wall screen, not other grid workers, not a village chief once the case went up to the township.
create table public.case_contacts (
  case_id uuid primary key references public.cases (id) on delete cascade,
  grid_path extensions.ltree not null default '',
  escalation_level smallint not null default 0,
  assignee_id uuid,
  reporter_name text not null default '',
  reporter_phone text not null default '',
  note text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint case_contacts_name_length check (length(reporter_name) <= 100),
  constraint case_contacts_phone_format check (reporter_phone ~ '^[0-9+() -]{0,20}$'),
  constraint case_contacts_note_length check (length(note) <= 500)
);
comment on table public.case_contacts is 'Reporter contact of a case; grid_path, escalation_level and assignee_id are copies of the case kept by trigger.';

create index case_contacts_grid_path_gist on public.case_contacts using gist (grid_path);
create index case_contacts_assignee_id_idx on public.case_contacts (assignee_id);

create function private.case_contacts_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select c.grid_path, c.escalation_level, c.assignee_id
    into new.grid_path, new.escalation_level, new.assignee_id
    from public.cases c where c.id = new.case_id;
  if new.grid_path is null then
    raise exception 'Case % does not exist', new.case_id using errcode = 'foreign_key_violation';
  end if;
  new.updated_at := now();
  return new;
end
$$;

create trigger case_contacts_before_write
before insert or update on public.case_contacts
for each row execute function private.case_contacts_before_write();

-- Keeps the copies on events and contacts in step when a case moves grid, level or assignee.
create function private.cases_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.grid_path::text is distinct from old.grid_path::text
    or new.escalation_level is distinct from old.escalation_level
    or new.assignee_id is distinct from old.assignee_id then
    update public.case_contacts set updated_at = now() where case_id = new.id;
  end if;
  if new.grid_path::text is distinct from old.grid_path::text then
    update public.case_events set grid_path = new.grid_path where case_id = new.id;
  end if;
  return null;
end
$$;

create trigger cases_after_update
after update on public.cases
for each row execute function private.cases_after_update();

alter table public.case_contacts enable row level security;

create policy case_contacts_select on public.case_contacts for select to authenticated
  using (
    (assignee_id = any ((select private.my_staff_ids())::uuid[]) and grid_path operator(extensions.?) (select private.read_scopes()))
    or (escalation_level = 0 and grid_path operator(extensions.?) (select private.scopes_for('{village_chief}')))
    or (escalation_level <= 1 and grid_path operator(extensions.?) (select private.scopes_for('{township_commander}')))
    or grid_path operator(extensions.?) (select private.scopes_for('{county_admin}'))
  );
create policy case_contacts_insert on public.case_contacts for insert to authenticated
  with check (grid_path operator(extensions.?) (select private.report_scopes()));
create policy case_contacts_update on public.case_contacts for update to authenticated
  using (
    (assignee_id = any ((select private.my_staff_ids())::uuid[]) and grid_path operator(extensions.?) (select private.read_scopes()))
    or (escalation_level = 0 and grid_path operator(extensions.?) (select private.scopes_for('{village_chief}')))
    or (escalation_level <= 1 and grid_path operator(extensions.?) (select private.scopes_for('{township_commander}')))
    or grid_path operator(extensions.?) (select private.scopes_for('{county_admin}'))
  )
  with check (grid_path operator(extensions.?) (select private.report_scopes()));
create policy case_contacts_delete on public.case_contacts for delete to authenticated
  using (
    (assignee_id = any ((select private.my_staff_ids())::uuid[]) and grid_path operator(extensions.?) (select private.read_scopes()))
    or (escalation_level = 0 and grid_path operator(extensions.?) (select private.scopes_for('{village_chief}')))
    or (escalation_level <= 1 and grid_path operator(extensions.?) (select private.scopes_for('{township_commander}')))
    or grid_path operator(extensions.?) (select private.scopes_for('{county_admin}'))
  );

revoke all on public.categories, public.units, public.cases, public.case_events, public.case_contacts from anon;
