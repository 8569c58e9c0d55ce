-- Patrol posts (巡逻岗, 执勤点): where a team starts its shift and waits between rounds (issue 11).
-- The plan page's response circles (快反圈) are reckoned from the police stations and from these
-- posts, and a team's stop plan leaves from its post. Optional: a team without one starts where
-- its first route starts, as before.
alter table public.patrol_teams add column post extensions.geometry(Point, 4326);
comment on column public.patrol_teams.post is 'The team''s patrol post (WGS 84 point inside the team''s grid), or null.';

-- A post lies inside the team's grid: a hostile or mistyped write (a post in another township, a
-- point at 0,0) is refused with the grid named, not left to skew the response circles. Checked
-- again when the team moves to another grid. Security invoker: the grid is read under the
-- writer's RLS, so a refusal never names a grid the writer may not see.
create function private.patrol_team_post_in_grid()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_code text;
  v_inside boolean;
begin
  if new.post is null then
    return new;
  end if;
  if not extensions.st_isvalid(new.post) or extensions.st_isempty(new.post) then
    raise exception 'patrol team post must be a valid point' using errcode = 'check_violation', constraint = 'patrol_teams_post_in_grid';
  end if;
  select g.code, extensions.st_covers(g.boundary, new.post) into v_code, v_inside
  from public.grids g where g.id = new.grid_id;
  if not coalesce(v_inside, false) then
    raise exception 'patrol team post [%, %] lies outside the team''s grid %',
      round(extensions.st_x(new.post)::numeric, 6), round(extensions.st_y(new.post)::numeric, 6), coalesce(v_code, new.grid_id::text)
      using errcode = 'check_violation', constraint = 'patrol_teams_post_in_grid';
  end if;
  return new;
end
$$;
revoke all on function private.patrol_team_post_in_grid() from public, anon, authenticated, service_role;

create trigger patrol_teams_post_in_grid
before insert or update of post, grid_id on public.patrol_teams
for each row execute function private.patrol_team_post_in_grid();

-- list_patrol_teams as 20261203100600 left it, with the post.
create or replace function public.list_patrol_teams(p_subtree_of uuid default null, p_bbox double precision[] default null)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  with hit as not materialized (
    select t.id, t.name, t.name_en, t.kind, t.grid_id, t.member_count, t.leader_id, t.post
    from public.patrol_teams t
    join public.grids g on g.id = t.grid_id
    where (p_subtree_of is null or t.grid_path operator(extensions.<@) (select private.grid_path_of(p_subtree_of)))
      and (p_bbox is null or extensions.st_intersects(g.boundary, (select private.bbox_envelope(p_bbox))))
  ),
  page as (select * from hit order by name, id limit private.list_cap('patrol_teams') + 1)
  select json_build_object(
    'items', coalesce((select json_agg(json_build_object(
        'id', p.id, 'name', p.name, 'nameEn', p.name_en, 'kind', p.kind, 'gridId', p.grid_id,
        'memberCount', p.member_count, 'leaderId', p.leader_id,
        'post', case when p.post is null then null else private.point_json(p.post) end
      ) order by p.name, p.id) from (select * from page order by name, id limit private.list_cap('patrol_teams')) p), '[]'::json),
    'total', case when (select count(*) from page) > private.list_cap('patrol_teams') then (select count(*) from hit) else (select count(*) from page) end,
    'truncated', (select count(*) from page) > private.list_cap('patrol_teams'),
    'limit', private.list_cap('patrol_teams'))
$$;
