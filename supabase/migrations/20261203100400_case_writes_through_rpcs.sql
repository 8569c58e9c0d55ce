-- Cases and reporter contacts are written only by the case-loop RPCs (issue 7, "intake" and the
-- case edits of "identity and the event log").
--
-- * No API role (anon, authenticated, service_role) may INSERT, UPDATE or DELETE cases or
--   case_contacts any more, as already for case_events. A direct insert let any reporter choose a
--   case's code — create_case then hit the taken code at its counter's next number and failed there
--   for good, stopping intake for the whole township (and, through the shared "AJ" prefix, other
--   counties) — and skip every rule (a point at 0,0, a deadline in 1970 or the year 10000, any
--   photo ids, no create event). A direct update let managers change title, description, address,
--   photo ids and timestamps without an event. A direct contact insert let a reporter plant a
--   contact on a case without one, and its duplicate-key error told whether a hidden one existed.
-- * What a case says (title, description, address) is corrected through public.edit_case, which
--   checks the version and who may, and logs an `edit` event with the old and new values. Photo
--   ids and the loop's timestamps are not editable at all; contacts are written at intake only.
-- * Case numbers come from a counter per township and year that only create_case advances, under
--   a prefix unique to each township (private.case_code_prefixes): a township continues the prefix
--   its existing codes use if no other township holds it, else gets AJ<township code>. A code taken
--   anyway (a superuser import) is skipped, never retried.
-- * Deadlines come from the category — the county's category_settings over the national defaults,
--   counted on the county's calendar — and an override given to register, dispatch or
--   accept_escalation must lie after now and at most 366 days ahead (the event records it).
-- * dispatch and assign take only a member of staff the caller can see within the case's county,
--   and units that are national or the county's own; unknown, invisible and foreign ids get the
--   same refusal. A unit officer acts for a unit only in the county the unit membership is for.
-- * remind is limited to once per case per user per hour; the refusal says when it may be sent again.
-- * create_case's refusals no longer tell "outside the territory" from "outside the grids you
--   cover" (which revealed whether a point lies inside a grid the caller cannot see).

drop policy cases_insert on public.cases;
drop policy cases_update on public.cases;
drop policy case_contacts_insert on public.case_contacts;
drop policy case_contacts_update on public.case_contacts;
drop policy case_contacts_delete on public.case_contacts;
revoke insert, update, delete on public.cases from anon, authenticated, service_role;
revoke insert, update, delete on public.case_contacts from anon, authenticated, service_role;

-- It told callers whether a point lies inside a grid they cannot see.
drop function private.point_in_territory(extensions.geometry);

-- ---------------------------------------------------------------------------------------------
-- Case codes.

create table private.case_code_prefixes (
  township_path extensions.ltree primary key,
  prefix text not null,
  constraint case_code_prefixes_prefix_key unique (prefix),
  constraint case_code_prefixes_format check (prefix ~ '^[A-Z][A-Z0-9]{1,15}$'),
  constraint case_code_prefixes_township check (extensions.nlevel(township_path) = 2)
);
comment on table private.case_code_prefixes is 'The case-code prefix of each township, unique across the territory; claimed by the first case of the township.';

create table private.case_code_sequences (
  township_path extensions.ltree not null,
  year integer not null,
  last_seq integer not null,
  primary key (township_path, year)
);
comment on table private.case_code_sequences is 'Last case number handed out per township and year (China time); advanced by create_case only.';

revoke all on private.case_code_prefixes, private.case_code_sequences from public, anon, authenticated, service_role;
drop table private.case_code_counters;

/*
  next_case_code — <prefix>-<year>-<6-digit number> for a new case in the township of p_grid_path,
  numbered per township and year (China time of p_at). The township's prefix is claimed once: the
  prefix its existing codes use when no other township holds it, else AJ followed by the township's
  nine-digit code (unique by construction). The first number of a year continues the highest
  existing one of that prefix and year; a code that exists anyway is skipped.
*/
create or replace function private.next_case_code(p_grid_path extensions.ltree, p_at timestamptz)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_township extensions.ltree := extensions.subpath(p_grid_path, 0, 2);
  v_year integer := extract(year from (p_at at time zone 'Asia/Shanghai'))::integer;
  v_prefix text;
  v_seq integer;
  v_code text;
