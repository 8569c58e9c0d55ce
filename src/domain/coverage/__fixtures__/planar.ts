// Hand-made coverage fixtures drawn in metres around a centre and handed to the engine in WGS 84,
// as real data would be.
import type { Camera, Grid, LngLat, PatrolRoute, PatrolSchedule, PatrolTeam, PatrolTeamKind } from '../../types'
import type { CoverageCase } from '../input'
import { LocalMetricProjection } from '../projection'

export const CENTRE: LngLat = [118, 30]
const projection = new LocalMetricProjection(CENTRE)

export const ll = (x: number, y: number): LngLat => projection.inverse(x, y)

/** A grid whose boundary is one ring given in metres [x, y, x, y, …]. */
export function grid(id: string, parentId: string | null, level: 1 | 2 | 3 | 4, ...xy: number[]): Grid {
  const ring: LngLat[] = []
  for (let i = 0; i < xy.length; i += 2)
    ring.push(ll(xy[i]!, xy[i + 1]!))
  ring.push(ring[0]!)
  return {
    id,
    code: id,
    level,
    parentId,
    name: id,
    nameEn: id,
    boundary: { type: 'MultiPolygon', coordinates: [[ring]] },
    labelPoint: ring[0]!,
    areaKm2: 0,
    chiefId: null,
    workerIds: [],
    households: 0,
    population: 0,
  }
}

/** A square grid [x0, x0 + side] × [y0, y0 + side]. */
export function square(id: string, parentId: string | null, level: 1 | 2 | 3 | 4, x0: number, y0: number, side: number): Grid {
  return grid(id, parentId, level, x0, y0, x0 + side, y0, x0 + side, y0 + side, x0, y0 + side)
}

export function team(id: string, kind: PatrolTeamKind): PatrolTeam {
  return { id, name: id, nameEn: id, kind, gridId: 'g', memberCount: 3, leaderId: null, post: null }
}

export const DAILY: PatrolSchedule = { days: { kind: 'daily' }, windows: [{ start: '00:00', end: '00:00' }] }

export function route(id: string, teamId: string, schedule: PatrolSchedule, ...xy: number[]): PatrolRoute {
  const coordinates: LngLat[] = []
  for (let i = 0; i < xy.length; i += 2)
    coordinates.push(ll(xy[i]!, xy[i + 1]!))
  return { id, teamId, name: id, nameEn: id, path: { type: 'LineString', coordinates }, lengthKm: 0, schedule }
}

export function camera(id: string, x: number, y: number, bearing: number, fov: number, rangeM: number, status: 'online' | 'offline' = 'online'): Camera {
  return { id, code: id, name: id, kind: 'road', location: ll(x, y), bearing, fov, rangeM, status, gridId: 'g' }
}

/** A case at (x, y) metres reported at a China local time on a day of November 2026. */
export function kase(id: string, x: number, y: number, day: number, hour: number, minute = 0): CoverageCase {
  return { id, location: ll(x, y), reportedAt: Date.UTC(2026, 10, day, hour - 8, minute), categoryCode: '0101' }
}
