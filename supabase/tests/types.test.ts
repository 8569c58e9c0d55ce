// supabase/types.generated.ts is what the migrations produce: regenerate it with
// `npx tsx supabase/types/generate.ts` whenever a migration changes the public schema.
import type { TestDatabase } from './harness/db'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readSchemaFacts, renderTypes } from '../types/typegen'
import { createTestDatabase } from './harness/db'
import { SUPABASE_DIR } from './harness/postgres'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
})
afterAll(async () => db?.drop())

describe('supabase/types.generated.ts', () => {
  it('matches the schema the migrations create', async () => {
    const rendered = renderTypes(await readSchemaFacts(db.admin))
    expect(readFileSync(join(SUPABASE_DIR, 'types.generated.ts'), 'utf8') === rendered).toBe(true)
  })

  it('types every RPC and enum of the public schema', async () => {
    const facts = await readSchemaFacts(db.admin)
    expect(facts.functions.map(f => f.name).sort()).toEqual([
      'cases_in_view',
      'grid_kpis',
      'grid_lineage',
      'grids_geojson',
      'list_cameras',
      'list_key_places',
      'list_patrol_routes',
      'list_patrol_teams',
      'list_roads',
      'list_staff',
      'my_access',
    ])
    expect(facts.enums.find(e => e.name === 'app_role')?.values).toEqual(['county_admin', 'township_commander', 'village_chief', 'grid_worker', 'wall_viewer'])
  })
})
