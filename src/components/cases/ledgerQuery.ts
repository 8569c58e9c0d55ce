// The ledger's filters and sort as they live in the URL, so a filtered list can be reloaded,
// shared and exported exactly as seen. Parsing is forgiving (unknown values are dropped) and
// formatting leaves defaults out, so URLs stay short.
import type { CaseFilter, Period } from '~/data'
import type { CaseSource, CaseStatus, Millis } from '~/domain/types'
import { CASE_SOURCES, CASE_STATUSES } from '~/domain/caseLoop'
import { isCategoryCode, listMajors } from '~/domain/categories'

/** Columns the ledger sorts by. */
export const LEDGER_SORTS = ['reported', 'due', 'code', 'status'] as const
export type LedgerSort = typeof LEDGER_SORTS[number]

/** The ledger's view state. `category` is a major (2 digits) or a subcategory (4 digits). */
export interface LedgerQuery {
  statuses: CaseStatus[]
  category: string | null
  sources: CaseSource[]
  overdue: boolean
  supervised: boolean
  mine: boolean
  search: string
  /** Local dates (YYYY-MM-DD), inclusive; both null = the explorer's period. */
  from: string | null
  to: string | null
  sort: LedgerSort
  desc: boolean
}

/** Newest reports first, every case. */
export const DEFAULT_LEDGER_QUERY: Readonly<LedgerQuery> = Object.freeze({
  statuses: [],
  category: null,
  sources: [],
  overdue: false,
  supervised: false,
  mine: false,
  search: '',
  from: null,
  to: null,
  sort: 'reported',
  desc: true,
})

type RawQuery = Record<string, unknown>

const DATE = /^\d{4}-\d{2}-\d{2}$/
const MAJOR_CODES = new Set(listMajors().map(m => m.code))

function str(v: unknown): string | null {
  const first = Array.isArray(v) ? v[0] : v
  return typeof first === 'string' ? first : null
}

function list<T extends string>(v: unknown, allowed: readonly T[]): T[] {
  const s = str(v)
  if (!s)
    return []
  const picked = new Set(s.split(',').filter((x): x is T => (allowed as readonly string[]).includes(x)))
  return allowed.filter(a => picked.has(a))
}

function flag(v: unknown): boolean {
  return str(v) === '1'
}

function date(v: unknown): string | null {
  const s = str(v)
  return s && DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? s : null
}

/** Reads the ledger's state from a route query. */
export function parseLedgerQuery(q: RawQuery): LedgerQuery {
  const category = str(q.cat)
  const sort = str(q.sort)
  return {
    statuses: list(q.status, CASE_STATUSES),
    category: category && (MAJOR_CODES.has(category) || isCategoryCode(category)) ? category : null,
    sources: list(q.src, CASE_SOURCES),
    overdue: flag(q.overdue),
    supervised: flag(q.supervised),
    mine: flag(q.mine),
    search: (str(q.q) ?? '').slice(0, 100),
    from: date(q.from),
    to: date(q.to),
    sort: (LEDGER_SORTS as readonly string[]).includes(sort ?? '') ? sort as LedgerSort : DEFAULT_LEDGER_QUERY.sort,
    desc: str(q.asc) !== '1',
  }
}

/** The query keys the ledger owns; other keys (grid view, layers, the open case) are left alone. */
export const LEDGER_QUERY_KEYS = ['status', 'cat', 'src', 'overdue', 'supervised', 'mine', 'q', 'from', 'to', 'sort', 'asc'] as const

/** The ledger's state as query entries, defaults left out (undefined removes the key). */
export function formatLedgerQuery(l: LedgerQuery): Record<typeof LEDGER_QUERY_KEYS[number], string | undefined> {
  return {
    status: l.statuses.length > 0 ? l.statuses.join(',') : undefined,
    cat: l.category ?? undefined,
    src: l.sources.length > 0 ? l.sources.join(',') : undefined,
    overdue: l.overdue ? '1' : undefined,
    supervised: l.supervised ? '1' : undefined,
    mine: l.mine ? '1' : undefined,
    q: l.search.trim() !== '' ? l.search.trim() : undefined,
    from: l.from ?? undefined,
    to: l.to ?? undefined,
    sort: l.sort !== DEFAULT_LEDGER_QUERY.sort ? l.sort : undefined,
    asc: l.desc ? undefined : '1',
  }
}

const DAY = 86_400_000

/**
 * Bounds of an open-ended period. Real instants rather than ±MAX_SAFE_INTEGER, because both data
 * layers turn them into timestamps (PostgreSQL's range ends at 4713 BC and 294276 AD).
 */
export const OPEN_START: Millis = 0
export const OPEN_END: Millis = Date.UTC(9999, 11, 31)

/** Midnight of a local date in China (+08:00), epoch ms. */
export function localMidnight(date: string): Millis {
  return Date.parse(`${date}T00:00:00+08:00`)
}

/** The local date (YYYY-MM-DD, +08:00) of an instant. */
export function localDateOf(t: Millis): string {
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The reporting period the ledger shows: the chosen dates (inclusive), or the explorer's period when none is chosen. */
export function ledgerPeriod(l: LedgerQuery, fallback: Period): Period {
  if (l.from === null && l.to === null)
    return fallback
  const from = l.from !== null ? localMidnight(l.from) : OPEN_START
  const to = l.to !== null ? localMidnight(l.to) + DAY : OPEN_END
  return { from, to }
}

/** The data-layer filter for the ledger over a grid's subtree. A major category expands to its subcategories. */
export function ledgerCaseFilter(l: LedgerQuery, subtreeOf: string | undefined, fallback: Period): CaseFilter {
  const filter: CaseFilter = { period: ledgerPeriod(l, fallback) }
  if (subtreeOf !== undefined)
    filter.subtreeOf = subtreeOf
  if (l.statuses.length > 0)
    filter.statuses = [...l.statuses]
  if (l.category !== null) {
    const major = listMajors().find(m => m.code === l.category)
    filter.categoryCodes = major ? major.subcategories.map(s => s.code) : [l.category]
  }
  if (l.sources.length > 0)
    filter.sources = [...l.sources]
  if (l.overdue)
    filter.overdue = true
  if (l.supervised)
    filter.supervised = true
  if (l.mine)
    filter.mine = true
  if (l.search.trim() !== '')
    filter.search = l.search.trim()
  return filter
}
