// Rapid-response circles (快反圈): what a unit leaving a station or patrol post reaches along the
// roads within 1, 3 and 5 minutes — the road pieces, the area near them, and the key places and
// cases among the given points. Off-road stretches (station to road, road to a place) are counted
// at the same speed and allowed up to `maxOffsetM`; farther points are not reachable by road.
import type { RoadNetwork, XY } from '../roads/network'
import type { EdgeIndex, RoadPosition } from '../roads/snap'
import { shortestPaths } from '../roads/dijkstra'
import { networkBounds, nodePoint } from '../roads/network'
import { seedsOf, snapToRoad } from '../roads/snap'

export interface Located {
  id: string
  at: XY
}

export interface ResponseCircleInput {
  net: RoadNetwork
  index: EdgeIndex
  /** Police station and patrol posts. */
  sources: readonly Located[]
  /** Travel speed along roads, metres per second (e.g. a car in a village, 30 km/h ≈ 8.3). */
  speedMps: number
  /** Band limits in seconds, ascending (default 1, 3 and 5 minutes). */
  bandsS?: readonly number[]
  /** Key places, cases: which of them each band reaches. */
  points?: readonly Located[]
  /** How far off the road a source or point may lie (default 100 m). */
  maxOffsetM?: number
  /** The area of a band as the cells within `bufferM` of its reached roads, on a `cellM` raster. */
  area?: { bufferM: number, cellM: number }
}

export interface ResponseBand {
  seconds: number
  roadLengthM: number
  /** Reached road pieces, each a straight segment. */
  segments: Array<[XY, XY]>
  /** Ids of the points reached, in input order. */
  pointIds: string[]
  /** Area within the buffer of the reached roads, m²; null without an `area` option. */
  areaM2: number | null
}

/** Cells of the area raster: band[row * cols + col] is the first band reaching the cell, 255 for none. */
export interface BandRaster {
  x0: number
  y0: number
  cellM: number
  cols: number
  rows: number
  band: Uint8Array
}

export interface ResponseCircles {
  bands: ResponseBand[]
  /** Sources and points farther than maxOffsetM from every road. */
  offRoad: string[]
  raster: BandRaster | null
  /** Seconds from the nearest source to each point (Infinity when unreachable), in input order. */
  pointSeconds: number[]
}

export function responseCircles(input: ResponseCircleInput): ResponseCircles {
  const { net, index, speedMps } = input
  const bandsS = input.bandsS ?? [60, 180, 300]
  const maxOffset = input.maxOffsetM ?? 100
  if (!(speedMps > 0 && Number.isFinite(speedMps)))
    throw new RangeError(`speed must be a positive number of metres per second, got ${speedMps}`)
  bandsS.forEach((s, i) => {
    if (!(s > 0) || (i > 0 && s <= bandsS[i - 1]!))
      throw new RangeError(`response bands must be positive and ascending, got ${bandsS.join(', ')}`)
  })
  if (input.sources.length === 0)
    throw new RangeError('response circles need at least one station or post')
  const maxM = bandsS.at(-1)! * speedMps
  const offRoad: string[] = []
  const starts: RoadPosition[] = []
  for (const s of input.sources) {
    const pos = snapToRoad(index, s.at, maxOffset)
    if (pos)
      starts.push(pos)
    else
      offRoad.push(s.id)
  }
  const sp = shortestPaths(net, starts.flatMap((pos, k) => seedsOf(net, pos, k, pos.offset)), maxM)

  /** Metres to a road position: around through its edge's ends, or straight along the edge from a source on it. */
  const metresTo = (pos: RoadPosition): number => {
    const len = net.edgeLength[pos.edge]!
    let d = Math.min(sp.distance[net.edgeFrom[pos.edge]!]! + pos.t * len, sp.distance[net.edgeTo[pos.edge]!]! + (1 - pos.t) * len)
    for (const s of starts) {
      if (s.edge === pos.edge)
        d = Math.min(d, s.offset + Math.abs(s.t - pos.t) * len)
    }
    return d + pos.offset
  }
  const pointSeconds: number[] = []
  for (const p of input.points ?? []) {
    const pos = snapToRoad(index, p.at, maxOffset)
    if (!pos)
      offRoad.push(p.id)
    pointSeconds.push(pos ? metresTo(pos) / speedMps : Infinity)
  }

  const raster = input.area ? emptyRaster(net, input.area.cellM, input.area.bufferM) : null
  const bands = bandsS.map((seconds, b) => {
    const reach = seconds * speedMps
    const segments: Array<[XY, XY]> = []
    let roadLengthM = 0
    for (let e = 0; e < net.edgeFrom.length; e++) {
      const len = net.edgeLength[e]!
      const intervals: Array<[number, number]> = []
      const fromLeft = reach - sp.distance[net.edgeFrom[e]!]!
      if (fromLeft > 0)
        intervals.push([0, Math.min(len, fromLeft)])
      const fromRight = reach - sp.distance[net.edgeTo[e]!]!
      if (fromRight > 0)
        intervals.push([Math.max(0, len - fromRight), len])
      for (const s of starts) {
        const left = reach - s.offset
        if (s.edge === e && left > 0)
          intervals.push([Math.max(0, s.t * len - left), Math.min(len, s.t * len + left)])
      }
      for (const [a, z] of union(intervals)) {
        roadLengthM += z - a
        segments.push([along(net, e, a / len), along(net, e, z / len)])
      }
    }
    if (raster)
      stamp(raster, segments, input.area!.bufferM, b)
    const pointIds = (input.points ?? []).filter((_, i) => pointSeconds[i]! <= seconds).map(p => p.id)
    return { seconds, roadLengthM, segments, pointIds, areaM2: null as number | null }
  })
  if (raster) {
    const counts = Array.from({ length: bands.length }, () => 0)
    for (const v of raster.band) {
      if (v < bands.length)
        counts[v]!++
    }
    let cumulative = 0
    bands.forEach((band, b) => {
      cumulative += counts[b]!
      band.areaM2 = cumulative * raster.cellM * raster.cellM
    })
  }
  return { bands, offRoad, raster, pointSeconds }
}

