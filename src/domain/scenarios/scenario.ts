// A planning scenario (方案): a named list of edits to a grid's cameras and patrol routes, kept
// apart from the real ones until an administrator applies it. Edits, not a copy of the proposed
// set, so a scenario stays small, shows what it changes, and can be re-applied on a newer base.
import type { LineString } from 'geojson'
import type { Camera, CameraKind, LngLat, Millis, PatrolRoute, PatrolSchedule } from '../types'

/** A patrol stop with the time spent there (Koper: 10–15 minutes). */
export interface PatrolStop {
  location: LngLat
  dwellMin: number
}

/** A route of the proposed set: a real or new route, with its planned stops (empty when none). */
export interface ProposedRoute extends PatrolRoute {
  stops: PatrolStop[]
  /** True for a route the scenario adds. */
  added: boolean
}

/** A camera of the proposed set. */
export interface ProposedCamera extends Camera {
  /** True for a camera the scenario adds. */
  added: boolean
}

/** What a new camera needs; its id is the scenario's own (e.g. "new-1"), unique within the scenario. */
export interface NewCamera {
  id: string
  code: string
  name: string
  kind: CameraKind
  location: LngLat
  bearing: number
  fov: number
  rangeM: number
}

/** What a new route needs; its id is the scenario's own, its length is measured from the line. */
export interface NewRoute {
  id: string
  teamId: string
  name: string
  nameEn: string
  path: LineString
  schedule: PatrolSchedule
}

/** One change to a camera. */
export type CameraEdit
  = | { kind: 'camera.add', camera: NewCamera }
    | { kind: 'camera.move', cameraId: string, location: LngLat }
    | { kind: 'camera.rotate', cameraId: string, bearing: number }
    | { kind: 'camera.widen', cameraId: string, fov: number }
    | { kind: 'camera.range', cameraId: string, rangeM: number }
    | { kind: 'camera.remove', cameraId: string }

/** One change to a patrol route. */
export type RouteEdit
  = | { kind: 'route.add', route: NewRoute }
    | { kind: 'route.schedule', routeId: string, schedule: PatrolSchedule }
    | { kind: 'route.stops', routeId: string, stops: PatrolStop[] }
    | { kind: 'route.remove', routeId: string }

export type ScenarioEdit = CameraEdit | RouteEdit

/** A saved scenario. `version` counts saves (optimistic concurrency); `baseRevision` names the real set it was drawn on. */
export interface Scenario {
  id: string
  name: string
  ownerId: string
  /** The scope: the grid whose cameras and routes it edits; every edit stays inside it. */
  gridId: string
  /** The data layer's revision of the scope's cameras and routes when the scenario was started. */
  baseRevision: string
  edits: ScenarioEdit[]
  version: number
  createdAt: Millis
  updatedAt: Millis
}

/** A scenario as the planner hands it to save: the store sets owner, times and the next version. */
export interface ScenarioDraft {
  /** Absent for a new scenario. */
  id?: string
  name: string
  gridId: string
  baseRevision: string
  edits: ScenarioEdit[]
}

/** Caps shared with the database (scenarios table): more is refused, not truncated. */
export const SCENARIO_LIMITS = {
  maxEdits: 500,
  /** Bytes of the edits as JSON. */
  maxEditsJsonBytes: 262_144,
  maxNameLength: 100,
  maxStops: 100,
  maxRoutePoints: 5_000,
} as const
