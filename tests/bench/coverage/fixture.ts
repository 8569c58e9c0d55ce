// The coverage benchmark fixtures of coverage.md, seeded: a township of 8 × 8 km with 180 Voronoi
// grids (edges densified to one vertex per ~40 m), 50 patrol routes (random walks of 60 steps of
// 40–80 m) and 500 cameras (fov 60–100°, range 40–100 m), reach 50 m; the county is 10 × 10 such
// townships (80 × 80 km, 18,000 grids, 5,000 routes, 50,000 cameras).
// Drawn in metres and handed over in WGS 84, as real data would be.
import type { CoverageInput } from '~/domain/coverage'
import type { Camera, Grid, LngLat, PatrolRoute, PatrolTeam } from '~/domain/types'
import { voronoi } from '@turf/turf'
import { LocalMetricProjection } from '~/domain/coverage'
import { seededRandom } from '~/domain/planning/random'

/** The planners' seeded generator (mulberry32), under the name the fixtures use. */
export const seeded = seededRandom

export const CENTRE: LngLat = [118.5, 30]
export const TOWNSHIP_M = 8000
const VERTEX_EVERY_M = 40

export interface FixtureSize {
  /** Townships along each side (1 for the township fixture, 10 for the county). */
  townships: number
  gridsPerTownship: number
  routes: number
  cameras: number
}

export const TOWNSHIP: FixtureSize = { townships: 1, gridsPerTownship: 180, routes: 50, cameras: 500 }
export const COUNTY: FixtureSize = { townships: 10, gridsPerTownship: 180, routes: 5000, cameras: 50_000 }

function densify(ring: number[][]): number[][] {
  const out: number[][] = []
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i] as [number, number]
    const [bx, by] = ring[i + 1] as [number, number]
    const n = Math.max(1, Math.round(Math.hypot(bx - ax, by - ay) / VERTEX_EVERY_M))
    for (let k = 0; k < n; k++)
      out.push([ax + (bx - ax) * k / n, ay + (by - ay) * k / n])
  }
  out.push(out[0]!)
  return out
}

function gridOf(id: string, level: 1 | 2, parentId: string | null, ring: number[][], toLngLat: (x: number, y: number) => LngLat): Grid {
  const coords = ring.map(([x, y]) => toLngLat(x!, y!))
  return {
    id,
    code: id,
    level,
    parentId,
    name: id,
    nameEn: id,
    boundary: { type: 'MultiPolygon', coordinates: [[coords]] },
    labelPoint: coords[0]!,
    areaKm2: 0,
    chiefId: null,
    workerIds: [],
    households: 0,
    population: 0,
  }
}

/** The fixture, and the metric frame it was drawn in (metres from CENTRE). */
export function makeFixture(size: FixtureSize, seed = 20261103): { input: CoverageInput, extentM: number } {
  const rand = seeded(seed)
  const projection = new LocalMetricProjection(CENTRE)
  const extentM = size.townships * TOWNSHIP_M
  const half = extentM / 2
  const toLngLat = (x: number, y: number): LngLat => projection.inverse(x - half, y - half)
  const grids: Grid[] = []
  for (let ty = 0; ty < size.townships; ty++) {
    for (let tx = 0; tx < size.townships; tx++) {
      const x0 = tx * TOWNSHIP_M
      const y0 = ty * TOWNSHIP_M
      const town = `T${tx}-${ty}`
      grids.push(gridOf(town, 1, null, densify([[x0, y0], [x0 + TOWNSHIP_M, y0], [x0 + TOWNSHIP_M, y0 + TOWNSHIP_M], [x0, y0 + TOWNSHIP_M], [x0, y0]]), toLngLat))
      const seeds = {
        type: 'FeatureCollection' as const,
        features: Array.from({ length: size.gridsPerTownship }, () => ({
          type: 'Feature' as const,
          properties: {},
          geometry: { type: 'Point' as const, coordinates: [x0 + rand() * TOWNSHIP_M, y0 + rand() * TOWNSHIP_M] },
        })),
      }
      // turf's voronoi is planar (d3-voronoi), so it works on metres as well as on degrees.
      const cells = voronoi(seeds, { bbox: [x0, y0, x0 + TOWNSHIP_M, y0 + TOWNSHIP_M] })
      cells.features.forEach((cell, i) => {
        if (cell)
          grids.push(gridOf(`${town}-G${i}`, 2, town, densify(cell.geometry.coordinates[0]!), toLngLat))
      })
    }
  }
  const teams: PatrolTeam[] = [{ id: 'foot', name: 'foot', nameEn: 'foot', kind: 'volunteer', gridId: grids[0]!.id, memberCount: 4, leaderId: null, post: null }]
  const routes: PatrolRoute[] = []
  for (let r = 0; r < size.routes; r++) {
    let x = rand() * extentM
    let y = rand() * extentM
    let heading = rand() * 2 * Math.PI
    const path: LngLat[] = [toLngLat(x, y)]
    for (let s = 0; s < 60; s++) {
      // A walker keeps roughly to its way: each step turns by up to 90° either side.
      heading += (rand() - 0.5) * Math.PI
      const step = 40 + rand() * 40
      let nx = x + Math.sin(heading) * step
      let ny = y + Math.cos(heading) * step
      if (nx < 0 || nx > extentM || ny < 0 || ny > extentM) {
        heading += Math.PI
        nx = Math.min(extentM, Math.max(0, x + Math.sin(heading) * step))
        ny = Math.min(extentM, Math.max(0, y + Math.cos(heading) * step))
      }
      x = nx
      y = ny
      path.push(toLngLat(x, y))
    }
    routes.push({ id: `R${r}`, teamId: 'foot', name: `R${r}`, nameEn: `R${r}`, path: { type: 'LineString', coordinates: path }, lengthKm: 0, schedule: { days: { kind: 'daily' }, windows: [{ start: '00:00', end: '00:00' }] } })
  }
  const cameras: Camera[] = Array.from({ length: size.cameras }, (_, i) => ({
    id: `C${i}`,
    code: `C${i}`,
    name: `C${i}`,
    kind: 'road',
    location: toLngLat(rand() * extentM, rand() * extentM),
    bearing: rand() * 360,
    fov: 60 + rand() * 40,
    rangeM: 40 + rand() * 60,
    status: 'online',
    gridId: grids[0]!.id,
  }))
  return { input: { grids, teams, routes, cameras }, extentM }
}

/** `n` random [lng, lat] pairs over the fixture (the same frame as makeFixture). */
export function randomPoints(n: number, size: FixtureSize, seed = 7): Float64Array {
  const rand = seeded(seed)
  const projection = new LocalMetricProjection(CENTRE)
  const half = size.townships * TOWNSHIP_M / 2
  const out = new Float64Array(2 * n)
  for (let i = 0; i < n; i++) {
    const [lng, lat] = projection.inverse((rand() * 2 - 1) * half, (rand() * 2 - 1) * half)
    out[2 * i] = lng
    out[2 * i + 1] = lat
  }
  return out
}
