// Supabase's database linter (splinter) on the migrated schema. The lint queries in splinter/ are
// splinter's own files, unchanged (supabase/splinter at 55db5b1f, lints/*.sql), each creating a
// view lint."<lint>" that this test selects from, as Supabase Studio's advisors do. Left out: lints
// that read statistics of a running project (0005 unused_index, 0020 table_bloat), the versions
// this machine's packages happen to offer (0022), and extensions the project does not use (0019
// pgmq, 0026/0027 pg_graphql). Every finding must be one of KEPT below, each listed with its
// reason in supabase/README.md ("Linter"); a new finding, or a kept one that went away, fails.
import type { TestDatabase } from './harness/db'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase } from './harness/db'

const LINTS_DIR = join(import.meta.dirname, 'splinter')

/** The warnings kept on purpose ("<lint> <schema>.<object>" → why), as in supabase/README.md. */
const KEPT: Readonly<Record<string, string>> = {
  // The write RPCs are the only way to write cases, edits, login links and boundaries: they run as
  // the owner to write what no API role may, and check auth.uid() and its memberships inside.
  'authenticated_security_definer_function_executable public.apply_scenario': 'write RPC',
  'authenticated_security_definer_function_executable public.case_transition': 'write RPC',
  'authenticated_security_definer_function_executable public.create_case': 'write RPC',
  'authenticated_security_definer_function_executable public.edit_case': 'write RPC',
  'authenticated_security_definer_function_executable public.import_territory': 'write RPC',
  'authenticated_security_definer_function_executable public.link_staff_login': 'write RPC',
  'authenticated_security_definer_function_executable public.set_grid_boundaries': 'write RPC',
  // Per-row SQL helpers of the read RPCs: a SET clause would stop PostgreSQL inlining them (a
  // function call per row on lists of thousands); they are SECURITY INVOKER, so a caller's own
  // search_path can change only what the caller could do anyway.
  'function_search_path_mutable private.epoch_ms': 'inlined per-row helper',
  'function_search_path_mutable private.from_epoch_ms': 'inlined per-row helper',
  'function_search_path_mutable private.point_json': 'inlined per-row helper',
  'function_search_path_mutable private.grid_feature': 'inlined per-row helper',
  'function_search_path_mutable private.kpis_json': 'inlined per-row helper',
  'function_search_path_mutable private.case_json': 'inlined per-row helper',
}

interface Finding { name: string, level: string, detail: string, key: string }

let db: TestDatabase
let findings: Finding[]
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  const client = await db.admin.connect()
  try {
    await client.query('begin')
    // What PostgREST exposes on Supabase; lints 0028/0029 look only there.
    await client.query(`set local pgrst.db_schemas = 'public, graphql_public'`)
    await client.query('create schema lint')
    const files = readdirSync(LINTS_DIR).filter(f => f.endsWith('.sql')).sort()
    for (const file of files)
      await client.query(readFileSync(join(LINTS_DIR, file), 'utf8'))
    findings = []
    for (const file of files) {
      const { rows } = await client.query<Finding>(`select name, level, detail, name || ' ' || (metadata ->> 'schema') || '.' || (metadata ->> 'name') as key
         from lint."${file.replace(/\.sql$/, '')}"`)
      findings.push(...rows)
    }
    await client.query('rollback')
  }
  finally {
    client.release()
  }
})
afterAll(async () => db?.drop())

describe('splinter on the migrated schema', () => {
  it('runs every vendored lint', () => {
    expect(readdirSync(LINTS_DIR).filter(f => f.endsWith('.sql')).length).toBe(22)
  })

  it('finds no multiple permissive policies and no unindexed foreign keys (both fixed)', () => {
    expect(findings.filter(f => ['multiple_permissive_policies', 'unindexed_foreign_keys'].includes(f.name))).toEqual([])
  })

  it('finds nothing but the warnings kept on purpose', () => {
    const unexpected = findings.filter(f => !(f.key in KEPT)).map(f => `${f.level} ${f.name}: ${f.detail}`)
    expect(unexpected).toEqual([])
  })

  it('still finds every kept warning (drop it from KEPT and the README when it goes)', () => {
    expect(Object.keys(KEPT).filter(k => !findings.some(f => f.key === k))).toEqual([])
  })
})
