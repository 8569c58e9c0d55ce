// Writes the case loop's generated data migration (see caseLoopData.ts).
//
//   npx tsx supabase/seed/build-case-loop-sql.ts [--out <file>] [--reload]
//
// --reload prefixes statements that empty the tables first, for a later migration that ships a
// changed machine or calendar to a database that already has the rows.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CASE_LOOP_DATA_MIGRATION, renderCaseLoopDataSql } from './caseLoopData'

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}

const out = resolve(option('--out') ?? resolve(import.meta.dirname, '..', 'migrations', CASE_LOOP_DATA_MIGRATION))
const reload = process.argv.includes('--reload')
  ? 'delete from public.case_transitions;\ndelete from public.calendar_days;\ndelete from public.working_calendars;\n\n'
  : ''
writeFileSync(out, reload + renderCaseLoopDataSql())
console.log(`wrote ${out}`)
