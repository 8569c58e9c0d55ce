// The camera-siting instance of a grid, built from the territory: candidate sites (road junctions,
// key places, road points sampled along the way, the planner's own), each with a few orientations
// of a standard new camera; demand points weighted by the planner's choice (the period's cases, key
// places, or risk cells of the hot-spot surface); the existing cameras' view as already covered.
import type { MultiPolygon } from 'geojson'
import type { SitingInstance } from '../planning'
import type { Camera, LngLat, Road } from '../types'
import { bboxOfMultiPolygon, inBBox, pointInMultiPolygon } from '../geometry'

/** A place a new camera could go, and why it is a candidate. */
export interface CandidateSite {
  id: string
  location: LngLat
  source: 'junction' | 'keyPlace' | 'road' | 'planner'
}

/** A weighted point to be seen. */
export interface DemandPoint {
  location: LngLat
  weight: number
  /** What it stands for (a case id, a key place id, a cell), for explanations. */
  ref: string
  /** Case category, when the point is a case. */
  category?: string
}

/** The view of a new camera: field of view and range are the planner's standard, orientations are tried. */
export interface NewCameraSpec {
  fov: number
  rangeM: number
  /** Bearings tried at each site, degrees clockwise from north (default every 45°). */
  bearings?: readonly number[]
}

export const DEFAULT_BEARINGS: readonly number[] = [0, 45, 90, 135, 180, 225, 270, 315]

const RAD = Math.PI / 180
const M_PER_DEG = 111_320

/** Metres east and north of `from` to `to` (equirectangular; good to a fraction of a metre at a camera's range). */
function offsetM(from: LngLat, to: LngLat): [number, number] {
  return [(to[0] - from[0]) * M_PER_DEG * Math.cos(from[1] * RAD), (to[1] - from[1]) * M_PER_DEG]
}

/** Whether a camera at `at` looking along `bearing` with `fov` and `rangeM` sees point `p` (its sector, no occlusion). */
export function sees(at: LngLat, bearing: number, fov: number, rangeM: number, p: LngLat): boolean {
  const [dx, dy] = offsetM(at, p)
  const d2 = dx * dx + dy * dy
  if (d2 > rangeM * rangeM)
    return false
  if (fov >= 360 || d2 === 0)
    return true
  const toP = (Math.atan2(dx, dy) / RAD + 360) % 360
  const diff = Math.abs(((toP - bearing + 540) % 360) - 180)
  return diff <= fov / 2
}

const key = (p: readonly number[]) => `${p[0]!.toFixed(6)},${p[1]!.toFixed(6)}`

/**
 * Candidate sites inside `boundary`: junctions (a vertex shared by two roads or ends of roads that
 * meet), key places, and points every `sampleM` along each road; a site within `minGapM` of one
 * already taken is dropped (junctions first, then key places, then road samples), at most `max`.
 */
export function candidateSites(input: { roads: readonly Road[], keyPlaces: ReadonlyArray<{ id: string, location: LngLat }>, boundary: MultiPolygon, extra?: readonly LngLat[] }, opts: { sampleM?: number, minGapM?: number, max?: number } = {}): CandidateSite[] {
  const sampleM = opts.sampleM ?? 150
  const minGapM = opts.minGapM ?? 25
  const max = opts.max ?? 600
  const box = bboxOfMultiPolygon(input.boundary)
  const inside = (p: LngLat) => inBBox(p, box) && pointInMultiPolygon(p, input.boundary)
  const uses = new Map<string, number>()
  for (const r of input.roads) {
    const seen = new Set<string>()
    for (const p of r.path.coordinates) {
      const k = key(p)
      if (!seen.has(k)) {
        seen.add(k)
        uses.set(k, (uses.get(k) ?? 0) + 1)
      }
    }
  }
  const ordered: Array<Omit<CandidateSite, 'id'>> = []
  for (const p of input.extra ?? [])
    ordered.push({ location: [p[0], p[1]], source: 'planner' })
  const junctions = new Set<string>()
  for (const r of input.roads) {
    for (const p of r.path.coordinates) {
      const k = key(p)
      if ((uses.get(k) ?? 0) >= 2 && !junctions.has(k)) {
        junctions.add(k)
        ordered.push({ location: [p[0]!, p[1]!], source: 'junction' })
      }
    }
  }
  for (const k of input.keyPlaces)
    ordered.push({ location: [k.location[0], k.location[1]], source: 'keyPlace' })
  for (const r of input.roads) {
    const c = r.path.coordinates
    let carried = 0
    for (let i = 1; i < c.length; i++) {
      const a = c[i - 1] as LngLat
      const b = c[i] as LngLat
      const [dx, dy] = offsetM(a, b)
      const len = Math.hypot(dx, dy)
      let t = sampleM - carried
      while (t <= len) {
        const f = t / len
        ordered.push({ location: [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f], source: 'road' })
        t += sampleM
      }
      carried = (carried + len) % sampleM
    }
  }
  const out: CandidateSite[] = []
  // A coarse bucket index keeps the spacing test local.
  const bucket = new Map<string, LngLat[]>()
  const cell = (p: LngLat) => [Math.floor(p[0] * M_PER_DEG * Math.cos(p[1] * RAD) / minGapM), Math.floor(p[1] * M_PER_DEG / minGapM)] as const
  for (const s of ordered) {
    if (out.length >= max)
      break
    if (s.source !== 'planner' && !inside(s.location))
      continue
    const [cx, cy] = cell(s.location)
    let near = false
    for (let i = -1; i <= 1 && !near; i++) {
      for (let j = -1; j <= 1 && !near; j++) {
        for (const q of bucket.get(`${cx + i},${cy + j}`) ?? []) {
          const [dx, dy] = offsetM(q, s.location)
          if (dx * dx + dy * dy < minGapM * minGapM) {
            near = true
            break
          }
        }
      }
    }
    if (near)
      continue
    const k = `${cx},${cy}`
    bucket.set(k, [...(bucket.get(k) ?? []), s.location])
    out.push({ id: `${s.source}-${out.length + 1}`, ...s })
  }
  return out
}

