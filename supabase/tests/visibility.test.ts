// The embedded demo's visibility and capability rules (src/domain/access.ts) and row-level
// security decide the same for every login of the fixture territory.
import type { TestDatabase } from './harness/db'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { capabilityDisagreements, visibilityDisagreements } from './agreement'
import { fixtureTerritory } from './fixtures/territory'
import { createTestDatabase, loadDataset } from './harness/db'

const dataset = fixtureTerritory()
let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, dataset)
})
afterAll(async () => db?.drop())

describe('access.ts agrees with row-level security on the fixture territory', () => {
  it('visible grid ids are the same for every login', async () => {
    expect(await visibilityDisagreements(db, dataset)).toEqual([])
  })

  it('manage, report, case updates, reporter contacts and reference data are decided the same', async () => {
    expect(await capabilityDisagreements(db, dataset)).toEqual([])
  })
})
