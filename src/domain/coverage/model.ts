import type { Camera, PatrolRoute } from '../types'
// The coverage model: built once from the input (in chunks, so a worker can report progress and
// be cancelled between them), then kept current by edits that touch only what they change.
import type { BlindSpotPatch } from './blindSpots'
import type { CellHotSpots, GridHotSpots, KdeResult } from './hotspots'
import type { CoverageInput, CoverageOptions, ResolvedOptions } from './input'
import type { Prepared, PreparedCamera, PreparedRoute } from './prepare'
import type { RasterFrame } from './raster'
import type { DutyFilter } from './schedule'
import { BlindSpotScratch, blindSpotsOfGrid } from './blindSpots'
import { CoverageInputError } from './errors'
import { cellHotSpots, gridHotSpots, kdeOf } from './hotspots'
import { resolveOptions } from './input'
import { GridLabels } from './labels'
import { CoverageLayers, F } from './layers'
import { PF, POINT_FIELDS, PointCoverage } from './points'
import { checkFilter, prepare, prepareCamera, prepareRoute } from './prepare'
import { LatticeInverse } from './projection'
import { frameCovering, traverseSegment } from './raster'
import { caseMatchesFilter, countsUnderFilter, onDutyAt } from './schedule'
import { reachSpans, sectorSpans } from './shapes'

/** Where a build is: stage name and work done of the total (arbitrary units, monotone). */
export interface BuildProgress {
  stage: 'prepare' | 'grids' | 'patrols' | 'cameras' | 'tally' | 'points' | 'hotspots' | 'blindspots'
  done: number
  total: number
}

/** Largest raster the engine builds; beyond it, ask for larger cells. */
export const MAX_CELLS = 120_000_000

const CHUNK_CELLS = 2_000_000

export class CoverageModel {
  readonly options: ResolvedOptions
  readonly frame: RasterFrame
  readonly labels: GridLabels
  readonly layers: CoverageLayers
  readonly prepared: Prepared
  routes: Array<PreparedRoute | null>
  cameras: Array<PreparedCamera | null>
  readonly routeSlot = new Map<string, number>()
  readonly cameraSlot = new Map<string, number>()
  /** Whether each route's reach is stamped (it counts under the filter). */
  routeStamped: Uint8Array
  cases!: PointCoverage
  keyPlaces!: PointCoverage
  kde!: KdeResult
  cellHot!: CellHotSpots
  gridHot!: GridHotSpots | null
  /** Blind spots per grid (of the cells whose deepest grid it is), ranked. */
  readonly blind: BlindSpotPatch[][]
  /** Bumped by every change; hot spots carry the revision they were made at. */
  revision = 0
  hotRevision = 0
  private readonly scratch = new BlindSpotScratch()
  private readonly lattice: LatticeInverse
  private nextSpotId = 1
  /** Grid indices, children before their parents, for rolling figures up. */
  private readonly deepestFirst: Int32Array
  private caseCellsByGrid: Int32Array[] | null = null

  private constructor(prepared: Prepared, options: ResolvedOptions) {
    this.prepared = prepared
    this.options = options
    const [x0, y0, x1, y1] = prepared.gridBox
    const frame = frameCovering(x0, y0, x1, y1, options.cellM)
    if (frame.width * frame.height > MAX_CELLS)
      throw new CoverageInputError('options .cellM', `${options.cellM} m cells over ${((x1 - x0) / 1000).toFixed(1)} × ${((y1 - y0) / 1000).toFixed(1)} km make ${(frame.width * frame.height / 1e6).toFixed(0)} M cells, more than ${MAX_CELLS / 1e6} M; use larger cells`)
    this.frame = frame
    this.labels = new GridLabels(frame, prepared.grids)
    this.layers = new CoverageLayers(frame.width, this.labels.label, prepared.grids.length)
    this.routes = prepared.routes.slice()
    this.cameras = prepared.cameras.slice()
    prepared.routes.forEach((r, i) => this.routeSlot.set(r.id, i))
    prepared.cameras.forEach((c, i) => this.cameraSlot.set(c.id, i))
    this.routeStamped = new Uint8Array(prepared.routes.length)
    this.blind = prepared.grids.map(() => [])
    this.lattice = new LatticeInverse(prepared.context.projection, frame.x0, frame.y0, frame.x0 + frame.width * frame.cellM, frame.y0 + frame.height * frame.cellM)
    this.deepestFirst = Int32Array.from(prepared.grids.map((_, i) => i).sort((a, b) => prepared.grids[b]!.depth - prepared.grids[a]!.depth))
  }

