-- Grids at county scale (issue 13): boundaries as Mapbox Vector Tiles, summaries without
-- geometry, one grid's outline on demand.
--
-- A county admin's first screen used to ask grids_geojson for every grid of every level (9.7 MB
-- of JSON for 18,020 grids). Here the map asks for tiles instead: grid_tile(z, x, y) returns one
-- MVT with the grids of the levels that make sense at that zoom, simplified for it, and only
-- the properties the map styles and filters on; the panel, breadcrumb and drill-down read
-- grid_summaries (no geometry); the selected grid's outline comes from grid_outline.
--
-- Everything is SECURITY INVOKER: the grids_select policy decides which grids a tile, a summary
-- or an outline may contain, exactly as for a table read.

-- Which grid levels a tile of zoom z carries. Mirrors gridLevelsAtZoom in src/domain/gridTiles.ts
-- (a database test compares the two for every zoom): a level appears once its grids are big
-- enough on screen to be told apart (villages of a few km from z8, groups of a few hundred metres
-- from z11, sub-grids from z13), so a county-wide tile is not a mesh of 18,000 slivers.
create function private.grid_tile_levels(p_zoom integer)
returns smallint[]
language sql immutable parallel safe
set search_path = ''
as $$
  select case
    when p_zoom >= 13 then '{1,2,3,4}'::smallint[]
    when p_zoom >= 11 then '{1,2,3}'::smallint[]
    when p_zoom >= 8 then '{1,2}'::smallint[]
    else '{1}'::smallint[]
  end
$$;

-- A boundary (or a label point) in Web Mercator (EPSG:3857, what ST_AsMVTGeom and
-- ST_TileEnvelope work in), a boundary simplified by p_tolerance metres. Clipped to the latitudes Web Mercator can represent first, so
-- no boundary the grids table accepts can make the transformation (and so the insert) fail.
create function private.tile_shape(p_boundary extensions.geometry, p_tolerance double precision)
returns extensions.geometry
language sql immutable parallel safe
set search_path = ''
as $$
  select case when extensions.st_dimension(p_boundary) = 0
    then extensions.st_transform(p_clipped, 3857)
    else extensions.st_multi(extensions.st_simplifypreservetopology(extensions.st_transform(p_clipped, 3857), p_tolerance))
  end
  from (select extensions.st_intersection(p_boundary, extensions.st_makeenvelope(-180, -85.0511, 180, 85.0511, 4326)) as p_clipped) c
$$;

grant execute on function private.grid_tile_levels(integer) to authenticated, service_role;
grant execute on function private.tile_shape(extensions.geometry, double precision) to authenticated, service_role;

-- Precomputed tile geometries, one per zoom band, maintained by PostgreSQL itself (generated
-- columns follow every boundary change). Each is simplified by half a 512-pixel tile pixel at
-- the band's highest zoom (40,075,016.686 m / (512 · 2^z) / 2) and is null for levels the band does
-- not show, so its index holds only what its tiles draw:
--   tile_shape_z7   zooms 0–7,   townships,                  305.7 m
--   tile_shape_z10  zooms 8–10,  + villages,                  38.2 m
--   tile_shape_z12  zooms 11–12, + groups,                     9.55 m
--   tile_shape_full zooms 13+,   + sub-grids, unsimplified (a z14 tile unit is 2.4 m; higher
--                   zooms over-zoom the z14 tiles)
-- (private.grid_code_level(code) rather than the level column: a generated column may not read
-- another one.)
alter table public.grids
  add column tile_shape_z7 extensions.geometry generated always as (
    case when private.grid_code_level(code) <= 1 then private.tile_shape(boundary, 305.7) end) stored,
  add column tile_shape_z10 extensions.geometry generated always as (
    case when private.grid_code_level(code) <= 2 then private.tile_shape(boundary, 38.2) end) stored,
  add column tile_shape_z12 extensions.geometry generated always as (
    case when private.grid_code_level(code) <= 3 then private.tile_shape(boundary, 9.55) end) stored,
  add column tile_shape_full extensions.geometry generated always as (private.tile_shape(boundary, 0)) stored,
  add column tile_label_point extensions.geometry generated always as (private.tile_shape(label_point, 0)) stored;
