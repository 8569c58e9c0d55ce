// Rapid-response circles (快反圈) on the plan page: what a unit leaving a police post or patrol
// post reaches within 1, 3 and 5 minutes along the grid's roads (an isochrone on the road graph,
// not a ring of straight-line radius), and the share of the grid's hot spots and cases inside each.
import type { LngLat, Road } from '../types'
import type { RoadGraph } from './roadGraph'
import { responseCircles } from '../planning'
import { roadGraph } from './roadGraph'

export interface ResponsePoint {
  id: string
  location: LngLat
}

export interface ResponseBandFigures {
  minutes: number
  /** The reached road pieces, each a two-point line. */
  segments: Array<[LngLat, LngLat]>
  roadKm: number
  /** Area within `bufferM` of the reached roads, m². */
  areaM2: number
  hotSpots: { inside: number, total: number, share: number | null }
  keyPlaces: { inside: number, total: number, share: number | null }
  cases: { inside: number, total: number, share: number | null }
}

export interface ResponseFigures {
  /** How reach was measured (always along the road graph here; stated in the legend). */
  method: 'road_graph'
  speedKmh: number
  bands: ResponseBandFigures[]
  /** Posts farther than `maxOffsetM` from every road (they reach nothing). */
  offRoadSources: string[]
}

export interface ResponseRequest {
  roads: readonly Road[] | RoadGraph
  sources: readonly ResponsePoint[]
  speedKmh: number
  hotSpots: readonly ResponsePoint[]
  /** Key places (schools, markets…); none when omitted. */
  keyPlaces?: readonly ResponsePoint[]
  cases: readonly ResponsePoint[]
  minutes?: readonly number[]
  /** Off-road stretches (post to road, road to a case) count at the same speed up to this far; default 100 m. */
  maxOffsetM?: number
  /** The area a band covers: cells within this distance of its reached roads (default 50 m, on 10 m cells). */
  bufferM?: number
}

const share = (inside: number, total: number) => (total > 0 ? inside / total : null)

/** Response bands from the posts; throws (RangeError) with no post or a bad speed or band. */
export function responseFigures(req: ResponseRequest): ResponseFigures {
  const g = 'net' in req.roads ? req.roads : roadGraph(req.roads)
  const minutes = req.minutes ?? [1, 3, 5]
  const places = req.keyPlaces ?? []
  const points = [
    ...req.hotSpots.map(h => ({ id: `h:${h.id}`, at: g.xy(h.location) })),
    ...places.map(k => ({ id: `k:${k.id}`, at: g.xy(k.location) })),
    ...req.cases.map(c => ({ id: `c:${c.id}`, at: g.xy(c.location) })),
  ]
  const r = responseCircles({
    net: g.net,
    index: g.index,
    sources: req.sources.map(s => ({ id: s.id, at: g.xy(s.location) })),
    speedMps: req.speedKmh / 3.6,
    bandsS: minutes.map(m => m * 60),
    points,
    maxOffsetM: req.maxOffsetM ?? 100,
    area: { bufferM: req.bufferM ?? 50, cellM: 10 },
  })
  const sourceIds = new Set(req.sources.map(s => s.id))
  return {
    method: 'road_graph',
    speedKmh: req.speedKmh,
    offRoadSources: r.offRoad.filter(id => sourceIds.has(id)),
    bands: r.bands.map((b, k) => {
      const count = (prefix: string) => b.pointIds.filter(id => id.startsWith(prefix)).length
      const hot = count('h:')
      const key = count('k:')
      const cases = count('c:')
      return {
        minutes: minutes[k]!,
        segments: b.segments.map(([p, q]) => [g.lngLat(p), g.lngLat(q)] as [LngLat, LngLat]),
        roadKm: b.roadLengthM / 1000,
        areaM2: b.areaM2 ?? 0,
        hotSpots: { inside: hot, total: req.hotSpots.length, share: share(hot, req.hotSpots.length) },
        keyPlaces: { inside: key, total: places.length, share: share(key, places.length) },
        cases: { inside: cases, total: req.cases.length, share: share(cases, req.cases.length) },
      }
    }),
  }
}
