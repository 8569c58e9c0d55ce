// The harness says what to install when PostgreSQL or PostGIS is missing, instead of failing later,
// and tears a test database down without leaving connections for the drop to kill.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { createTestDatabase } from './harness/db'
import { findPostgres, MissingPostgresError } from './harness/postgres'

describe('findPostgres', () => {
  it('finds PostgreSQL 15 with PostGIS and ltree on this machine', () => {
    const found = findPostgres()
    expect(found.major).toBe(15)
    expect(found.binDir).toBe('/usr/lib/postgresql/15/bin')
  })

  it('names the packages to install when no server is installed', () => {
    expect(() => findPostgres(join(tmpdir(), 'no-postgresql-here'))).toThrow(MissingPostgresError)
    expect(() => findPostgres(join(tmpdir(), 'no-postgresql-here'))).toThrow(/apt-get install -y postgresql-15 postgresql-15-postgis-3/)
  })

  it('names the packages to install when the server has no PostGIS', () => {
    const root = mkdtempSync(join(tmpdir(), 'pingan-fake-pg-'))
    try {
      mkdirSync(join(root, '15', 'bin'), { recursive: true })
      // A real initdb and a pg_config whose share directory has no extensions.
      symlinkSync('/usr/lib/postgresql/15/bin/initdb', join(root, '15', 'bin', 'initdb'))
      symlinkSync('/bin/echo', join(root, '15', 'bin', 'pg_config'))
      expect(() => findPostgres(root)).toThrow(/extension postgis is not installed for PostgreSQL 15/)
    }
    finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('createTestDatabase().drop()', () => {
  it('closes every connection before dropping: no pool reports a terminated connection (57P01)', async () => {
    // Without the wait, about one drop in four killed a connection still closing; the pool then
    // emitted 'error' with nobody listening, and vitest failed the run on the unhandled error.
    const errors: string[] = []
    for (let round = 0; round < 16; round++) {
      const db = await createTestDatabase(inject('pg'))
      for (const pool of [db.admin, db.api])
        pool.on('error', (e: Error & { code?: string }) => errors.push(`${e.code}: ${e.message}`))
      await Promise.all([...Array.from({ length: 8 }).keys()].map(k => (k % 2 === 0 ? db.admin : db.api).query('select pg_sleep(0.01)')))
      await db.drop()
    }
    await new Promise(resolve => setTimeout(resolve, 200))
    expect(errors).toEqual([])
  })
})
