// Travel minutes between a station and hot spots along the roads, for the stop planner.
import type { RoadNetwork, XY } from '../roads/network'
import type { EdgeIndex } from '../roads/snap'
import { shortestPaths } from '../roads/dijkstra'
import { seedsOf, snapToRoad } from '../roads/snap'

/**
 * Row-major matrix of minutes between places (first the station, then the hot spots) at `speedKmh`,
 * walking to and from the road included; Infinity where no road connects them. Throws naming a
 * place farther than `maxOffsetM` from every road.
 */
export function travelMatrix(net: RoadNetwork, index: EdgeIndex, places: readonly XY[], speedKmh: number, maxOffsetM = 200): Float64Array {
  if (!(speedKmh > 0))
    throw new RangeError(`speed must be positive, got ${speedKmh} km/h`)
  const metresPerMin = (speedKmh * 1000) / 60
  const pos = places.map((p, i) => {
    const s = snapToRoad(index, p, maxOffsetM)
    if (!s)
      throw new RangeError(`place ${i} at ${p.map(v => v.toFixed(0)).join(', ')} is more than ${maxOffsetM} m from every road`)
    return s
  })
  const m = places.length
  const out = new Float64Array(m * m)
  pos.forEach((a, i) => {
    const sp = shortestPaths(net, seedsOf(net, a, 0, a.offset))
    pos.forEach((b, j) => {
      if (i === j)
        return
      const len = net.edgeLength[b.edge]!
      let d = Math.min(sp.distance[net.edgeFrom[b.edge]!]! + b.t * len, sp.distance[net.edgeTo[b.edge]!]! + (1 - b.t) * len)
      if (a.edge === b.edge)
        d = Math.min(d, a.offset + Math.abs(a.t - b.t) * len)
      out[i * m + j] = (d + b.offset) / metresPerMin
    })
  })
  return out
}
