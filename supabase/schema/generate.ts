// Writes supabase/schema/current/ from the migrations (see definitions.ts):
//
//   npx tsx supabase/schema/generate.ts
//
// Migrates a throw-away PostgreSQL as the database tests do, then replaces the folder.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import pg from 'pg'
import { createSchemaDatabase, startServer } from '../tests/harness/postgres'
import { CURRENT_DIR, currentDefinitions } from './definitions'

async function main(): Promise<void> {
  const server = await startServer()
  try {
    createSchemaDatabase(server, 'schema')
    const client = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'schema' })
    await client.connect()
    try {
      const files = await currentDefinitions(client, { binDir: server.binDir, host: server.host, port: server.port, database: 'schema' })
      const root = join(import.meta.dirname, CURRENT_DIR)
      rmSync(root, { recursive: true, force: true })
      for (const [path, text] of files) {
        mkdirSync(dirname(join(root, path)), { recursive: true })
        writeFileSync(join(root, path), text)
      }
      console.log(`wrote ${files.size} files to supabase/schema/${CURRENT_DIR}/`)
    }
    finally {
      await client.end()
    }
  }
  finally {
    server.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
