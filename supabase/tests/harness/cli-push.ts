// Applies supabase/migrations with the Supabase CLI's own migration runner (`supabase db push`)
// to a throw-away PostgreSQL 15 that has only the compatibility bootstrap, and lists what the CLI
// recorded. Proves the migrations run unchanged through the CLI, not just through psql:
//
//   npx tsx supabase/tests/harness/cli-push.ts
//
// Needs the npm registry once (npx fetches the pinned CLI); the database tests themselves do not.
import { spawnSync } from 'node:child_process'
import { applyBootstrap, runSql, startServer, SUPABASE_DIR } from './postgres'

const SUPABASE_CLI = 'supabase@3.1.0'

async function main(): Promise<void> {
  const server = await startServer()
  try {
    runSql(server, 'postgres', 'create database cli_push')
    applyBootstrap(server, 'cli_push')
    // pgx (the CLI's driver) takes a socket directory as the host query parameter.
    const url = `postgresql://postgres@localhost/cli_push?host=${server.host}&port=${server.port}&sslmode=disable`
    const push = spawnSync('npx', ['--yes', SUPABASE_CLI, 'db', 'push', '--db-url', url, '--yes'], {
      cwd: SUPABASE_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    if (push.status !== 0)
      throw new Error(`supabase db push failed (exit ${push.status})`)
    console.log(runSql(server, 'cli_push', 'select version || \' \' || name from supabase_migrations.schema_migrations order by version'))
  }
  finally {
    server.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
