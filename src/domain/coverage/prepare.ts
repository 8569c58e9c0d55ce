import type { Camera, Grid, KeyPlace, LngLat, PatrolRoute, PatrolSchedule, PatrolTeam, PatrolTeamKind, Road } from '../types'
// Checks the input and moves it into the local metric frame. Every refusal names the record and
// the field, and nothing is kept from a refused input: preparing either returns whole or throws.
import type { CoverageCase, CoverageInput, ResolvedOptions } from './input'
import type { DutyFilter } from './schedule'
import type { FlatRing, PlanarSector } from './shapes'
import { CoverageInputError } from './errors'
import { LocalMetricProjection } from './projection'
import { localTime, parseClock } from './schedule'

/** A grid in the metric frame. `parent` indexes the prepared grids (-1 for a root); depth 0 is a root. */
export interface PreparedGrid {
  id: string
  /** The grid's level as given (1 township … 4 sub-grid). */
  level: number
  parent: number
  depth: number
  rings: FlatRing[]
  bbox: [number, number, number, number]
}

export interface PreparedRoute {
  id: string
  kind: PatrolTeamKind
  reachM: number
  path: FlatRing
  schedule: PatrolSchedule
}

export interface PreparedCamera {
  id: string
  sector: PlanarSector
  online: boolean
}

/** Points (cases or key places) as columns. */
export interface PreparedPoints {
  ids: string[]
  xs: Float64Array
  ys: Float64Array
}

/** Cases as columns, with their local calendar position. */
export interface PreparedCases extends PreparedPoints {
  times: Float64Array
  dayOfMonth: Uint8Array
  weekday: Uint8Array
  minute: Uint16Array
}

/** What preparation needs to check and project one more record (for incremental edits). */
export interface PrepareContext {
  projection: LocalMetricProjection
  /** Allowed extent of any coordinate: the grids' box widened by the margin. */
  bounds: [number, number, number, number]
  options: ResolvedOptions
  teams: ReadonlyMap<string, PatrolTeam>
}

export interface Prepared {
  context: PrepareContext
  /** The grids' own bounding box in metres. */
  gridBox: [number, number, number, number]
  grids: PreparedGrid[]
  routes: PreparedRoute[]
  cameras: PreparedCamera[]
  roads: Array<{ id: string, path: FlatRing }>
  keyPlaces: PreparedPoints
  cases: PreparedCases
}

function where(kind: string, id: string, field?: string): string {
  return `${kind} ${id}${field ? ` .${field}` : ''}`
}

function checkLngLat(p: unknown, w: string): LngLat {
  if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
    throw new CoverageInputError(w, `not a [longitude, latitude] pair: ${JSON.stringify(p)}`)
  const [lng, lat] = p as [number, number]
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90)
    throw new CoverageInputError(w, `[${lng}, ${lat}] is not a WGS 84 longitude/latitude`)
  return [lng, lat]
}

function checkInside(ctx: PrepareContext, x: number, y: number, p: LngLat, w: string): void {
  const [x0, y0, x1, y1] = ctx.bounds
  if (x < x0 || x > x1 || y < y0 || y > y1)
    throw new CoverageInputError(w, `[${p[0]}, ${p[1]}] lies outside the territory (more than ${ctx.options.marginM} m beyond the grids)`)
}

function ringArea(r: FlatRing): number {
  let twice = 0
  const n = r.length / 2
  for (let i = 0, j = n - 1; i < n; j = i++)
    twice += r[2 * j]! * r[2 * i + 1]! - r[2 * i]! * r[2 * j + 1]!
  return twice / 2
}

function prepareGridRings(g: Grid, projection: LocalMetricProjection): FlatRing[] {
  const w = where('grid', g.code || g.id, 'boundary')
  const polygons = g.boundary?.type === 'MultiPolygon' ? g.boundary.coordinates : null
  if (!polygons || polygons.length === 0)
    throw new CoverageInputError(w, 'empty grid: the boundary has no polygon')
  const rings: FlatRing[] = []
  let area = 0
  const out: [number, number] = [0, 0]
  for (const polygon of polygons) {
    polygon.forEach((ring, k) => {
      const pts = ring.map(p => checkLngLat(p, w))
      const last = pts[pts.length - 1]
      if (pts.length > 1 && last && last[0] === pts[0]![0] && last[1] === pts[0]![1])
        pts.pop()
      if (pts.length < 3)
        throw new CoverageInputError(w, `ring ${k} has ${pts.length} distinct points; a ring needs at least 3`)
      const flat = new Float64Array(pts.length * 2)
      pts.forEach(([lng, lat], i) => {
        projection.forward(lng, lat, out)
        flat[2 * i] = out[0]
        flat[2 * i + 1] = out[1]
      })
      area += k === 0 ? Math.abs(ringArea(flat)) : -Math.abs(ringArea(flat))
      rings.push(flat)
    })
  }
  if (!(area > 0))
    throw new CoverageInputError(w, 'empty grid: the boundary encloses no area')
  return rings
}

