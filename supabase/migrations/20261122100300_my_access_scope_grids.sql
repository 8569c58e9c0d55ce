-- my_access (replaced; additive): each membership also says which grids' subtrees it covers,
-- "scopeGridIds" — its own grid, or for a county admin every township of its county (the grids
-- at the top of memberships.scope_path), in code order. The case-loop client builds its Actor from
-- it, so the TypeScript machine covers what the database covers: a county admin whose membership
-- sits on one township acts on the cases of the county's other townships too, as the policies and
-- case_transition (which test scope_path) always allowed.
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
      select json_agg(json_build_object(
          'gridId', m.grid_id, 'gridCode', g.code, 'gridLevel', g.level, 'role', m.role,
          'scopeGridIds', case when m.role = 'county_admin'
            then coalesce((
              select json_agg(t.id order by t.code) from public.grids t
              where t.parent_id is null and t.path operator(extensions.<@) m.scope_path
            ), '[]'::json)
            else json_build_array(m.grid_id) end
        ) order by g.code, m.role)
      from public.memberships m
      join public.grids g on g.id = m.grid_id
      where m.user_id = (select auth.uid())
    ), '[]'::json)
  )
$$;
