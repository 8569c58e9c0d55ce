-- What Supabase's database linter (splinter; run by supabase/tests/linter.test.ts) reported on
-- the schema, fixed (issue 7, "consistency"). The warnings kept are listed, with the reason, in
-- supabase/README.md.

-- multiple_permissive_policies: case_contacts had two permissive SELECT policies for
-- authenticated (the handlers' and the units'), both evaluated for every row. One policy now says
-- it all; a unit officer reads the contact only in the county their unit membership is for.
create function private.my_unit_keys()
returns text[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(u.county_path::text || '/' || u.unit_id), '{}')
  from public.unit_members u where u.user_id = (select auth.uid())
$$;

-- "<county>/<unit>" for each unit of a row at `p_path`, to meet my_unit_keys().
create function private.unit_keys(p_path extensions.ltree, p_units text[])
returns text[]
language sql immutable parallel safe set search_path = ''
as $$ select coalesce(array_agg(extensions.subpath(p_path, 0, 1)::text || '/' || u), '{}') from unnest(p_units) u $$;

revoke all on function private.my_unit_keys() from public;
revoke all on function private.unit_keys(extensions.ltree, text[]) from public;
grant execute on function private.my_unit_keys() to authenticated, service_role;
grant execute on function private.unit_keys(extensions.ltree, text[]) to authenticated, service_role;

drop policy case_contacts_select on public.case_contacts;
drop policy case_contacts_select_units on public.case_contacts;
create policy case_contacts_select on public.case_contacts for select to authenticated
  using (
    (assignee_id = any ((select private.my_staff_ids())::uuid[]) and grid_path operator(extensions.?) (select private.read_scopes()))
    or (
      private.unit_keys(grid_path, handler_unit_ids) operator(pg_catalog.&&) (select private.my_unit_keys())
      and grid_path operator(extensions.?) (select private.read_scopes())
    )
    or (escalation_level = 0 and grid_path operator(extensions.?) (select private.scopes_for('{village_chief}')))
    or (escalation_level <= 1 and grid_path operator(extensions.?) (select private.scopes_for('{township_commander}')))
    or grid_path operator(extensions.?) (select private.scopes_for('{county_admin}'))
  );

-- unindexed_foreign_keys: six foreign keys had no index on their referencing columns, so each
-- delete or key update of the referenced row scanned the referencing table.
create index units_grid_id_idx on public.units (grid_id);
create index patrol_teams_leader_id_idx on public.patrol_teams (leader_id);
create index grids_chief_id_idx on public.grids (chief_id);
create index categories_parent_code_idx on public.categories (parent_code);
create index categories_default_unit_id_idx on public.categories (default_unit_id);
create index cases_category_code_idx on public.cases (category_code);

-- function_search_path_mutable: the capability helpers run once per statement (policies call
-- them as initplans), so pinning their search_path costs nothing. The per-row helpers of the
-- read RPCs keep theirs unset on purpose (see the README).
alter function private.read_scopes() set search_path = '';
alter function private.report_scopes() set search_path = '';
alter function private.manage_scopes() set search_path = '';
alter function private.admin_scopes() set search_path = '';
alter function private.worker_scopes() set search_path = '';
