// The exact reference: GEOS (geos-wasm) polygon overlay in the engine's own metric frame, on the
// very coordinates the engine prepared, so the two differ only by method.
// Definitions compared against: a route's reach is the GEOS round buffer of its path with 90
// segments per quarter circle (a 360-gon, 0.005 % smaller than a true disk); a camera's view is the
// polygon of its apex and its arc sampled every 0.5° or finer (0.001 % smaller than the true sector).
import type { CoverageModel } from '~/domain/coverage'
import type { FlatRing } from '~/domain/coverage/shapes'
import initGeosJs from 'geos-wasm'

type Geos = Awaited<ReturnType<typeof initGeosJs>>
type Ptr = number

const QUADRANT_SEGMENTS = 90
const ARC_STEP_DEG = 0.5
const GEOS_POLYGON = 3
const GEOS_GEOMETRYCOLLECTION = 7

let geosPromise: Promise<Geos> | null = null
export function loadGeos(): Promise<Geos> {
  geosPromise ??= initGeosJs()
  return geosPromise
}

/** Exact figures per grid (input order, rolled up like the engine's), and the blind-spot count. */
export interface ExactFigures {
  areaM2: Float64Array
  patrolM2: Float64Array
  cameraM2: Float64Array
  eitherM2: Float64Array
  bothM2: Float64Array
  blindSpots: number
  blindM2: number
  /** Blind spots per leaf grid. */
  blindByGrid: Int32Array
}

class Overlay {
  private readonly M: Geos['Module']
  private readonly areaPtr: Ptr
  constructor(private readonly g: Geos) {
    this.M = g.Module
    this.areaPtr = this.M._malloc(8)
  }

  ring(flat: ArrayLike<number>, close: boolean): Ptr {
    const n = flat.length / 2 + (close ? 1 : 0)
    const buf = this.M._malloc(16 * n)
    const heap = this.M.HEAPF64
    for (let i = 0; i < flat.length; i++)
      heap[buf / 8 + i] = flat[i]!
    if (close) {
      heap[buf / 8 + 2 * n - 2] = flat[0]!
      heap[buf / 8 + 2 * n - 1] = flat[1]!
    }
    const seq = this.g.GEOSCoordSeq_copyFromBuffer(buf, n, 0, 0)
    this.M._free(buf)
    return seq
  }

  polygon(rings: readonly FlatRing[]): Ptr {
    const shell = this.g.GEOSGeom_createLinearRing(this.ring(rings[0]!, true))
    const holes = rings.slice(1).map(r => this.g.GEOSGeom_createLinearRing(this.ring(r, true)))
    const arr = this.pointers(holes)
    const p = this.g.GEOSGeom_createPolygon(shell, arr, holes.length)
    this.M._free(arr)
    return p
  }

  line(flat: FlatRing): Ptr {
    return this.g.GEOSGeom_createLineString(this.ring(flat, false))
  }

  buffer(p: Ptr, d: number): Ptr {
    return this.g.GEOSBuffer(p, d, QUADRANT_SEGMENTS)
  }

  pointers(geoms: readonly Ptr[]): Ptr {
    const arr = this.M._malloc(4 * Math.max(1, geoms.length))
    this.M.HEAP32.set(geoms, arr / 4)
    return arr
  }

  /** The union of clones of `geoms` (the originals stay owned by the caller); 0 when empty. */
  union(geoms: readonly Ptr[]): Ptr {
    if (geoms.length === 0)
      return 0
    const clones = geoms.map(p => this.g.GEOSGeom_clone(p))
    const arr = this.pointers(clones)
    const coll = this.g.GEOSGeom_createCollection(GEOS_GEOMETRYCOLLECTION, arr, clones.length)
    this.M._free(arr)
    const u = this.g.GEOSUnaryUnion(coll)
    this.g.GEOSGeom_destroy(coll)
    return u
  }

  area(p: Ptr): number {
    if (p === 0)
      return 0
    this.g.GEOSArea(p, this.areaPtr)
    return this.M.getValue(this.areaPtr, 'double')
  }

  /** Area of a ∩ b, freeing the intersection. */
  areaOfIntersection(a: Ptr, b: Ptr): number {
    if (a === 0 || b === 0)
      return 0
    const i = this.g.GEOSIntersection(a, b)
    const v = this.area(i)
    this.g.GEOSGeom_destroy(i)
    return v
  }