begin
  select k.prefix into v_prefix from private.case_code_prefixes k where k.township_path operator(extensions.=) v_township;
  if v_prefix is null then
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('case_code_prefix'));
    select k.prefix into v_prefix from private.case_code_prefixes k where k.township_path operator(extensions.=) v_township;
  end if;
  if v_prefix is null then
    select p.prefix into v_prefix
      from (
        select substring(c.code from '^([A-Z][A-Z0-9]*)-[0-9]{4}-[0-9]+$') as prefix, count(*) as n
        from public.cases c
        where c.grid_path operator(extensions.<@) v_township and c.code ~ '^[A-Z][A-Z0-9]*-[0-9]{4}-[0-9]+$'
        group by 1
      ) p
      where p.prefix ~ '^[A-Z][A-Z0-9]{1,15}$'
        and not exists (select 1 from private.case_code_prefixes k where k.prefix = p.prefix)
      order by p.n desc, p.prefix
      limit 1;
    v_prefix := coalesce(v_prefix, 'AJ' || replace(v_township::text, '.', ''));
    insert into private.case_code_prefixes (township_path, prefix) values (v_township, v_prefix);
  end if;

  update private.case_code_sequences k set last_seq = k.last_seq + 1
    where k.township_path operator(extensions.=) v_township and k.year = v_year
    returning k.last_seq into v_seq;
  if v_seq is null then
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('case_code/' || v_township::text || '/' || v_year));
    select coalesce(max(substring(c.code from '-([0-9]+)$')::integer), 0) + 1 into v_seq
      from public.cases c
      where c.code like v_prefix || '-' || v_year || '-%' and c.code ~ '^[A-Z][A-Z0-9]*-[0-9]{4}-[0-9]{1,9}$';
    insert into private.case_code_sequences (township_path, year, last_seq)
      values (v_township, v_year, v_seq)
      on conflict (township_path, year) do update set last_seq = private.case_code_sequences.last_seq + 1
      returning last_seq into v_seq;
  end if;
  v_code := format('%s-%s-%s', v_prefix, v_year, lpad(v_seq::text, 6, '0'));
  while exists (select 1 from public.cases c where c.code = v_code) loop
    update private.case_code_sequences k set last_seq = k.last_seq + 1
      where k.township_path operator(extensions.=) v_township and k.year = v_year
      returning k.last_seq into v_seq;
    v_code := format('%s-%s-%s', v_prefix, v_year, lpad(v_seq::text, 6, '0'));
  end loop;
  return v_code;
end
$$;

revoke all on function private.next_case_code(extensions.ltree, timestamptz) from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Checks shared by the RPCs below.

/** The most days ahead a deadline may be set. */
create function private.max_deadline_days()
returns integer
language sql immutable set search_path = ''
as $$ select 366 $$;

-- A deadline override (epoch ms) as a time, refused unless it lies after now and at most
-- max_deadline_days() ahead — the bound the TypeScript machine applies (boundedDueAt in machine.ts).
create function private.cl_due_at(p_ms numeric, p_ctx jsonb)
returns timestamptz
language plpgsql stable set search_path = ''
as $$
begin
  if p_ms is null then
    return null;
  end if;
  if p_ms <= private.epoch_ms(now()) or p_ms > private.epoch_ms(now()) + private.max_deadline_days()::numeric * 86400000 then
    perform private.cl_input_error(p_ctx, 'dueAt', 'out_of_range', format('must be after now and at most %s days ahead', private.max_deadline_days()));
  end if;
  return private.from_epoch_ms_exact(p_ms);
end
$$;

-- The default deadline of a subcategory for a case reported now in the grid of `p_path`.
create function private.default_due_at(p_category text, p_path extensions.ltree)
returns timestamptz
language plpgsql stable security definer set search_path = ''
as $$
declare
  d record;
begin
  select * into d from private.category_defaults(p_category, p_path);
  return public.add_working_time(now(), d.deadline_amount, d.deadline_unit, private.calendar_for(p_path));
end
$$;

-- True when `p_staff` names a member of staff the caller can see in the county of `p_path`.
create function private.assignable_staff(p_staff text, p_path extensions.ltree)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.staff s
    where s.id::text = lower(p_staff)
      and s.grid_path operator(extensions.<@) extensions.subpath(p_path, 0, 1)
      and ((select auth.role()) = 'service_role' or s.grid_path operator(extensions.?) (select private.read_scopes()))
  )
$$;

-- True when `p_unit` is a national unit or one of the county of `p_path`.
create function private.unit_of_county(p_unit text, p_path extensions.ltree)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.units u
    where u.id = p_unit and (u.county_path is null or u.county_path operator(extensions.=) extensions.subpath(p_path, 0, 1))
  )
$$;

revoke all on function private.max_deadline_days() from public;
revoke all on function private.cl_due_at(numeric, jsonb) from public;
revoke all on function private.default_due_at(text, extensions.ltree) from public;
revoke all on function private.assignable_staff(text, extensions.ltree) from public;
revoke all on function private.unit_of_county(text, extensions.ltree) from public;
grant execute on function private.max_deadline_days() to authenticated, service_role;

/** How often one user may remind one case. */
create function private.remind_interval()
returns interval
language sql immutable set search_path = ''
as $$ select interval '1 hour' $$;

