// supabase/schema/current/ (the definitions in force, one file per table, function and type) must
// be what the migrations produce: a migration that changes an object without regenerating the
// folder (npx tsx supabase/schema/generate.ts) fails here, naming the stale, missing and extra files.
import type { TestDatabase } from './harness/db'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CURRENT_DIR, currentDefinitions } from '../schema/definitions'
import { createTestDatabase } from './harness/db'

const ROOT = join(import.meta.dirname, '..', 'schema', CURRENT_DIR)

function committedFiles(): Map<string, string> {
  const files = readdirSync(ROOT, { recursive: true, withFileTypes: true }).filter(f => f.isFile())
  return new Map(files.map(f => [relative(ROOT, join(f.parentPath, f.name)), readFileSync(join(f.parentPath, f.name), 'utf8')]))
}

let db: TestDatabase
let generated: Map<string, string>
beforeAll(async () => {
  const server = inject('pg')
  db = await createTestDatabase(server)
  const client = await db.admin.connect()
  try {
    generated = await currentDefinitions(client, { binDir: server.binDir, host: server.host, port: server.port, database: db.name })
  }
  finally {
    client.release()
  }
})
afterAll(async () => db?.drop())

describe('supabase/schema/current', () => {
  it('holds one file per table, function and type of the migrated schema', () => {
    expect(generated.get('tables/public.cases.sql')).toContain('CREATE TABLE public.cases (')
    expect(generated.get('tables/public.case_contacts.sql')).toContain('CREATE POLICY case_contacts_select')
    expect(generated.get('functions/public.create_case.sql')).toContain('CREATE FUNCTION public.create_case(')
    expect(generated.get('tables/storage.objects.policies.sql')).toContain('create policy case_photos_insert on storage.objects')
  })

  it('is current (regenerate with npx tsx supabase/schema/generate.ts)', () => {
    const committed = committedFiles()
    const missing = [...generated.keys()].filter(p => !committed.has(p))
    const extra = [...committed.keys()].filter(p => !generated.has(p))
    const stale = [...generated].filter(([p, text]) => committed.has(p) && committed.get(p) !== text).map(([p]) => p)
    expect({ missing, extra, stale }).toEqual({ missing: [], extra: [], stale: [] })
  })
})
