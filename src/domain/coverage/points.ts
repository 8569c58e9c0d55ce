// Point coverage, exact: which routes reach and which cameras see each case or key place,
// found through a bucket index and kept per point, so editing one route or camera rechecks only
// the points near its old and new shape. Per-grid counts follow each point's status.
import type { PreparedCamera, PreparedPoints, PreparedRoute } from './prepare'
import { distanceToSegment, inSector } from './shapes'

const BUCKET_M = 100

/** Status bits of a point. */
export const P = { counted: 1, reach: 2, view: 4, onDuty: 8 } as const

/** Per-grid point count fields. */
export const PF = { total: 0, reach: 1, view: 2, either: 3, onDutyOrView: 4 } as const
export const POINT_FIELDS = 5

function countsOf(bits: number): [number, number, number, number, number] {
  if (!(bits & P.counted))
    return [0, 0, 0, 0, 0]
  const reach = bits & P.reach ? 1 : 0
  const view = bits & P.view ? 1 : 0
  return [1, reach, view, reach || view ? 1 : 0, view || bits & P.onDuty ? 1 : 0]
}

/** Decides a point's status from the routes and cameras that cover it in space. */
export interface PointJudge {
  counted: (point: number) => boolean
  /** Whether route r counts for the area figures (team kind and duty filter). */
  routeCounts: (route: number) => boolean
  /** Whether route r was on duty at this point's time (cases); false for timeless points. */
  onDutyFor: (route: number, point: number) => boolean
  cameraOnline: (camera: number) => boolean
}

export class PointCoverage {
  /** Grid index of each point (-1 outside every grid). */
  readonly grid: Int32Array
  readonly bits: Uint8Array
  /** counts[(grid + 1) * POINT_FIELDS + field], own counts (not rolled up). */
  readonly counts: Float64Array
  private readonly routesOf: Array<number[] | undefined>
  private readonly camerasOf: Array<number[] | undefined>
  private readonly ofRoute = new Map<number, number[]>()
  private readonly ofCamera = new Map<number, number[]>()
  private readonly bucketStart: Int32Array
  private readonly bucketItems: Int32Array
  private readonly cols: number
  private readonly rows: number
  private readonly seen: Int32Array
  private seenMark = 0

