-- The case loop's RPCs (issue 4): intake, the transition RPC that enforces the state machine,
-- the ledger query, the event log, the reporter contact, and point-in-grid lookup.
--
-- Refusals (what the client maps to DataError kinds). Every refusal of create_case and
-- case_transition raises one of these SQLSTATEs, one per CaseTransitionErrorCode of
-- src/domain/caseLoop/machine.ts, with DETAIL a JSON object
--   {"code": <the code>, "action"?, "status"?, "field"?, "reason"?, "version"?, "expectedVersion"?}
--   CL001 unknown_action       the action is not a case action                        -> invalid
--   CL002 illegal_transition   not possible from the case's status                    -> invalid
--   CL003 not_permitted        the caller's role or relation to the case does not allow it -> forbidden
--   CL004 precondition_failed  a condition on the case is unmet (co-handlers pending, top level …) -> invalid
--   CL005 missing_input        a required input field is absent or blank (DETAIL.field names it) -> invalid
--   CL006 invalid_input        an input field is malformed, too long, unknown (DETAIL.field, DETAIL.reason) -> invalid
--   CL007 stale_version        the case changed since the caller loaded it            -> conflict
--   P0002                      the case does not exist or is not visible to the caller -> not_found
-- Messages are the TypeScript ones: "Cannot <action> case <id>: <why>" for transitions (the
-- stale one reads "…: stale version: the case was changed by someone else (version N, you had M);
-- reload and try again"), "<field>: <why>" for intake input, so both data layers say the same.
-- Errors in list_cases' filter are 22023 (invalid_parameter_value) naming the key, like the read RPCs.

-- ---------------------------------------------------------------------------------------------
-- Refusals and input checks (validate.ts in SQL). Input helpers take the raw JSON value, the field
-- name to report and a context {"prefix": <message prefix>, "action"?, "status"?} for the DETAIL.

create function private.cl_sqlstate(p_code text)
returns text
language sql immutable parallel safe set search_path = ''
as $$
  select case p_code
    when 'unknown_action' then 'CL001'
    when 'illegal_transition' then 'CL002'
    when 'not_permitted' then 'CL003'
    when 'precondition_failed' then 'CL004'
    when 'missing_input' then 'CL005'
    when 'invalid_input' then 'CL006'
    when 'stale_version' then 'CL007'
  end
$$;

create function private.cl_refuse(p_code text, p_message text, p_detail jsonb default '{}', p_hint text default null)
returns void
language plpgsql set search_path = ''
as $$
declare
  v_detail text := (jsonb_build_object('code', p_code) || coalesce(p_detail, '{}'::jsonb))::text;
begin
  if p_hint is null then
    raise exception using errcode = private.cl_sqlstate(p_code), message = p_message, detail = v_detail;
  end if;
  raise exception using errcode = private.cl_sqlstate(p_code), message = p_message, detail = v_detail, hint = p_hint;
end
$$;

create function private.cl_input_error(p_ctx jsonb, p_field text, p_reason text, p_why text)
returns void
language plpgsql set search_path = ''
as $$
begin
  perform private.cl_refuse(
    case when p_reason = 'required' then 'missing_input' else 'invalid_input' end,
    coalesce(p_ctx ->> 'prefix', '') || p_field || ': ' || p_why,
    (coalesce(p_ctx, '{}'::jsonb) - 'prefix') || jsonb_build_object('field', p_field, 'reason', p_reason)
  );
end
$$;

-- String.prototype.trim: Unicode white space and line terminators (the ideographic space too).
create function private.js_trim(p_text text)
returns text
language sql immutable parallel safe set search_path = ''
as $$
  select regexp_replace(p_text,
    '^[\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$',
    '', 'g')
$$;

-- typeof in JavaScript of a JSON value, for "must be text, got <type>".
create function private.js_typeof(p_value jsonb)
returns text
language sql immutable parallel safe set search_path = ''
as $$ select case jsonb_typeof(p_value) when 'array' then 'object' when 'null' then 'object' else jsonb_typeof(p_value) end $$;

create function private.cl_text(p_value jsonb, p_field text, p_limit integer, p_required boolean, p_ctx jsonb)
returns text
language plpgsql immutable set search_path = ''
as $$
declare
  v_text text;
  v_length integer;
begin
  if p_value is null or jsonb_typeof(p_value) = 'null' then
    if p_required then
      perform private.cl_input_error(p_ctx, p_field, 'required', 'is required');
    end if;
    return null;
  end if;
  if jsonb_typeof(p_value) <> 'string' then
    perform private.cl_input_error(p_ctx, p_field, 'invalid', 'must be text, got ' || private.js_typeof(p_value));
  end if;
  v_text := private.js_trim(p_value #>> '{}');
  if v_text = '' then
    if p_required then
      perform private.cl_input_error(p_ctx, p_field, 'required', 'is required (it is blank)');
    end if;
    return null;
  end if;
  v_length := length(v_text);
  if v_length > p_limit then
    perform private.cl_input_error(p_ctx, p_field, 'too_long', format('is %s characters, at most %s are allowed', v_length, p_limit));
  end if;
  return v_text;
end
$$;

-- Ids (unit, staff, case, photo): text of at most 100 characters, as TEXT_LIMITS.id.
create function private.cl_id(p_value jsonb, p_field text, p_required boolean, p_ctx jsonb)
returns text
language sql immutable set search_path = ''
as $$ select private.cl_text(p_value, p_field, 100, p_required, p_ctx) $$;

create function private.cl_id_list(p_value jsonb, p_field text, p_max integer, p_ctx jsonb)
returns text[]
language plpgsql immutable set search_path = ''
as $$
declare
  v_out text[] := '{}';
  i integer;
begin
  if p_value is null or jsonb_typeof(p_value) = 'null' then
    return null;
  end if;
  if jsonb_typeof(p_value) <> 'array' then
    perform private.cl_input_error(p_ctx, p_field, 'invalid', 'must be a list');
  end if;
  if jsonb_array_length(p_value) > p_max then
    perform private.cl_input_error(p_ctx, p_field, 'too_long', format('has %s entries, at most %s are allowed', jsonb_array_length(p_value), p_max));
  end if;
  for i in 0 .. jsonb_array_length(p_value) - 1 loop
    v_out := v_out || private.cl_id(p_value -> i, format('%s[%s]', p_field, i), true, p_ctx);
  end loop;
  return v_out;
end
$$;

create function private.cl_millis(p_value jsonb, p_field text, p_ctx jsonb)
returns numeric
language plpgsql immutable set search_path = ''
as $$
begin
  if p_value is null or jsonb_typeof(p_value) = 'null' then
    return null;
  end if;
  if jsonb_typeof(p_value) <> 'number' then
    perform private.cl_input_error(p_ctx, p_field, 'invalid', 'must be a finite time in epoch milliseconds');
  end if;
  return (p_value #>> '{}')::numeric;
end
$$;

create function private.cl_one_of(p_value jsonb, p_field text, p_values text[], p_required boolean, p_ctx jsonb)
returns text
language plpgsql immutable set search_path = ''
as $$
begin
  if p_value is null or jsonb_typeof(p_value) = 'null' then
    if p_required then
      perform private.cl_input_error(p_ctx, p_field, 'required', format('is required (one of %s)', array_to_string(p_values, ', ')));
    end if;
    return null;
  end if;
  if jsonb_typeof(p_value) <> 'string' or not (p_value #>> '{}') = any (p_values) then
    perform private.cl_input_error(p_ctx, p_field, 'invalid', format('must be one of %s, got %s', array_to_string(p_values, ', '), p_value::text));
  end if;
  return p_value #>> '{}';
end
$$;

-- Why a code names no subcategory, in the words of getCategory() (categories.ts), from the table.
create function private.unknown_category_reason(p_code text)
returns text
language plpgsql stable set search_path = ''
as $$
declare
  v_parent public.categories;
begin
  if p_code !~ '^[0-9]{4}$' then
    if exists (select 1 from public.categories k where k.code = p_code and k.parent_code is null) then
      return 'this is a major category (大类); a case needs a four-digit subcategory (小类)';
    end if;
    return 'expected a four-digit subcategory code such as 0101';
  end if;
  select * into v_parent from public.categories k where k.code = substr(p_code, 1, 2) and k.parent_code is null;
  if v_parent.code is null then
    return format('no major category %s (known: %s)', substr(p_code, 1, 2),
      (select string_agg(k.code, ', ' order by k.code) from public.categories k where k.parent_code is null));
  end if;
  return format('major category %s %s has no subcategory %s (known: %s)', v_parent.code, v_parent.name, p_code,
    (select string_agg(k.code, ', ' order by k.code) from public.categories k where k.parent_code = v_parent.code));
end
$$;

-- A subcategory of the territory's tree, or a refusal naming the field.
create function private.cl_category(p_code text, p_ctx jsonb)
returns public.categories
language plpgsql stable set search_path = ''
as $$
declare
  v_category public.categories;
begin
  select * into v_category from public.categories k where k.code = p_code and k.parent_code is not null;
  if v_category.code is null then
    perform private.cl_input_error(p_ctx, 'categoryCode', 'unknown_category',
      format('"%s" is not a known subcategory: %s', p_code, private.unknown_category_reason(p_code)));
  end if;
  if v_category.default_deadline_amount is null then
    perform private.cl_input_error(p_ctx, 'categoryCode', 'invalid', format('subcategory %s has no default deadline configured', p_code));
  end if;
  return v_category;
end
$$;

-- One case as the CaseRecord the read RPCs return (case_json), plus its address when it has one.
create function private.case_loop_json(c public.cases)
returns json
language sql stable parallel safe set search_path = ''
as $$
  select (private.case_json(c)::jsonb
    || case when c.address is null then '{}'::jsonb else jsonb_build_object('address', c.address) end)::json
$$;

-- ---------------------------------------------------------------------------------------------
-- The machine's checks (permittingRole, notPermittedReason, failedCondition of machine.ts).

-- The escalation level a role is the centre of (CENTRE_ROLE_BY_LEVEL), -1 for the others.
create function private.centre_rank(p_role public.app_role)
returns integer
language sql immutable parallel safe set search_path = ''
as $$ select coalesce(array_position('{village_chief,township_commander,county_admin}'::public.app_role[], p_role) - 1, -1) $$;

-- The role under which the caller may make the move, or null. Memberships are tried in the order
-- my_access lists them (grid code, role), which is the order the client's Actor has them in.
-- A membership covers its scope_path: its grid's subtree, the whole county for a county admin.
create function private.cl_permitting_role(t public.case_transitions, c public.cases, p_staff uuid[], p_units text[])
returns public.app_role
language sql stable set search_path = ''
as $$
  select m.role
  from public.memberships m
  join public.grids g on g.id = m.grid_id
  where m.user_id = (select auth.uid())
    and m.role = any (t.roles)
    and (
      ('centre' = any (t.relations) and c.grid_path operator(extensions.<@) m.scope_path and private.centre_rank(m.role) >= c.escalation_level)
      or ('subtree' = any (t.relations) and c.grid_path operator(extensions.<@) m.scope_path)
      or ('assignee' = any (t.relations) and coalesce(c.assignee_id = any (p_staff), false))
      or ('lead_unit' = any (t.relations) and coalesce(c.lead_unit_id = any (p_units), false))
      or ('co_unit' = any (t.relations) and c.co_unit_ids operator(pg_catalog.&&) p_units)
    )
  order by g.code, m.role
  limit 1
$$;

-- Roles and relations are listed lowest first, the order the TypeScript table names them in.
create function private.cl_not_permitted_reason(t public.case_transitions, c public.cases)
returns text
language sql stable set search_path = ''
as $$
  with mine as (
    select x.role, min(x.position) as first_seen
    from (
      select m.role, row_number() over (order by g.code, m.role) as position
      from public.memberships m join public.grids g on g.id = m.grid_id
      where m.user_id = (select auth.uid())
    ) x
    group by x.role
  ),
  ladder as (select '{grid_worker,village_chief,township_commander,county_admin,wall_viewer}'::public.app_role[] as roles)
  select case
    when not exists (select 1 from mine where mine.role = any (t.roles)) then
      format('it needs the role %s; you are %s',
        (select string_agg(r::text, ', ' order by array_position(ladder.roles, r)) from unnest(t.roles) r, ladder),
        coalesce((select string_agg(mine.role::text, ', ' order by mine.first_seen) from mine), 'without a role'))
    else
      'only someone ' || (
        select string_agg(case r
            when 'centre' then format('the centre at its current level (%s or above, over its grid)',
              ('{village_chief,township_commander,county_admin}'::text[])[c.escalation_level + 1])
            when 'subtree' then 'a member of a grid that contains it'
            when 'assignee' then 'its assignee'
            when 'lead_unit' then 'in its lead handling unit'
            when 'co_unit' then 'in one of its co-handling units'
          end, ' or ' order by array_position('{centre,subtree,lead_unit,assignee,co_unit}'::text[], r))
        from unnest(t.relations) r
      ) || ' may do this'
  end
$$;

-- The first unmet condition on the case (not on the input), or null.
create function private.cl_failed_condition(t public.case_transitions, c public.cases, p_units text[])
returns text
language plpgsql stable set search_path = ''
as $$
declare
  v_requirement text;
  v_pending text;
begin
  foreach v_requirement in array t.requires loop
    case v_requirement
      when 'all_co_reported' then
        if c.reported_back_at is null then
          return 'the lead unit has not reported back';
        end if;
        select string_agg(h.value ->> 'unitId', ', ' order by h.ordinality) into v_pending
          from jsonb_array_elements(c.co_handlers) with ordinality h
          where jsonb_typeof(h.value -> 'reportedAt') is distinct from 'number';
        if v_pending is not null then
          return format('co-handling unit(s) %s have not reported', v_pending);
        end if;
      when 'co_report_pending' then
        if not exists (
          select 1 from jsonb_array_elements(c.co_handlers) h
          where (h ->> 'unitId') = any (p_units) and jsonb_typeof(h -> 'reportedAt') is distinct from 'number'
        ) then
          return 'your co-handling unit has already reported';
        end if;
      when 'below_county' then
        if c.escalation_level >= 2 then
          return 'the case is already at the county centre, the top level';
        end if;
      when 'above_village' then
        if c.escalation_level <= 0 then
          return 'the case is already at the village centre, the lowest level';
        end if;
      when 'not_supervised' then
        if c.supervised then
          return 'the case is already listed for supervision';
        end if;
      when 'supervised' then
        if not c.supervised then
          return 'the case is not listed for supervision';
        end if;
      else
        null;
    end case;
  end loop;
  return null;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Helpers that must see past the caller's policies. Each reveals no row: a boolean, or the
-- caller's own staff record.

-- True when some grid of the territory contains the point, visible to the caller or not: tells
-- "outside the territory" from "outside the grids you cover".
create function private.point_in_territory(p_point extensions.geometry)
returns boolean
language sql stable security definer set search_path = ''
as $$ select exists (select 1 from public.grids g where extensions.st_intersects(g.boundary, p_point)) $$;

revoke all on function private.point_in_territory(extensions.geometry) from public;
grant execute on function private.point_in_territory(extensions.geometry) to authenticated;

-- Ids of the cases the caller may see (the cases_select policy's test, or everything for the
-- service role) whose code, title, description or address contains p_needle, case-insensitively.
-- A definer so the trigram index serves the search: under row-level security the planner may not
-- use an index for a condition that is not leakproof (LIKE is not), and scanned every row. Needles
-- under three characters yield no trigram, and the index would then be read end to end, slower
-- than the table, so those scan the table instead.
create function private.search_visible_case_ids(p_needle text)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_pattern text := '%' || replace(replace(replace(lower(p_needle), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_all boolean := (select auth.role()) = 'service_role';
  v_scopes extensions.lquery[] := (select private.read_scopes());
begin
  if length(p_needle) >= 3 then
    return query
      select c.id from public.cases c
      where lower(private.case_search_text(c.code, c.title, c.description, c.address)) operator(pg_catalog.~~) v_pattern
        and (v_all or c.grid_path operator(extensions.?) v_scopes);
  else
    return query
      select c.id from public.cases c
      where (lower(private.case_search_text(c.code, c.title, c.description, c.address)) || '') operator(pg_catalog.~~) v_pattern
        and (v_all or c.grid_path operator(extensions.?) v_scopes);
  end if;
end
$$;

revoke all on function private.search_visible_case_ids(text) from public;
grant execute on function private.search_visible_case_ids(text) to authenticated, service_role;

/*
  create_case — CaseLoopSource.createCase: intake of a new case.
  Args: p_input jsonb, the NewCaseInput of src/domain/caseLoop/validate.ts:
    { categoryCode: string (a subcategory, e.g. "0101"), title: string (≤80), description: string (≤2000),
      source: "patrol"|"visit"|"phone"|"letter"|"camera"|"handover"|"sweep", urgent?: boolean,
      location: [lng, lat], address?: string|null (≤200), reporterName?: string|null (≤40),
      reporterPhone?: string|null (mobile or landline), photoIds?: string[] (≤9 ids) }
  Checks exactly what validateNewCase checks, in the same order and with the same messages
  ("title: is 81 characters, at most 80 are allowed"); text is trimmed and otherwise stored as
  given (HTML included: the UI renders it as text). Then the deepest grid containing the point
  (level 4 before 3 ...; ties by code) must exist (else CL006 on field location, reason
  outside_territory), be visible (else CL003) and be one the caller may report in (grid worker,
  village chief, township commander or county admin over it; else CL003).
  Records: status reported, escalation level 1 (the township centre) when urgent else 0, the due
  time = the category's default deadline in working time from now on the default calendar, a
  code <prefix>-<year>-<number>, the reporter's contact (only when a name or phone is given) in
  case_contacts, and a first event {action: "create", from: null, to: "reported"}.
  The lead unit is left to dispatch (categories.default_unit_id is the form's proposal), as in the
  TypeScript machine, where a case has no lead unit before it is dispatched.
  Returns: the new CaseRecord (as cases_in_view, plus "address" when given).
  Runs as the caller: row-level security decides the insert.
*/
create function public.create_case(p_input jsonb)
returns json
language plpgsql
volatile
security invoker
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
  if jsonb_typeof(v_location -> 0) <> 'number' or jsonb_typeof(v_location -> 1) <> 'number' then
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
    order by g.level desc, g.code
    limit 1;
  if v_grid.id is null then
    if private.point_in_territory(v_point) then
      perform private.cl_refuse('not_permitted',
        format('Cannot report a case at %s: the point lies outside the grids you cover', v_where),
        jsonb_build_object('field', 'location'));
    end if;
    perform private.cl_refuse('invalid_input',
      format('Cannot report a case at %s: the point is outside every grid of the territory; a case must lie inside a grid', v_where),
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

  insert into public.cases (
    code, category_code, title, description, source, urgent, location, grid_id, escalation_level,
    due_at, address, photo_ids
  ) values (
    private.next_case_code(v_grid.path, now()), v_category.code, v_title, v_description, v_source::public.case_source,
    v_urgent, v_point, v_grid.id, case when v_urgent then 1 else 0 end,
    public.add_working_time(now(), v_category.default_deadline_amount, v_category.default_deadline_unit), v_address, v_photos
  )
  returning * into v_case;

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
  case_transition — CaseLoopSource.transitionCase: one move of the case loop.
  Args: p_case_id uuid, p_action text (a CaseAction), p_input jsonb (ActionInputs[action] of
        machine.ts, e.g. {"leadUnitId": "police", "coUnitIds": ["justice"]} for dispatch; times in
        epoch ms), p_expected_version integer (the version the caller loaded).
  Checks, in the order applyAction does, and refuses with the SQLSTATEs above: the case is visible
  (P0002), the action exists (CL001), the version (CL007), the move from the case's status is in
  public.case_transitions (CL002), the caller holds one of the row's roles on a membership
  standing in one of its relations to the case (centre at the case's escalation level or above,
  subtree, assignee, lead unit, co-handling unit; CL003), the row's conditions on the case (CL004),
  and the input (CL005/CL006, naming the field), then what the database knows and the client may
  not: dispatched units and assigned staff exist, a duplicate names a visible case (CL006).
  Applies the move as machine.ts does, plus: registration without dueAt counts the (possibly new)
  category's default deadline from now, as the demo data layer does; accept without an assignee
  assigns the caller's staff record (null when the caller has none).
  In one transaction: the row is locked (FOR UPDATE, so two concurrent moves on one case queue and
  the second sees the first's version and is refused as stale), updated (version + 1, except for
  remind, which changes nothing), and one event appended to case_events:
    {kind: action, from_status, to_status, case_version (after), actor_id, actor_staff_id,
     actor_role, data: the EventPayloads[action] object of machine.ts, note}.
  Returns: the updated CaseRecord (as cases_in_view, plus "address" when given).
  SECURITY DEFINER because the loop's columns are closed to the API roles (cases_guard_loop) and
  the machine's relations (lead/co unit, centre level) are not the table's update policy; every
  right is checked here explicitly against auth.uid(), and search_path is empty.
*/
create function public.case_transition(p_case_id uuid, p_action text, p_input jsonb default '{}', p_expected_version integer default null)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_staff uuid[] := (select private.my_staff_ids());
  v_units text[] := (select private.my_unit_ids());
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
  v_category public.categories;
begin
  if v_uid is null then
    raise exception 'case_transition needs a signed-in user' using errcode = 'insufficient_privilege';
  end if;
  select * into c from public.cases where id = p_case_id for update;
  if c.id is null or not (c.grid_path operator(extensions.?) (select private.read_scopes())) then
    raise exception 'case % does not exist or is not visible to you', p_case_id using errcode = 'no_data_found';
  end if;
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
      n.category_code := coalesce(i_unit, c.category_code);
      if i_due is not null then
        n.due_at := private.from_epoch_ms_exact(i_due);
      else
        select * into v_category from public.categories k where k.code = n.category_code;
        n.due_at := public.add_working_time(now(), v_category.default_deadline_amount, v_category.default_deadline_unit);
      end if;
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
      if not exists (select 1 from public.units u where u.id = i_unit) then
        perform private.cl_input_error(v_ctx, 'leadUnitId', 'invalid', format('"%s" is not a known handling unit', i_unit));
      end if;
      select u into i_text from unnest(i_units) with ordinality as x(u, o)
        where not exists (select 1 from public.units k where k.id = x.u) order by o limit 1;
      if i_text is not null then
        perform private.cl_input_error(v_ctx, 'coUnitIds', 'invalid', format('"%s" is not a known handling unit', i_text));
      end if;
      if i_assignee is not null and not exists (
        select 1 from public.staff s where s.id::text = lower(i_assignee)
      ) then
        perform private.cl_input_error(v_ctx, 'assigneeId', 'invalid', format('"%s" is not a known member of staff', i_assignee));
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
      if i_due is not null then
        n.due_at := private.from_epoch_ms_exact(i_due);
      end if;
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
      if not exists (select 1 from public.staff s where s.id::text = lower(i_assignee)) then
        perform private.cl_input_error(v_ctx, 'assigneeId', 'invalid', format('"%s" is not a known member of staff', i_assignee));
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
      if i_due is not null then
        n.due_at := private.from_epoch_ms_exact(i_due);
      end if;
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

/*
  list_cases — the ledger (台账) and case list: DataSource.listCases with paging and a total.
  Args: p_filter jsonb, every key optional (CaseFilter of src/data/DataSource.ts plus paging):
    { subtreeOf: grid uuid (that grid and below; an unknown or invisible grid gives no rows),
      bbox: [w, s, e, n], period: { from?: epoch ms, to?: epoch ms } (reported_at in [from, to)),
      statuses: case_status[], categoryCodes: string[], sources: case_source[],
      overdue: boolean (open — not closed or cancelled — and due before now()),
      supervised: boolean,
      mine: boolean (the caller handles it: assigned to their staff record, or led or co-handled by
            a unit they act for),
      search: string (case-insensitive substring of code, title, description or address; blank = none),
      sort: { by: "reportedAt"|"dueAt"|"code"|"status"|"categoryCode"|"registeredAt"|"closedAt"|"escalationLevel",
              desc?: boolean } (default: reportedAt, newest first; ties by code; registeredAt and
              closedAt put cases without one last),
      limit: 0–10000 (default 100), offset: ≥ 0 (default 0),
      withTotal: boolean (default true; false skips the count, for the next pages of a long list) }
  Returns: { "total": number of matching cases (null when withTotal is false), "cases": [ CaseRecord ... ]
  (the page, shaped as cases_in_view's, plus "address" when set) }.
  Runs as the caller (row-level security): total counts only what the caller may see. Unknown keys
  and malformed values raise 22023 naming the key.
*/
create function public.list_cases(p_filter jsonb default '{}')
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  f jsonb := coalesce(p_filter, '{}'::jsonb);
  v_keys constant text[] := '{subtreeOf,bbox,period,statuses,categoryCodes,sources,overdue,supervised,mine,search,sort,limit,offset,withTotal}';
  v_sort_columns constant jsonb := '{"reportedAt": "reported_at", "dueAt": "due_at", "code": "code", "status": "status",
    "categoryCode": "category_code", "registeredAt": "registered_at", "closedAt": "closed_at", "escalationLevel": "escalation_level"}';
  v_bad text;
  v_where text[] := '{true}';
  v_path extensions.ltree;
  v_envelope extensions.geometry;
  v_from timestamptz;
  v_to timestamptz;
  v_statuses public.case_status[];
  v_categories text[];
  v_sources public.case_source[];
  v_search text;
  v_staff uuid[];
  v_units text[];
  v_order text;
  v_limit integer := 100;
  v_offset integer := 0;
  v_total bigint;
  v_rows json;
begin
  if jsonb_typeof(f) <> 'object' then
    raise exception 'p_filter must be a JSON object, got %', jsonb_typeof(f) using errcode = 'invalid_parameter_value';
  end if;
  select string_agg(k, ', ' order by k) into v_bad from jsonb_object_keys(f) k where not k = any (v_keys);
  if v_bad is not null then
    raise exception 'p_filter has unknown key(s) %; known: %', v_bad, array_to_string(v_keys, ', ') using errcode = 'invalid_parameter_value';
  end if;
  -- JSON null counts as absent.
  f := jsonb_strip_nulls(f);

  if f ? 'subtreeOf' then
    if jsonb_typeof(f -> 'subtreeOf') <> 'string' or (f ->> 'subtreeOf') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      raise exception 'p_filter.subtreeOf must be a grid id (uuid), got %', f -> 'subtreeOf' using errcode = 'invalid_parameter_value';
    end if;
    v_path := private.grid_path_of((f ->> 'subtreeOf')::uuid);
    if v_path is null then
      return json_build_object('total', 0, 'cases', '[]'::json);
    end if;
    v_where := v_where || 'c.grid_path operator(extensions.<@) $1'::text;
  end if;
  if f ? 'bbox' then
    if jsonb_typeof(f -> 'bbox') <> 'array'
      or jsonb_array_length(case when jsonb_typeof(f -> 'bbox') = 'array' then f -> 'bbox' else '[]' end) <> 4
      or exists (select 1 from jsonb_array_elements(case when jsonb_typeof(f -> 'bbox') = 'array' then f -> 'bbox' else '[]' end) e where jsonb_typeof(e) <> 'number')
      or (f #>> '{bbox,0}')::double precision > (f #>> '{bbox,2}')::double precision
      or (f #>> '{bbox,1}')::double precision > (f #>> '{bbox,3}')::double precision then
      raise exception 'p_filter.bbox must be [west, south, east, north] with west ≤ east and south ≤ north, got %', f -> 'bbox'
        using errcode = 'invalid_parameter_value';
    end if;
    v_envelope := private.bbox_envelope(array(select e::text::double precision from jsonb_array_elements(f -> 'bbox') e));
    v_where := v_where || 'c.location operator(extensions.&&) $2'::text;
  end if;
  if f ? 'period' then
    if jsonb_typeof(f -> 'period') <> 'object'
      or jsonb_typeof(f #> '{period,from}') not in ('number') and f #> '{period,from}' is not null
      or jsonb_typeof(f #> '{period,to}') not in ('number') and f #> '{period,to}' is not null then
      raise exception 'p_filter.period must be {"from": epoch ms, "to": epoch ms}, got %', f -> 'period' using errcode = 'invalid_parameter_value';
    end if;
    v_from := private.from_epoch_ms_exact((f #>> '{period,from}')::numeric);
    v_to := private.from_epoch_ms_exact((f #>> '{period,to}')::numeric);
    if v_from > v_to then
      raise exception 'p_filter.period: from (%) is after to (%)', f #> '{period,from}', f #> '{period,to}' using errcode = 'invalid_parameter_value';
    end if;
    if v_from is not null then
      v_where := v_where || 'c.reported_at >= $3'::text;
    end if;
    if v_to is not null then
      v_where := v_where || 'c.reported_at < $4'::text;
    end if;
  end if;
  if f ? 'statuses' then
    select string_agg(e::text, ', ') into v_bad from jsonb_array_elements(case when jsonb_typeof(f -> 'statuses') = 'array' then f -> 'statuses' else jsonb_build_array(f -> 'statuses') end) e
      where jsonb_typeof(f -> 'statuses') <> 'array' or jsonb_typeof(e) <> 'string' or not (e #>> '{}') = any (enum_range(null::public.case_status)::text[]);
    if v_bad is not null then
      raise exception 'p_filter.statuses must list case statuses (%), got %', array_to_string(enum_range(null::public.case_status)::text[], ', '), v_bad
        using errcode = 'invalid_parameter_value';
    end if;
    v_statuses := array(select (e #>> '{}')::public.case_status from jsonb_array_elements(f -> 'statuses') e);
    v_where := v_where || 'c.status = any ($5)'::text;
  end if;
  if f ? 'categoryCodes' then
    if jsonb_typeof(f -> 'categoryCodes') <> 'array' or exists (select 1 from jsonb_array_elements(f -> 'categoryCodes') e where jsonb_typeof(e) <> 'string') then
      raise exception 'p_filter.categoryCodes must be a list of category codes, got %', f -> 'categoryCodes' using errcode = 'invalid_parameter_value';
    end if;
    v_categories := array(select e #>> '{}' from jsonb_array_elements(f -> 'categoryCodes') e);
    v_where := v_where || 'c.category_code = any ($6)'::text;
  end if;
  if f ? 'sources' then
    select string_agg(e::text, ', ') into v_bad from jsonb_array_elements(case when jsonb_typeof(f -> 'sources') = 'array' then f -> 'sources' else jsonb_build_array(f -> 'sources') end) e
      where jsonb_typeof(f -> 'sources') <> 'array' or jsonb_typeof(e) <> 'string' or not (e #>> '{}') = any (enum_range(null::public.case_source)::text[]);
    if v_bad is not null then
      raise exception 'p_filter.sources must list case sources (%), got %', array_to_string(enum_range(null::public.case_source)::text[], ', '), v_bad
        using errcode = 'invalid_parameter_value';
    end if;
    v_sources := array(select (e #>> '{}')::public.case_source from jsonb_array_elements(f -> 'sources') e);
    v_where := v_where || 'c.source = any ($7)'::text;
  end if;
  foreach v_bad in array array['overdue', 'supervised', 'mine', 'withTotal'] loop
    if f ? v_bad and jsonb_typeof(f -> v_bad) <> 'boolean' then
      raise exception 'p_filter.% must be true or false, got %', v_bad, f -> v_bad using errcode = 'invalid_parameter_value';
    end if;
  end loop;
  if f ? 'overdue' then
    v_where := v_where || format('%s (c.status not in (''closed'', ''cancelled'') and c.due_at < now())',
      case when (f ->> 'overdue')::boolean then '' else 'not' end);
  end if;
  if f ? 'supervised' then
    v_where := v_where || case when (f ->> 'supervised')::boolean then 'c.supervised' else 'not c.supervised' end;
  end if;
  if f ? 'mine' then
    v_staff := (select private.my_staff_ids());
    v_units := (select private.my_unit_ids());
    v_where := v_where || format('%s (coalesce(c.assignee_id = any ($8), false) or coalesce(c.lead_unit_id = any ($9), false) or c.co_unit_ids operator(pg_catalog.&&) $9)',
      case when (f ->> 'mine')::boolean then '' else 'not' end);
  end if;
  if f ? 'search' then
    if jsonb_typeof(f -> 'search') <> 'string' then
      raise exception 'p_filter.search must be text, got %', f -> 'search' using errcode = 'invalid_parameter_value';
    end if;
    v_search := private.js_trim(f ->> 'search');
    if v_search <> '' then
      v_where := v_where || 'c.id in (select private.search_visible_case_ids($10))'::text;
    end if;
  end if;
  if f ? 'sort' then
    if jsonb_typeof(f -> 'sort') <> 'object' or not (v_sort_columns ? coalesce(f #>> '{sort,by}', ''))
      or jsonb_typeof(f #> '{sort,desc}') not in ('boolean') and f #> '{sort,desc}' is not null then
      raise exception 'p_filter.sort must be {"by": one of %, "desc"?: boolean}, got %',
        (select string_agg(k, ', ') from jsonb_object_keys(v_sort_columns) k), f -> 'sort' using errcode = 'invalid_parameter_value';
    end if;
    -- Nulls last only where a column can be null: on the others the plain order matches the
    -- btree indexes, so a page is read in index order instead of sorting every visible case.
    v_order := format('c.%I %s%s', v_sort_columns ->> (f #>> '{sort,by}'),
      case when coalesce((f #>> '{sort,desc}')::boolean, false) then 'desc' else 'asc' end,
      case when f #>> '{sort,by}' in ('registeredAt', 'closedAt') then ' nulls last' else '' end);
  else
    v_order := 'c.reported_at desc';
  end if;
  v_order := v_order || ', c.code, c.id';
  if f ? 'limit' then
    if jsonb_typeof(f -> 'limit') <> 'number' or (f ->> 'limit')::numeric not between 0 and 10000 or (f ->> 'limit')::numeric <> trunc((f ->> 'limit')::numeric) then
      raise exception 'p_filter.limit must be a whole number 0–10000, got %', f -> 'limit' using errcode = 'invalid_parameter_value';
    end if;
    v_limit := (f ->> 'limit')::integer;
  end if;
  if f ? 'offset' then
    if jsonb_typeof(f -> 'offset') <> 'number' or (f ->> 'offset')::numeric < 0 or (f ->> 'offset')::numeric <> trunc((f ->> 'offset')::numeric) then
      raise exception 'p_filter.offset must be a whole number ≥ 0, got %', f -> 'offset' using errcode = 'invalid_parameter_value';
    end if;
    v_offset := (f ->> 'offset')::integer;
  end if;

  -- Dynamic SQL so each call is planned for the filters it actually has.
  if coalesce((f ->> 'withTotal')::boolean, true) then
    execute format('select count(*) from public.cases c where %s', array_to_string(v_where, ' and '))
      into v_total
      using v_path, v_envelope, v_from, v_to, v_statuses, v_categories, v_sources, v_staff, v_units, v_search;
  end if;
  -- The page is chosen on ids alone and the rows fetched after, so sorting never carries whole cases.
  execute format(
    'select coalesce(json_agg(private.case_loop_json(c) order by %s), ''[]''::json)
       from public.cases c
       where c.id in (select c.id from public.cases c where %s order by %s limit $11 offset $12)',
    v_order, array_to_string(v_where, ' and '), v_order)
    into v_rows
    using v_path, v_envelope, v_from, v_to, v_statuses, v_categories, v_sources, v_staff, v_units, v_search, v_limit, v_offset;
  return json_build_object('total', v_total, 'cases', v_rows);
end
$$;

/*
  case_events_of — CaseLoopSource.listCaseEvents: the case's timeline, oldest first.
  Args: p_case_id uuid.
  Returns: [ { id (event id), caseId, action (a CaseAction, or "create" for the intake event),
               from (status or null for "create"), to, actorId (the actor's staff record when they
               have one, else their user id — Actor.userId), actorUserId, actorRole, at (epoch ms),
               version (case version after the event), payload (EventPayloads[action]),
               note (text or null) } ]
  Raises P0002 when the case does not exist or is not visible. Runs as the caller (RLS); the same
  rows are readable with a plain select on case_events.
*/
create function public.case_events_of(p_case_id uuid)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_result json;
begin
  if not exists (select 1 from public.cases c where c.id = p_case_id) then
    raise exception 'case % does not exist or is not visible to you', p_case_id using errcode = 'no_data_found';
  end if;
  select coalesce(json_agg(json_build_object(
      'id', e.id, 'caseId', e.case_id, 'action', e.kind, 'from', e.from_status, 'to', e.to_status,
      'actorId', coalesce(e.actor_staff_id, e.actor_id), 'actorUserId', e.actor_id, 'actorRole', e.actor_role,
      'at', private.epoch_ms(e.at), 'version', e.case_version, 'payload', e.data, 'note', nullif(e.note, '')
    ) order by e.id), '[]'::json)
    into v_result
    from public.case_events e
    where e.case_id = p_case_id;
  return v_result;
end
$$;

/*
  case_contact — CaseLoopSource.getCaseContact.
  Args: p_case_id uuid.
  Returns: { name: string|null, phone: string|null } for a handler of the case (its assignee, a
  member of its lead or co-handling unit, or the centre owning it at its escalation level or
  above), null for anyone else and for a case without a recorded contact. Runs as the caller: the
  policies of case_contacts decide.
*/
create function public.case_contact(p_case_id uuid)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select json_build_object('name', nullif(k.reporter_name, ''), 'phone', nullif(k.reporter_phone, ''))
  from public.case_contacts k
  where k.case_id = p_case_id
$$;

/*
  locate_grid — CaseLoopSource.locateGrid: the deepest visible grid containing a point.
  Args: p_lng, p_lat (WGS 84 degrees).
  Returns: a FeatureCollection (the feature shape of grids_geojson) with that grid, or with no
  features outside every grid the caller can see.
*/
create function public.locate_grid(p_lng double precision, p_lat double precision)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(private.grid_feature(g, null)), '[]'::json))
  from (
    select * from public.grids g
    where extensions.st_intersects(g.boundary, extensions.st_setsrid(extensions.st_makepoint(p_lng, p_lat), 4326))
    order by g.level desc, g.code
    limit 1
  ) g
$$;

/*
  my_access (replaced; additive) — as before, plus "unitIds": the handling units the caller acts for
  (unit_members), sorted. The client's case-loop Actor is
  { userId: staffIds[0] ?? userId, memberships: memberships.map({gridId, role}), unitIds }.
*/
create or replace function public.my_access()
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select json_build_object(
    'userId', (select auth.uid()),
    'staffIds', to_json((select private.my_staff_ids())),
    'unitIds', to_json((select private.my_unit_ids())),
    'memberships', coalesce((
      select json_agg(json_build_object('gridId', m.grid_id, 'gridCode', g.code, 'gridLevel', g.level, 'role', m.role)
        order by g.code, m.role)
      from public.memberships m
      join public.grids g on g.id = m.grid_id
      where m.user_id = (select auth.uid())
    ), '[]'::json)
  )
$$;

-- Only the transition RPC (running as the owner) uses the machine's checks; the input helpers are
-- pure and also serve create_case, which runs as the caller.
revoke all on function private.cl_permitting_role(public.case_transitions, public.cases, uuid[], text[]) from public;
revoke all on function private.cl_not_permitted_reason(public.case_transitions, public.cases) from public;
revoke all on function private.cl_failed_condition(public.case_transitions, public.cases, text[]) from public;
grant execute on function private.cl_sqlstate(text) to authenticated, service_role;
grant execute on function private.cl_refuse(text, text, jsonb, text) to authenticated, service_role;
grant execute on function private.cl_input_error(jsonb, text, text, text) to authenticated, service_role;
grant execute on function private.js_trim(text) to authenticated, service_role;
grant execute on function private.js_typeof(jsonb) to authenticated, service_role;
grant execute on function private.cl_text(jsonb, text, integer, boolean, jsonb) to authenticated, service_role;
grant execute on function private.cl_id(jsonb, text, boolean, jsonb) to authenticated, service_role;
grant execute on function private.cl_id_list(jsonb, text, integer, jsonb) to authenticated, service_role;
grant execute on function private.cl_millis(jsonb, text, jsonb) to authenticated, service_role;
grant execute on function private.cl_one_of(jsonb, text, text[], boolean, jsonb) to authenticated, service_role;
grant execute on function private.unknown_category_reason(text) to authenticated, service_role;
grant execute on function private.cl_category(text, jsonb) to authenticated, service_role;
grant execute on function private.case_loop_json(public.cases) to authenticated, service_role;
grant execute on function private.centre_rank(public.app_role) to authenticated, service_role;

revoke all on function public.create_case(jsonb) from public, anon;
revoke all on function public.case_transition(uuid, text, jsonb, integer) from public, anon;
revoke all on function public.list_cases(jsonb) from public, anon;
revoke all on function public.case_events_of(uuid) from public, anon;
revoke all on function public.case_contact(uuid) from public, anon;
revoke all on function public.locate_grid(double precision, double precision) from public, anon;
grant execute on function public.create_case(jsonb) to authenticated, service_role;
grant execute on function public.case_transition(uuid, text, jsonb, integer) to authenticated, service_role;
grant execute on function public.list_cases(jsonb) to authenticated, service_role;
grant execute on function public.case_events_of(uuid) to authenticated, service_role;
grant execute on function public.case_contact(uuid) to authenticated, service_role;
grant execute on function public.locate_grid(double precision, double precision) to authenticated, service_role;
