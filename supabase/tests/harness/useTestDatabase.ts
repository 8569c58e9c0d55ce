// The per-file database of the database tests: a copy of the migrated template, loaded with a
// dataset before the file's tests and dropped after them. One helper instead of the same
// beforeAll/afterAll block in every file.
import type { SeedDataset } from '../../seed/seedSql'
import type { TestDatabase } from './db'
import { afterAll, beforeAll, inject } from 'vitest'
import { createTestDatabase, loadDataset } from './db'

/**
 * Registers the file's database: created and loaded with `dataset` (then `prepare`) in beforeAll,
 * dropped in afterAll. Answers a handle whose fields reach the database once it exists, so it can
 * be passed around at the top of the file like the database itself.
 */
export function useTestDatabase(dataset: () => SeedDataset, prepare?: (db: TestDatabase) => Promise<void>): TestDatabase {
  let db: TestDatabase | null = null
  beforeAll(async () => {
    db = await createTestDatabase(inject('pg'))
    await loadDataset(db, dataset())
    await prepare?.(db)
  })
  afterAll(async () => db?.drop())
  const current = (): TestDatabase => {
    if (db === null)
      throw new Error('the test database is used before its beforeAll has run')
    return db
  }
  return {
    get name() { return current().name },
    get admin() { return current().admin },
    get api() { return current().api },
    drop: () => current().drop(),
  }
}