  /** Builds a model step by step, yielding progress between chunks of work. */
  static* build(input: CoverageInput, options: CoverageOptions = {}): Generator<BuildProgress, CoverageModel> {
    const resolved = resolveOptions(options)
    yield { stage: 'prepare', done: 0, total: 1 }
    const m = new CoverageModel(prepare(input, resolved), resolved)
    yield* m.buildSteps()
    return m
  }

  /** Builds a model in one go. */
  static create(input: CoverageInput, options: CoverageOptions = {}): CoverageModel {
    const steps = CoverageModel.build(input, options)
    for (;;) {
      const s = steps.next()
      if (s.done)
        return s.value
    }
  }

  private* buildSteps(): Generator<BuildProgress> {
    const { grids } = this.prepared
    const cells = this.frame.width * this.frame.height
    // Work units: cells touched, roughly; each stage reports within one shared total.
    const gridWork = cells * 2
    const total = gridWork + this.routes.length * 400 + this.cameras.length * 100 + cells + cells / 2 + cells / 4
    let done = 0
    const perGrid = Math.max(1, Math.floor(grids.length * CHUNK_CELLS / gridWork))
    for (let g = 0; g < grids.length; g += perGrid) {
      this.labels.paint(g, Math.min(grids.length, g + perGrid))
      yield { stage: 'grids', done: done + gridWork * Math.min(1, (g + perGrid) / grids.length), total }
    }
    done += gridWork
    const filter = this.options.filter
    for (let i = 0; i < this.routes.length; i++) {
      const r = this.routes[i]!
      if (countsUnderFilter(r.kind, r.schedule, filter)) {
        reachSpans(this.frame, r.path, r.reachM, this.layers.patrolSink(1))
        this.routeStamped[i] = 1
      }
      done += 400
      if (i % 200 === 199)
        yield { stage: 'patrols', done, total }
    }
    for (let i = 0; i < this.cameras.length; i++) {
      const c = this.cameras[i]!
      sectorSpans(this.frame, c.sector, this.layers.cameraSink(1, c.online))
      done += 100
      if (i % 2000 === 1999)
        yield { stage: 'cameras', done, total }
    }
    for (const road of this.prepared.roads) {
      const p = road.path
      for (let i = 0; i + 3 < p.length; i += 2)
        traverseSegment(this.frame, p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!, (cell, len) => this.layers.addRoad(cell, len))
    }
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_CELLS * 2 / this.frame.width))
    for (let r = 0; r < this.frame.height; r += rowsPerChunk) {
      this.layers.recount(r, Math.min(this.frame.height, r + rowsPerChunk))
      yield { stage: 'tally', done: done + cells * Math.min(1, (r + rowsPerChunk) / this.frame.height), total }
    }
    done += cells
    this.layers.track(true)
    this.buildPoints()
    yield { stage: 'points', done, total }
    this.refreshHotSpots()
    done += cells / 2
    yield { stage: 'hotspots', done, total }
    const perChunk = Math.max(1, Math.floor(grids.length * CHUNK_CELLS / cells))
    for (let g = 0; g < grids.length; g += perChunk) {
      for (let k = g; k < Math.min(grids.length, g + perChunk); k++)
        this.blind[k] = this.blindSpotsOf(k)
      yield { stage: 'blindspots', done: done + (cells / 4) * Math.min(1, (g + perChunk) / grids.length), total }
    }
    this.layers.takeDirty()
  }

  private buildPoints(): void {
    const { cases, keyPlaces, grids } = this.prepared
    const o = this.options
    const locateAll = (xs: Float64Array, ys: Float64Array) => Int32Array.from(xs, (x, i) => this.labels.locate(x, ys[i]!))
    const box = this.prepared.context.bounds
    const routeCounts = (r: number) => this.routeStamped[r] === 1
    const cameraOnline = (c: number) => this.cameras[c]?.online === true
    this.cases = new PointCoverage(cases, locateAll(cases.xs, cases.ys), grids.length, box, {
      counted: k => caseMatchesFilter({ dayOfMonth: cases.dayOfMonth[k]!, weekday: cases.weekday[k]!, minute: cases.minute[k]! }, o.filter),
      routeCounts,
      onDutyFor: (r, k) => {
        const route = this.routes[r]
        return !!route && (!o.filter?.kinds || o.filter.kinds.includes(route.kind))
          && onDutyAt(route.schedule, { dayOfMonth: cases.dayOfMonth[k]!, weekday: cases.weekday[k]!, minute: cases.minute[k]! })
      },
      cameraOnline,
    })
    this.keyPlaces = new PointCoverage(keyPlaces, locateAll(keyPlaces.xs, keyPlaces.ys), grids.length, box, {
      counted: () => true,
      routeCounts,
      onDutyFor: () => false,
      cameraOnline,
    })
    this.routes.forEach((r, i) => {
      if (r) {
        this.cases.addRoute(i, r)
        this.keyPlaces.addRoute(i, r)
      }
    })
    this.cameras.forEach((c, i) => {
      if (c) {
        this.cases.addCamera(i, c)
        this.keyPlaces.addCamera(i, c)
      }
    })
    this.cases.updateAll()
    this.keyPlaces.updateAll()
  }

  private caseCells(g: number): Int32Array {
    if (!this.caseCellsByGrid) {
      const lists: number[][] = this.prepared.grids.map(() => [])
      const { xs, ys } = this.prepared.cases
      const f = this.frame
      for (let k = 0; k < xs.length; k++) {
        const g = this.cases.grid[k]!
        if (g >= 0 && this.cases.bits[k]! & 1)
          lists[g]!.push(Math.floor((ys[k]! - f.y0) / f.cellM) * f.width + Math.floor((xs[k]! - f.x0) / f.cellM))
      }
      this.caseCellsByGrid = lists.map(l => Int32Array.from(l))
    }
    return this.caseCellsByGrid[g]!
  }

  private blindSpotsOf(g: number): BlindSpotPatch[] {
    // A grid whose own cells (those no deeper grid takes) are nearly all covered has none: a
    // township tiled by its villages is skipped without scanning its whole extent.
    const minCells = Math.max(1, Math.ceil(this.options.minBlindSpotM2 / (this.frame.cellM * this.frame.cellM) - 1e-9))
    if (this.layers.tally(g + 1, F.cells) - this.layers.tally(g + 1, F.either) < minCells)
      return []
    return blindSpotsOfGrid(g, {
      labels: this.labels,
      layers: this.layers,
      minCells,
      scratch: this.scratch,
      caseCells: k => this.caseCells(k),
      density: { frame: this.kde.frame, values: this.kde.density, rowPrefix: this.kde.rowPrefix },
      toLngLat: this.lattice,
      newId: () => this.nextSpotId++,
      revision: this.revision,
    })
  }

  private countedCaseCoords(): [Float64Array, Float64Array] {
    const { xs, ys } = this.prepared.cases
    const keep: number[] = []
    for (let k = 0; k < xs.length; k++) {
      if (this.cases.bits[k]! & 1)
        keep.push(k)
    }
    return [Float64Array.from(keep, k => xs[k]!), Float64Array.from(keep, k => ys[k]!)]
  }

  private refreshHotSpots(): void {
    const o = this.options
    const [xs, ys] = this.countedCaseCoords()
    this.kde = kdeOf(xs, ys, this.frame, o.bandwidth, o.kdeCellM)
    this.cellHot = cellHotSpots(xs, ys, this.labels, o.hotCellM, o.hotBandM)
    const grids = this.prepared.grids
    const byLevel = new Map<number, number>()
    for (const g of grids)
      byLevel.set(g.level, (byLevel.get(g.level) ?? 0) + 1)
    const level = o.hotGridLevel ?? [...byLevel.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0]
    const ancestorAt = new Int32Array(grids.length + 1).fill(-1)
    for (let g = 0; g < grids.length; g++) {
      let a = g
      while (a >= 0 && grids[a]!.level > level)
        a = grids[a]!.parent
      ancestorAt[g + 1] = a >= 0 && grids[a]!.level === level ? a : -1
    }
    const rolled = this.rolledUp()
    this.gridHot = gridHotSpots(level, grids.map(g => g.level), ancestorAt, this.labels, rolled.cases, rolled.areaM2)
    this.hotRevision = this.revision
  }

  /** Own-grid values rolled up the hierarchy (a parent's figure includes all below it). */
  rollUp(own: (g: number) => number): Float64Array {
    const out = Float64Array.from(this.prepared.grids, (_, g) => own(g))
    this.rollUpInPlace([out])
    return out
  }

  /** Rolls columns of own-grid values (input order) up the hierarchy, in place, in one pass. */
  rollUpInPlace(columns: readonly Float64Array[]): void {
    const grids = this.prepared.grids
    for (const g of this.deepestFirst) {
      const p = grids[g]!.parent
      if (p >= 0) {
        for (const c of columns)
          c[p]! += c[g]!
      }
    }
  }

  private rolledUp(): { cases: Float64Array, areaM2: Float64Array } {
    const a = this.frame.cellM ** 2
    return {
      cases: this.rollUp(g => this.cases.counts[(g + 1) * POINT_FIELDS + PF.total]!),
      areaM2: this.rollUp(g => this.layers.tally(g + 1, F.cells) * a),
    }
  }

  private refreshBlindSpots(all = false): void {
    const dirty = this.layers.takeDirty()
    for (const label of all ? this.prepared.grids.map((_, g) => g + 1) : dirty) {
      if (label > 0)
        this.blind[label - 1] = this.blindSpotsOf(label - 1)
    }
  }

  private stampRoute(i: number, delta: 1 | -1): void {
    const r = this.routes[i]!
    reachSpans(this.frame, r.path, r.reachM, this.layers.patrolSink(delta))
    this.routeStamped[i] = delta === 1 ? 1 : 0
  }

  // Checks that a shape fits (at most 255 stamps per cell) before it is stamped; on refusal puts back what was taken out, so the model is as before.
  private roomFor(check: () => void, undo: () => void): void {
    try {
      check()
    }
    catch (e) {
      undo()
      throw e
    }
  }

  /** Adds a route or replaces the one with its id (moved path, new schedule or team). */
  upsertRoute(route: PatrolRoute): void {
    const next = prepareRoute(route, this.prepared.context)
    let i = this.routeSlot.get(route.id)
    let touched: number[] = []
    let touchedKp: number[] = []
    const stamp = countsUnderFilter(next.kind, next.schedule, this.options.filter)
    if (i !== undefined) {
      const was = this.routeStamped[i] === 1
      if (was)
        this.stampRoute(i, -1)
      if (stamp)
        this.roomFor(() => reachSpans(this.frame, next.path, next.reachM, this.layers.roomSink('routes')), () => was && this.stampRoute(i!, 1))
      touched = this.cases.removeRoute(i)
      touchedKp = this.keyPlaces.removeRoute(i)
      this.routes[i] = next
    }
    else {
      if (stamp)
        this.roomFor(() => reachSpans(this.frame, next.path, next.reachM, this.layers.roomSink('routes')), () => {})
      i = this.routes.length
      this.routes.push(next)
      this.routeSlot.set(route.id, i)
      const grown = new Uint8Array(i + 1)
      grown.set(this.routeStamped)
      this.routeStamped = grown
    }
    if (stamp)
      this.stampRoute(i, 1)
    touched = touched.concat(this.cases.addRoute(i, next))
    touchedKp = touchedKp.concat(this.keyPlaces.addRoute(i, next))
    this.cases.update(touched)
    this.keyPlaces.update(touchedKp)
    this.afterEdit()
  }

  /** Removes a route; unknown ids are refused. */
  removeRoute(id: string): void {
    const i = this.routeSlot.get(id)
    if (i === undefined)
      throw new CoverageInputError(`route ${id}`, 'no such route')
    if (this.routeStamped[i])
      this.stampRoute(i, -1)
    const touched = this.cases.removeRoute(i)
    const touchedKp = this.keyPlaces.removeRoute(i)
    this.routes[i] = null
    this.routeSlot.delete(id)
    this.cases.update(touched)
    this.keyPlaces.update(touchedKp)
    this.afterEdit()
  }

  /** Adds a camera or replaces the one with its id (moved, turned, re-ranged, gone offline). */
  upsertCamera(camera: Camera): void {
    const next = prepareCamera(camera, this.prepared.context)
    let i = this.cameraSlot.get(camera.id)
    let touched: number[] = []
    let touchedKp: number[] = []
    if (i !== undefined) {
      const old = this.cameras[i]!
      sectorSpans(this.frame, old.sector, this.layers.cameraSink(-1, old.online))
      this.roomFor(() => sectorSpans(this.frame, next.sector, this.layers.roomSink('cameras', next.online)), () => sectorSpans(this.frame, old.sector, this.layers.cameraSink(1, old.online)))
      touched = this.cases.removeCamera(i)
      touchedKp = this.keyPlaces.removeCamera(i)
      this.cameras[i] = next
    }
    else {
      this.roomFor(() => sectorSpans(this.frame, next.sector, this.layers.roomSink('cameras', next.online)), () => {})
      i = this.cameras.length
      this.cameras.push(next)
      this.cameraSlot.set(camera.id, i)
    }
    sectorSpans(this.frame, next.sector, this.layers.cameraSink(1, next.online))
    touched = touched.concat(this.cases.addCamera(i, next))
    touchedKp = touchedKp.concat(this.keyPlaces.addCamera(i, next))
    this.cases.update(touched)
    this.keyPlaces.update(touchedKp)
    this.afterEdit()
  }

  /** Removes a camera; unknown ids are refused. */
  removeCamera(id: string): void {
    const i = this.cameraSlot.get(id)
    if (i === undefined)
      throw new CoverageInputError(`camera ${id}`, 'no such camera')
    const old = this.cameras[i]!
    sectorSpans(this.frame, old.sector, this.layers.cameraSink(-1, old.online))
    const touched = this.cases.removeCamera(i)
    const touchedKp = this.keyPlaces.removeCamera(i)
    this.cameras[i] = null
    this.cameraSlot.delete(id)
    this.cases.update(touched)
    this.keyPlaces.update(touchedKp)
    this.afterEdit()
  }

  /** Changes which patrols and cases count; restamps only the routes whose standing changes. */
  setFilter(filter: DutyFilter | undefined): void {
    checkFilter(filter)
    this.options.filter = filter
    this.routes.forEach((r, i) => {
      if (!r)
        return
      const counts = countsUnderFilter(r.kind, r.schedule, filter)
      if (counts !== (this.routeStamped[i] === 1))
        this.stampRoute(i, counts ? 1 : -1)
    })
    this.cases.updateAll()
    this.keyPlaces.updateAll()
    this.caseCellsByGrid = null
    this.revision++
    this.refreshHotSpots()
    this.refreshBlindSpots(true)
  }

  private afterEdit(): void {
    this.revision++
    this.refreshBlindSpots()
  }

  /** Grid index (input order) of the deepest grid containing each [lng, lat] pair, −1 outside. */
  assignPoints(lngLat: Float64Array): Int32Array {
    const n = lngLat.length / 2
    const out = new Int32Array(n)
    const p: [number, number] = [0, 0]
    const proj = this.prepared.context.projection
    for (let i = 0; i < n; i++) {
      proj.forward(lngLat[2 * i]!, lngLat[2 * i + 1]!, p)
      out[i] = this.labels.locate(p[0], p[1])
    }
    return out
  }
}
