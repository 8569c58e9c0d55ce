// What the API roles may call. Functions that change state are theirs only as the case-loop RPCs,
// which check the caller's rights themselves; a helper such as private.next_case_code (it advances
// a counter) is callable by the RPC that uses it and by no API role.
import type { TestDatabase } from './harness/db'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { caseLoopTerritory, claimsOf } from './fixtures/caseLoop'
import { ANON, asRequest, createTestDatabase, loadDataset, SERVICE, sqlState } from './harness/db'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, caseLoopTerritory())
})
afterAll(async () => db?.drop())

const API_ROLES = ['anon', 'authenticated', 'service_role'] as const

// Volatile functions an API role may execute, on purpose. Only volatile functions can write
// (PostgreSQL refuses INSERT, UPDATE and DELETE in a stable or immutable one), so this list is
// every way an API role can change state through a function of ours.
const CALLABLE_WRITERS = [
  // The write RPCs: SECURITY DEFINER, every right checked against auth.uid() inside and every
  // change logged (case_events for the case loop and edits, admin_events for links, boundaries and
  // applied scenarios).
  'authenticated public.apply_scenario(p_id uuid, p_expected_version integer)',
  'authenticated public.case_transition(p_case_id uuid, p_action text, p_input jsonb, p_expected_version integer, p_idempotency_key uuid)',
  'authenticated public.create_case(p_input jsonb, p_idempotency_key uuid)',
  'authenticated public.edit_case(p_case_id uuid, p_changes jsonb, p_expected_version integer)',
  'authenticated public.import_territory(p_county_code text, p_grids jsonb, p_file_name text)',
  'authenticated public.link_staff_login(p_staff_id uuid, p_user_id uuid)',
  // Marks one of the caller's own notices read: invoker, under notice_reads' policies.
  'authenticated public.mark_notice_read(p_event_id bigint)',
  'authenticated public.set_grid_boundaries(p_changes jsonb)',
  // Raise a refusal and nothing else (volatile only because they never return normally).
  'authenticated private.cl_input_error(p_ctx jsonb, p_field text, p_reason text, p_why text)',
  'authenticated private.cl_refuse(p_code text, p_message text, p_detail jsonb, p_hint text)',
  'service_role private.cl_input_error(p_ctx jsonb, p_field text, p_reason text, p_why text)',
  'service_role private.cl_refuse(p_code text, p_message text, p_detail jsonb, p_hint text)',
  'service_role public.apply_scenario(p_id uuid, p_expected_version integer)',
  'service_role public.case_transition(p_case_id uuid, p_action text, p_input jsonb, p_expected_version integer, p_idempotency_key uuid)',
  'service_role public.create_case(p_input jsonb, p_idempotency_key uuid)',
  'service_role public.edit_case(p_case_id uuid, p_changes jsonb, p_expected_version integer)',
  'service_role public.import_territory(p_county_code text, p_grids jsonb, p_file_name text)',
  'service_role public.link_staff_login(p_staff_id uuid, p_user_id uuid)',
  'service_role public.mark_notice_read(p_event_id bigint)',
  'service_role public.set_grid_boundaries(p_changes jsonb)',
]

describe('functions that change state', () => {
  it('are callable by an API role only as the case-loop RPCs', async () => {
    // Reachable = EXECUTE on the function and USAGE on its schema (anon has none on private).
    const { rows } = await db.admin.query<{ grant: string }>(`
      select r.role || ' ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as grant
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      cross join unnest($1::text[]) as r(role)
      where n.nspname in ('public', 'private', 'auth')
        and p.prokind = 'f'
        and p.prorettype <> 'trigger'::regtype
        and p.provolatile = 'v'
        and has_function_privilege(r.role, p.oid, 'execute')
        and has_schema_privilege(r.role, n.oid, 'usage')
      order by 1`, [API_ROLES])
    expect(rows.map(r => r.grant)).toEqual([...CALLABLE_WRITERS].sort())
  })

  it.each([
    ['a grid worker', claimsOf('worker')],
    ['the county admin', claimsOf('admin')],
    ['service_role', SERVICE],
    ['anon', ANON],
  ] as const)('private.next_case_code is refused to %s, and no code number is used up', async (_label, claims) => {
    const before = await db.admin.query('select township_path::text, year, last_seq from private.case_code_sequences order by 1, 2')
    const state = await asRequest(db, claims, c => sqlState(c, `select private.next_case_code('330102.001.001'::extensions.ltree, now())`), { commit: true })
    expect(state).toBe('42501')
    const after = await db.admin.query('select township_path::text, year, last_seq from private.case_code_sequences order by 1, 2')
    expect(after.rows).toEqual(before.rows)
  })
})