-- An instant as JavaScript's Date.prototype.toISOString() writes it (UTC, milliseconds).
create function private.iso_ms(p_ms bigint)
returns text
language sql immutable set search_path = ''
as $$ select to_char(('epoch'::timestamptz + p_ms * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

-- Epoch milliseconds from a JSON number; one beyond a double's range is Infinity to JavaScript,
-- so it is refused as not finite there and here alike.
create or replace function private.cl_millis(p_value jsonb, p_field text, p_ctx jsonb)
returns numeric
language plpgsql immutable set search_path = ''
as $$
begin
  if p_value is null or jsonb_typeof(p_value) = 'null' then
    return null;
  end if;
  if jsonb_typeof(p_value) <> 'number' or abs((p_value #>> '{}')::numeric) > 1e308 then
    perform private.cl_input_error(p_ctx, p_field, 'invalid', 'must be a finite time in epoch milliseconds');
  end if;
  return (p_value #>> '{}')::numeric;
end
$$;

revoke all on function private.remind_interval() from public;
revoke all on function private.iso_ms(bigint) from public;
grant execute on function private.remind_interval() to authenticated, service_role;
grant execute on function private.iso_ms(bigint) to authenticated, service_role;

/*
  create_case — CaseLoopSource.createCase: intake of a new case (replaced; arguments and result
  unchanged). What changed:
  * the deepest grid containing the point must be one the caller can see; a point outside every
    such grid is refused with one answer (CL006, field location, reason outside_territory,
    "…the point is outside the grids you cover…"), whether or not a grid they cannot see lies there;
  * photoIds must name objects of the case-photos bucket the caller uploaded that no case holds
    yet (else CL006 on photoIds[i], one message for every reason); each is recorded in case_photos;
  * the deadline is the county's category setting over the national default, counted on the
    county's calendar (private.default_due_at);
  * the code comes from the township's own counter (private.next_case_code);
  * a location number too large for a double is "not a finite number", as in JavaScript.
*/
create or replace function public.create_case(p_input jsonb)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_ctx constant jsonb := '{"prefix": ""}';
  v_category public.categories;
  v_category_code text;
  v_title text;
  v_description text;
  v_source text;
  v_urgent boolean;
  v_location jsonb;
  v_lng double precision;
  v_lat double precision;
  v_address text;
  v_name text;
  v_phone text;
  v_photos text[];
  v_point extensions.geometry;
  v_where text;
  v_grid public.grids;
  v_role public.app_role;
  v_case public.cases;
  -- What the policies would have let the caller see: everything for the service role, else the
  -- subtrees of their memberships.
  v_all boolean := (select auth.role()) = 'service_role';
  v_scopes extensions.lquery[] := (select private.read_scopes());
begin
  if p_input is null or jsonb_typeof(p_input) <> 'object' then
    perform private.cl_input_error(v_ctx, 'case', 'invalid', 'must be an object');
  end if;
  v_category_code := private.cl_id(p_input -> 'categoryCode', 'categoryCode', true, v_ctx);
  v_category := private.cl_category(v_category_code, v_ctx);
  v_title := private.cl_text(p_input -> 'title', 'title', 80, true, v_ctx);
  v_description := private.cl_text(p_input -> 'description', 'description', 2000, true, v_ctx);
  v_source := private.cl_one_of(p_input -> 'source', 'source', '{patrol,visit,phone,letter,camera,handover,sweep}', true, v_ctx);
  if jsonb_typeof(p_input -> 'urgent') not in ('boolean', 'null') then
    perform private.cl_input_error(v_ctx, 'urgent', 'invalid', 'must be true or false');
  end if;
  v_urgent := coalesce((p_input ->> 'urgent')::boolean, false);

  v_location := p_input -> 'location';
  if jsonb_typeof(v_location) is distinct from 'array'
    or (case when jsonb_typeof(v_location) = 'array' then jsonb_array_length(v_location) end) <> 2 then
    perform private.cl_input_error(v_ctx, 'location',
      case when v_location is null or jsonb_typeof(v_location) = 'null' then 'required' else 'invalid' end,
      'must be [longitude, latitude]');
  end if;
  -- JSON numbers beyond a double's range are Infinity to JavaScript: not finite.
  if jsonb_typeof(v_location -> 0) <> 'number' or jsonb_typeof(v_location -> 1) <> 'number'
    or abs((v_location ->> 0)::numeric) > 1e308 or abs((v_location ->> 1)::numeric) > 1e308 then
    perform private.cl_input_error(v_ctx, 'location', 'invalid', 'longitude and latitude must be finite numbers');
  end if;
  v_lng := (v_location ->> 0)::double precision;
  v_lat := (v_location ->> 1)::double precision;
  if v_lng < -180 or v_lng > 180 then
    perform private.cl_input_error(v_ctx, 'location', 'out_of_range', format('longitude %s is outside −180…180', v_lng));
  end if;
  if v_lat < -90 or v_lat > 90 then
    perform private.cl_input_error(v_ctx, 'location', 'out_of_range', format('latitude %s is outside −90…90', v_lat));
  end if;

  v_address := private.cl_text(p_input -> 'address', 'address', 200, false, v_ctx);
  v_name := private.cl_text(p_input -> 'reporterName', 'reporterName', 40, false, v_ctx);
  v_phone := private.cl_text(p_input -> 'reporterPhone', 'reporterPhone', 40, false, v_ctx);
  if v_phone is not null
    and v_phone !~ '^(?:\+?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}$'
    and v_phone !~ '^0[0-9]{2,3}[ -]?[0-9]{7,8}(?:-[0-9]{1,6})?$' then
    perform private.cl_input_error(v_ctx, 'reporterPhone', 'invalid',
      format('"%s" is not a mobile number (11 digits starting 1) or a landline with area code', v_phone));
  end if;
  v_photos := coalesce(private.cl_id_list(p_input -> 'photoIds', 'photoIds', 9, v_ctx), '{}');

  -- Where: the deepest grid the caller can see that contains the point.
  v_point := extensions.st_setsrid(extensions.st_makepoint(v_lng, v_lat), 4326);
  v_where := format('[%s, %s]', v_lng, v_lat);
  select * into v_grid from public.grids g
    where extensions.st_intersects(g.boundary, v_point)
      and (v_all or g.path operator(extensions.?) v_scopes)
    order by g.level desc, g.code
    limit 1;
  if v_grid.id is null then
    perform private.cl_refuse('invalid_input',
      format('Cannot report a case at %s: the point is outside the grids you cover; a case must lie inside one of them', v_where),
      jsonb_build_object('field', 'location', 'reason', 'outside_territory'));
  end if;
  select m.role into v_role
    from public.memberships m join public.grids g on g.id = m.grid_id
    where m.user_id = (select auth.uid())
      and m.role in ('grid_worker', 'village_chief', 'township_commander', 'county_admin')
      and v_grid.path operator(extensions.<@) m.scope_path
    order by g.code, m.role
    limit 1;
  if v_role is null then
    perform private.cl_refuse('not_permitted',
      format('Cannot report a case in %s: only grid workers and centre staff of a grid containing it may report there', v_grid.name),
      jsonb_build_object('gridId', v_grid.id));
  end if;
  v_photos := private.claimable_photos(v_photos, v_ctx);

  insert into public.cases (
    code, category_code, title, description, source, urgent, location, grid_id, escalation_level,
    due_at, address, photo_ids
  ) values (
    private.next_case_code(v_grid.path, now()), v_category.code, v_title, v_description, v_source::public.case_source,
    v_urgent, v_point, v_grid.id, case when v_urgent then 1 else 0 end,
    private.default_due_at(v_category.code, v_grid.path), v_address, v_photos
  )
  returning * into v_case;

  insert into public.case_photos (object_name, case_id, uploader_id, position)
    select p.name, v_case.id, (select auth.uid()), p.i - 1
    from unnest(v_photos) with ordinality as p(name, i);

  if v_name is not null or v_phone is not null then
    insert into public.case_contacts (case_id, reporter_name, reporter_phone)
      values (v_case.id, coalesce(v_name, ''), coalesce(v_phone, ''));
  end if;

  insert into public.case_events (case_id, kind, from_status, to_status, case_version, actor_id, actor_staff_id, actor_role, data)
  values (
    v_case.id, 'create', null, 'reported', v_case.version, (select auth.uid()), ((select private.my_staff_ids()))[1], v_role,
    jsonb_build_object(
      'categoryCode', v_case.category_code, 'source', v_case.source, 'urgent', v_case.urgent, 'gridId', v_case.grid_id,
      'escalationLevel', v_case.escalation_level, 'dueAt', private.epoch_ms(v_case.due_at), 'photoIds', to_jsonb(v_case.photo_ids)
    )
  );
  return private.case_loop_json(v_case);
end
$$;

/*
  edit_case — corrects what a case says: its title, description or address.
  Args: p_case_id uuid, p_changes jsonb ({title?, description?, address?}; address null clears it),
        p_expected_version integer (the version the caller loaded).
  Who: a manager (village chief, township commander, county admin) over the case's grid, or its
  assignee within their own grid-worker grids — who could edit under the old update policy.
  Checks: visible (P0002), version (CL007), who (CL003), the fields (CL005/CL006 naming the field:
  unknown keys, title ≤ 80 and description ≤ 2000 required, address ≤ 200), something changes
  (CL004). Photo ids, the loop's columns and timestamps are not editable.
  Records: the new values (version + 1) and an event {kind: 'edit', from = to = the status,
  data: {changes: {<field>: {old, new}}}}.
  Returns: the updated CaseRecord (as case_transition).
*/
create function public.edit_case(p_case_id uuid, p_changes jsonb, p_expected_version integer)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  c public.cases;
  n public.cases;
  v_uid uuid := (select auth.uid());
  v_prefix text;
  v_ctx jsonb;
  v_bad text;
  v_changes jsonb := '{}';
  v_role public.app_role;
begin
  select * into c from public.cases where id = p_case_id for update;
  if c.id is null or v_uid is null or not (c.grid_path operator(extensions.?) (select private.read_scopes())) then
    raise exception 'case % does not exist or is not visible to you', p_case_id using errcode = 'no_data_found';
  end if;
  v_prefix := format('Cannot edit case %s: ', c.id);
  v_ctx := jsonb_build_object('prefix', v_prefix, 'action', 'edit', 'status', c.status);
  if p_expected_version is null then
    perform private.cl_refuse('missing_input', v_prefix || 'the version you edited (expectedVersion) is required',
      (v_ctx - 'prefix') || '{"field": "expectedVersion", "reason": "required"}'::jsonb);
  end if;
  if p_expected_version <> c.version then
    perform private.cl_refuse('stale_version',
      v_prefix || format('stale version: the case was changed by someone else (version %s, you had %s); reload and try again', c.version, p_expected_version),
      (v_ctx - 'prefix') || jsonb_build_object('version', c.version, 'expectedVersion', p_expected_version),
      'Reload the case and try again.');
  end if;
  select m.role into v_role
    from public.memberships m join public.grids g on g.id = m.grid_id
    where m.user_id = v_uid
      and c.grid_path operator(extensions.<@) m.scope_path
      and (m.role in ('county_admin', 'township_commander', 'village_chief')
        or (m.role = 'grid_worker' and coalesce(c.assignee_id = any (private.my_staff_ids()), false)))
    order by g.code, m.role
    limit 1;
  if v_role is null then
    perform private.cl_refuse('not_permitted', v_prefix || 'only a manager over its grid, or its assignee, may correct what it says', v_ctx - 'prefix');
  end if;
  if p_changes is null or jsonb_typeof(p_changes) <> 'object' then
    perform private.cl_input_error(v_ctx, 'changes', 'invalid', 'must be an object {title?, description?, address?}');
  end if;
  select string_agg(k, ', ' order by k) into v_bad from jsonb_object_keys(p_changes) k where k not in ('title', 'description', 'address');
  if v_bad is not null then
    perform private.cl_input_error(v_ctx, 'changes', 'invalid', format('%s cannot be edited; editable: title, description, address', v_bad));
  end if;
  n := c;
  if p_changes ? 'title' then
    n.title := private.cl_text(p_changes -> 'title', 'title', 80, true, v_ctx);
  end if;
  if p_changes ? 'description' then
    n.description := private.cl_text(p_changes -> 'description', 'description', 2000, true, v_ctx);
  end if;
  if p_changes ? 'address' then
    n.address := private.cl_text(p_changes -> 'address', 'address', 200, false, v_ctx);
  end if;
  if n.title is distinct from c.title then
    v_changes := v_changes || jsonb_build_object('title', jsonb_build_object('old', c.title, 'new', n.title));
  end if;
  if n.description is distinct from c.description then
    v_changes := v_changes || jsonb_build_object('description', jsonb_build_object('old', c.description, 'new', n.description));
  end if;
  if n.address is distinct from c.address then
    v_changes := v_changes || jsonb_build_object('address', jsonb_build_object('old', c.address, 'new', n.address));
  end if;
  if v_changes = '{}'::jsonb then
    perform private.cl_refuse('precondition_failed', v_prefix || 'nothing would change', v_ctx - 'prefix');
  end if;
  update public.cases set title = n.title, description = n.description, address = n.address
    where id = c.id
    returning * into n;
  insert into public.case_events (case_id, kind, from_status, to_status, case_version, actor_id, actor_staff_id, actor_role, data)
  values (c.id, 'edit', c.status, c.status, n.version, v_uid, ((select private.my_staff_ids()))[1], v_role, jsonb_build_object('changes', v_changes));
  return private.case_loop_json(n);
end
$$;

revoke all on function public.edit_case(uuid, jsonb, integer) from public, anon;
grant execute on function public.edit_case(uuid, jsonb, integer) to authenticated, service_role;

/*
  case_transition (replaced; arguments, checks and result as before) — what changed: units act per
  county (private.my_unit_ids_in); a deadline override must lie after now and at most 366 days
  ahead (private.cl_due_at, checked after the action's own input checks, as the machine's step
  does); registration without one counts the county's default (private.default_due_at); dispatch
  and assign take only staff the caller can see in the case's county and units national or of
  that county, answering unknown and foreign ids alike; remind is refused within an hour of the
  caller's last reminder of the case, CL004 with DETAIL {reason: 'rate_limited', retryAt: epoch ms}.
*/
create or replace function public.case_transition(p_case_id uuid, p_action text, p_input jsonb default '{}', p_expected_version integer default null)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_staff uuid[] := (select private.my_staff_ids());
  v_units text[];
  v_input jsonb := coalesce(p_input, '{}'::jsonb);
  c public.cases;
  n public.cases;
  t public.case_transitions;
  v_ctx jsonb;
  v_prefix text;
  v_role public.app_role;
  v_why text;
  v_payload jsonb;
  v_note text;
  v_now_ms bigint := private.epoch_ms(now());
  -- inputs
  i_text text;
  i_note text;
  i_reason text;
  i_unit text;
  i_units text[];
  i_assignee text;
  i_due numeric;
  i_outcome text;
  i_method text;
  i_satisfaction text;
  i_kind text;
  v_mine text[];
  v_due timestamptz;
  v_last_remind timestamptz;
begin
  if v_uid is null then
    raise exception 'case_transition needs a signed-in user' using errcode = 'insufficient_privilege';
  end if;
  select * into c from public.cases where id = p_case_id for update;
  if c.id is null or not (c.grid_path operator(extensions.?) (select private.read_scopes())) then
    raise exception 'case % does not exist or is not visible to you', p_case_id using errcode = 'no_data_found';
  end if;
  -- A unit officer acts for a unit in the county their unit membership is for.
  v_units := private.my_unit_ids_in(c.grid_path);
  v_prefix := format('Cannot %s case %s: ', replace(coalesce(p_action, ''), '_', ' '), c.id);
  v_ctx := jsonb_build_object('prefix', v_prefix, 'action', p_action, 'status', c.status);

  if p_action is null or not exists (select 1 from public.case_transitions x where x.action = p_action) then
    perform private.cl_refuse('unknown_action', v_prefix || format('"%s" is not a case action', p_action), v_ctx - 'prefix');
  end if;
  if p_expected_version is null then
    perform private.cl_refuse('missing_input', v_prefix || 'the version you edited (expectedVersion) is required',
      (v_ctx - 'prefix') || '{"field": "expectedVersion", "reason": "required"}'::jsonb);
  end if;
  if p_expected_version <> c.version then
    perform private.cl_refuse('stale_version',
      v_prefix || format('stale version: the case was changed by someone else (version %s, you had %s); reload and try again', c.version, p_expected_version),
      (v_ctx - 'prefix') || jsonb_build_object('version', c.version, 'expectedVersion', p_expected_version),
      'Reload the case and try again.');
  end if;
  select * into t from public.case_transitions x where x.action = p_action and x.from_status = c.status;
  if t.action is null then
    perform private.cl_refuse('illegal_transition',
      v_prefix || format('it is %s; this is only possible when it is %s', c.status,
        (select string_agg(x.from_status::text, ' or ' order by x.from_status) from public.case_transitions x where x.action = p_action)),
      v_ctx - 'prefix');
  end if;
  v_role := private.cl_permitting_role(t, c, v_staff, v_units);
  if v_role is null then
    perform private.cl_refuse('not_permitted', v_prefix || private.cl_not_permitted_reason(t, c), v_ctx - 'prefix');
  end if;
  v_why := private.cl_failed_condition(t, c, v_units);
  if v_why is not null then
    perform private.cl_refuse('precondition_failed', v_prefix || v_why, v_ctx - 'prefix');
  end if;
  if jsonb_typeof(v_input) <> 'object' then
    perform private.cl_input_error(v_ctx, 'input', 'invalid', 'must be an object');
  end if;

  n := c;
  -- Each branch checks its input (the CHECKERS of validate.ts, field by field in their order),
  -- then applies the step (STEPS of machine.ts) to n and builds the event payload.
  case p_action
    when 'register' then
      i_unit := private.cl_id(v_input -> 'categoryCode', 'categoryCode', false, v_ctx);
      if i_unit is not null then
        perform private.cl_category(i_unit, v_ctx);
      end if;
      i_due := private.cl_millis(v_input -> 'dueAt', 'dueAt', v_ctx);
      i_note := private.cl_text(v_input -> 'note', 'note', 500, false, v_ctx);
      v_due := private.cl_due_at(i_due, v_ctx);
      n.category_code := coalesce(i_unit, c.category_code);
      n.due_at := coalesce(v_due, private.default_due_at(n.category_code, c.grid_path));
      n.registered_at := coalesce(c.registered_at, now());
      v_payload := jsonb_build_object('categoryCode', n.category_code, 'dueAt', coalesce(i_due, private.epoch_ms(n.due_at)), 'note', i_note);
      v_note := i_note;

    when 'dispatch' then
      i_unit := private.cl_id(v_input -> 'leadUnitId', 'leadUnitId', true, v_ctx);
      i_units := coalesce(private.cl_id_list(v_input -> 'coUnitIds', 'coUnitIds', 10, v_ctx), '{}');
      i_assignee := private.cl_id(v_input -> 'assigneeId', 'assigneeId', false, v_ctx);
      i_due := private.cl_millis(v_input -> 'dueAt', 'dueAt', v_ctx);
      i_note := private.cl_text(v_input -> 'note', 'note', 500, false, v_ctx);
      if i_unit = any (i_units) then
        perform private.cl_input_error(v_ctx, 'coUnitIds', 'invalid', 'the lead unit cannot also be a co-handling unit');
      end if;
      if (select count(distinct u) from unnest(i_units) u) <> cardinality(i_units) then
        perform private.cl_input_error(v_ctx, 'coUnitIds', 'invalid', 'a co-handling unit is listed twice');
      end if;
      v_due := private.cl_due_at(i_due, v_ctx);
      -- Units: national or the case's county's; staff: visible to the caller, in the case's county.
      -- An unknown id and one of another county get the same answer.
      if not private.unit_of_county(i_unit, c.grid_path) then
        perform private.cl_input_error(v_ctx, 'leadUnitId', 'invalid', format('"%s" is not a known handling unit', i_unit));
      end if;
      select u into i_text from unnest(i_units) with ordinality as x(u, o)
        where not private.unit_of_county(x.u, c.grid_path) order by o limit 1;
      if i_text is not null then
        perform private.cl_input_error(v_ctx, 'coUnitIds', 'invalid', format('"%s" is not a known handling unit', i_text));
      end if;
      if i_assignee is not null and not private.assignable_staff(i_assignee, c.grid_path) then
        perform private.cl_input_error(v_ctx, 'assigneeId', 'invalid', format('"%s" is not a member of staff you may assign this case to', i_assignee));
      end if;
      n.lead_unit_id := i_unit;
      n.co_handlers := coalesce((
        select jsonb_agg(jsonb_build_object('unitId', u, 'reportedAt', null, 'outcome', null) order by o)
        from unnest(i_units) with ordinality as x(u, o)
      ), '[]'::jsonb);
      n.assignee_id := lower(i_assignee)::uuid;
      n.dispatched_at := now();
      n.reported_back_at := null;
      n.outcome := null;
      n.due_at := coalesce(v_due, c.due_at);
      v_payload := jsonb_build_object('leadUnitId', i_unit, 'coUnitIds', to_jsonb(i_units), 'assigneeId', lower(i_assignee),
        'dueAt', coalesce(i_due, private.epoch_ms(n.due_at)), 'note', i_note);
      v_note := i_note;

    when 'decline' then
      i_reason := private.cl_text(v_input -> 'reason', 'reason', 500, true, v_ctx);
      n.lead_unit_id := null;
      n.co_handlers := '[]';
      n.assignee_id := null;
      n.dispatched_at := null;
      v_payload := jsonb_build_object('unitId', case when c.lead_unit_id = any (v_units) then c.lead_unit_id end, 'reason', i_reason);
      v_note := i_reason;

    when 'accept' then
      i_note := private.cl_text(v_input -> 'note', 'note', 500, false, v_ctx);
      n.assignee_id := coalesce(c.assignee_id, v_staff[1]);
      v_payload := jsonb_build_object('assigneeId', n.assignee_id, 'note', i_note);
      v_note := i_note;

    when 'assign' then
      i_assignee := private.cl_id(v_input -> 'assigneeId', 'assigneeId', true, v_ctx);
      if not private.assignable_staff(i_assignee, c.grid_path) then
        perform private.cl_input_error(v_ctx, 'assigneeId', 'invalid', format('"%s" is not a member of staff you may assign this case to', i_assignee));
      end if;
      n.assignee_id := lower(i_assignee)::uuid;
      v_payload := jsonb_build_object('assigneeId', n.assignee_id, 'previousAssigneeId', c.assignee_id);

    when 'report_back' then
      i_text := private.cl_text(v_input -> 'resultText', 'resultText', 2000, true, v_ctx);
      i_outcome := private.cl_one_of(v_input -> 'outcome', 'outcome', '{resolved,mediated,unresolvable,referred}', true, v_ctx);
      n.reported_back_at := now();
      n.outcome := i_outcome::public.case_outcome;
      v_payload := jsonb_build_object('unitId', case when c.lead_unit_id = any (v_units) then c.lead_unit_id end,
        'resultText', i_text, 'outcome', i_outcome);
      v_note := i_text;

    when 'co_report' then
      i_unit := private.cl_id(v_input -> 'unitId', 'unitId', false, v_ctx);
      i_text := private.cl_text(v_input -> 'resultText', 'resultText', 2000, true, v_ctx);
      i_outcome := private.cl_one_of(v_input -> 'outcome', 'outcome', '{resolved,mediated,unresolvable,referred}', false, v_ctx);
      v_mine := array(
        select h.value ->> 'unitId' from jsonb_array_elements(c.co_handlers) with ordinality h
        where (h.value ->> 'unitId') = any (v_units) and jsonb_typeof(h.value -> 'reportedAt') is distinct from 'number'
        order by h.ordinality);
      if i_unit is not null then
        if not i_unit = any (v_mine) then
          perform private.cl_input_error(v_ctx, 'unitId', 'invalid',
            format('unit %s is not a co-handling unit of this case you act for, or it has already reported', i_unit));
        end if;
      elsif cardinality(v_mine) = 1 then
        i_unit := v_mine[1];
      else
        perform private.cl_input_error(v_ctx, 'unitId', 'required', 'you act for several co-handling units: say which one reports');
      end if;
      n.co_handlers := (
        select jsonb_agg(case when h.value ->> 'unitId' = i_unit
            then jsonb_build_object('unitId', i_unit, 'reportedAt', v_now_ms, 'outcome', i_outcome)
            else h.value end order by h.ordinality)
        from jsonb_array_elements(c.co_handlers) with ordinality h);
      v_payload := jsonb_build_object('unitId', i_unit, 'resultText', i_text, 'outcome', i_outcome);
      v_note := i_text;

    when 'verify_close' then
      if v_input -> 'callBack' is null or jsonb_typeof(v_input -> 'callBack') = 'null' then
        perform private.cl_input_error(v_ctx, 'callBack', 'required', 'the call-back to the reporter (回访) must be recorded before closing');
      end if;
      if jsonb_typeof(v_input -> 'callBack') <> 'object' then
        perform private.cl_input_error(v_ctx, 'callBack', 'invalid', 'must be an object');
      end if;
      i_method := private.cl_one_of(v_input #> '{callBack,method}', 'callBack.method', '{phone,visit,sms,none}', true, v_ctx);
      i_satisfaction := private.cl_one_of(v_input #> '{callBack,satisfaction}', 'callBack.satisfaction', '{satisfied,basically_satisfied,dissatisfied}', false, v_ctx);
      i_text := private.cl_text(v_input #> '{callBack,note}', 'callBack.note', 500, false, v_ctx);
      if i_method = 'none' and i_text is null then
        perform private.cl_input_error(v_ctx, 'callBack.note', 'required', 'say why the reporter was not called back (e.g. anonymous report)');
      end if;
      if i_method <> 'none' and i_satisfaction is null then
        perform private.cl_input_error(v_ctx, 'callBack.satisfaction', 'required', 'record how satisfied the reporter was');
      end if;
      i_note := private.cl_text(v_input -> 'note', 'note', 500, false, v_ctx);
      n.closed_at := now();
      v_payload := jsonb_build_object(
        'callBack', jsonb_build_object('method', i_method, 'satisfaction', i_satisfaction, 'note', i_text),
        'outcome', c.outcome, 'note', i_note);
      v_note := coalesce(i_note, i_text);

    when 'return_for_rework' then
      i_reason := private.cl_text(v_input -> 'reason', 'reason', 500, true, v_ctx);
      i_units := coalesce(private.cl_id_list(v_input -> 'coUnitIds', 'coUnitIds', 10, v_ctx), '{}');
      select u into i_text from unnest(i_units) with ordinality as x(u, o)
        where not x.u = any (c.co_unit_ids) order by o limit 1;
      if i_text is not null then
        perform private.cl_input_error(v_ctx, 'coUnitIds', 'invalid', format('unit %s is not a co-handling unit of this case', i_text));
      end if;
      n.reported_back_at := null;
      n.outcome := null;
      n.co_handlers := coalesce((
        select jsonb_agg(case when (h.value ->> 'unitId') = any (i_units)
            then jsonb_build_object('unitId', h.value ->> 'unitId', 'reportedAt', null, 'outcome', null)
            else h.value end order by h.ordinality)
        from jsonb_array_elements(c.co_handlers) with ordinality h), '[]'::jsonb);
      v_payload := jsonb_build_object('reason', i_reason, 'coUnitIds', to_jsonb(i_units));
      v_note := i_reason;

    when 'escalate' then
      i_reason := private.cl_text(v_input -> 'reason', 'reason', 500, true, v_ctx);
      n.escalation_level := c.escalation_level + 1;
      v_payload := jsonb_build_object('reason', i_reason, 'fromLevel', c.escalation_level, 'toLevel', n.escalation_level);
      v_note := i_reason;

    when 'accept_escalation' then
      i_due := private.cl_millis(v_input -> 'dueAt', 'dueAt', v_ctx);
      i_note := private.cl_text(v_input -> 'note', 'note', 500, false, v_ctx);
      n.lead_unit_id := null;
      n.co_handlers := '[]';
      n.assignee_id := null;
      n.dispatched_at := null;
      v_due := private.cl_due_at(i_due, v_ctx);
      n.due_at := coalesce(v_due, c.due_at);
      v_payload := jsonb_build_object('level', c.escalation_level, 'dueAt', coalesce(i_due, private.epoch_ms(n.due_at)), 'note', i_note);
      v_note := i_note;

    when 'send_back_down' then
      i_reason := private.cl_text(v_input -> 'reason', 'reason', 500, true, v_ctx);
      n.lead_unit_id := null;
      n.co_handlers := '[]';
      n.assignee_id := null;
      n.dispatched_at := null;
      n.escalation_level := c.escalation_level - 1;
      v_payload := jsonb_build_object('reason', i_reason, 'fromLevel', c.escalation_level, 'toLevel', n.escalation_level);
      v_note := i_reason;

    when 'reopen' then
      i_reason := private.cl_text(v_input -> 'reason', 'reason', 500, true, v_ctx);
      n.lead_unit_id := null;
      n.co_handlers := '[]';
      n.assignee_id := null;
      n.dispatched_at := null;
      n.closed_at := null;
      n.reported_back_at := null;
      n.outcome := null;
      v_payload := jsonb_build_object('reason', i_reason, 'previousOutcome', c.outcome, 'previousClosedAt', private.epoch_ms(c.closed_at));
      v_note := i_reason;

    when 'cancel' then
      i_kind := private.cl_one_of(v_input -> 'kind', 'kind', '{duplicate,invalid}', true, v_ctx);
      i_reason := private.cl_text(v_input -> 'reason', 'reason', 500, true, v_ctx);
      i_text := private.cl_id(v_input -> 'duplicateOfId', 'duplicateOfId', false, v_ctx);
      if i_kind = 'duplicate' and i_text is null then
        perform private.cl_input_error(v_ctx, 'duplicateOfId', 'required', 'a duplicate must name the case it duplicates');
      end if;
      if i_text is not null then
        if lower(i_text) = c.id::text then
          perform private.cl_input_error(v_ctx, 'duplicateOfId', 'invalid', 'a case cannot duplicate itself');
        end if;
        if not exists (
          select 1 from public.cases d
          where d.id::text = lower(i_text) and d.grid_path operator(extensions.?) (select private.read_scopes())
        ) then
          perform private.cl_input_error(v_ctx, 'duplicateOfId', 'invalid',
            format('the case it duplicates (%s) does not exist or is not visible to you', i_text));
        end if;
      end if;
      v_payload := jsonb_build_object('kind', i_kind, 'reason', i_reason, 'duplicateOfId', lower(i_text));
      v_note := i_reason;

    when 'supervise' then
      i_reason := private.cl_text(v_input -> 'reason', 'reason', 500, true, v_ctx);
      n.supervised := true;
      v_payload := jsonb_build_object('reason', i_reason);
      v_note := i_reason;

    when 'end_supervision' then
      i_note := private.cl_text(v_input -> 'note', 'note', 500, false, v_ctx);
      n.supervised := false;
      v_payload := jsonb_build_object('note', i_note);
      v_note := i_note;

    when 'remind' then
      i_text := private.cl_text(v_input -> 'message', 'message', 500, false, v_ctx);
      -- Once per case per user per hour: a reminder more is noise in an append-only log.
      select max(e.at) into v_last_remind from public.case_events e
        where e.case_id = c.id and e.kind = 'remind' and e.actor_id = v_uid and e.at > now() - private.remind_interval();
      if v_last_remind is not null then
        perform private.cl_refuse('precondition_failed',
          v_prefix || format('you reminded it at %s; you may remind it again from %s (once an hour)',
            private.iso_ms(private.epoch_ms(v_last_remind)), private.iso_ms(private.epoch_ms(v_last_remind + private.remind_interval()))),
          (v_ctx - 'prefix') || jsonb_build_object('reason', 'rate_limited',
            'retryAt', private.epoch_ms(v_last_remind + private.remind_interval())));
      end if;
      v_payload := jsonb_build_object('message', i_text, 'leadUnitId', c.lead_unit_id, 'assigneeId', c.assignee_id);
      v_note := i_text;
  end case;

  n.status := t.to_status;
  if t.bumps_version then
    update public.cases set
      status = n.status, outcome = n.outcome, category_code = n.category_code, escalation_level = n.escalation_level,
      lead_unit_id = n.lead_unit_id, co_handlers = n.co_handlers, assignee_id = n.assignee_id,
      registered_at = n.registered_at, dispatched_at = n.dispatched_at, reported_back_at = n.reported_back_at,
      closed_at = n.closed_at, due_at = n.due_at, supervised = n.supervised
    where id = c.id
    returning * into n;
  end if;

  insert into public.case_events (case_id, kind, from_status, to_status, case_version, actor_id, actor_staff_id, actor_role, note, data)
  values (c.id, p_action, c.status, t.to_status, n.version, v_uid, v_staff[1], v_role, left(coalesce(v_note, ''), 2000), v_payload);

  return private.case_loop_json(n);
end
$$;
