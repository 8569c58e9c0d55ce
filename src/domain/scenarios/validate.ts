// Checks a scenario against the set it edits, before anything is applied: every problem is listed
// with the edit it is in and the field, so the planner can fix them all at once.
import type { MultiPolygon, Position } from 'geojson'
import type { Camera, PatrolRoute, PatrolSchedule } from '../types'
import type { ScenarioEdit } from './scenario'
import { pointInMultiPolygon } from '../geometry'
import { SCENARIO_LIMITS } from './scenario'

/** One thing wrong with a scenario: which edit (index), which field, and why in words. */
export interface ScenarioProblem {
  /** Index into the edits, or null for the scenario itself (name, size). */
  edit: number | null
  field: string
  code: 'unknown_camera' | 'unknown_route' | 'duplicate_id' | 'removed' | 'out_of_range' | 'outside_scope' | 'too_short' | 'too_many' | 'invalid'
  message: string
}

/** What a scenario is checked against: the current set and the scope grid's boundary. */
export interface ValidationContext {
  cameras: readonly Camera[]
  routes: readonly PatrolRoute[]
  scope: { gridId: string, name: string, boundary: MultiPolygon }
}

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$/

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isPosition = (p: unknown): p is Position => Array.isArray(p) && p.length >= 2 && finite(p[0]) && finite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90

function scheduleError(s: PatrolSchedule | undefined): string | null {
  if (!s || typeof s !== 'object' || !s.days || !Array.isArray(s.windows))
    return 'must be {days, windows}'
  const days = s.days
  if (!['daily', 'odd', 'even', 'weekdays'].includes(days.kind))
    return `days.kind must be daily, odd, even or weekdays, not ${JSON.stringify(days.kind)}`
  if (days.kind === 'weekdays' && (!Array.isArray(days.weekdays) || days.weekdays.length === 0 || days.weekdays.some(d => !Number.isInteger(d) || d < 1 || d > 7)))
    return 'days.weekdays must list ISO weekdays 1–7'
  if (s.windows.length === 0)
    return 'needs at least one time window'
  for (const [i, w] of s.windows.entries()) {
    if (!HHMM.test(w?.start ?? '') || !HHMM.test(w?.end ?? ''))
      return `windows[${i}]: start and end must be "HH:MM"`
  }
  return null
}