comment on column public.grids.tile_shape_z7 is 'Boundary in EPSG:3857 simplified for tiles of zooms 0–7 (townships only); generated.';
comment on column public.grids.tile_shape_z10 is 'Boundary in EPSG:3857 simplified for tiles of zooms 8–10 (levels 1–2); generated.';
comment on column public.grids.tile_shape_z12 is 'Boundary in EPSG:3857 simplified for tiles of zooms 11–12 (levels 1–3); generated.';
comment on column public.grids.tile_shape_full is 'Boundary in EPSG:3857 for tiles of zoom 13 and above; generated.';
comment on column public.grids.tile_label_point is 'Label point in EPSG:3857 for the tiles'' grid_labels layer; generated.';

create index grids_tile_shape_z7_gist on public.grids using gist (tile_shape_z7) where tile_shape_z7 is not null;
create index grids_tile_shape_z10_gist on public.grids using gist (tile_shape_z10) where tile_shape_z10 is not null;
create index grids_tile_shape_z12_gist on public.grids using gist (tile_shape_z12) where tile_shape_z12 is not null;
create index grids_tile_shape_full_gist on public.grids using gist (tile_shape_full);

-- The caller's read scopes for code that runs as definer (to let the planner use an index a
-- policy would hide, see below): lquery patterns as the policies use them, or null for a caller
-- row-level security does not bind — service_role, or a session that is not an API request (the
-- migration owner, a job). current_setting('role') is the role PostgREST set for the request;
-- unlike current_user it keeps that value inside a SECURITY DEFINER function.
create function private.caller_read_scopes()
returns extensions.lquery[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role text := current_setting('role', true);
begin
  if v_role in ('authenticated', 'anon') then
    return private.read_scopes();
  end if;
  if v_role = 'service_role' or v_role = 'none' or v_role is null then
    return null;
  end if;
  return '{}';
end
$$;

revoke all on function private.caller_read_scopes() from public;
grant execute on function private.caller_read_scopes() to authenticated, service_role;

-- Ids of the grids a tile shows, among those the caller may see. Why a definer: PostGIS's && is
-- not leakproof, so under row-level security the planner may not use a spatial index before the
-- policy has filtered, and scans every grid the caller may see (18,020 for a county admin, 18 ms
-- per tile) to keep the few in the tile. Here the band's spatial index finds them and the
-- caller's scopes are applied as a plain filter; grid_tile then reads those rows by id under the
-- caller's own policies, which stay the authority on what a tile contains.
create function private.grid_tile_ids(p_column text, p_box extensions.geometry, p_levels smallint[])
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_scopes extensions.lquery[] := private.caller_read_scopes();
  v_ids uuid[];
begin
  if p_column not in ('tile_shape_z7', 'tile_shape_z10', 'tile_shape_z12', 'tile_shape_full') then
    raise exception 'unknown tile shape column %', p_column using errcode = 'invalid_parameter_value';
  end if;
  execute format(
    'select coalesce(array_agg(g.id), ''{}'') from public.grids g
      where g.%1$I operator(extensions.&&) $1 and g.level = any ($2)
        and ($3 is null or g.path operator(extensions.?) $3)',
    p_column)
  into v_ids
  using p_box, p_levels, v_scopes;
  return v_ids;
end
$$;

revoke all on function private.grid_tile_ids(text, extensions.geometry, smallint[]) from public;
grant execute on function private.grid_tile_ids(text, extensions.geometry, smallint[]) to authenticated, service_role;

/*
  grid_tile — one Mapbox Vector Tile (MVT 2.1, extent 4096) of the grids the caller may see.
  Args: z (0–22), x, y (0 … 2^z − 1): the XYZ tile, as MapLibre's {z}/{x}/{y}.
  Returns: bytea, the tile; empty (zero bytes) when no visible grid touches it. Two layers:
    "grids"        the boundaries (polygons, clipped with a 64-unit buffer), simplified for the zoom;
    "grid_labels"  one point per grid at its label point, in the tile that contains it.
  Both carry the same properties: id (uuid), code, level (1–4), name, nameEn, parentId (uuid, or
  '' for a township). MVT feature ids are integers and grid ids are uuids, so there is none: the
  map uses promoteId: 'id' for feature-state (hover, selection, the choropleth value).
  Only the levels of private.grid_tile_levels(z) are in a tile (src/domain/gridTiles.ts).
  Through PostgREST, supabase-js .rpc('grid_tile', { z, x, y }) receives the JSON string of the
  bytea, "\x" followed by the bytes in hex (decodeByteaHex in src/data/supabase/tiles.ts); a client
  sending "Accept: application/octet-stream" receives the raw bytes.
  Raises 22023 for a zoom or tile outside that range.
*/
create function public.grid_tile(z integer, x integer, y integer)
returns bytea
language plpgsql
stable
security invoker
parallel safe
set search_path = ''
as $$
declare
  v_column text;
  v_box extensions.geometry;
  v_ids uuid[];
  v_tile bytea;
begin
  if z is null or x is null or y is null then
    raise exception 'grid_tile needs z, x and y' using errcode = 'invalid_parameter_value';
  end if;
  if z not between 0 and 22 then
    raise exception 'z must be 0–22, got %', z using errcode = 'invalid_parameter_value';
  end if;
  if x not between 0 and (1 << z) - 1 or y not between 0 and (1 << z) - 1 then
    raise exception 'tile %/%/% does not exist: x and y must be 0–% at zoom %', z, x, y, (1 << z) - 1, z
      using errcode = 'invalid_parameter_value';
  end if;
  v_column := case when z <= 7 then 'tile_shape_z7' when z <= 10 then 'tile_shape_z10'
    when z <= 12 then 'tile_shape_z12' else 'tile_shape_full' end;
  v_box := extensions.st_tileenvelope(z, x, y);
  -- Grids within the 64-unit buffer count too (their strokes cross the tile seam), as in
  -- geojson-vt's tiles of the demo.
  v_ids := private.grid_tile_ids(v_column, extensions.st_tileenvelope(z, x, y, margin => 64.0 / 4096),
                                 private.grid_tile_levels(z));

  execute format($q$
    with picked as (
      select g.id::text as id, g.code, g.level::integer as level, g.name, g.name_en as "nameEn",
             coalesce(g.parent_id::text, '') as "parentId", g.%1$I as shape, g.tile_label_point
      from public.grids g
      where g.id = any ($2)
    )
    select coalesce((
        select extensions.st_asmvt(t, 'grids', 4096, 'geom')
        from (select p.id, p.code, p.level, p.name, p."nameEn", p."parentId",
                     extensions.st_asmvtgeom(p.shape, $1::extensions.box2d, 4096, 64, true) as geom
              from picked p) t
        where t.geom is not null
      ), ''::bytea)
      || coalesce((
        select extensions.st_asmvt(l, 'grid_labels', 4096, 'geom')
        from (select p.id, p.code, p.level, p.name, p."nameEn", p."parentId",
                     extensions.st_asmvtgeom(p.tile_label_point, $1::extensions.box2d, 4096, 0, true) as geom
              from picked p) l
        where l.geom is not null
      ), ''::bytea)
  $q$, v_column)
  into v_tile
  using v_box, v_ids;
  return v_tile;
end
$$;

/*
  grid_summaries — the grid tree without geometry, for the panel, breadcrumb and drill-down.
  Args (all optional, combined with AND): p_ids uuid[], p_parent_id uuid (its children),
    p_subtree_of uuid (that grid and everything below it the caller may see), p_max_level int
    (1–4: levels up to it, e.g. 2 for townships and villages), p_bbox [w,s,e,n] (boundary
    intersects the box).
  Returns: [ { id, code, level, parentId, name, nameEn, labelPoint: [lng, lat], bbox: [w,s,e,n],
               areaKm2, households, population, chiefId, workerIds: uuid[], childCount } ]
  ordered by code — the Grid type of src/domain/types.ts without its boundary, plus the boundary's
  bbox and the number of children (all of a visible grid's children are visible too).
  Raises 22023 for a p_max_level outside 1–4 or a malformed box.
*/
create function public.grid_summaries(
  p_ids uuid[] default null,
  p_parent_id uuid default null,
  p_subtree_of uuid default null,
  p_max_level integer default null,
  p_bbox double precision[] default null
)
returns json
language plpgsql
stable
security invoker
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  v_path extensions.ltree;
  v_envelope extensions.geometry;
  v_result json;
begin
  if p_max_level is not null and p_max_level not between 1 and 4 then
    raise exception 'p_max_level must be 1–4, got %', p_max_level using errcode = 'invalid_parameter_value';
  end if;
  if p_subtree_of is not null then
    v_path := private.grid_path_of(p_subtree_of);
    if v_path is null then
      return '[]'::json;
    end if;
  end if;
  if p_bbox is not null then
    v_envelope := private.bbox_envelope(p_bbox);
  end if;

  select coalesce(json_agg(r order by r.code), '[]'::json)
  into v_result
  from (
    select g.id, g.code, g.level, g.parent_id as "parentId", g.name, g.name_en as "nameEn",
           private.point_json(g.label_point) as "labelPoint",
           json_build_array(extensions.st_xmin(g.boundary), extensions.st_ymin(g.boundary),
                            extensions.st_xmax(g.boundary), extensions.st_ymax(g.boundary)) as bbox,
           g.area_km2 as "areaKm2", g.households, g.population, g.chief_id as "chiefId",
           g.worker_ids as "workerIds",
           (select count(*) from public.grids c where c.parent_id = g.id)::integer as "childCount"
    from public.grids g
    where (p_ids is null or g.id = any (p_ids))
      and (p_parent_id is null or g.parent_id = p_parent_id)
      and (v_path is null or g.path operator(extensions.<@) v_path)
      and (p_max_level is null or g.level <= p_max_level)
      and (v_envelope is null or extensions.st_intersects(g.boundary, v_envelope))
  ) r;
  return v_result;
end
$$;

/*
  grid_outline — the boundary of one grid, for the selected grid's outline.
  Args: p_grid_id uuid; p_zoom int (optional, 0–22): simplify as the tiles of that zoom are
    (the same precomputed shape), for a very large grid seen from afar.
  Returns: a GeoJSON Feature { type, id, bbox: [w,s,e,n], geometry: MultiPolygon (WGS 84, 9
    decimals), properties: { id, code, level, parentId } }, or null when the grid does not exist
    or the caller may not see it.
  Raises 22023 for a p_zoom outside 0–22.
*/
create function public.grid_outline(p_grid_id uuid, p_zoom integer default null)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_result json;
begin
  if p_zoom is not null and p_zoom not between 0 and 22 then
    raise exception 'p_zoom must be 0–22, got %', p_zoom using errcode = 'invalid_parameter_value';
  end if;
  select json_build_object(
    'type', 'Feature',
    'id', g.id,
    'bbox', json_build_array(extensions.st_xmin(g.boundary), extensions.st_ymin(g.boundary),
                             extensions.st_xmax(g.boundary), extensions.st_ymax(g.boundary)),
    'geometry', extensions.st_asgeojson(case
      when p_zoom is null or p_zoom >= 13 then g.boundary
      else extensions.st_multi(extensions.st_transform(coalesce(case
        when p_zoom <= 7 then g.tile_shape_z7 when p_zoom <= 10 then g.tile_shape_z10 else g.tile_shape_z12 end,
        g.tile_shape_full), 4326))
    end, 9)::json,
    'properties', json_build_object('id', g.id, 'code', g.code, 'level', g.level, 'parentId', g.parent_id)
  )
  into v_result
  from public.grids g
  where g.id = p_grid_id;
  return v_result;
end
$$;

revoke all on function public.grid_tile(integer, integer, integer) from public, anon;
revoke all on function public.grid_summaries(uuid[], uuid, uuid, integer, double precision[]) from public, anon;
revoke all on function public.grid_outline(uuid, integer) from public, anon;
grant execute on function public.grid_tile(integer, integer, integer) to authenticated, service_role;
grant execute on function public.grid_summaries(uuid[], uuid, uuid, integer, double precision[]) to authenticated, service_role;
grant execute on function public.grid_outline(uuid, integer) to authenticated, service_role;
