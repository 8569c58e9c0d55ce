// Writes supabase/seed.sql: the demo township of the embedded mode, for a Supabase project.
//
//   npx tsx supabase/seed/build-seed.ts [--anchor <ISO date | epoch ms | now>] [--out <file>]
//
// The default anchor is fixed so the committed file regenerates byte for byte; pass
// `--anchor now` for data that ends today.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { DEMO_ANCHOR, demoSeedDataset, demoSeedSql } from './demo'
import { seedUsers } from './seedSql'

function parseAnchor(value: string | undefined): number {
  if (value === undefined)
    return DEMO_ANCHOR
  if (value === 'now')
    return Date.now()
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(ms))
    throw new Error(`--anchor must be an ISO date, epoch milliseconds or "now", got "${value}"`)
  return ms
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}

const anchor = parseAnchor(option('--anchor'))
const out = resolve(option('--out') ?? resolve(import.meta.dirname, '..', 'seed.sql'))
const dataset = demoSeedDataset(anchor)
writeFileSync(out, demoSeedSql(dataset))
console.log(`wrote ${out}: ${dataset.grids.length} grids, ${dataset.cases.length} cases, ${dataset.staff.length} staff, ${seedUsers(dataset).length} logins`)
