// A throw-away PostgreSQL for database tests and benchmarks: initdb into a temp directory, start
// on a Unix socket in that directory and a free port, apply the compatibility bootstrap and every
// migration, and remove it all on stop. initdb refuses to run as root, so as root the server runs
// as the `postgres` OS user.
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** Repository paths the harness reads. */
export const SUPABASE_DIR = resolve(import.meta.dirname, '..', '..')
export const MIGRATIONS_DIR = join(SUPABASE_DIR, 'migrations')
export const BOOTSTRAP_DIR = join(SUPABASE_DIR, 'tests', 'bootstrap')

/**
 * The bootstrap files in order: `00_core.sql` (roles, auth, grants) and one file per Supabase
 * service the schema builds on (storage, realtime …), so each service's stand-in stays apart.
 */
export function bootstrapFiles(): string[] {
  return readdirSync(BOOTSTRAP_DIR)
    .filter(f => /^\d{2}_.+\.sql$/.test(f))
    .sort()
    .map(f => join(BOOTSTRAP_DIR, f))
}

/** Applies every bootstrap file to `database`. */
export function applyBootstrap(server: ServerAddress & { binDir: string }, database: string): void {
  for (const file of bootstrapFiles())
    runSqlFile(server, database, file)
}

/** Where to reach a running test server; `host` is the socket directory. */
export interface ServerAddress {
  host: string
  port: number
}

/** A running throw-away server. */
export interface TestServer extends ServerAddress {
  dataDir: string
  binDir: string
  /** Stops the server and deletes its data directory. */
  stop: () => void
}

/** Raised when PostgreSQL or PostGIS is not installed; the message says what to install. */
export class MissingPostgresError extends Error {
  constructor(detail: string) {
    super(
      `Database tests need PostgreSQL 15 with PostGIS 3 (${detail}).\n`
      + `Install them with: apt-get install -y postgresql-15 postgresql-15-postgis-3\n`
      + `(the project's test command does this itself when run as root).`,
    )
    this.name = 'MissingPostgresError'
  }
}

const POSTGRES_OS_USER = 'postgres'

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

/** Finds the server binaries, preferring PostgreSQL 15, and checks PostGIS and ltree are installed. */
export function findPostgres(root = '/usr/lib/postgresql'): { binDir: string, shareDir: string, major: number } {
  const majors = existsSync(root)
    ? readdirSync(root).map(Number).filter(n => Number.isInteger(n) && existsSync(join(root, String(n), 'bin', 'initdb')))
    : []
  if (majors.length === 0)
    throw new MissingPostgresError(`no server binaries under ${root}`)
  const major = majors.includes(15) ? 15 : Math.max(...majors)
  const binDir = join(root, String(major), 'bin')
  const shareDir = execFileSync(join(binDir, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).trim()
  for (const ext of ['postgis', 'ltree']) {
    if (!existsSync(join(shareDir, 'extension', `${ext}.control`)))
      throw new MissingPostgresError(`extension ${ext} is not installed for PostgreSQL ${major}`)
  }
  return { binDir, shareDir, major }
}

/** Runs a server binary, as the postgres OS user when we are root. */
function runAsServerUser(binary: string, args: string[]): void {
  const [cmd, cmdArgs] = isRoot() ? ['runuser', ['-u', POSTGRES_OS_USER, '--', binary, ...args]] : [binary, args]
  const result = spawnSync(cmd, cmdArgs, { encoding: 'utf8' })
  if (result.status !== 0)
    throw new Error(`${binary} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
}

/** A TCP port nobody is listening on right now; also names the Unix socket file. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

/** Starts an empty server. `settings` are extra postgresql.conf parameters (e.g. shared_buffers). */
export async function startServer(settings: Record<string, string> = {}): Promise<TestServer> {
  const { binDir } = findPostgres()
  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-pg-'))
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', POSTGRES_OS_USER], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', POSTGRES_OS_USER], { encoding: 'utf8' }).trim())
    chownSync(dataDir, uid, gid)
  }
  const pgData = join(dataDir, 'data')
  const port = await freePort()
  runAsServerUser(join(binDir, 'initdb'), ['-D', pgData, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'])
  // Durability is pointless for a throw-away cluster and costs seconds per test run.
  const options: Record<string, string> = {
    listen_addresses: '\'\'',
    unix_socket_directories: `'${dataDir}'`,
    port: String(port),
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '100',
    ...settings,
  }
  const optionString = Object.entries(options).map(([k, v]) => `-c ${k}=${v}`).join(' ')
  runAsServerUser(join(binDir, 'pg_ctl'), ['-D', pgData, '-l', join(dataDir, 'server.log'), '-o', optionString, '-w', '-t', '60', 'start'])
  let stopped = false
  return {
    host: dataDir,
    port,
    dataDir,
    binDir,
    stop: () => {
      if (stopped)
        return
      stopped = true
      try {
        runAsServerUser(join(binDir, 'pg_ctl'), ['-D', pgData, '-m', 'immediate', '-w', 'stop'])
      }
      finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
  }
}

/** Runs an SQL file with psql as the postgres superuser, stopping at the first error. */
export function runSqlFile(server: ServerAddress & { binDir: string }, database: string, file: string, options: { singleTransaction?: boolean } = {}): void {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', server.host, '-p', String(server.port), '-U', 'postgres', '-d', database, '-f', file]
  if (options.singleTransaction !== false)
    args.push('--single-transaction')
  const result = spawnSync(join(server.binDir, 'psql'), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0)
    throw new Error(`psql -f ${file} failed:\n${result.stderr || result.stdout}`)
}

/** Runs an SQL string with psql as the postgres superuser. */
export function runSql(server: ServerAddress & { binDir: string }, database: string, sql: string): string {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', server.host, '-p', String(server.port), '-U', 'postgres', '-d', database, '-c', sql]
  const result = spawnSync(join(server.binDir, 'psql'), args, { encoding: 'utf8' })
  if (result.status !== 0)
    throw new Error(`psql failed on ${sql.slice(0, 200)}:\n${result.stderr}`)
  return result.stdout.trim()
}

/**
 * The migration files in the order Supabase applies them (by timestamp prefix). With
 * PINGAN_MIGRATIONS_THROUGH=<timestamp> only those up to and including that version, to test
 * the schema as it stood at a migration (like `supabase db reset --version`).
 */
export function migrationFiles(through: string | undefined = process.env.PINGAN_MIGRATIONS_THROUGH): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter(f => /^\d{14}_.+\.sql$/.test(f))
    .filter(f => through === undefined || through === '' || f.slice(0, 14) <= through)
    .sort()
    .map(f => join(MIGRATIONS_DIR, f))
}

/**
 * Creates `database` with the bootstrap and every migration applied, each migration in its own
 * transaction as `supabase db push` does. Tests copy it with CREATE DATABASE ... TEMPLATE.
 */
export function createSchemaDatabase(server: TestServer, database: string): void {
  runSql(server, 'postgres', `create database ${database}`)
  applyBootstrap(server, database)
  for (const file of migrationFiles()) {
    try {
      runSqlFile(server, database, file)
    }
    catch (error) {
      throw new Error(`migration ${file.split('/').pop()} failed: ${(error as Error).message}`)
    }
  }
}

/** Reads an SQL file of this repository. */
export function readSql(file: string): string {
  return readFileSync(file, 'utf8')
}
