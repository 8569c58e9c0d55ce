// Writes supabase/types.generated.ts with the Supabase CLI itself, from the migrations:
//
//   npx tsx supabase/types/generate.ts
//
// It migrates a throw-away PostgreSQL (as the database tests do), runs
// `supabase gen types typescript --db-url <it>` (CLI 3.x is plain JavaScript, so npx runs it
// without Docker; it needs the npm registry once) and formats the result with oxfmt, as the CLI
// recommends. The CLI is not a project dependency; versions are pinned here so the file is stable.
// supabase/tests/types.test.ts checks the committed file against the schema offline.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSchemaDatabase, startServer, SUPABASE_DIR } from '../tests/harness/postgres'

const SUPABASE_CLI = 'supabase@3.1.0'
const OXFMT = 'oxfmt@0.78.0'

async function main(): Promise<void> {
  const server = await startServer()
  const work = mkdtempSync(join(tmpdir(), 'pingan-typegen-'))
  try {
    createSchemaDatabase(server, 'typegen')
    const url = `postgresql://postgres@${encodeURIComponent(server.host)}:${server.port}/typegen`
    const generated = execFileSync('npx', ['--yes', SUPABASE_CLI, 'gen', 'types', 'typescript', '--db-url', url], {
      cwd: work,
      encoding: 'utf8',
      // The throw-away server speaks only over its Unix socket, without TLS.
      env: { ...process.env, PGSSLMODE: 'disable' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const file = join(work, 'types.generated.ts')
    writeFileSync(file, generated)
    execFileSync('npx', ['--yes', OXFMT, file], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] })
    const out = join(SUPABASE_DIR, 'types.generated.ts')
    writeFileSync(out, readFileSync(file, 'utf8'))
    console.log(`wrote ${out}`)
  }
  finally {
    server.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
