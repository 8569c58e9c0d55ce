// The grid's roads as the planning engines' graph, in a local metric frame: what patrol plans,
// response circles and drawn routes all travel on, so the three agree on every metre.
import type { EdgeIndex, RoadNetwork, XY } from '../planning'
import type { LngLat, Road } from '../types'
import { LocalMetricProjection } from '../coverage'
import { buildRoadNetwork, indexEdges } from '../planning'

export interface RoadGraph {
  proj: LocalMetricProjection
  net: RoadNetwork
  index: EdgeIndex
  xy: (p: LngLat) => XY
  lngLat: (p: XY) => LngLat
}

const built = new WeakMap<readonly Road[], RoadGraph>()

/** The graph of these roads (kept per array, so repeated clicks do not rebuild it). Throws when there are no roads. */
export function roadGraph(roads: readonly Road[]): RoadGraph {
  const hit = built.get(roads)
  if (hit)
    return hit
  const first = roads[0]?.path.coordinates[0]
  if (!first)
    throw new RangeError('there are no roads here to travel on')
  const proj = new LocalMetricProjection([first[0]!, first[1]!])
  const xy = (p: LngLat): XY => proj.forward(p[0], p[1])
  const net = buildRoadNetwork(roads.map(r => r.path.coordinates.map(p => xy([p[0]!, p[1]!]))))
  const g: RoadGraph = { proj, net, index: indexEdges(net), xy, lngLat: p => proj.inverse(p[0], p[1]) }
  built.set(roads, g)
  return g
}
