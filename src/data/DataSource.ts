// The one data-layer contract. The embedded demo and Supabase both implement it, so every screen
// works on both; rows are mapped to domain types before they cross it.
import type { CaseKpis } from '~/domain/kpi'
import type { BBox, Camera, CaseRecord, CaseSource, CaseStatus, Grid, GridLevel, KeyPlace, Millis, PatrolRoute, PatrolTeam, Road, Staff } from '~/domain/types'

/** Half-open time range [from, to) in epoch milliseconds. */
export interface Period {
  from: Millis
  to: Millis
}

/** Filter for grids. All given fields must match. */
export interface GridFilter {
  ids?: string[]
  level?: GridLevel
  parentId?: string
  /** The grid itself and everything below it. */
  subtreeOf?: string
  bbox?: BBox
}

/** Filter for cases. All given fields must match. */
export interface CaseFilter {
  subtreeOf?: string
  bbox?: BBox
  /** Cases reported within this period. */
  period?: Period
  statuses?: CaseStatus[]
  categoryCodes?: string[]
  sources?: CaseSource[]
  /** Open and past the deadline at `now()`. */
  overdue?: boolean
  supervised?: boolean
  /** Cases the viewer handles: assigned to them, or led or co-handled by a unit they act for. */
  mine?: boolean
  /** Free text over code, title, description and address (case-insensitive substring). */
  search?: string
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
  gridKpis: (gridId: string, period: Period) => Promise<GridKpiReport>
  listPatrolTeams: (filter?: PlacedFilter) => Promise<PatrolTeam[]>
  listPatrolRoutes: (filter?: PlacedFilter) => Promise<PatrolRoute[]>
  listCameras: (filter?: PlacedFilter) => Promise<Camera[]>
  listKeyPlaces: (filter?: PlacedFilter) => Promise<KeyPlace[]>
  listStaff: (filter?: PlacedFilter) => Promise<Staff[]>
  listRoads: (filter?: { bbox?: BBox }) => Promise<Road[]>
}

export type DataErrorKind = 'not_found' | 'forbidden' | 'invalid' | 'conflict' | 'unavailable' | 'unknown'

/** Any thrown value as the one error type the UI shows; `kind` for values that are not DataErrors yet. */
export function asDataError(e: unknown, kind: DataErrorKind = 'unknown'): DataError {
  return e instanceof DataError ? e : new DataError(kind, e instanceof Error ? e.message : String(e), e)
}

/** The one error type the UI receives from the data layer. */
export class DataError extends Error {
  constructor(readonly kind: DataErrorKind, message: string, readonly detail?: unknown) {
    super(message)
    this.name = 'DataError'
  }
}
