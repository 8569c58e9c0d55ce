// Canned RPC answers in the exact JSON shape the read RPCs produce (supabase/migrations/*_read_rpcs.sql),
// with the domain objects they must map to. Unit tests answer supabase-js with these.
import type { Camera, CaseRecord, Grid, KeyPlace, PatrolRoute, PatrolTeam, Road, Staff } from '~/domain/types'

const G11 = 'bd453c10-c893-5aa8-8eb4-4bb7be10bdf6'
const V1 = 'ee3c343e-9300-5862-a1a8-5b48ef95530f'
const STAFF = 'a5f1c1de-8a3c-5a67-9d7e-0c8c2f7f4b11'

/** A grid_feature() as grids_geojson and grid_lineage return it. */
export const GRID_FEATURE = {
  type: 'Feature',
  id: G11,
  geometry: { type: 'MultiPolygon', coordinates: [[[[120, 30], [120.1, 30], [120.1, 30.1], [120, 30.1], [120, 30]]]] },
  properties: {
    id: G11,
    code: '330102001001001',
    level: 3,
    parentId: V1,
    name: '网格G11',
    nameEn: 'Grid G11',
    labelPoint: [120.05, 30.05],
    areaKm2: 10.5,
    households: 100,
    population: 300,
    chiefId: STAFF,
    workerIds: [STAFF],
  },
}

/** The Grid GRID_FEATURE maps to. */
export const GRID: Grid = {
  id: G11,
  code: '330102001001001',
  level: 3,
  parentId: V1,
  name: '网格G11',
  nameEn: 'Grid G11',
  boundary: { type: 'MultiPolygon', coordinates: [[[[120, 30], [120.1, 30], [120.1, 30.1], [120, 30.1], [120, 30]]]] },
  labelPoint: [120.05, 30.05],
  areaKm2: 10.5,
  chiefId: STAFF,
  workerIds: [STAFF],
  households: 100,
  population: 300,
}

/** A township feature, for lineages. */
export const TOWNSHIP_FEATURE = {
  ...GRID_FEATURE,
  id: 'de42c9c2-05cb-5b4b-ad13-6a1c592a40aa',
  properties: { ...GRID_FEATURE.properties, id: 'de42c9c2-05cb-5b4b-ad13-6a1c592a40aa', code: '330102001000000', level: 1, parentId: null, name: '青山镇', nameEn: 'Qingshan Town', chiefId: null, workerIds: [] },
}

/** A case_json() row. */
export const CASE_ROW = {
  id: '0c1f5a0e-3b7e-5d1e-9a55-2f1d3c4b5a69',
  code: 'FX-2026-0001',
  categoryCode: '0101',
  title: '邻里纠纷',
  description: 'Noise at night',
  source: 'patrol',
  status: 'dispatched',
  outcome: null,
  urgent: false,
  location: [120.07, 30.07],
  gridId: G11,
  escalationLevel: 0,
  leadUnitId: 'village',
  coHandlers: [{ unitId: 'police', reportedAt: 1768000000000, outcome: 'resolved' }],
  assigneeId: STAFF,
  reportedAt: 1767312000000,
  registeredAt: 1767315600000,
  dispatchedAt: 1767319200000,
  reportedBackAt: null,
  closedAt: null,
  dueAt: 1768176000000,
  supervised: true,
  version: 3,
}

/** The CaseRecord CASE_ROW maps to. */
export const CASE: CaseRecord = {
  id: '0c1f5a0e-3b7e-5d1e-9a55-2f1d3c4b5a69',
  code: 'FX-2026-0001',
  categoryCode: '0101',
  title: '邻里纠纷',
  description: 'Noise at night',
  source: 'patrol',
  status: 'dispatched',
  outcome: null,
  urgent: false,
  location: [120.07, 30.07],
  gridId: G11,
  escalationLevel: 0,
  leadUnitId: 'village',
  coHandlers: [{ unitId: 'police', reportedAt: 1768000000000, outcome: 'resolved' }],
  assigneeId: STAFF,
  reportedAt: 1767312000000,
  registeredAt: 1767315600000,
  dispatchedAt: 1767319200000,
  reportedBackAt: null,
  closedAt: null,
  dueAt: 1768176000000,
  supervised: true,
  version: 3,
}

/** kpis_json() of a grid with cases, and of one without. */
export const KPIS_JSON = { total: 4, open: 1, overdue: 1, closed: 3, resolved: 2, resolutionRate: 0.5, onTimeRate: 2 / 3, dueToClose: 3, closedOfDue: 3, closingRate: 1, closedOnTimeOfDue: 2, onTimeClosingRate: 2 / 3, disputes: 2, disputesResolved: 1, disputeResolutionRate: 0.5, closedInPeriod: 3, avgHandlingMs: 86400000 }
export const EMPTY_KPIS_JSON = { total: 0, open: 0, overdue: 0, closed: 0, resolved: 0, resolutionRate: null, onTimeRate: null, dueToClose: 0, closedOfDue: 0, closingRate: null, closedOnTimeOfDue: 0, onTimeClosingRate: null, disputes: 0, disputesResolved: 0, disputeResolutionRate: null, closedInPeriod: 0, avgHandlingMs: null }

