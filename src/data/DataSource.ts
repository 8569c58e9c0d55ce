// The one data-layer contract. The embedded demo and Supabase both implement it, so every screen
// works on both; rows are mapped to domain types before they cross it.
import type { CaseFilter } from '~/domain/casePredicates'
import type { CaseKpis } from '~/domain/kpi'
import type { Period } from '~/domain/period'
import type { BBox, Camera, CaseRecord, Grid, GridLevel, KeyPlace, Millis, PatrolRoute, PatrolTeam, Road, Staff } from '~/domain/types'

// The case filter and the period are domain types (casePredicates.ts decides what matches).
export type { CaseFilter, Period }

/** Filter for grids. All given fields must match. */
export interface GridFilter {
  ids?: string[]
  level?: GridLevel
  parentId?: string
  /** The grid itself and everything below it. */
  subtreeOf?: string
  bbox?: BBox
}

/**
 * A capped list of cases: at most CASE_LIST_CAP of the matches (both data layers stop there, as
 * the database does), how many matched, and whether `cases` is cut short of `total`.
 */
export interface CasePage {
  cases: CaseRecord[]
  total: number
  truncated: boolean
}

/** The most cases one listCases answer carries (private.list_cap('cases') in the database). */
export const CASE_LIST_CAP = 10_000

/** Filter for things placed in grids (cameras, key places, staff, patrol teams and routes). */
export interface PlacedFilter {
  subtreeOf?: string
  bbox?: BBox
}

/** KPIs of one grid over a period. */
export interface GridKpiRow {
  gridId: string
  kpis: CaseKpis
}

/** KPIs of a grid and of each of its children, computed over the same cases. */
export interface GridKpiReport {
  grid: GridKpiRow
  children: GridKpiRow[]
}

/** Read access to a territory. Every method resolves to what the current viewer may see. */
export interface DataSource {
  readonly mode: 'demo' | 'supabase'
  /** The instant KPIs and overdue flags are measured against. */
  now: () => Millis
  listGrids: (filter?: GridFilter) => Promise<Grid[]>
  /** Resolves to null when no visible grid has this code. */
  getGridByCode: (code: string) => Promise<Grid | null>
  /** The grid and its ancestors, root first (for breadcrumbs). */
  getGridLineage: (gridId: string) => Promise<Grid[]>
  /** The matching cases, oldest report first, capped (see CasePage). */
  listCases: (filter?: CaseFilter) => Promise<CasePage>
  /**
   * KPIs of a grid and its children over a period, measured as at `at` (default now()): an
   * earlier period for 同比/环比 is measured as at the same distance back, like with like.
   */
  gridKpis: (gridId: string, period: Period, at?: Millis) => Promise<GridKpiReport>
  listPatrolTeams: (filter?: PlacedFilter) => Promise<PatrolTeam[]>
  listPatrolRoutes: (filter?: PlacedFilter) => Promise<PatrolRoute[]>
  listCameras: (filter?: PlacedFilter) => Promise<Camera[]>
  listKeyPlaces: (filter?: PlacedFilter) => Promise<KeyPlace[]>
  listStaff: (filter?: PlacedFilter) => Promise<Staff[]>
  listRoads: (filter?: { bbox?: BBox }) => Promise<Road[]>
}

export type DataErrorKind = 'not_found' | 'forbidden' | 'invalid' | 'conflict' | 'unavailable' | 'unknown'

/** Any thrown value as the one error type the UI shows; `kind` for values that are not DataErrors yet (the value is kept as the cause). */
export function asDataError(e: unknown, kind: DataErrorKind = 'unknown'): DataError {
  return e instanceof DataError ? e : new DataError(kind, e instanceof Error ? e.message : String(e), undefined, { cause: e })
}

/**
 * What a DataError carries beyond its message, where the failure said it. Every field is optional;
 * the UI reads `code` and `field` to place and phrase a refusal, the rest is for diagnosis.
 */
export interface DataErrorDetail {
  /** Machine code: the case loop's (missing_input, invalid_input, not_permitted, stale_version …), Auth's (invalid_credentials) or PostgREST's. */
  code?: string | null
  /** The input field at fault, as NewCaseInput and TransitionInput name it. */
  field?: string | null
  /** Why that field was refused (a CaseInputError reason, or outside_territory). */
  reason?: string
  /** The case-loop action that was refused. */
  action?: string
  /** The case's status when a move was refused (case loop), or the HTTP status (server). */
  status?: string | number | null
  /** The grid the refusal is about. */
  gridId?: string
  /** When a rate-limited action (remind) may be tried again. */
  retryAt?: Millis
  /** Postgres and PostgREST: the SQLSTATE, and the server's message, details and hint. */
  sqlstate?: string
  message?: string | null
  details?: string | null
  hint?: string | null
  /** Storage's own status code (often the intended HTTP status, as text). */
  statusCode?: string | null
  /** Where in a server answer a malformed value was, and the value. */
  path?: string
  value?: unknown
}

/** The one error type the UI receives from the data layer. */
export class DataError extends Error {
  constructor(readonly kind: DataErrorKind, message: string, readonly detail?: DataErrorDetail, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DataError'
  }
}
