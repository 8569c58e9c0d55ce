import type { CaseFilter, CasePage, DataSource, GridFilter, GridKpiReport, Period, PlacedFilter } from '../DataSource'
import type { PinganSupabaseClient } from './client'
import type { RpcResult } from './errors'
import type { BBox, Camera, Grid, KeyPlace, Millis, PatrolRoute, PatrolTeam, Road, Staff } from '~/domain/types'
import { DataError } from '../DataSource'
import { dataErrorFromPostgrest, runRpc } from './errors'
import { cameraFromJson, cappedFromJson, caseFromJson, gridsFromFeatureCollection, keyPlaceFromJson, kpiReportFromJson, patrolRouteFromJson, patrolTeamFromJson, roadFromJson, staffFromJson } from './mappers'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** True when `id` can be a database row id; anything else names no row the caller can see. */
export function isUuid(id: string): boolean {
  return UUID.test(id)
}

/** The RPC arguments of a filter: only the fields that are set, so the function's defaults apply to the rest. */
function args<T extends Record<string, unknown>>(all: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}

function notVisible(gridId: string): DataError {
  return new DataError('not_found', `grid ${gridId} does not exist or is not visible to you`)
}

/**
 * The DataSource on a Supabase project: one read RPC per method. The RPCs run as the caller
 * (security invoker), so row-level security decides what each method returns, exactly as the
 * embedded demo's visibility rule does. Requests carry the signed-in user's JWT from the client.
 */
export class SupabaseDataSource implements DataSource {
  readonly mode = 'supabase' as const

  constructor(private client: PinganSupabaseClient, private clock: () => Millis = Date.now) {}

  now = (): Millis => this.clock()

  /** Awaits one RPC and turns its failure into a DataError naming what was being done. */
  private run<T>(action: string, call: () => PromiseLike<RpcResult>, map: (data: unknown) => T): Promise<T> {
    return runRpc(action, call, map, dataErrorFromPostgrest)
  }

  async listGrids(filter: GridFilter = {}): Promise<Grid[]> {
    // Ids that are not uuids name no row: answer as the demo does for an unknown id, without a 400.
    if ((filter.parentId !== undefined && !isUuid(filter.parentId)) || (filter.subtreeOf !== undefined && !isUuid(filter.subtreeOf)))
      return []
    const ids = filter.ids?.filter(isUuid)
    return this.run('Listing grids', () => this.client.rpc('grids_geojson', args({
      p_ids: ids,
      p_level: filter.level,
      p_parent_id: filter.parentId,
      p_subtree_of: filter.subtreeOf,
      p_bbox: filter.bbox,
    })), data => gridsFromFeatureCollection(data, 'grids_geojson'))
  }

  async getGridByCode(code: string): Promise<Grid | null> {
    const grids = await this.run('Finding a grid by code', () => this.client.rpc('grids_geojson', { p_codes: [code] }), data => gridsFromFeatureCollection(data, 'grids_geojson'))
    return grids[0] ?? null
  }

  async getGridLineage(gridId: string): Promise<Grid[]> {
    if (!isUuid(gridId))
      throw notVisible(gridId)
    const lineage = await this.run('Loading the grid lineage', () => this.client.rpc('grid_lineage', { p_grid_id: gridId }), data => gridsFromFeatureCollection(data, 'grid_lineage'))
    // The RPC answers an empty collection when the grid itself is not visible.
    if (lineage.length === 0)
      throw notVisible(gridId)
    return lineage
  }