  /** Areas of the polygons of a − b. */
  pieces(a: Ptr, b: Ptr): number[] {
    const d = b === 0 ? this.g.GEOSGeom_clone(a) : this.g.GEOSDifference(a, b)
    const out: number[] = []
    const n = this.g.GEOSGetNumGeometries(d)
    for (let k = 0; k < n; k++) {
      const part = this.g.GEOSGetGeometryN(d, k)
      if (this.g.GEOSGeomTypeId(part) === GEOS_POLYGON)
        out.push(this.area(part))
    }
    this.g.GEOSGeom_destroy(d)
    return out
  }

  destroy(p: Ptr): void {
    if (p !== 0)
      this.g.GEOSGeom_destroy(p)
  }
}

type Box = [number, number, number, number]

function boxOf(flat: ArrayLike<number>, pad: number): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity]
  for (let i = 0; i < flat.length; i += 2) {
    b[0] = Math.min(b[0], flat[i]! - pad)
    b[1] = Math.min(b[1], flat[i + 1]! - pad)
    b[2] = Math.max(b[2], flat[i]! + pad)
    b[3] = Math.max(b[3], flat[i + 1]! + pad)
  }
  return b
}

const meets = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]

/** A camera's view as a polygon ring (apex, then the arc clockwise from the left edge). */
export function sectorRing(x: number, y: number, bearingDeg: number, fovDeg: number, rangeM: number): Float64Array {
  const steps = Math.max(2, Math.ceil(fovDeg / ARC_STEP_DEG))
  const out = new Float64Array(2 * (steps + 2))
  out[0] = x
  out[1] = y
  for (let i = 0; i <= steps; i++) {
    const a = (bearingDeg - fovDeg / 2 + fovDeg * i / steps) * Math.PI / 180
    out[2 + 2 * i] = x + rangeM * Math.sin(a)
    out[3 + 2 * i] = y + rangeM * Math.cos(a)
  }
  return out
}

/**
 * The exact figures for the leaf grids of the model's input (grids no other grid names as
 * parent), rolled up to their ancestors; online cameras only, as the engine counts them.
 */
export async function exactFigures(model: CoverageModel, minBlindSpotM2: number): Promise<ExactFigures> {
  const o = new Overlay(await loadGeos())
  const { grids } = model.prepared
  const routes = model.routes.filter(r => r !== null)
  const cameras = model.cameras.filter(c => c !== null && c.online)
  const reach = routes.map((r) => {
    const l = o.line(r.path)
    const b = o.buffer(l, r.reachM)
    o.destroy(l)
    return { p: b, box: boxOf(r.path, r.reachM) }
  })
  const views = cameras.map((c) => {
    const s = c!.sector
    const ring = sectorRing(s.x, s.y, s.bearingDeg, s.fovDeg, s.rangeM)
    return { p: o.polygon([ring]), box: boxOf(ring, 0) }
  })
  const n = grids.length
  const out: ExactFigures = {
    areaM2: new Float64Array(n),
    patrolM2: new Float64Array(n),
    cameraM2: new Float64Array(n),
    eitherM2: new Float64Array(n),
    bothM2: new Float64Array(n),
    blindSpots: 0,
    blindM2: 0,
    blindByGrid: new Int32Array(n),
  }
  const isParent = new Set(grids.map(g => g.parent))
  for (let gi = 0; gi < n; gi++) {
    const grid = grids[gi]!
    if (isParent.has(gi))
      continue
    const gp = o.polygon(grid.rings)
    const box = grid.bbox
    const P = o.union(reach.filter(r => meets(r.box, box)).map(r => r.p))
    const C = o.union(views.filter(v => meets(v.box, box)).map(v => v.p))
    const E = P === 0 ? (C === 0 ? 0 : o.union([C])) : C === 0 ? o.union([P]) : o.union([P, C])
    const a = o.area(gp)
    const p = o.areaOfIntersection(gp, P)
    const c = o.areaOfIntersection(gp, C)
    const e = o.areaOfIntersection(gp, E)
    const all = o.pieces(gp, E)
    if (process.env.DEBUG_GRID && +process.env.DEBUG_GRID === gi)
      console.log('exact pieces', all.filter(v => v > 300).map(v => v.toFixed(0)).join(' '))
    const pieces = all.filter(v => v >= minBlindSpotM2)
    out.blindSpots += pieces.length
    out.blindByGrid[gi] = pieces.length
    out.blindM2 += pieces.reduce((s, v) => s + v, 0)
    for (let g = gi; g >= 0; g = grids[g]!.parent) {
      out.areaM2[g]! += a
      out.patrolM2[g]! += p
      out.cameraM2[g]! += c
      out.eitherM2[g]! += e
      out.bothM2[g]! += p + c - e
    }
    for (const q of [gp, P, C, E])
      o.destroy(q)
  }
  for (const q of [...reach, ...views])
    o.destroy(q.p)
  return out
}
