// Blind spots: 4-connected patches of cells that no patrol reaches and no online camera sees,
// within one grid (the deepest grid of each cell), kept when at least the minimum area. Found
// per grid, so an edit reruns only the grids whose gaps changed, and found as runs of cells
// joined row to row (union-find), so the work is a scan of the grid's own cells plus the runs
// and the outlines: a route edit reruns a dozen grids within the 5 ms budget.
import type { CoarseFrame } from './hotspots'
import type { GridLabels } from './labels'
import type { CoverageLayers } from './layers'
import type { LatticeInverse } from './projection'
import { signedArea, traceOutline, TraceScratch } from './trace'

/** One blind spot, in the metric frame and in WGS 84. */
export interface BlindSpotPatch {
  /** Unique within a model; a spot recomputed after an edit gets a new one. */
  id: number
  /** The model revision it was found at. */
  revision: number
  /** Index of the (deepest) grid it lies in. */
  grid: number
  areaM2: number
  /** Counted cases inside. */
  cases: number
  /** Expected cases inside from the kernel density surface (cases per period). */
  risk: number
  /** Mean of the cells' centres, metres, and the same as [lng, lat]. */
  cx: number
  cy: number
  centre: Float64Array
  /** Outer ring first, then holes; flat metres, not closed. */
  rings: Float64Array[]
  /** The same rings as flat [lng, lat] pairs. */
  lngLat: Float64Array[]
}

/** Reused working memory, grown to the largest grid. */
export class BlindSpotScratch {
  comp = new Int32Array(0)
  runs = new Int32Array(0)
  readonly trace = new TraceScratch()
  ensureComp(n: number): void {
    if (this.comp.length < n)
      this.comp = new Int32Array(n)
  }

  ensureRuns(n: number): void {
    if (this.runs.length < n) {
      const grown = new Int32Array(Math.max(n, 2 * this.runs.length))
      grown.set(this.runs)
      this.runs = grown
    }
  }
}

export interface BlindSpotContext {
  labels: GridLabels
  layers: CoverageLayers
  minCells: number
  scratch: BlindSpotScratch
  /** Global cells of the counted cases in each grid. */
  caseCells: (grid: number) => ArrayLike<number>
  /** Cases per km² on a coarse raster aligned with the sampling one, with its row prefix sums. */
  density: { frame: CoarseFrame, values: Float32Array, rowPrefix: Float64Array }
  toLngLat: LatticeInverse
  /** Stamps for the spots found: a fresh id each, and the model's revision. */
  newId: () => number
  revision: number
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!
    i = parent[i]!
  }
  return i
}

/** Σ density over the fine cells a..b of a fine row: whole coarse cells from the prefix sums, the two ends by their share. */
function runDensity(df: CoarseFrame, density: Float32Array, prefix: Float64Array, row: number, a: number, b: number): number {
  const k = df.factor
  const cr = Math.floor(row / k)
  const ca = Math.floor(a / k)
  const cb = Math.floor(b / k)
  const base = cr * df.width
  if (ca === cb)
    return density[base + ca]! * (b - a + 1)
  const p = cr * (df.width + 1)
  return density[base + ca]! * ((ca + 1) * k - a) + (prefix[p + cb]! - prefix[p + ca + 1]!) * k + density[base + cb]! * (b - cb * k + 1)
}

/** The gap runs of grid g as (row, first col, last col) triplets in scratch.runs; returns how many. */
function gapRuns(g: number, labels: GridLabels, layers: CoverageLayers, scratch: BlindSpotScratch): number {
  const spans = labels.spans[g]!
  const width = labels.frame.width
  const value = g + 1
  const { label } = labels
  const { patrol, camOn } = layers
  let n = 0
  for (let s = 0; s < spans.length; s += 3) {
    const row = spans[s]!
    const base = row * width
    let i = spans[s + 1]!
    const end = spans[s + 2]!
    while (i <= end) {
      while (i <= end && !(label[base + i] === value && patrol[base + i] === 0 && camOn[base + i] === 0))
        i++
      if (i > end)
        break
      const a = i
      while (i <= end && label[base + i] === value && patrol[base + i] === 0 && camOn[base + i] === 0)
        i++
      const runs = scratch.runs
      if (n > 0 && runs[3 * n - 3] === row && runs[3 * n - 1]! + 1 === a) {
        runs[3 * n - 1] = i - 1
        continue
      }
      scratch.ensureRuns(3 * n + 3)
      scratch.runs[3 * n] = row
      scratch.runs[3 * n + 1] = a
      scratch.runs[3 * n + 2] = i - 1
      n++
    }
  }
  return n
}

