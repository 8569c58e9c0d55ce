// Writes supabase/types.generated.ts from the migrations, the way
// `supabase gen types typescript --db-url <url> > supabase/types.generated.ts` would:
//
//   npx tsx supabase/types/generate.ts
//
// It migrates a throw-away PostgreSQL (as the database tests do) and renders its catalogs with
// typegen.ts, because the Supabase CLI cannot be installed on these machines.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { createSchemaDatabase, startServer, SUPABASE_DIR } from '../tests/harness/postgres'
import { readSchemaFacts, renderTypes } from './typegen'

async function main(): Promise<void> {
  const server = await startServer()
  try {
    createSchemaDatabase(server, 'typegen')
    const client = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'typegen' })
    await client.connect()
    try {
      const out = join(SUPABASE_DIR, 'types.generated.ts')
      writeFileSync(out, renderTypes(await readSchemaFacts(client)))
      console.log(`wrote ${out}`)
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