function checkSchedule(s: PatrolSchedule | undefined, w: string): PatrolSchedule {
  if (!s || !s.days || !Array.isArray(s.windows))
    throw new CoverageInputError(w, 'a route needs a schedule with days and time windows')
  if (s.days.kind === 'weekdays' && (!Array.isArray(s.days.weekdays) || s.days.weekdays.some(d => !Number.isInteger(d) || d < 1 || d > 7)))
    throw new CoverageInputError(`${w}.days`, `weekdays must be ISO days 1–7, got ${JSON.stringify(s.days.weekdays)}`)
  if (!['daily', 'odd', 'even', 'weekdays'].includes(s.days.kind))
    throw new CoverageInputError(`${w}.days`, `unknown day rule ${JSON.stringify(s.days.kind)}`)
  if (s.windows.length === 0)
    throw new CoverageInputError(`${w}.windows`, 'a schedule needs at least one time window')
  for (const win of s.windows) {
    if (parseClock(win.start) === null || parseClock(win.end) === null)
      throw new CoverageInputError(`${w}.windows`, `"${win.start}"–"${win.end}" is not a window of HH:MM times`)
  }
  return s
}

/** Checks and projects one patrol route. */
export function prepareRoute(r: PatrolRoute, ctx: PrepareContext): PreparedRoute {
  const team = ctx.teams.get(r.teamId)
  if (!team)
    throw new CoverageInputError(where('route', r.id, 'teamId'), `team ${JSON.stringify(r.teamId)} is not among the teams`)
  const coords = r.path?.type === 'LineString' ? r.path.coordinates : null
  if (!coords || coords.length < 2)
    throw new CoverageInputError(where('route', r.id, 'path'), `a route needs at least 2 points, got ${coords?.length ?? 0}`)
  const path = new Float64Array(coords.length * 2)
  const out: [number, number] = [0, 0]
  coords.forEach((p, i) => {
    const w = where('route', r.id, `path[${i}]`)
    const ll = checkLngLat(p, w)
    ctx.projection.forward(ll[0], ll[1], out)
    checkInside(ctx, out[0], out[1], ll, w)
    path[2 * i] = out[0]
    path[2 * i + 1] = out[1]
  })
  const reachM = ctx.options.reachM[team.kind]
  return { id: r.id, kind: team.kind, reachM, path, schedule: checkSchedule(r.schedule, where('route', r.id, 'schedule')) }
}

/** Checks and projects one camera. */
export function prepareCamera(c: Camera, ctx: PrepareContext): PreparedCamera {
  const w = (field: string) => where('camera', c.code || c.id, field)
  if (!(Number.isFinite(c.fov) && c.fov > 0 && c.fov <= 360))
    throw new CoverageInputError(w('fov'), `field of view must be in (0, 360] degrees, got ${c.fov}`)
  if (!(Number.isFinite(c.rangeM) && c.rangeM > 0))
    throw new CoverageInputError(w('rangeM'), `range must be a positive number of metres, got ${c.rangeM}`)
  if (!Number.isFinite(c.bearing))
    throw new CoverageInputError(w('bearing'), `bearing must be degrees clockwise from north, got ${c.bearing}`)
  if (c.status !== 'online' && c.status !== 'offline')
    throw new CoverageInputError(w('status'), `status must be online or offline, got ${JSON.stringify(c.status)}`)
  const ll = checkLngLat(c.location, w('location'))
  const [x, y] = ctx.projection.forward(ll[0], ll[1])
  checkInside(ctx, x, y, ll, w('location'))
  const bearingDeg = ((c.bearing % 360) + 360) % 360
  return { id: c.id, sector: { x, y, bearingDeg, fovDeg: c.fov, rangeM: c.rangeM }, online: c.status === 'online' }
}