/** The siting instance: each site tries each bearing; demand points existing online cameras see are already covered. */
export function sitingInstanceOf(sites: readonly CandidateSite[], demand: readonly DemandPoint[], existing: readonly Camera[], spec: NewCameraSpec): SitingInstance {
  const bearings = spec.bearings ?? DEFAULT_BEARINGS
  if (!(spec.fov > 0 && spec.fov <= 360))
    throw new RangeError(`field of view must be in (0, 360], got ${spec.fov}`)
  if (!(spec.rangeM > 0))
    throw new RangeError(`range must be positive, got ${spec.rangeM} m`)
  const covered: number[] = []
  demand.forEach((d, i) => {
    if (existing.some(c => c.status === 'online' && sees(c.location, c.bearing, c.fov, c.rangeM, d.location)))
      covered.push(i)
  })
  // Demand bucketed by the camera's range, so each site tests only the points near it.
  const cellOf = (p: LngLat) => [Math.floor(p[0] * M_PER_DEG * Math.cos(p[1] * RAD) / spec.rangeM), Math.floor(p[1] * M_PER_DEG / spec.rangeM)] as const
  const buckets = new Map<string, number[]>()
  demand.forEach((d, i) => {
    const [cx, cy] = cellOf(d.location)
    const k = `${cx},${cy}`
    const list = buckets.get(k)
    if (list)
      list.push(i)
    else buckets.set(k, [i])
  })
  return {
    weights: demand.map(d => d.weight),
    covered,
    sites: sites.map((s) => {
      const [cx, cy] = cellOf(s.location)
      const near: number[] = []
      for (let i = -1; i <= 1; i++) {
        for (let j = -1; j <= 1; j++)
          near.push(...(buckets.get(`${cx + i},${cy + j}`) ?? []))
      }
      return {
        id: s.id,
        options: (spec.fov >= 360 ? [0] : bearings).map(b => ({
          id: `${s.id}@${b}`,
          covers: near.filter(i => sees(s.location, b, spec.fov, spec.rangeM, demand[i]!.location)),
        })),
      }
    }),
  }
}

/** The bearing an option id (`${siteId}@${bearing}`) names. */
export function bearingOfOption(optionId: string): number {
  const b = Number(optionId.slice(optionId.lastIndexOf('@') + 1))
  if (!Number.isFinite(b))
    throw new RangeError(`orientation id "${optionId}" does not end in @<bearing>`)
  return b
}

/** A finder of the grid (among `grids`) containing a point, null outside them all. */
export function gridFinder(grids: ReadonlyArray<{ id: string, boundary: MultiPolygon }>): (p: LngLat) => string | null {
  const boxes = grids.map(g => bboxOfMultiPolygon(g.boundary))
  return (p) => {
    const i = grids.findIndex((g, k) => inBBox(p, boxes[k]!) && pointInMultiPolygon(p, g.boundary))
    return i < 0 ? null : grids[i]!.id
  }
}
