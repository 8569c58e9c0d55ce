// Renders the case-loop transition table as SQL, so the database's transition RPC reads the
// same rows the TypeScript machine runs on. The migration pastes (or generates) the output; a
// database test selects the table and compares it with transitionRows() using toEqual.
//
// Expected table (the migration owns the DDL):
//   create table public.case_transitions (
//     action text not null, from_status text not null, to_status text not null,
//     roles text[] not null, relations text[] not null, requires text[] not null,   -- (or enum arrays)
//     records text[] not null, bumps_version boolean not null,
//     primary key (action, from_status));
import type { Transition } from './machine'
import { TRANSITIONS } from './machine'

/** The table the rows go into. */
export const TRANSITIONS_TABLE = 'public.case_transitions'

/** Column order of the rendered insert. */
export const TRANSITION_COLUMNS = ['action', 'from_status', 'to_status', 'roles', 'relations', 'requires', 'records', 'bumps_version'] as const

/** One transition as the database stores it (snake_case, arrays sorted). */
export interface TransitionRow {
  action: string
  from_status: string
  to_status: string
  roles: string[]
  relations: string[]
  requires: string[]
  records: string[]
  bumps_version: boolean
}

/** A SQL string literal; single quotes doubled. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, '\'\'')}'`
}

// An untyped array literal ('{"a","b"}'): PostgreSQL coerces it to the column's type, so the same
// rows load into text[] columns or enum arrays such as public.app_role[].
function sqlArray(values: readonly string[]): string {
  return sqlString(`{${values.map(v => `"${v.replace(/["\\]/g, m => `\\${m}`)}"`).join(',')}}`)
}

function toRow(t: Transition): TransitionRow {
  return {
    action: t.action,
    from_status: t.from,
    to_status: t.to,
    roles: [...t.roles].sort(),
    relations: [...t.relations].sort(),
    requires: [...t.requires].sort(),
    records: [...t.records].sort(),
    bumps_version: t.bumpsVersion,
  }
}

/** Sorts rows and their arrays into one canonical order, so rows read back from the database compare equal to transitionRows(). */
export function normalizeTransitionRows(rows: readonly TransitionRow[]): TransitionRow[] {
  return rows
    .map(r => ({
      ...r,
      roles: [...r.roles].sort(),
      relations: [...r.relations].sort(),
      requires: [...r.requires].sort(),
      records: [...r.records].sort(),
    }))
    .sort((a, b) => (a.action === b.action ? cmp(a.from_status, b.from_status) : cmp(a.action, b.action)))
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The machine's transitions in canonical database form. */
export function transitionRows(transitions: readonly Transition[] = TRANSITIONS): TransitionRow[] {
  return normalizeTransitionRows(transitions.map(toRow))
}

/** An `insert … values …;` statement holding every transition, in canonical order. */
export function renderTransitionsSql(options: { table?: string, transitions?: readonly Transition[] } = {}): string {
  const table = options.table ?? TRANSITIONS_TABLE
  const values = transitionRows(options.transitions).map(r => `  (${[
    sqlString(r.action),
    sqlString(r.from_status),
    sqlString(r.to_status),
    sqlArray(r.roles),
    sqlArray(r.relations),
    sqlArray(r.requires),
    sqlArray(r.records),
    r.bumps_version ? 'true' : 'false',
  ].join(', ')})`)
  return `-- Generated from src/domain/caseLoop/machine.ts by renderTransitionsSql(); do not edit by hand.\ninsert into ${table} (${TRANSITION_COLUMNS.join(', ')}) values\n${values.join(',\n')};\n`
}
