-- A county's own grid boundaries, imported (issue 12): the /import screen checks a file and sends
-- the grids to commit; public.import_territory writes them in one transaction, all or nothing.
-- * Who: a county admin of that county, or service_role (private.admin_role_for).
-- * What: every grid of the file is created, renamed or redrawn by its code. The townships the
--   file holds (its level-1 rows) are replaced whole: their grids the file leaves out are removed.
-- * Boundaries: redrawn grids go through public.set_grid_boundaries (issue 7), which checks them
--   against the resulting territory and logs each change; new grids get the same checks (those of
--   private.grid_shape_problems, set-based) once everything is written; any problem undoes it all.
-- * Cases: a case of a replaced township, or inside a grid of the file, whose deepest grid changes is re-filed there; one left outside every grid stays
--   in its grid when it is kept, else moves up to the nearest ancestor that is; when there is
--   none, nothing is imported.
-- * Log: one admin_events row (kind 'territory_import') with the counts and each case moved.
-- The screen's preview (src/domain/territoryImport/diff.ts) states the same rules beforehand.

/*
  import_territory — replaces a county's grids with an imported file's.
  Args: p_county_code text: the county (6 digits) being imported; every grid must be in it.
        p_grids jsonb: [{ code, name, level?, parentCode?, boundary: GeoJSON Polygon or MultiPolygon (WGS 84) }]
          (1–20,000 entries, each code once, parents' codes in the file or already in the county).
        p_file_name text: the file's name, for the log.
  Errors: 22023 naming p_grids[i].field for a malformed entry, or listing the shape problems
          (DETAIL: JSON [{code, problem}]); 42501 for a caller who does not administer the county;
          23503 when a grid to remove still has staff, teams, cameras or places, or a case has no grid left.
  Returns: { added, renamed, redrawn, removed, unchanged: int, casesMoved: [{ caseId, code, fromCode, toCode }] }.
*/
create function public.import_territory(p_county_code text, p_grids jsonb, p_file_name text default null)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_county extensions.ltree;
  v_role text;
  v_entry jsonb;
  v_code text;
  v_error text;
  v_geom extensions.geometry;
  v_towns text[];
  v_changes jsonb;
  v_problems jsonb;
  v_added integer;
  v_renamed integer;
  v_redrawn integer;
  v_removed integer;
  v_unchanged integer;
  v_moves jsonb;
  v_stranded text;
  v_blocked text;
  i integer;
