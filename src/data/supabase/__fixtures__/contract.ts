// The request contract of the Supabase data layer: each DataSource call the app can make, with the
// exact RPC and JSON body supabase-js must send for it. Written out by hand, not recorded, so a
// change in what the data layer sends is a visible change here.
//
// Two tests share it: SupabaseDataSource.test.ts checks that supabase-js emits exactly these
// requests, and supabase/tests/data-layer.test.ts makes the same calls through a PostgREST shim
// on a real database under each fixture user's JWT, checking the shim received these same bodies.
// Ids are the database uuids of the hand-made fixture territory of supabase/tests/fixtures
// (supabase/seed/ids.ts toUuid('grid-T1'), ...); the database test checks they still match.
import type { DataSource } from '../../DataSource'
import type { BBox } from '~/domain/types'

/** Uuids of the fixture territory's grids (see supabase/tests/fixtures/territory.ts for the tree). */
export const FIXTURE_GRIDS = {
  T1: 'de42c9c2-05cb-5b4b-ad13-6a1c592a40aa',
  V1: 'ee3c343e-9300-5862-a1a8-5b48ef95530f',
  V2: '3535c7bd-04c4-52f9-ada3-84977803023e',
  G11: 'bd453c10-c893-5aa8-8eb4-4bb7be10bdf6',
  G12: 'de7cf52a-c772-516e-9cd7-1c230a8815c0',
  S111: '654a5d7c-3ed7-5078-b127-d102fcf48483',
  T2: 'ffee383f-2716-59cb-b08e-b2f0a3405e7c',
  H11: 'b43a2219-9424-5c86-8bc6-473e50ec6017',
} as const

/** Grid codes the contract looks up. */
export const FIXTURE_CODES = {
  V1: '330102001001000',
  H11: '330102002001001',
} as const

/** The fixture's KPI period (2026-01-01 to 2026-07-01 UTC) and the instant it is measured at. */
export const FIXTURE_PERIOD = { from: 1767225600000, to: 1782864000000 } as const
export const FIXTURE_NOW = 1782864000000

/** The west part of township T1: groups G11 and S111 and what lies in them, parts of T1 and V1. */
export const WEST_BOX: BBox = [120.0, 30.0, 120.09, 30.09]
/** Around the west end of the fixture's one road. */
export const ROAD_BOX: BBox = [119.95, 30.05, 120.05, 30.15]

/** One RPC request: POST /rest/v1/rpc/<fn> with `body` as JSON. */
export interface ContractRequest {
  fn: string
  body: Record<string, unknown>
}

/** One DataSource call and the requests it must produce. */
export interface ContractCall {
  name: string
  run: (ds: DataSource) => Promise<unknown>
  /** The RPCs and their JSON bodies, in order; none when the data source must answer without asking the server. */
  requests: ContractRequest[]
}

const G = FIXTURE_GRIDS

