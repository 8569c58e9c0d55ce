// Client side of the database tests: a private copy of the migrated template per test file, a
// superuser pool for fixtures, and requests made exactly the way PostgREST makes them.
import type { PoolClient, QueryResultRow } from 'pg'
import type { SeedDataset } from '../../seed/seedSql'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { demoUserEmail, toUuid } from '../../seed/ids'
import { buildSeedSql } from '../../seed/seedSql'
import { closePool } from './pools'

/** JWT claims as PostgREST receives them; `role` picks the database role. */
export interface Claims {
  role: 'anon' | 'authenticated' | 'service_role'
  sub?: string
  email?: string
  aud?: string
}

/** Claims of the anonymous key. */
export const ANON: Claims = { role: 'anon' }

/** Claims of the service-role key (bypasses row-level security). */
export const SERVICE: Claims = { role: 'service_role' }

/** Claims of a signed-in user, from a domain user id (mapped to its uuid like the seed does). */
export function userClaims(userId: string): Claims {
  return { role: 'authenticated', sub: toUuid(userId), email: demoUserEmail(userId), aud: 'authenticated' }
}

/** Connection details of the server started by the global setup. */
export interface ServerInfo {
  host: string
  port: number
  template: string
}

/** A private database for one test file. */
export interface TestDatabase {
  name: string
  /** Superuser pool: fixtures and checks behind the policies' back. */
  admin: pg.Pool
  /** Pool logged in as `authenticator`, the role PostgREST connects as. */
  api: pg.Pool
  /** Closes the pools and drops the database. */
  drop: () => Promise<void>
}

// bigint (int8) arrives as a string by default; the schema's bigints (event ids, epoch ms) fit in
// a double, and tests compare them with numbers.
pg.types.setTypeParser(20, value => Number(value))

/** Copies the migrated template into a fresh database. */
export async function createTestDatabase(server: ServerInfo): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`
  const maintenance = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'postgres' })
  await maintenance.connect()
  try {
    await maintenance.query(`create database ${name} template ${server.template}`)
  }
  finally {
    await maintenance.end()
  }
  const admin = new pg.Pool({ host: server.host, port: server.port, user: 'postgres', database: name, max: 4 })
  const api = new pg.Pool({ host: server.host, port: server.port, user: 'authenticator', database: name, max: 4 })
  return {
    name,
    admin,
    api,
    drop: async () => {
      await Promise.all([closePool(admin), closePool(api)])
      const m = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'postgres' })
      await m.connect()
      try {
        await m.query(`drop database if exists ${name} with (force)`)
      }
      finally {
        await m.end()
      }
    },
  }
}

/** Loads a dataset through the same seed SQL a Supabase project gets. */
export async function loadDataset(db: TestDatabase, dataset: SeedDataset): Promise<void> {
  await db.admin.query(buildSeedSql(dataset))
}

/**
 * Runs `fn` as one PostgREST request would: a transaction in which the role and the JWT claims
 * are set locally (`set_config(..., true)`), then rolled back unless `commit` is set, so tests
 * never disturb each other's fixtures.
 */
export async function asRequest<T>(db: TestDatabase, claims: Claims, fn: (client: PoolClient) => Promise<T>, options: { commit?: boolean } = {}): Promise<T> {
  const client = await db.api.connect()
  try {
    await client.query('begin')
    await client.query('select set_config(\'role\', $1, true), set_config(\'request.jwt.claims\', $2, true)', [claims.role, JSON.stringify(claims)])
    const result = await fn(client)
    await client.query(options.commit ? 'commit' : 'rollback')
    return result
  }
  catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  }
  finally {
    client.release()
  }
}

/**
 * Calls an RPC the way PostgREST does for `supabase.rpc(name, args)`: the JSON body becomes a
 * record typed by the function's own argument list (json_to_record), and each given key is passed
 * as a named argument; omitted keys fall back to the function's defaults.
 */
export async function callRpc<T = unknown>(client: PoolClient, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const { rows: signature } = await client.query<{ name: string, type: string }>(
    `select a.name, format_type(a.type, null) as type
       from pg_proc p, unnest(p.proargnames, p.proargtypes::oid[]) as a(name, type)
      where p.oid = to_regprocedure($1)`,
    [await signatureOf(client, name)],
  )
  const known = new Map(signature.map(a => [a.name, a.type]))
  const keys = Object.keys(args).filter(k => args[k] !== undefined)
  for (const k of keys) {
    if (!known.has(k))
      throw new Error(`${name} has no argument ${k} (has ${[...known.keys()].join(', ')})`)
  }
  if (keys.length === 0) {
    const { rows } = await client.query<QueryResultRow>(`select public.${name}() as result`)
    return rows[0]!.result as T
  }
  const named = keys.map(k => `${k} := _.${k}`).join(', ')
  const columns = keys.map(k => `${k} ${known.get(k)}`).join(', ')
  const { rows } = await client.query<QueryResultRow>(
    `select public.${name}(${named}) as result from json_to_record($1::json) as _(${columns})`,
    [JSON.stringify(args)],
  )
  return rows[0]!.result as T
}

async function signatureOf(client: PoolClient, name: string): Promise<string> {
  const { rows } = await client.query<{ signature: string }>(
    `select p.oid::regprocedure::text as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = $1`,
    [name],
  )
  if (rows.length !== 1)
    throw new Error(`expected one public function ${name}, found ${rows.length}`)
  return rows[0]!.signature
}

/** Runs a query and returns the SQLSTATE it failed with, or null when it succeeded. */
export async function sqlState(client: PoolClient, sql: string, params: unknown[] = []): Promise<string | null> {
  await client.query('savepoint probe')
  try {
    await client.query(sql, params)
    await client.query('release savepoint probe')
    return null
  }
  catch (error) {
    await client.query('rollback to savepoint probe')
    return (error as { code?: string }).code ?? 'unknown'
  }
}