function along(net: RoadNetwork, e: number, f: number): XY {
  const a = nodePoint(net, net.edgeFrom[e]!)
  const b = nodePoint(net, net.edgeTo[e]!)
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])]
}

function union(intervals: Array<[number, number]>): Array<[number, number]> {
  intervals.sort((p, q) => p[0] - q[0])
  const out: Array<[number, number]> = []
  for (const [a, z] of intervals) {
    const last = out.at(-1)
    if (last && a <= last[1])
      last[1] = Math.max(last[1], z)
    else if (z > a)
      out.push([a, z])
  }
  return out
}

function emptyRaster(net: RoadNetwork, cellM: number, bufferM: number): BandRaster {
  if (!(cellM > 0) || !(bufferM >= 0))
    throw new RangeError(`area needs a positive cell size and a buffer ≥ 0, got cell ${cellM} m, buffer ${bufferM} m`)
  const [minX, minY, x1, y1] = networkBounds(net)
  const x0 = minX - bufferM - cellM
  const y0 = minY - bufferM - cellM
  const cols = Math.ceil((x1 + bufferM + cellM - x0) / cellM)
  const rows = Math.ceil((y1 + bufferM + cellM - y0) / cellM)
  return { x0, y0, cellM, cols, rows, band: new Uint8Array(cols * rows).fill(255) }
}

/** Marks cells whose centre lies within bufferM of a segment with band b, unless an earlier band has them. */
function stamp(r: BandRaster, segments: ReadonlyArray<[XY, XY]>, bufferM: number, b: number): void {
  const r2 = bufferM * bufferM
  for (const [p, q] of segments) {
    const c0 = Math.max(0, Math.floor((Math.min(p[0], q[0]) - bufferM - r.x0) / r.cellM))
    const c1 = Math.min(r.cols - 1, Math.floor((Math.max(p[0], q[0]) + bufferM - r.x0) / r.cellM))
    const w0 = Math.max(0, Math.floor((Math.min(p[1], q[1]) - bufferM - r.y0) / r.cellM))
    const w1 = Math.min(r.rows - 1, Math.floor((Math.max(p[1], q[1]) + bufferM - r.y0) / r.cellM))
    const dx = q[0] - p[0]
    const dy = q[1] - p[1]
    const len2 = dx * dx + dy * dy
    for (let row = w0; row <= w1; row++) {
      const y = r.y0 + (row + 0.5) * r.cellM
      for (let col = c0; col <= c1; col++) {
        const i = row * r.cols + col
        if (r.band[i]! <= b)
          continue
        const x = r.x0 + (col + 0.5) * r.cellM
        const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - p[0]) * dx + (y - p[1]) * dy) / len2)) : 0
        const ex = x - p[0] - t * dx
        const ey = y - p[1] - t * dy
        if (ex * ex + ey * ey <= r2)
          r.band[i] = b
      }
    }
  }
}