function preparePoints(items: ReadonlyArray<{ id: string, location: LngLat }>, kind: string, ctx: PrepareContext): PreparedPoints {
  const xs = new Float64Array(items.length)
  const ys = new Float64Array(items.length)
  const out: [number, number] = [0, 0]
  items.forEach((p, i) => {
    const w = where(kind, p.id, 'location')
    const ll = checkLngLat(p.location, w)
    ctx.projection.forward(ll[0], ll[1], out)
    checkInside(ctx, out[0], out[1], ll, w)
    xs[i] = out[0]
    ys[i] = out[1]
  })
  return { ids: items.map(p => p.id), xs, ys }
}

function prepareCases(all: readonly CoverageCase[], ctx: PrepareContext): PreparedCases {
  const { period, utcOffsetMinutes } = ctx.options
  const kept = all.filter((c) => {
    if (!Number.isFinite(c.reportedAt))
      throw new CoverageInputError(where('case', c.id, 'reportedAt'), `not a time: ${c.reportedAt}`)
    return c.status !== 'cancelled' && (!period || (c.reportedAt >= period.from && c.reportedAt < period.to))
  })
  const pts = preparePoints(kept, 'case', ctx)
  const n = kept.length
  const cases: PreparedCases = { ...pts, times: new Float64Array(n), dayOfMonth: new Uint8Array(n), weekday: new Uint8Array(n), minute: new Uint16Array(n) }
  kept.forEach((c, i) => {
    const t = localTime(c.reportedAt, utcOffsetMinutes)
    cases.times[i] = c.reportedAt
    cases.dayOfMonth[i] = t.dayOfMonth
    cases.weekday[i] = t.weekday
    cases.minute[i] = t.minute
  })
  return cases
}

function uniqueIds(items: ReadonlyArray<{ id: string }>, kind: string): void {
  const seen = new Set<string>()
  for (const it of items) {
    if (typeof it.id !== 'string' || it.id === '')
      throw new CoverageInputError(`${kind} #${seen.size}`, 'missing id')
    if (seen.has(it.id))
      throw new CoverageInputError(where(kind, it.id), 'duplicate id')
    seen.add(it.id)
  }
}

function depthsOf(parents: Int32Array, ids: readonly string[]): Int32Array {
  const depth = new Int32Array(parents.length).fill(-1)
  for (let i = 0; i < parents.length; i++) {
    const chain: number[] = []
    let g = i
    while (g >= 0 && depth[g] === -1) {
      if (chain.includes(g))
        throw new CoverageInputError(where('grid', ids[i]!, 'parentId'), 'the parent chain loops back on itself')
      chain.push(g)
      g = parents[g]!
    }
    let d = g >= 0 ? depth[g]! : -1
    for (let k = chain.length - 1; k >= 0; k--)
      depth[chain[k]!] = ++d
  }
  return depth
}

/** Refuses a duty filter naming an hour, weekday or day class that does not exist. */
export function checkFilter(f: DutyFilter | undefined): void {
  if (f?.hour !== undefined && !(Number.isInteger(f.hour) && f.hour >= 0 && f.hour <= 23))
    throw new CoverageInputError('filter .hour', `hour must be 0–23, got ${f.hour}`)
  if (f?.weekday !== undefined && !(Number.isInteger(f.weekday) && f.weekday >= 1 && f.weekday <= 7))
    throw new CoverageInputError('filter .weekday', `weekday must be ISO 1–7, got ${f.weekday}`)
  if (f?.days !== undefined && f.days !== 'odd' && f.days !== 'even')
    throw new CoverageInputError('filter .days', `days must be odd or even, got ${JSON.stringify(f.days)}`)
}

