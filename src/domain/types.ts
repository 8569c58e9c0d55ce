// Domain types shared by every layer. Plain data only: no classes, no framework types, so the
// same values move between the demo generator, Web Workers, Supabase rows and Vue components.
import type { LineString, MultiPolygon } from 'geojson'

/** [longitude, latitude] in WGS 84 (EPSG:4326). */
export type LngLat = [number, number]

/** [west, south, east, north] in WGS 84 degrees. */
export type BBox = [number, number, number, number]

/** Epoch milliseconds (UTC). Domain times are numbers so KPI and deadline arithmetic stays cheap. */
export type Millis = number

/** 1 township/street, 2 village/community, 3 villager group/block, 4 sub-grid. */
export type GridLevel = 1 | 2 | 3 | 4

/** An area of responsibility in the grid hierarchy. */
export interface Grid {
  id: string
  /** 15 digits (county 6 + township 3 + village 3 + grid 3), 18 with a level-4 suffix. */
  code: string
  level: GridLevel
  parentId: string | null
  /** Chinese name as used locally, e.g. 东岭村. */
  name: string
  /** Romanised name for the English interface, e.g. Dongling Village. */
  nameEn: string
  boundary: MultiPolygon
  /** Point inside the polygon where its label is placed. */
  labelPoint: LngLat
  areaKm2: number
  chiefId: string | null
  workerIds: string[]
  /** Aggregate counts only: the product keeps no profiles of residents. */
  households: number
  population: number
}

/** Where a case came from (信息来源). */
export type CaseSource = 'patrol' | 'visit' | 'phone' | 'letter' | 'camera' | 'handover' | 'sweep'

/** State of a case in the case loop (事件处置闭环). */
export type CaseStatus
  = | 'reported'
    | 'registered'
    | 'dispatched'
    | 'in_progress'
    | 'reported_back'
    | 'returned'
    | 'escalated'
    | 'closed'
    | 'cancelled'

/** Outcome a handling unit reports back. */
export type CaseOutcome = 'resolved' | 'mediated' | 'unresolvable' | 'referred'

/** A co-handling unit of a case (协办单位) and whether it has reported its part. */
export interface CoHandler {
  unitId: string
  reportedAt: Millis | null
  outcome: CaseOutcome | null
}

/** Which centre currently owns the case: 0 village, 1 township, 2 county. */
export type EscalationLevel = 0 | 1 | 2

/** One case (事件/案件). Reporter contact is deliberately not part of this record: it lives with the handlers only. */
export interface CaseRecord {
  id: string
  /** Human-readable number, e.g. QS-2026-001234. */
  code: string
  /** Subcategory code from the category tree (see categories.ts). */
  categoryCode: string
  title: string
  description: string
  source: CaseSource
  status: CaseStatus
  outcome: CaseOutcome | null
  urgent: boolean
  location: LngLat
  /** Address or landmark as the reporter described it. */
  address?: string | null
  /** Deepest grid containing the location. */
  gridId: string
  escalationLevel: EscalationLevel
  /** Lead handling unit id (see units.ts), null before dispatch. */
  leadUnitId: string | null
  /** Co-handling units besides the lead; absent or empty when none. The case closes only once all have reported. */
  coHandlers?: CoHandler[]
  assigneeId: string | null
  reportedAt: Millis
  registeredAt: Millis | null
  dispatchedAt: Millis | null
  reportedBackAt: Millis | null
  closedAt: Millis | null
  dueAt: Millis
  supervised: boolean
  version: number
  /** Photos attached at intake (ids as CaseLoopSource.uploadPhoto answered them); absent or empty when none. */
  photoIds?: string[]
}

export type PatrolTeamKind = 'police' | 'militia' | 'volunteer' | 'security'

/** A patrol team (巡防队). */
export interface PatrolTeam {
  id: string
  name: string
  nameEn: string
  kind: PatrolTeamKind
  /** Grid the team belongs to (a village for volunteers, the township for police). */
  gridId: string
  memberCount: number
  leaderId: string | null
  /** The team's patrol post (巡逻岗), where its shifts start; null when none is recorded. */
  post: LngLat | null
}

/** Which days a route is patrolled: every day, odd or even days of the month, or ISO weekdays (1 = Monday). */
export type PatrolDays = { kind: 'daily' } | { kind: 'odd' } | { kind: 'even' } | { kind: 'weekdays', weekdays: number[] }

/** A time window within one day, local time, "HH:MM". End may be before start for windows crossing midnight. */
export interface TimeWindow {
  start: string
  end: string
}

export interface PatrolSchedule {
  days: PatrolDays
  windows: TimeWindow[]
}

/** A patrol route along roads. */
export interface PatrolRoute {
  id: string
  teamId: string
  name: string
  nameEn: string
  path: LineString
  lengthKm: number
  schedule: PatrolSchedule
}

export type CameraKind = 'junction' | 'key_place' | 'checkpoint' | 'road'
export type CameraStatus = 'online' | 'offline'

/** A public video point (点位); checkpoints are 卡口. */
export interface Camera {
  id: string
  code: string
  name: string
  kind: CameraKind
  location: LngLat
  /** Direction the camera looks, degrees clockwise from north. */
  bearing: number
  /** Horizontal field of view in degrees. */
  fov: number
  /** Useful viewing distance in metres. */
  rangeM: number
  status: CameraStatus
  gridId: string
}

export type KeyPlaceKind = 'school' | 'market' | 'clinic' | 'government' | 'police' | 'construction' | 'factory' | 'station' | 'square' | 'temple'

/** A place that matters for safety and service (重点场所). */
export interface KeyPlace {
  id: string
  name: string
  nameEn: string
  kind: KeyPlaceKind
  location: LngLat
  gridId: string
}

export type StaffRole = 'commander' | 'chief' | 'worker' | 'helper'

/** A member of staff serving a grid. Phone numbers are stored masked. */
export interface Staff {
  id: string
  name: string
  role: StaffRole
  gridId: string
  /** e.g. 138****5521 */
  phoneMasked: string
}

/** A road of the demo network; real territories bring their own. */
export interface Road {
  id: string
  name: string
  kind: 'main' | 'village'
  path: LineString
}

/** What a membership lets a user do on a grid and everything below it. */
export type Role = 'county_admin' | 'township_commander' | 'village_chief' | 'grid_worker' | 'wall_viewer'

/** A user's role on one grid; it covers that grid's whole subtree. */
export interface Membership {
  userId: string
  gridId: string
  role: Role
}

/** A user acting for a handling unit (see units.ts), e.g. an officer of the police station. */
export interface UnitMembership {
  userId: string
  unitId: string
}