/** The blind spots of one grid, largest risk first. */
export function blindSpotsOfGrid(g: number, ctx: BlindSpotContext): BlindSpotPatch[] {
  const { labels, layers, scratch } = ctx
  const n = gapRuns(g, labels, layers, scratch)
  if (n === 0)
    return []
  const runs = scratch.runs
  // Join runs that overlap a run of the row below (both lists are ordered, so one merge pass).
  const parent = new Int32Array(n)
  for (let i = 0; i < n; i++)
    parent[i] = i
  let prevStart = 0
  let prevEnd = 0
  for (let i = 0; i < n;) {
    const row = runs[3 * i]!
    let j = i
    while (j < n && runs[3 * j] === row)
      j++
    if (prevEnd > prevStart && runs[3 * prevStart] === row - 1) {
      let p = prevStart
      let q = i
      while (p < prevEnd && q < j) {
        if (runs[3 * p + 1]! <= runs[3 * q + 2]! && runs[3 * q + 1]! <= runs[3 * p + 2]!) {
          const a = find(parent, p)
          const b = find(parent, q)
          if (a !== b)
            parent[Math.max(a, b)] = Math.min(a, b)
        }
        if (runs[3 * p + 2]! < runs[3 * q + 2]!)
          p++
        else
          q++
      }
    }
    prevStart = i
    prevEnd = j
    i = j
  }
  const cells = new Float64Array(n)
  for (let i = 0; i < n; i++)
    cells[find(parent, i)]! += runs[3 * i + 2]! - runs[3 * i + 1]! + 1
  const slot = new Int32Array(n).fill(-1)
  const size: number[] = []
  for (let i = 0; i < n; i++) {
    if (parent[i] === i && cells[i]! >= ctx.minCells) {
      slot[i] = size.length
      size.push(cells[i]!)
    }
  }
  const kept = size.length
  if (kept === 0)
    return []
  const f = labels.frame
  const sx = new Float64Array(kept)
  const sy = new Float64Array(kept)
  const risk = new Float64Array(kept)
  const { frame: df, values: density, rowPrefix: prefix } = ctx.density
  let c0 = Infinity
  let c1 = -Infinity
  let r0 = Infinity
  let r1 = -Infinity
  const keptRun = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    const s = slot[parent[i]!]!
    if (s < 0)
      continue
    keptRun[i] = s
    const row = runs[3 * i]!
    const a = runs[3 * i + 1]!
    const b = runs[3 * i + 2]!
    c0 = Math.min(c0, a)
    c1 = Math.max(c1, b)
    r0 = Math.min(r0, row)
    r1 = Math.max(r1, row)
    sx[s]! += (a + b) * (b - a + 1) / 2
    sy[s]! += row * (b - a + 1)
    risk[s]! += runDensity(df, density, prefix, row, a, b)
  }
  // The kept patches painted into a padded window over their box, for the outlines and the cases.
  const w = c1 - c0 + 1
  const W = w + 2
  const H = r1 - r0 + 3
  scratch.ensureComp(W * H)
  const comp = scratch.comp
  comp.fill(0, 0, W * H)
  const starts: number[][] = Array.from({ length: kept }, () => [])
  for (let i = 0; i < n; i++) {
    const s = keptRun[i]!
    if (s < 0)
      continue
    const p0 = (runs[3 * i]! - r0 + 1) * W + 1 - c0
    comp.fill(s + 1, p0 + runs[3 * i + 1]!, p0 + runs[3 * i + 2]! + 1)
    starts[s]!.push(p0 + runs[3 * i + 1]!)
  }
  const caseCount = new Int32Array(kept)
  const gc = ctx.caseCells(g)
  for (let i = 0; i < gc.length; i++) {
    const cell = gc[i]!
    const col = cell % f.width
    const row = (cell - col) / f.width
    if (col < c0 || col > c1 || row < r0 || row > r1)
      continue
    const id = comp[(row - r0 + 1) * W + col - c0 + 1]!
    if (id > 0)
      caseCount[id - 1]!++
  }
  scratch.trace.reset(W * H)
  const cs = f.cellM
  const perCell = cs * cs / 1e6
  const result: BlindSpotPatch[] = []
  for (let s = 0; s < kept; s++) {
    const rings: Float64Array[] = []
    const lngLat: Float64Array[] = []
    // Outer ring first: it is the only one of positive area.
    for (const r of traceOutline(comp, W, s + 1, starts[s]!, scratch.trace).sort((a, b) => signedArea(b) - signedArea(a))) {
      const xy = new Float64Array(r.length)
      const ll = new Float64Array(r.length)
      for (let j = 0; j < r.length; j += 2) {
        xy[j] = f.x0 + (c0 + r[j]!) * cs
        xy[j + 1] = f.y0 + (r0 + r[j + 1]!) * cs
        ctx.toLngLat.inverseInto(xy[j]!, xy[j + 1]!, ll, j)
      }
      rings.push(xy)
      lngLat.push(ll)
    }
    const area = size[s]!
    const cx = f.x0 + (sx[s]! / area + 0.5) * cs
    const cy = f.y0 + (sy[s]! / area + 0.5) * cs
    const centre = new Float64Array(2)
    ctx.toLngLat.inverseInto(cx, cy, centre, 0)
    result.push({
      id: ctx.newId(),
      revision: ctx.revision,
      grid: g,
      areaM2: area * cs * cs,
      cases: caseCount[s]!,
      risk: risk[s]! * perCell,
      cx,
      cy,
      centre,
      rings,
      lngLat,
    })
  }
  return result.sort(byRisk)
}

/** Ranking of blind spots: expected cases, then counted cases, then area. */
export function byRisk(a: BlindSpotPatch, b: BlindSpotPatch): number {
  return b.risk - a.risk || b.cases - a.cases || b.areaM2 - a.areaM2
}