function checkOptions(o: ResolvedOptions): void {
  if (!(o.cellM > 0 && o.cellM <= 1000))
    throw new CoverageInputError('options .cellM', `cell size must be in (0, 1000] metres, got ${o.cellM}`)
  for (const [kind, d] of Object.entries(o.reachM)) {
    if (!(Number.isFinite(d) && d > 0))
      throw new CoverageInputError(`options .reachM.${kind}`, `reach must be a positive number of metres, got ${d}`)
  }
  if (!(o.minBlindSpotM2 >= 0))
    throw new CoverageInputError('options .minBlindSpotM2', `must be ≥ 0 m², got ${o.minBlindSpotM2}`)
  if (o.bandwidth.rule === 'fixed' && !(o.bandwidth.metres > 0))
    throw new CoverageInputError('options .kde.bandwidth', `a fixed bandwidth must be positive metres, got ${o.bandwidth.metres}`)
  if (!(o.hotCellM > 0) || !(o.hotBandM > 0))
    throw new CoverageInputError('options .hotSpots', 'cell size and distance band must be positive metres')
  checkFilter(o.filter)
}

/** Validates the whole input and projects it; throws CoverageInputError on the first problem. */
export function prepare(input: CoverageInput, options: ResolvedOptions): Prepared {
  checkOptions(options)
  if (input.grids.length === 0)
    throw new CoverageInputError('grids', 'no grid to cover')
  uniqueIds(input.grids, 'grid')
  uniqueIds(input.routes, 'route')
  uniqueIds(input.cameras, 'camera')
  uniqueIds(input.teams, 'team')
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const g of input.grids) {
    for (const poly of g.boundary?.coordinates ?? []) {
      for (const p of poly[0] ?? []) {
        const [lng, lat] = checkLngLat(p, where('grid', g.code || g.id, 'boundary'))
        w = Math.min(w, lng)
        e = Math.max(e, lng)
        s = Math.min(s, lat)
        n = Math.max(n, lat)
      }
    }
  }
  if (!Number.isFinite(w))
    throw new CoverageInputError(where('grid', input.grids[0]!.code || input.grids[0]!.id, 'boundary'), 'empty grid: the boundary has no polygon')
  const projection = new LocalMetricProjection([(w + e) / 2, (s + n) / 2])
  const index = new Map(input.grids.map((g, i) => [g.id, i]))
  const parents = Int32Array.from(input.grids, g => (g.parentId !== null && index.has(g.parentId) ? index.get(g.parentId)! : -1))
  const depth = depthsOf(parents, input.grids.map(g => g.code || g.id))
  const grids = input.grids.map((g, i): PreparedGrid => {
    const rings = prepareGridRings(g, projection)
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const r of rings) {
      for (let k = 0; k < r.length; k += 2) {
        bbox[0] = Math.min(bbox[0], r[k]!)
        bbox[1] = Math.min(bbox[1], r[k + 1]!)
        bbox[2] = Math.max(bbox[2], r[k]!)
        bbox[3] = Math.max(bbox[3], r[k + 1]!)
      }
    }
    return { id: g.id, level: g.level, parent: parents[i]!, depth: depth[i]!, rings, bbox }
  })
  const gridBox: [number, number, number, number] = [
    Math.min(...grids.map(g => g.bbox[0])),
    Math.min(...grids.map(g => g.bbox[1])),
    Math.max(...grids.map(g => g.bbox[2])),
    Math.max(...grids.map(g => g.bbox[3])),
  ]
  const m = options.marginM
  const context: PrepareContext = {
    projection,
    bounds: [gridBox[0] - m, gridBox[1] - m, gridBox[2] + m, gridBox[3] + m],
    options,
    teams: new Map(input.teams.map(t => [t.id, t])),
  }
  const roads = (input.roads ?? []).map((r: Road) => {
    const coords = r.path?.coordinates ?? []
    if (coords.length < 2)
      throw new CoverageInputError(where('road', r.id, 'path'), `a road needs at least 2 points, got ${coords.length}`)
    const path = new Float64Array(coords.length * 2)
    coords.forEach((p, i) => {
      const ll = checkLngLat(p, where('road', r.id, `path[${i}]`))
      const [x, y] = projection.forward(ll[0], ll[1])
      checkInside(context, x, y, ll, where('road', r.id, `path[${i}]`))
      path[2 * i] = x
      path[2 * i + 1] = y
    })
    return { id: r.id, path }
  })
  return {
    context,
    gridBox,
    grids,
    routes: input.routes.map(r => prepareRoute(r, context)),
    cameras: input.cameras.map(c => prepareCamera(c, context)),
    roads,
    keyPlaces: preparePoints((input.keyPlaces ?? []) as readonly KeyPlace[], 'key place', context),
    cases: prepareCases(input.cases ?? [], context),
  }
}