  constructor(readonly points: PreparedPoints, grid: Int32Array, grids: number, private readonly box: [number, number, number, number], private readonly judge: PointJudge) {
    const n = points.xs.length
    this.grid = grid
    this.bits = new Uint8Array(n)
    this.counts = new Float64Array((grids + 1) * POINT_FIELDS)
    this.routesOf = Array.from({ length: n })
    this.camerasOf = Array.from({ length: n })
    this.seen = new Int32Array(n)
    this.cols = Math.max(1, Math.ceil((box[2] - box[0]) / BUCKET_M) + 1)
    this.rows = Math.max(1, Math.ceil((box[3] - box[1]) / BUCKET_M) + 1)
    const start = new Int32Array(this.cols * this.rows + 1)
    const bucket = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const b = this.bucketOf(points.xs[i]!, points.ys[i]!)
      bucket[i] = b
      start[b + 1]!++
    }
    for (let b = 0; b < this.cols * this.rows; b++)
      start[b + 1]! += start[b]!
    const fill = start.slice(0, -1)
    const items = new Int32Array(n)
    for (let i = 0; i < n; i++)
      items[fill[bucket[i]!]!++] = i
    this.bucketStart = start
    this.bucketItems = items
  }

  private bucketOf(x: number, y: number): number {
    const c = Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.box[0]) / BUCKET_M)))
    const r = Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.box[1]) / BUCKET_M)))
    return r * this.cols + c
  }

  private query(x0: number, y0: number, x1: number, y1: number, visit: (p: number) => void): void {
    const c0 = Math.max(0, Math.floor((x0 - this.box[0]) / BUCKET_M))
    const c1 = Math.min(this.cols - 1, Math.floor((x1 - this.box[0]) / BUCKET_M))
    const r0 = Math.max(0, Math.floor((y0 - this.box[1]) / BUCKET_M))
    const r1 = Math.min(this.rows - 1, Math.floor((y1 - this.box[1]) / BUCKET_M))
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const b = r * this.cols + c
        for (let k = this.bucketStart[b]!; k < this.bucketStart[b + 1]!; k++)
          visit(this.bucketItems[k]!)
      }
    }
  }

  /** Records which points route `r` reaches; returns them. */
  addRoute(r: number, route: PreparedRoute): number[] {
    const hit: number[] = []
    const mark = ++this.seenMark
    const { xs, ys } = this.points
    const p = route.path
    const d = route.reachM
    for (let i = 0; i + 3 < p.length; i += 2) {
      const ax = p[i]!
      const ay = p[i + 1]!
      const bx = p[i + 2]!
      const by = p[i + 3]!
      this.query(Math.min(ax, bx) - d, Math.min(ay, by) - d, Math.max(ax, bx) + d, Math.max(ay, by) + d, (k) => {
        if (this.seen[k] !== mark && distanceToSegment(xs[k]!, ys[k]!, ax, ay, bx, by) <= d) {
          this.seen[k] = mark
          hit.push(k)
          ;(this.routesOf[k] ??= []).push(r)
        }
      })
    }
    this.ofRoute.set(r, hit)
    return hit
  }

  /** Forgets route r; returns the points it reached. */
  removeRoute(r: number): number[] {
    const hit = this.ofRoute.get(r) ?? []
    for (const k of hit) {
      const list = this.routesOf[k]!
      list.splice(list.indexOf(r), 1)
    }
    this.ofRoute.delete(r)
    return hit
  }

  /** Records which points camera `c` sees; returns them. */
  addCamera(c: number, camera: PreparedCamera): number[] {
    const s = camera.sector
    const hit: number[] = []
    const { xs, ys } = this.points
    this.query(s.x - s.rangeM, s.y - s.rangeM, s.x + s.rangeM, s.y + s.rangeM, (k) => {
      if (inSector(s, xs[k]!, ys[k]!)) {
        hit.push(k)
        ;(this.camerasOf[k] ??= []).push(c)
      }
    })
    this.ofCamera.set(c, hit)
    return hit
  }

  /** Forgets camera c; returns the points it saw. */
  removeCamera(c: number): number[] {
    const hit = this.ofCamera.get(c) ?? []
    for (const k of hit) {
      const list = this.camerasOf[k]!
      list.splice(list.indexOf(c), 1)
    }
    this.ofCamera.delete(c)
    return hit
  }

  private statusOf(k: number): number {
    const j = this.judge
    if (!j.counted(k))
      return 0
    let bits = P.counted
    for (const r of this.routesOf[k] ?? []) {
      if (j.routeCounts(r))
        bits |= P.reach
      if (j.onDutyFor(r, k))
        bits |= P.onDuty
    }
    for (const c of this.camerasOf[k] ?? []) {
      if (j.cameraOnline(c)) {
        bits |= P.view
        break
      }
    }
    return bits
  }

  /** Re-judges some points and moves their counts. */
  update(points: Iterable<number>): void {
    for (const k of points)
      this.updateOne(k)
  }

  /** Re-judges every point (after the duty filter changed). */
  updateAll(): void {
    for (let k = 0; k < this.bits.length; k++)
      this.updateOne(k)
  }

  private updateOne(k: number): void {
    const bits = this.statusOf(k)
    const old = this.bits[k]!
    if (bits === old)
      return
    this.bits[k] = bits
    const base = (this.grid[k]! + 1) * POINT_FIELDS
    const a = countsOf(old)
    const b = countsOf(bits)
    for (let f = 0; f < POINT_FIELDS; f++)
      this.counts[base + f]! += b[f]! - a[f]!
  }

  /** Routes reaching point k (any schedule). */
  routesAt(k: number): readonly number[] {
    return this.routesOf[k] ?? []
  }
}
