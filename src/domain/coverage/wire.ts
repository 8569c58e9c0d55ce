import type { Grid, LngLat, PatrolRoute, Road } from '../types'
// The input as it crosses to the worker: every coordinate list packed into one Float64Array
// that is transferred, not cloned, so handing a county to the worker costs the page a single
// packing loop instead of a structured clone of a million small arrays.
import type { CoverageCase, CoverageInput } from './input'

/** The packed input: records without their geometry, and the geometry as one coordinate array. */
export interface WireInput {
  grids: Array<Omit<Grid, 'boundary'>>
  teams: CoverageInput['teams']
  routes: Array<Omit<PatrolRoute, 'path'>>
  cameras: CoverageInput['cameras']
  roads: Array<Omit<Road, 'path'>>
  keyPlaces: NonNullable<CoverageInput['keyPlaces']>
  cases: Array<Omit<CoverageCase, 'location'>>
  /** [lng, lat] pairs: grid rings, then route paths, road paths and case locations. */
  coords: Float64Array
  /** Per grid: polygons; per polygon: rings; per ring: points. Per route and road: points. */
  counts: Int32Array
}

/** Packs an input; transfer `[wire.coords.buffer, wire.counts.buffer]`. */
export function packInput(input: CoverageInput): WireInput {
  let points = 0
  let counts = 0
  for (const g of input.grids) {
    counts++
    for (const poly of g.boundary.coordinates) {
      counts++
      for (const ring of poly) {
        counts++
        points += ring.length
      }
    }
  }
  for (const r of input.routes) {
    counts++
    points += r.path.coordinates.length
  }
  for (const r of input.roads ?? []) {
    counts++
    points += r.path.coordinates.length
  }
  points += input.cases?.length ?? 0
  const coords = new Float64Array(points * 2)
  const c = new Int32Array(counts)
  let p = 0
  let k = 0
  const put = (pos: ArrayLike<number>) => {
    coords[p++] = pos[0]!
    coords[p++] = pos[1]!
  }
  for (const g of input.grids) {
    c[k++] = g.boundary.coordinates.length
    for (const poly of g.boundary.coordinates) {
      c[k++] = poly.length
      for (const ring of poly) {
        c[k++] = ring.length
        for (const pos of ring)
          put(pos)
      }
    }
  }
  for (const line of [...input.routes, ...(input.roads ?? [])]) {
    c[k++] = line.path.coordinates.length
    for (const pos of line.path.coordinates)
      put(pos)
  }
  for (const cs of input.cases ?? [])
    put(cs.location)
  const strip = <T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> => {
    const { [key]: _dropped, ...rest } = o
    return rest
  }
  return {
    grids: input.grids.map(g => strip(g, 'boundary')),
    teams: input.teams,
    routes: input.routes.map(r => strip(r, 'path')),
    cameras: input.cameras,
    roads: (input.roads ?? []).map(r => strip(r, 'path')),
    keyPlaces: input.keyPlaces ?? [],
    cases: (input.cases ?? []).map(cs => strip(cs, 'location')),
    coords,
    counts: c,
  }
}

/** The input back from its packed form. */
export function unpackInput(w: WireInput): CoverageInput {
  let p = 0
  let k = 0
  const take = (): LngLat => {
    const v: LngLat = [w.coords[p]!, w.coords[p + 1]!]
    p += 2
    return v
  }
  const line = () => Array.from({ length: w.counts[k++]! }, take)
  const grids: Grid[] = w.grids.map(g => ({
    ...g,
    boundary: {
      type: 'MultiPolygon',
      coordinates: Array.from({ length: w.counts[k++]! }, () => Array.from({ length: w.counts[k++]! }, line)),
    },
  }))
  const routes: PatrolRoute[] = w.routes.map(r => ({ ...r, path: { type: 'LineString', coordinates: line() } }))
  const roads: Road[] = w.roads.map(r => ({ ...r, path: { type: 'LineString', coordinates: line() } }))
  const cases: CoverageCase[] = w.cases.map(cs => ({ ...cs, location: take() }))
  return { grids, teams: w.teams, routes, cameras: w.cameras, roads, keyPlaces: w.keyPlaces, cases }
}