/** Every call, covering each method and each filter field alone and combined. */
export const CONTRACT_CALLS: readonly ContractCall[] = [
  { name: 'listGrids()', run: ds => ds.listGrids(), requests: [{ fn: 'grids_geojson', body: {} }] },
  { name: 'listGrids({ level: 2 })', run: ds => ds.listGrids({ level: 2 }), requests: [{ fn: 'grids_geojson', body: { p_level: 2 } }] },
  { name: 'listGrids({ parentId: V1 })', run: ds => ds.listGrids({ parentId: G.V1 }), requests: [{ fn: 'grids_geojson', body: { p_parent_id: G.V1 } }] },
  { name: 'listGrids({ subtreeOf: G11 })', run: ds => ds.listGrids({ subtreeOf: G.G11 }), requests: [{ fn: 'grids_geojson', body: { p_subtree_of: G.G11 } }] },
  { name: 'listGrids({ ids })', run: ds => ds.listGrids({ ids: [G.V1, G.S111, G.T2] }), requests: [{ fn: 'grids_geojson', body: { p_ids: [G.V1, G.S111, G.T2] } }] },
  { name: 'listGrids({ bbox })', run: ds => ds.listGrids({ bbox: WEST_BOX }), requests: [{ fn: 'grids_geojson', body: { p_bbox: WEST_BOX } }] },
  {
    name: 'listGrids({ level, parentId, subtreeOf, ids, bbox })',
    run: ds => ds.listGrids({ level: 3, parentId: G.V1, subtreeOf: G.T1, ids: [G.G11, G.G12], bbox: WEST_BOX }),
    requests: [{ fn: 'grids_geojson', body: { p_ids: [G.G11, G.G12], p_level: 3, p_parent_id: G.V1, p_subtree_of: G.T1, p_bbox: WEST_BOX } }],
  },
  { name: 'listGrids({ parentId: not a uuid })', run: ds => ds.listGrids({ parentId: 'grid-V1' }), requests: [] },
  { name: 'getGridByCode(V1)', run: ds => ds.getGridByCode(FIXTURE_CODES.V1), requests: [{ fn: 'grids_geojson', body: { p_codes: [FIXTURE_CODES.V1] } }] },
  { name: 'getGridByCode(H11)', run: ds => ds.getGridByCode(FIXTURE_CODES.H11), requests: [{ fn: 'grids_geojson', body: { p_codes: [FIXTURE_CODES.H11] } }] },
  { name: 'getGridLineage(S111)', run: ds => ds.getGridLineage(G.S111), requests: [{ fn: 'grid_lineage', body: { p_grid_id: G.S111 } }] },
  { name: 'getGridLineage(H11)', run: ds => ds.getGridLineage(G.H11), requests: [{ fn: 'grid_lineage', body: { p_grid_id: G.H11 } }] },
  { name: 'listCases()', run: ds => ds.listCases(), requests: [{ fn: 'cases_in_view', body: {} }] },
  { name: 'listCases({ period })', run: ds => ds.listCases({ period: { from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 3, 1) } }), requests: [{ fn: 'cases_in_view', body: { p_from: Date.UTC(2026, 1, 1), p_to: Date.UTC(2026, 3, 1) } }] },
  { name: 'listCases({ subtreeOf: G11 })', run: ds => ds.listCases({ subtreeOf: G.G11 }), requests: [{ fn: 'cases_in_view', body: { p_subtree_of: G.G11 } }] },
  { name: 'listCases({ bbox })', run: ds => ds.listCases({ bbox: WEST_BOX }), requests: [{ fn: 'cases_in_view', body: { p_bbox: WEST_BOX } }] },
  { name: 'listCases({ statuses, categoryCodes })', run: ds => ds.listCases({ statuses: ['closed', 'in_progress'], categoryCodes: ['0101'] }), requests: [{ fn: 'cases_in_view', body: { p_statuses: ['closed', 'in_progress'], p_category_codes: ['0101'] } }] },
  {
    name: 'listCases({ subtreeOf, bbox, period, statuses, categoryCodes })',
    run: ds => ds.listCases({ subtreeOf: G.T1, bbox: WEST_BOX, period: FIXTURE_PERIOD, statuses: ['closed'], categoryCodes: ['0101', '0102'] }),
    requests: [{ fn: 'cases_in_view', body: { p_bbox: WEST_BOX, p_from: FIXTURE_PERIOD.from, p_to: FIXTURE_PERIOD.to, p_subtree_of: G.T1, p_statuses: ['closed'], p_category_codes: ['0101', '0102'] } }],
  },
  { name: 'listCases({ sources, supervised, search })', run: ds => ds.listCases({ sources: ['patrol'], supervised: false, search: 'g11' }), requests: [{ fn: 'cases_in_view', body: { p_sources: ['patrol'], p_supervised: false, p_search: 'g11' } }] },
  { name: 'listCases({ overdue })', run: ds => ds.listCases({ overdue: true }), requests: [{ fn: 'cases_in_view', body: { p_overdue: true, p_now: FIXTURE_NOW } }] },
  { name: 'listCases({ mine, subtreeOf: V1 })', run: ds => ds.listCases({ mine: true, subtreeOf: G.V1 }), requests: [{ fn: 'cases_in_view', body: { p_subtree_of: G.V1, p_mine: true } }] },
  { name: 'gridKpis(T1)', run: ds => ds.gridKpis(G.T1, FIXTURE_PERIOD), requests: [{ fn: 'grid_kpis', body: { p_grid_id: G.T1, p_from: FIXTURE_PERIOD.from, p_to: FIXTURE_PERIOD.to, p_now: FIXTURE_NOW } }] },
  { name: 'gridKpis(V1)', run: ds => ds.gridKpis(G.V1, FIXTURE_PERIOD), requests: [{ fn: 'grid_kpis', body: { p_grid_id: G.V1, p_from: FIXTURE_PERIOD.from, p_to: FIXTURE_PERIOD.to, p_now: FIXTURE_NOW } }] },
  { name: 'gridKpis(G11)', run: ds => ds.gridKpis(G.G11, FIXTURE_PERIOD), requests: [{ fn: 'grid_kpis', body: { p_grid_id: G.G11, p_from: FIXTURE_PERIOD.from, p_to: FIXTURE_PERIOD.to, p_now: FIXTURE_NOW } }] },
  { name: 'gridKpis(not a uuid)', run: ds => ds.gridKpis('grid-T1', FIXTURE_PERIOD), requests: [] },
  { name: 'listStaff()', run: ds => ds.listStaff(), requests: [{ fn: 'list_staff', body: {} }] },
  { name: 'listStaff({ subtreeOf: G11 })', run: ds => ds.listStaff({ subtreeOf: G.G11 }), requests: [{ fn: 'list_staff', body: { p_subtree_of: G.G11 } }] },
  { name: 'listStaff({ bbox })', run: ds => ds.listStaff({ bbox: WEST_BOX }), requests: [{ fn: 'list_staff', body: { p_bbox: WEST_BOX } }] },
  { name: 'listPatrolTeams()', run: ds => ds.listPatrolTeams(), requests: [{ fn: 'list_patrol_teams', body: {} }] },
  { name: 'listPatrolTeams({ subtreeOf: G11, bbox })', run: ds => ds.listPatrolTeams({ subtreeOf: G.G11, bbox: WEST_BOX }), requests: [{ fn: 'list_patrol_teams', body: { p_subtree_of: G.G11, p_bbox: WEST_BOX } }] },
  { name: 'listPatrolRoutes()', run: ds => ds.listPatrolRoutes(), requests: [{ fn: 'list_patrol_routes', body: {} }] },
  { name: 'listPatrolRoutes({ subtreeOf: G11 })', run: ds => ds.listPatrolRoutes({ subtreeOf: G.G11 }), requests: [{ fn: 'list_patrol_routes', body: { p_subtree_of: G.G11 } }] },
  { name: 'listPatrolRoutes({ bbox })', run: ds => ds.listPatrolRoutes({ bbox: WEST_BOX }), requests: [{ fn: 'list_patrol_routes', body: { p_bbox: WEST_BOX } }] },
  { name: 'listCameras()', run: ds => ds.listCameras(), requests: [{ fn: 'list_cameras', body: {} }] },
  { name: 'listCameras({ subtreeOf: G11, bbox })', run: ds => ds.listCameras({ subtreeOf: G.G11, bbox: WEST_BOX }), requests: [{ fn: 'list_cameras', body: { p_subtree_of: G.G11, p_bbox: WEST_BOX } }] },
  { name: 'listKeyPlaces()', run: ds => ds.listKeyPlaces(), requests: [{ fn: 'list_key_places', body: {} }] },
  { name: 'listKeyPlaces({ bbox })', run: ds => ds.listKeyPlaces({ bbox: WEST_BOX }), requests: [{ fn: 'list_key_places', body: { p_bbox: WEST_BOX } }] },
  { name: 'listKeyPlaces({ subtreeOf: G11 })', run: ds => ds.listKeyPlaces({ subtreeOf: G.G11 }), requests: [{ fn: 'list_key_places', body: { p_subtree_of: G.G11 } }] },
  { name: 'listRoads()', run: ds => ds.listRoads(), requests: [{ fn: 'list_roads', body: {} }] },
  { name: 'listRoads({ bbox })', run: ds => ds.listRoads({ bbox: ROAD_BOX }), requests: [{ fn: 'list_roads', body: { p_bbox: ROAD_BOX } }] },
]
