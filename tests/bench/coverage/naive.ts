import type { Feature, MultiPolygon, Polygon } from 'geojson'
// The naive turf way, as a planner's script would do it: buffer every route, make a sector of
// every camera, union everything, intersect the union with each grid, measure the areas. On the
// WGS 84 input, with turf's defaults (buffer: 8 steps per quarter circle; sector: 64 steps).
// It computes only the combined (either) share, so it does less than the engine it is compared with.
import type { CoverageInput } from '~/domain/coverage'
import { area, buffer, featureCollection, intersect, lineString, sector, union } from '@turf/turf'

/** Covered m² per grid (input order) inside patrol reach or an online camera's view. */
export function naiveEitherM2(input: CoverageInput, reachM: number): Float64Array {
  const shapes: Array<Feature<Polygon | MultiPolygon>> = []
  for (const r of input.routes) {
    const b = buffer(lineString(r.path.coordinates), reachM, { units: 'meters' })
    if (b)
      shapes.push(b)
  }
  for (const c of input.cameras) {
    if (c.status === 'online')
      shapes.push(sector(c.location, c.rangeM / 1000, c.bearing - c.fov / 2, c.bearing + c.fov / 2))
  }
  const all = union(featureCollection(shapes))
  return Float64Array.from(input.grids, (g) => {
    if (!all)
      return 0
    const part = intersect(featureCollection([{ type: 'Feature', properties: {}, geometry: g.boundary }, all]))
    return part ? area(part) : 0
  })
}

/** Each grid's area as turf measures it (geodesic), for the naive shares. */
export function naiveAreaM2(input: CoverageInput): Float64Array {
  return Float64Array.from(input.grids, g => area(g.boundary))
}