/** Every problem of `edits` against the context; empty when the scenario applies cleanly. */
export function validateScenario(name: string, edits: readonly ScenarioEdit[], ctx: ValidationContext): ScenarioProblem[] {
  const problems: ScenarioProblem[] = []
  const add = (edit: number | null, field: string, code: ScenarioProblem['code'], message: string) => problems.push({ edit, field, code, message })

  const trimmed = name.trim()
  if (trimmed.length === 0 || trimmed.length > SCENARIO_LIMITS.maxNameLength)
    add(null, 'name', 'invalid', `name must be 1–${SCENARIO_LIMITS.maxNameLength} characters`)
  if (edits.length > SCENARIO_LIMITS.maxEdits)
    add(null, 'edits', 'too_many', `${edits.length} edits: a scenario holds at most ${SCENARIO_LIMITS.maxEdits}`)
  const bytes = new TextEncoder().encode(JSON.stringify(edits)).length
  if (bytes > SCENARIO_LIMITS.maxEditsJsonBytes)
    add(null, 'edits', 'too_many', `the edits take ${bytes} bytes as JSON: at most ${SCENARIO_LIMITS.maxEditsJsonBytes}`)

  // Walk the edits in order, tracking which ids exist, so an edit of a camera removed earlier, or
  // of one added later, is caught where it is.
  const cameras = new Set(ctx.cameras.map(c => c.id))
  const routes = new Set(ctx.routes.map(r => r.id))
  const removedCameras = new Set<string>()
  const removedRoutes = new Set<string>()
  const inScope = (p: Position) => pointInMultiPolygon(p, ctx.scope.boundary)
  const where = `the scope grid ${ctx.scope.name}`

  const checkLocation = (i: number, field: string, p: unknown) => {
    if (!isPosition(p))
      add(i, field, 'invalid', `${field} must be [longitude, latitude] in degrees`)
    else if (!inScope(p))
      add(i, field, 'outside_scope', `${field} [${p[0]}, ${p[1]}] is outside ${where}`)
  }
  const checkCamera = (i: number, id: string, field: string) => {
    if (removedCameras.has(id))
      add(i, field, 'removed', `camera ${id} was removed by an earlier edit`)
    else if (!cameras.has(id))
      add(i, field, 'unknown_camera', `unknown camera id ${id}`)
  }
  const checkRoute = (i: number, id: string, field: string) => {
    if (removedRoutes.has(id))
      add(i, field, 'removed', `route ${id} was removed by an earlier edit`)
    else if (!routes.has(id))
      add(i, field, 'unknown_route', `unknown route id ${id}`)
  }
  const checkBearing = (i: number, field: string, v: unknown) => {
    if (!finite(v) || v < 0 || v >= 360)
      add(i, field, 'out_of_range', `${field} ${String(v)} must be in [0, 360) degrees`)
  }
  const checkFov = (i: number, field: string, v: unknown) => {
    if (!finite(v) || v <= 0 || v > 360)
      add(i, field, 'out_of_range', `${field} ${String(v)} must be in (0, 360] degrees`)
  }
  const checkRange = (i: number, field: string, v: unknown) => {
    if (!finite(v) || v <= 0)
      add(i, field, 'out_of_range', `${field} ${String(v)} must be a positive number of metres`)
  }

  edits.forEach((e, i) => {
    switch (e.kind) {
      case 'camera.add': {
        const c = e.camera
        if (!c || typeof c.id !== 'string' || c.id.length === 0) {
          add(i, 'camera.id', 'invalid', 'a new camera needs an id')
          return
        }
        if (cameras.has(c.id) || removedCameras.has(c.id))
          add(i, 'camera.id', 'duplicate_id', `camera id ${c.id} is already taken`)
        if (typeof c.name !== 'string' || c.name.trim().length === 0 || c.name.length > 100)
          add(i, 'camera.name', 'invalid', 'camera.name must be 1–100 characters')
        if (typeof c.code !== 'string' || c.code.trim().length === 0)
          add(i, 'camera.code', 'invalid', 'camera.code must not be empty')
        if (!['junction', 'key_place', 'checkpoint', 'road'].includes(c.kind))
          add(i, 'camera.kind', 'invalid', `camera.kind ${JSON.stringify(c.kind)} must be junction, key_place, checkpoint or road`)
        checkLocation(i, 'camera.location', c.location)
        checkBearing(i, 'camera.bearing', c.bearing)
        checkFov(i, 'camera.fov', c.fov)
        checkRange(i, 'camera.rangeM', c.rangeM)
        cameras.add(c.id)
        return
      }
      case 'camera.move':
        checkCamera(i, e.cameraId, 'cameraId')
        checkLocation(i, 'location', e.location)
        return
      case 'camera.rotate':
        checkCamera(i, e.cameraId, 'cameraId')
        checkBearing(i, 'bearing', e.bearing)
        return
      case 'camera.widen':
        checkCamera(i, e.cameraId, 'cameraId')
        checkFov(i, 'fov', e.fov)
        return
      case 'camera.range':
        checkCamera(i, e.cameraId, 'cameraId')
        checkRange(i, 'rangeM', e.rangeM)
        return
      case 'camera.remove':
        checkCamera(i, e.cameraId, 'cameraId')
        if (cameras.delete(e.cameraId))
          removedCameras.add(e.cameraId)
        return
      case 'route.add': {
        const r = e.route
        if (!r || typeof r.id !== 'string' || r.id.length === 0) {
          add(i, 'route.id', 'invalid', 'a new route needs an id')
          return
        }
        if (routes.has(r.id) || removedRoutes.has(r.id))
          add(i, 'route.id', 'duplicate_id', `route id ${r.id} is already taken`)
        if (typeof r.name !== 'string' || r.name.trim().length === 0 || r.name.length > 100)
          add(i, 'route.name', 'invalid', 'route.name must be 1–100 characters')
        if (typeof r.teamId !== 'string' || r.teamId.length === 0)
          add(i, 'route.teamId', 'invalid', 'route.teamId must name the team that walks it')
        const coords = r.path?.type === 'LineString' && Array.isArray(r.path.coordinates) ? r.path.coordinates : null
        if (!coords || coords.length < 2) {
          add(i, 'route.path', 'too_short', `route.path needs at least 2 points, has ${coords?.length ?? 0}`)
        }
        else if (coords.length > SCENARIO_LIMITS.maxRoutePoints) {
          add(i, 'route.path', 'too_many', `route.path has ${coords.length} points: at most ${SCENARIO_LIMITS.maxRoutePoints}`)
        }
        else {
          const bad = coords.findIndex(p => !isPosition(p))
          const out = coords.findIndex(p => isPosition(p) && !inScope(p))
          if (bad >= 0)
            add(i, `route.path[${bad}]`, 'invalid', `route.path[${bad}] must be [longitude, latitude] in degrees`)
          else if (out >= 0)
            add(i, `route.path[${out}]`, 'outside_scope', `route.path[${out}] is outside ${where}`)
        }
        const err = scheduleError(r.schedule)
        if (err)
          add(i, 'route.schedule', 'invalid', `route.schedule ${err}`)
        routes.add(r.id)
        return
      }
      case 'route.schedule': {
        checkRoute(i, e.routeId, 'routeId')
        const err = scheduleError(e.schedule)
        if (err)
          add(i, 'schedule', 'invalid', `schedule ${err}`)
        return
      }
      case 'route.stops':
        checkRoute(i, e.routeId, 'routeId')
        if (!Array.isArray(e.stops)) {
          add(i, 'stops', 'invalid', 'stops must be a list')
          return
        }
        if (e.stops.length > SCENARIO_LIMITS.maxStops)
          add(i, 'stops', 'too_many', `${e.stops.length} stops: at most ${SCENARIO_LIMITS.maxStops}`)
        e.stops.forEach((s, j) => {
          checkLocation(i, `stops[${j}].location`, s?.location)
          if (!finite(s?.dwellMin) || s.dwellMin <= 0 || s.dwellMin > 240)
            add(i, `stops[${j}].dwellMin`, 'out_of_range', `stops[${j}].dwellMin ${String(s?.dwellMin)} must be in (0, 240] minutes`)
        })
        return
      case 'route.remove':
        checkRoute(i, e.routeId, 'routeId')
        if (routes.delete(e.routeId))
          removedRoutes.add(e.routeId)
        return
      default:
        add(i, 'kind', 'invalid', `unknown edit kind ${JSON.stringify((e as { kind?: unknown }).kind)}`)
    }
  })
  return problems
}

/** The problems as one message: "edit 3 (cameraId): unknown camera id c-9; …". */
export function describeProblems(problems: readonly ScenarioProblem[]): string {
  return problems.map(p => p.edit === null ? `${p.field}: ${p.message}` : `edit ${p.edit} (${p.field}): ${p.message}`).join('; ')
}
