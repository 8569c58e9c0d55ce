// The harness says what to install when PostgreSQL or PostGIS is missing, instead of failing later.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
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
