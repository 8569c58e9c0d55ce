// Applies a scenario's edits, in order, to the current cameras and routes, giving the proposed set.
// Refuses (ScenarioError, nothing returned) when the scenario does not validate against that set:
// a proposal is shown whole or not at all.
import type { Camera, PatrolRoute } from '../types'
import type { ProposedCamera, ProposedRoute, ScenarioEdit } from './scenario'
import type { ScenarioProblem, ValidationContext } from './validate'
import { distanceM } from '../geometry'
import { describeProblems, validateScenario } from './validate'

/** A scenario that cannot be applied, with every problem found. */
export class ScenarioError extends Error {
  constructor(readonly problems: readonly ScenarioProblem[]) {
    super(describeProblems(problems))
    this.name = 'ScenarioError'
  }
}

/** The proposed set: cameras and routes after the edits, in the current order with additions last. */
export interface ProposedSet {
  cameras: ProposedCamera[]
  routes: ProposedRoute[]
  /** Ids the scenario removes (they are absent from cameras / routes). */
  removedCameraIds: string[]
  removedRouteIds: string[]
}

/** Length of a line in kilometres along its vertices. */
export function lineLengthKm(coords: readonly (readonly number[])[]): number {
  let m = 0
  for (let i = 1; i < coords.length; i++)
    m += distanceM(coords[i - 1] as [number, number], coords[i] as [number, number])
  return m / 1000
}

/** The proposed cameras and routes of `edits` over the context's current set. */
export function applyScenario(name: string, edits: readonly ScenarioEdit[], ctx: ValidationContext): ProposedSet {
  const problems = validateScenario(name, edits, ctx)
  if (problems.length > 0)
    throw new ScenarioError(problems)

  const cameras = new Map<string, ProposedCamera>(ctx.cameras.map((c: Camera) => [c.id, { ...c, location: [...c.location], added: false }]))
  const routes = new Map<string, ProposedRoute>(ctx.routes.map((r: PatrolRoute) => [r.id, { ...r, stops: [], added: false }]))
  const removedCameraIds: string[] = []
  const removedRouteIds: string[] = []
  const camera = (id: string) => cameras.get(id) as ProposedCamera
  const route = (id: string) => routes.get(id) as ProposedRoute

  for (const e of edits) {
    switch (e.kind) {
      case 'camera.add': {
        const c = e.camera
        // A new camera sits in the scope grid until the database files it under its finest grid.
        cameras.set(c.id, { ...c, location: [...c.location], status: 'online', gridId: ctx.scope.gridId, added: true })
        break
      }
      case 'camera.move':
        camera(e.cameraId).location = [...e.location]
        break
      case 'camera.rotate':
        camera(e.cameraId).bearing = e.bearing
        break
      case 'camera.widen':
        camera(e.cameraId).fov = e.fov
        break
      case 'camera.range':
        camera(e.cameraId).rangeM = e.rangeM
        break
      case 'camera.remove':
        cameras.delete(e.cameraId)
        if (ctx.cameras.some(c => c.id === e.cameraId))
          removedCameraIds.push(e.cameraId)
        break
      case 'route.add': {
        const r = e.route
        routes.set(r.id, { ...r, lengthKm: lineLengthKm(r.path.coordinates), stops: [], added: true })
        break
      }
      case 'route.schedule':
        route(e.routeId).schedule = structuredClone(e.schedule)
        break
      case 'route.stops':
        route(e.routeId).stops = e.stops.map(s => ({ location: [...s.location], dwellMin: s.dwellMin }))
        break
      case 'route.remove':
        routes.delete(e.routeId)
        if (ctx.routes.some(r => r.id === e.routeId))
          removedRouteIds.push(e.routeId)
        break
    }
  }
  return { cameras: [...cameras.values()], routes: [...routes.values()], removedCameraIds, removedRouteIds }
}
