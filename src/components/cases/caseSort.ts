// Ordering of the ledger. Sorting 10,000 cases is a few milliseconds, so it runs on the client
// over whatever the data layer returned; ties fall back to the case code for a stable order.
import type { LedgerSort } from './ledgerQuery'
import type { CaseRecord } from '~/domain/types'
import { CASE_STATUSES } from '~/domain/caseLoop'

const STATUS_RANK = new Map(CASE_STATUSES.map((s, i) => [s, i]))

type Key = (c: CaseRecord) => number | string

const KEYS: Record<LedgerSort, Key> = {
  reported: c => c.reportedAt,
  due: c => c.dueAt,
  code: c => c.code,
  status: c => STATUS_RANK.get(c.status) ?? 0,
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** A new array of the cases ordered by `sort`, descending when `desc`; ties by code ascending. */
export function sortCases(cases: readonly CaseRecord[], sort: LedgerSort, desc: boolean): CaseRecord[] {
  const key = KEYS[sort]
  const dir = desc ? -1 : 1
  // Keys computed once per case, not once per comparison.
  return cases
    .map(c => ({ c, k: key(c) }))
    .sort((x, y) => dir * compare(x.k, y.k) || compare(x.c.code, y.c.code))
    .map(x => x.c)
}