begin
  if p_county_code is null or p_county_code !~ '^[0-9]{6}$' then
    raise exception 'p_county_code must be the 6-digit county code, got %', coalesce(p_county_code, 'null')
      using errcode = 'invalid_parameter_value';
  end if;
  v_county := extensions.text2ltree(p_county_code);
  v_role := private.admin_role_for(v_county);
  if v_role is null then
    raise exception 'Only a county admin of county % (or service_role) imports its territory', p_county_code
      using errcode = 'insufficient_privilege';
  end if;
  if p_grids is null or jsonb_typeof(p_grids) <> 'array' or jsonb_array_length(p_grids) not between 1 and 20000 then
    raise exception 'p_grids must be a list of 1–20000 {code, name, level, parentCode, boundary} entries' using errcode = 'invalid_parameter_value';
  end if;

  create temporary table if not exists import_rows (
    ord integer not null,
    -- Unique: the duplicate check and every lookup by code are index lookups on a county's 20,000 rows.
    code text not null unique,
    name text not null,
    level smallint not null,
    parent_code text,
    boundary extensions.geometry(MultiPolygon, 4326) not null,
    grid_id uuid,
    is_new boolean not null default false
  ) on commit drop;
  truncate pg_temp.import_rows;

  -- Every entry is read and checked before anything is written.
  for i in 0 .. jsonb_array_length(p_grids) - 1 loop
    v_entry := p_grids -> i;
    if jsonb_typeof(v_entry) <> 'object' then
      raise exception 'p_grids[%] must be an object', i using errcode = 'invalid_parameter_value';
    end if;
    if jsonb_typeof(v_entry -> 'code') <> 'string' then
      raise exception 'p_grids[%].code must be a grid code (text)', i using errcode = 'invalid_parameter_value';
    end if;
    v_code := v_entry ->> 'code';
    v_error := private.grid_code_error(v_code);
    if v_error is not null then
      raise exception 'p_grids[%].code "%": %', i, v_code, v_error using errcode = 'invalid_parameter_value';
    end if;
    if left(v_code, 6) <> p_county_code then
      raise exception 'p_grids[%].code %: belongs to county %, not to %', i, v_code, left(v_code, 6), p_county_code using errcode = 'invalid_parameter_value';
    end if;
    if jsonb_typeof(v_entry -> 'name') <> 'string' or length(trim(v_entry ->> 'name')) not between 1 and 100 then
      raise exception 'p_grids[%].name (grid %) must be 1–100 characters', i, v_code using errcode = 'invalid_parameter_value';
    end if;
    if v_entry ? 'level' and (jsonb_typeof(v_entry -> 'level') <> 'number' or (v_entry ->> 'level')::numeric <> private.grid_code_level(v_code)) then
      raise exception 'p_grids[%].level of grid % must be %, as its code says', i, v_code, private.grid_code_level(v_code) using errcode = 'invalid_parameter_value';
    end if;
    if v_entry ? 'parentCode' and (v_entry ->> 'parentCode') is distinct from private.parent_grid_code(v_code) then
      raise exception 'p_grids[%].parentCode of grid % must be %, as its code says', i, v_code, coalesce(private.parent_grid_code(v_code), 'null') using errcode = 'invalid_parameter_value';
    end if;
    if jsonb_typeof(v_entry -> 'boundary') <> 'object' or v_entry #>> '{boundary,type}' not in ('Polygon', 'MultiPolygon') then
      raise exception 'p_grids[%].boundary (grid %) must be a GeoJSON Polygon or MultiPolygon', i, v_code using errcode = 'invalid_parameter_value';
    end if;
    -- PostGIS would read a text coordinate as 0 and one beyond a double as infinite.
    if jsonb_path_exists(v_entry -> 'boundary', 'strict $.coordinates.** ? (@.type() != "array" && (@.type() != "number" || @ > 1e308 || @ < -1e308))') then
      raise exception 'p_grids[%].boundary (grid %): every coordinate must be a finite number', i, v_code using errcode = 'invalid_parameter_value';
    end if;
    begin
      v_geom := extensions.st_multi(extensions.st_setsrid(extensions.st_geomfromgeojson((v_entry -> 'boundary')::text), 4326));
    exception when others then
      raise exception 'p_grids[%].boundary (grid %) is not readable GeoJSON: %', i, v_code, sqlerrm using errcode = 'invalid_parameter_value';
    end;
    if not extensions.st_isvalid(v_geom) or extensions.st_isempty(v_geom) then
      raise exception 'p_grids[%].boundary (grid %) is not a valid polygon: %', i, v_code, extensions.st_isvalidreason(v_geom) using errcode = 'invalid_parameter_value';
    end if;
    if exists (select 1 from pg_temp.import_rows r where r.code = v_code) then
      raise exception 'p_grids[%].code % is listed twice', i, v_code using errcode = 'invalid_parameter_value';
    end if;
    insert into pg_temp.import_rows (ord, code, name, level, parent_code, boundary)
    values (i, v_code, trim(v_entry ->> 'name'), private.grid_code_level(v_code), private.parent_grid_code(v_code), v_geom);
  end loop;

  create index on pg_temp.import_rows using gist (boundary);
  analyze pg_temp.import_rows;
  update pg_temp.import_rows r set grid_id = g.id from public.grids g where g.code = r.code;
  update pg_temp.import_rows r set is_new = true where r.grid_id is null;
  select format('p_grids[%s].code %s: its parent %s is neither in the file nor in the county', r.ord, r.code, r.parent_code) into v_error
    from pg_temp.import_rows r
    where r.parent_code is not null
      and not exists (select 1 from pg_temp.import_rows p where p.code = r.parent_code)
      and not exists (select 1 from public.grids g where g.code = r.parent_code)
    order by r.ord limit 1;
  if v_error is not null then
    raise exception '%', v_error using errcode = 'invalid_parameter_value';
  end if;

  -- The townships replaced whole; the county's grids there that the file leaves out go.
  select coalesce(array_agg(r.code), '{}') into v_towns from pg_temp.import_rows r where r.level = 1;
  create temporary table if not exists import_removed (grid_id uuid primary key, code text not null, level smallint not null, path extensions.ltree not null) on commit drop;
  truncate pg_temp.import_removed;
  insert into pg_temp.import_removed
    select g.id, g.code, g.level, g.path from public.grids g
    where left(g.code, 9) || '000000' = any (v_towns)
      and not exists (select 1 from pg_temp.import_rows r where r.code = g.code);

  -- Where each case of the county lands in the territory as it will be: the deepest grid
  -- containing it, else (outside every grid) its own grid when kept or the nearest kept ancestor.
  create temporary table if not exists import_final (code text primary key, level smallint not null, path extensions.ltree not null, boundary extensions.geometry not null) on commit drop;
  truncate pg_temp.import_final;
  insert into pg_temp.import_final
    select r.code, r.level, private.grid_code_path(r.code), r.boundary from pg_temp.import_rows r
    union all
    select g.code, g.level, g.path, g.boundary from public.grids g
    where g.path operator(extensions.<@) v_county
      and not exists (select 1 from pg_temp.import_rows r where r.code = g.code)
      and not exists (select 1 from pg_temp.import_removed x where x.grid_id = g.id);
  create index on pg_temp.import_final using gist (boundary);

  create temporary table if not exists import_moves (case_id uuid primary key, case_code text not null, from_code text not null, to_code text) on commit drop;
  truncate pg_temp.import_moves;
  insert into pg_temp.import_moves
    select c.id, c.code, g.code, coalesce(
      (select f.code from pg_temp.import_final f where extensions.st_covers(f.boundary, c.location) order by f.level desc, f.code limit 1),
      (select f.code from pg_temp.import_final f where g.path operator(extensions.<@) f.path order by f.level desc limit 1))
    from public.cases c join public.grids g on g.id = c.grid_id
    where c.grid_path operator(extensions.<@) v_county
      -- Only cases the file concerns: in a township it replaces, or inside one of its grids.
      and (left(g.code, 9) || '000000' = any (v_towns)
        or exists (select 1 from pg_temp.import_rows r where extensions.st_covers(r.boundary, c.location)));
  delete from pg_temp.import_moves m where m.to_code = m.from_code;
  select string_agg(m.case_code, ', ' order by m.case_code) into v_stranded from pg_temp.import_moves m where m.to_code is null;
  if v_stranded is not null then
    raise exception 'Nothing was imported: cases % would be left with no grid (outside every grid, and their townships are replaced)', v_stranded
      using errcode = 'foreign_key_violation';
  end if;

  select count(*) into v_unchanged from pg_temp.import_rows r join public.grids g on g.id = r.grid_id
    where g.name = r.name and extensions.st_equals(g.boundary, r.boundary);

  -- Writes. New grids, parents first (grids_before_write finds each parent by its code).
  insert into public.grids (code, name, boundary, label_point, area_km2)
    select r.code, r.name, r.boundary, extensions.st_pointonsurface(r.boundary), private.area_m2(r.boundary) / 1e6
    from pg_temp.import_rows r where r.is_new order by r.level, r.code;
  get diagnostics v_added = row_count;
  update pg_temp.import_rows r set grid_id = g.id from public.grids g where g.code = r.code and r.is_new;

  update public.grids g set name = r.name
    from pg_temp.import_rows r where r.grid_id = g.id and not r.is_new and g.name <> r.name;
  get diagnostics v_renamed = row_count;

  update public.cases c set grid_id = g.id
    from pg_temp.import_moves m join public.grids g on g.code = m.to_code
    where c.id = m.case_id;

  -- Memberships of a removed grid go with it (on delete cascade; the log names the grids).
  begin
    for i in select distinct x.level from pg_temp.import_removed x order by x.level desc loop
      delete from public.grids g using pg_temp.import_removed x where g.id = x.grid_id and x.level = i;
    end loop;
  exception when foreign_key_violation then
    select string_agg(x.code, ', ' order by x.code) into v_blocked from pg_temp.import_removed x
      where exists (select 1 from public.staff s where s.grid_id = x.grid_id)
         or exists (select 1 from public.patrol_teams t where t.grid_id = x.grid_id)
         or exists (select 1 from public.cameras k where k.grid_id = x.grid_id)
         or exists (select 1 from public.key_places k where k.grid_id = x.grid_id);
    raise exception 'Nothing was imported: grids % are not in the file but still have staff, patrol teams, cameras or key places; move them first or keep the grids', coalesce(v_blocked, '(see detail)')
      using errcode = 'foreign_key_violation', detail = sqlerrm;
  end;
  select count(*) into v_removed from pg_temp.import_removed;

  -- Redrawn grids: checked against the territory as it now is, applied and logged one by one.
  -- 15 decimals: the file's coordinates as they are, so importing the same file again finds them equal.
  select jsonb_agg(jsonb_build_object('gridId', r.grid_id, 'boundary', extensions.st_asgeojson(r.boundary, 15)::jsonb) order by r.level, r.code)
    into v_changes
    from pg_temp.import_rows r join public.grids g on g.id = r.grid_id
    where not r.is_new and not extensions.st_equals(g.boundary, r.boundary);
  v_redrawn := coalesce(jsonb_array_length(v_changes), 0);
  if v_redrawn > 500 then
    raise exception 'Nothing was imported: % existing grids are redrawn, more than the 500 one import checks together; import the county township by township', v_redrawn
      using errcode = 'program_limit_exceeded';
  end if;
  if v_redrawn > 0 then
    perform public.set_grid_boundaries(v_changes);
  end if;

  -- New grids: grid_shape_problems' checks (inside the parent, no sibling overlap, its tolerance
  -- and wording), made set-based on what is now written so the spatial index finds each grid's
  -- neighbours: grid_shape_problems compares a shape with every sibling, which for a county's
  -- thousands of new grids grows with the square of their number. Validity was checked on reading.
  with fresh as (
    select g.id, g.code, g.parent_id, g.path, g.boundary, private.boundary_tolerance_m2(private.area_m2(g.boundary)) as tol
    from pg_temp.import_rows r join public.grids g on g.id = r.grid_id
    where r.is_new
  ), found as (
    select f.code, format('it reaches %s m² outside its parent %s (tolerance %s m²)', round(x.excess::numeric), p.code, round(f.tol::numeric)) as problem
    from fresh f join public.grids p on p.id = f.parent_id
    cross join lateral (select private.area_m2(extensions.st_difference(f.boundary, p.boundary)) as excess) x
    where x.excess > f.tol
    union all
    select f.code, format('it overlaps %s by %s m² (tolerance %s m²)',
      case when extensions.subpath(o.path, 0, 1) operator(extensions.=) extensions.subpath(f.path, 0, 1) then 'its sibling ' || o.code else 'a township of another county' end,
      round(x.excess::numeric), round(f.tol::numeric))
    from fresh f join public.grids o
      on o.parent_id is not distinct from f.parent_id and o.id <> f.id and extensions.st_intersects(o.boundary, f.boundary)
    cross join lateral (select private.area_m2(extensions.st_intersection(f.boundary, o.boundary)) as excess) x
    where x.excess > f.tol
  )
  select jsonb_agg(jsonb_build_object('code', p.code, 'problem', p.problem) order by p.code, p.problem) into v_problems from found p;
  if v_problems is not null then
    raise exception 'Nothing was imported: % problem(s): %', jsonb_array_length(v_problems),
      (select string_agg(format('grid %s: %s', e ->> 'code', e ->> 'problem'), '; ') from jsonb_array_elements(v_problems) e)
      using errcode = 'invalid_parameter_value', detail = v_problems::text;
  end if;

  select coalesce(jsonb_agg(jsonb_build_object('caseId', m.case_id, 'code', m.case_code, 'fromCode', m.from_code, 'toCode', m.to_code) order by m.case_code), '[]')
    into v_moves from pg_temp.import_moves m;
  perform private.log_admin_event('territory_import', 'grids', p_county_code, v_county, v_role, jsonb_build_object(
    'fileName', p_file_name, 'added', v_added, 'renamed', v_renamed, 'redrawn', v_redrawn, 'removed', v_removed,
    'removedCodes', (select coalesce(jsonb_agg(x.code order by x.code), '[]') from pg_temp.import_removed x),
    'casesMoved', v_moves));
  return json_build_object('added', v_added, 'renamed', v_renamed, 'redrawn', v_redrawn, 'removed', v_removed, 'unchanged', v_unchanged, 'casesMoved', v_moves);
end
$$;

revoke all on function public.import_territory(text, jsonb, text) from public, anon;
grant execute on function public.import_territory(text, jsonb, text) to authenticated, service_role;
