// A patrol route drawn by clicks: each click snaps to the nearest road, and consecutive clicks are
// joined by the shortest path along the roads — the network the patrol planner and the response
// circles use — so a drawn route never cuts across fields or through buildings.
import type { XY } from '../planning'
import type { LngLat, Road } from '../types'
import type { RoadGraph } from './roadGraph'
import { routeBetween, snapToRoad } from '../planning'
import { roadGraph } from './roadGraph'

export interface DrawnRoute {
  /** The route along the roads, from the first click's road point to the last's. */
  path: LngLat[]
  /** Each click where it met the road. */
  snapped: LngLat[]
  /** Metres along the roads. */
  lengthM: number
  /** Minutes to travel it once at the given speed. */
  minutes: number
}

/** Why a click cannot be part of a route: too far from every road, or on a road not joined to the previous click's. */
export class RouteDrawError extends RangeError {
  constructor(readonly click: number, readonly reason: 'off_road' | 'not_connected', message: string) {
    super(message)
    this.name = 'RouteDrawError'
  }
}

/**
 * The road route through the clicks, in order. Throws RouteDrawError naming the click that is
 * more than `maxOffsetM` from every road, or that no road joins to the one before.
 */
export function drawRoute(roads: readonly Road[] | RoadGraph, clicks: readonly LngLat[], speedKmh: number, maxOffsetM = 150): DrawnRoute {
  if (!(speedKmh > 0))
    throw new RangeError(`speed must be positive, got ${speedKmh} km/h`)
  const g = 'net' in roads ? roads : roadGraph(roads)
  const positions = clicks.map((c, i) => {
    const pos = snapToRoad(g.index, g.xy(c), maxOffsetM)
    if (!pos)
      throw new RouteDrawError(i, 'off_road', `point ${i + 1} is more than ${maxOffsetM} m from every road`)
    return pos
  })
  const path: XY[] = positions.length > 0 ? [positions[0]!.point] : []
  let lengthM = 0
  for (let i = 1; i < positions.length; i++) {
    const leg = routeBetween(g.net, positions[i - 1]!, positions[i]!)
    if (!leg)
      throw new RouteDrawError(i, 'not_connected', `no road joins point ${i} to point ${i + 1}`)
    lengthM += leg.lengthM
    for (const q of leg.path) {
      const last = path.at(-1)!
      if (last[0] !== q[0] || last[1] !== q[1])
        path.push(q)
    }
  }
  return {
    path: path.map(g.lngLat),
    snapped: positions.map(p => g.lngLat(p.point)),
    lengthM,
    minutes: lengthM / (speedKmh * 1000 / 60),
  }
}