/** A grid_kpis() answer for V1 with two children. */
export const KPI_REPORT_JSON = {
  grid: { gridId: V1, kpis: KPIS_JSON },
  children: [{ gridId: G11, kpis: KPIS_JSON }, { gridId: 'de7cf52a-c772-516e-9cd7-1c230a8815c0', kpis: EMPTY_KPIS_JSON }],
}

export const STAFF_ROW = { id: STAFF, name: '网格员甲', role: 'worker', gridId: G11, phoneMasked: '139****0002' }
export const STAFF_MEMBER: Staff = { id: STAFF, name: '网格员甲', role: 'worker', gridId: G11, phoneMasked: '139****0002' }

export const TEAM_ROW = { id: '7d9b0c52-9d1a-5f7c-8a8e-1b2c3d4e5f60', name: '巡防队G11', nameEn: 'Patrol G11', kind: 'volunteer', gridId: G11, memberCount: 6, leaderId: null, post: [120.123, 30.234] }
export const TEAM: PatrolTeam = { id: '7d9b0c52-9d1a-5f7c-8a8e-1b2c3d4e5f60', name: '巡防队G11', nameEn: 'Patrol G11', kind: 'volunteer', gridId: G11, memberCount: 6, leaderId: null, post: [120.123, 30.234] }

export const ROUTE_ROW = {
  id: '5e6f7a8b-9c0d-5e1f-8a2b-3c4d5e6f7a8b',
  teamId: TEAM.id,
  name: '路线G11',
  nameEn: 'Route G11',
  path: { type: 'LineString', coordinates: [[120.02, 30.02], [120.08, 30.08]] },
  lengthKm: 2.5,
  schedule: { days: { kind: 'weekdays', weekdays: [1, 3, 5] }, windows: [{ start: '19:00', end: '21:00' }, { start: '23:00', end: '01:00' }] },
}
export const ROUTE: PatrolRoute = {
  id: '5e6f7a8b-9c0d-5e1f-8a2b-3c4d5e6f7a8b',
  teamId: TEAM.id,
  name: '路线G11',
  nameEn: 'Route G11',
  path: { type: 'LineString', coordinates: [[120.02, 30.02], [120.08, 30.08]] },
  lengthKm: 2.5,
  schedule: { days: { kind: 'weekdays', weekdays: [1, 3, 5] }, windows: [{ start: '19:00', end: '21:00' }, { start: '23:00', end: '01:00' }] },
}

export const CAMERA_ROW = { id: '1a2b3c4d-5e6f-5a7b-8c9d-0e1f2a3b4c5d', code: 'CAM-001', name: '摄像头G11', kind: 'checkpoint', location: [120.06, 30.06], bearing: 90, fov: 80, rangeM: 60, status: 'offline', gridId: G11 }
export const CAMERA: Camera = { id: '1a2b3c4d-5e6f-5a7b-8c9d-0e1f2a3b4c5d', code: 'CAM-001', name: '摄像头G11', kind: 'checkpoint', location: [120.06, 30.06], bearing: 90, fov: 80, rangeM: 60, status: 'offline', gridId: G11 }

export const PLACE_ROW = { id: '2b3c4d5e-6f7a-5b8c-9d0e-1f2a3b4c5d6e', name: '学校G11', nameEn: 'School G11', kind: 'school', location: [120.07, 30.07], gridId: G11 }
export const PLACE: KeyPlace = { id: '2b3c4d5e-6f7a-5b8c-9d0e-1f2a3b4c5d6e', name: '学校G11', nameEn: 'School G11', kind: 'school', location: [120.07, 30.07], gridId: G11 }

export const ROAD_ROW = { id: '3c4d5e6f-7a8b-5c9d-8e0f-2a3b4c5d6e7f', name: '青山大道', kind: 'main', path: { type: 'LineString', coordinates: [[120, 30.1], [120.4, 30.1]] } }
export const ROAD: Road = { id: '3c4d5e6f-7a8b-5c9d-8e0f-2a3b4c5d6e7f', name: '青山大道', kind: 'main', path: { type: 'LineString', coordinates: [[120, 30.1], [120.4, 30.1]] } }

/** my_access() for a grid worker linked to STAFF. */
export const MY_ACCESS_ROW = {
  userId: '227eb1d7-4418-5e05-ac77-76f04192eb67',
  staffIds: [STAFF],
  memberships: [{ gridId: G11, gridCode: '330102001001001', gridLevel: 3, role: 'grid_worker' }],
}
