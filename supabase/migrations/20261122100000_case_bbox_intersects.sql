-- Box filters on cases are exact. cases_in_view and list_cases tested p_bbox with `&&`, which
-- compares PostGIS's float4-rounded bounding boxes and so also let through points up to a few
-- metres outside the box (the Supabase data layer filtered them out again in the browser). They now
-- use ST_Intersects, as the other read RPCs do: the same GiST index narrows the rows (its support
-- function adds the `&&` index condition), then the exact test drops what lies outside. A point on
-- an edge is inside, as in the demo's inBBox. Everything else about both functions is unchanged.

create or replace function public.cases_in_view(
  p_bbox double precision[] default null,
  p_from bigint default null,
  p_to bigint default null,
  p_subtree_of uuid default null,
  p_statuses public.case_status[] default null,
  p_category_codes text[] default null,
  p_ids uuid[] default null,
  p_limit integer default null
)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_path extensions.ltree;
  v_envelope extensions.geometry;
  v_where text[] := '{true}';
  v_result json;
begin
  if p_limit is not null and p_limit < 0 then
    raise exception 'p_limit must not be negative, got %', p_limit using errcode = 'invalid_parameter_value';
  end if;
  if p_from is not null and p_to is not null and p_from > p_to then
    raise exception 'p_from (%) is after p_to (%)', p_from, p_to using errcode = 'invalid_parameter_value';
  end if;
  if p_subtree_of is not null then
    v_path := private.grid_path_of(p_subtree_of);
    if v_path is null then
      return '[]'::json;
    end if;
    v_where := v_where || 'c.grid_path operator(extensions.<@) $1'::text;
  end if;
  if p_bbox is not null then
    v_envelope := private.bbox_envelope(p_bbox);
    v_where := v_where || 'extensions.st_intersects(c.location, $2)'::text;
  end if;
  if p_from is not null then
    v_where := v_where || 'c.reported_at >= private.from_epoch_ms($3)'::text;
  end if;
  if p_to is not null then
    v_where := v_where || 'c.reported_at < private.from_epoch_ms($4)'::text;
  end if;
  if p_statuses is not null then
    v_where := v_where || 'c.status = any ($5)'::text;
  end if;
  if p_category_codes is not null then
    v_where := v_where || 'c.category_code = any ($6)'::text;
  end if;
  if p_ids is not null then
    v_where := v_where || 'c.id = any ($7)'::text;
  end if;

  -- Dynamic SQL so each call is planned for the filters it actually has. The records are built as
  -- rows with camelCase columns and serialised by json_agg: about twice as fast as one
  -- json_build_object per case, which matters for a township's thousands of cases.
  execute format(
    $q$select coalesce(json_agg(r order by r."reportedAt", r.code), '[]'::json) from (
         select c.id, c.code, c.category_code as "categoryCode", c.title, c.description, c.source, c.status,
                c.outcome, c.urgent, array[extensions.st_x(c.location), extensions.st_y(c.location)] as location,
                c.grid_id as "gridId", c.escalation_level as "escalationLevel", c.lead_unit_id as "leadUnitId",
                c.co_handlers as "coHandlers", c.assignee_id as "assigneeId",
                private.epoch_ms(c.reported_at) as "reportedAt", private.epoch_ms(c.registered_at) as "registeredAt",
                private.epoch_ms(c.dispatched_at) as "dispatchedAt", private.epoch_ms(c.reported_back_at) as "reportedBackAt",
                private.epoch_ms(c.closed_at) as "closedAt", private.epoch_ms(c.due_at) as "dueAt",
                c.supervised, c.version
           from public.cases c where %s %s) r$q$,
    array_to_string(v_where, ' and '),
    -- json_agg orders the result; the inner sort is needed only to pick the first p_limit.
    case when p_limit is null then '' else 'order by c.reported_at, c.code limit $8' end
  )
  into v_result
  using v_path, v_envelope, p_from, p_to, p_statuses, p_category_codes, p_ids, p_limit;
  return v_result;
end
$$;

create or replace function public.list_cases(p_filter jsonb default '{}')
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
    v_where := v_where || 'extensions.st_intersects(c.location, $2)'::text;
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
