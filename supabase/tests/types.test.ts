// supabase/types.generated.ts describes the schema the migrations create. Regenerate it with
// `npx tsx supabase/types/generate.ts` (the Supabase CLI via npx) whenever a migration changes
// the public schema; this test says what is out of date.
import type { TestDatabase } from './harness/db'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { declaredShape, expectedShape, readSchemaFacts } from '../types/typegen'
import { createTestDatabase } from './harness/db'
import { SUPABASE_DIR } from './harness/postgres'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
})
afterAll(async () => db?.drop())

describe('supabase/types.generated.ts', () => {
  it('declares every table column, RPC argument and enum of the public schema with the CLI\'s types', async () => {
    const expected = expectedShape(await readSchemaFacts(db.admin))
    const declared = declaredShape(readFileSync(join(SUPABASE_DIR, 'types.generated.ts'), 'utf8'))
    expect({
      missingOrWrong: expected.filter(line => !declared.includes(line)),
      notInSchema: declared.filter(line => !expected.includes(line)),
    }).toEqual({ missingOrWrong: [], notInSchema: [] })
  })

  it('reads a shape that can fail: a changed column type is reported', () => {
    const file = readFileSync(join(SUPABASE_DIR, 'types.generated.ts'), 'utf8')
    const changed = file.replace(/( {10}bearing: )number;/, '$1string;')
    expect(changed).not.toBe(file)
    expect(declaredShape(changed)).toContain('Tables.cameras.Row.bearing: string')
    expect(declaredShape(file)).toContain('Tables.cameras.Row.bearing: number')
  })
})
