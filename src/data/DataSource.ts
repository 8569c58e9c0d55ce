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
  listCases: (filter?: CaseFilter) => Promise<CaseRecord[]>
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
