-- Only the case-loop RPCs write the event log. Direct INSERTs into case_events were open to the
-- API roles under a policy (report scope, actor = caller), so anyone who may report in a grid could
-- log a "verify_close" that never happened. Now no API role (anon, authenticated, service_role) may
-- insert into case_events at all; case_transition (SECURITY DEFINER since it was created) and
-- create_case (SECURITY DEFINER from this migration) append each event in the transaction of the
-- move it records. The log stays readable under case_events_select and unchangeable for everyone.
--
-- create_case as definer checks explicitly what row-level security checked for it: the grid of the
-- point is the deepest one the caller may see (a read scope of their memberships; the service role
-- sees every grid, as it did under RLS), and the caller reports there under a grid_worker, village
-- chief, township commander or county admin membership covering it — the test it already made, and
-- the same scopes as the cases_insert and case_contacts_insert policies. Its arguments, checks,
-- messages and result are unchanged.

drop policy case_events_insert on public.case_events;
revoke insert on public.case_events from anon, authenticated, service_role;

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
      and (v_all or g.path operator(extensions.?) v_scopes)
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