  /**
   * Every CaseFilter field is an argument of cases_in_view, so the server's total counts exactly
   * what was asked for; "overdue" is measured at this source's clock (p_now), like the KPIs.
   */
  async listCases(filter: CaseFilter = {}): Promise<CasePage> {
    if (filter.subtreeOf !== undefined && !isUuid(filter.subtreeOf))
      return { cases: [], total: 0, truncated: false }
    const search = filter.search?.trim() || undefined
    const page = await this.run('Listing cases', () => this.client.rpc('cases_in_view', args({
      p_bbox: filter.bbox,
      p_from: filter.period?.from,
      p_to: filter.period?.to,
      p_subtree_of: filter.subtreeOf,
      p_statuses: filter.statuses,
      p_category_codes: filter.categoryCodes,
      p_sources: filter.sources,
      p_supervised: filter.supervised,
      p_overdue: filter.overdue,
      p_now: filter.overdue === undefined ? undefined : this.now(),
      p_mine: filter.mine,
      p_search: search,
    })), data => cappedFromJson(data, 'cases', caseFromJson, 'cases_in_view'))
    return { cases: page.items, total: page.total, truncated: page.truncated }
  }

  async gridKpis(gridId: string, period: Period, at?: Millis): Promise<GridKpiReport> {
    if (!isUuid(gridId))
      throw notVisible(gridId)
    try {
      // Measured at this source's clock, like every other figure the screens show.
      return await this.run('Computing grid KPIs', () => this.client.rpc('grid_kpis', { p_grid_id: gridId, p_from: period.from, p_to: period.to, p_now: at ?? this.now() }), data => kpiReportFromJson(data, 'grid_kpis'))
    }
    catch (error) {
      if (error instanceof DataError && error.kind === 'not_found')
        throw notVisible(gridId)
      throw error
    }
  }

  async listPatrolTeams(filter: PlacedFilter = {}): Promise<PatrolTeam[]> {
    if (!placedFilterCanMatch(filter))
      return []
    return this.run('Listing patrol teams', () => this.client.rpc('list_patrol_teams', placedArgs(filter)), data => capped(data, patrolTeamFromJson, 'list_patrol_teams'))
  }

  async listPatrolRoutes(filter: PlacedFilter = {}): Promise<PatrolRoute[]> {
    if (!placedFilterCanMatch(filter))
      return []
    return this.run('Listing patrol routes', () => this.client.rpc('list_patrol_routes', placedArgs(filter)), data => capped(data, patrolRouteFromJson, 'list_patrol_routes'))
  }

  async listCameras(filter: PlacedFilter = {}): Promise<Camera[]> {
    if (!placedFilterCanMatch(filter))
      return []
    return this.run('Listing cameras', () => this.client.rpc('list_cameras', placedArgs(filter)), data => capped(data, cameraFromJson, 'list_cameras'))
  }

  async listKeyPlaces(filter: PlacedFilter = {}): Promise<KeyPlace[]> {
    if (!placedFilterCanMatch(filter))
      return []
    return this.run('Listing key places', () => this.client.rpc('list_key_places', placedArgs(filter)), data => capped(data, keyPlaceFromJson, 'list_key_places'))
  }

  async listStaff(filter: PlacedFilter = {}): Promise<Staff[]> {
    if (!placedFilterCanMatch(filter))
      return []
    return this.run('Listing staff', () => this.client.rpc('list_staff', placedArgs(filter)), data => capped(data, staffFromJson, 'list_staff'))
  }

  async listRoads(filter: { bbox?: BBox } = {}): Promise<Road[]> {
    return this.run('Listing roads', () => this.client.rpc('list_roads', args({ p_bbox: filter.bbox })), data => capped(data, roadFromJson, 'list_roads'))
  }
}

function placedFilterCanMatch(filter: PlacedFilter): boolean {
  return filter.subtreeOf === undefined || isUuid(filter.subtreeOf)
}

function placedArgs(filter: PlacedFilter) {
  return args({ p_subtree_of: filter.subtreeOf, p_bbox: filter.bbox })
}

/**
 * The items of a capped list answer. These lists are capped well above a county's count of each
 * kind (see private.list_cap); the map layers they feed show what came, and the cap only guards
 * the server against a runaway request.
 */
function capped<T>(data: unknown, one: (v: unknown, path: string) => T, fn: string): T[] {
  return cappedFromJson(data, 'items', one, fn).items
}
