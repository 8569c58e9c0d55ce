// Blind spots: 4-connected patches of cells that no patrol reaches and no online camera sees,
// within one grid (the deepest grid of each cell), kept when at least the minimum area. Found
// per grid over that grid's box, so an edit reruns only the grids whose gaps changed.
import type { GridLabels } from './labels'
import type { CoverageLayers } from './layers'
import { uncoveredKey } from './layers'
import { signedArea, traceCells } from './trace'

/** One blind spot in the metric frame. */
export interface BlindSpotPatch {
  /** Index of the (deepest) grid it lies in. */
  grid: number
  areaM2: number
  /** Counted cases inside. */
  cases: number
  /** Expected cases inside from the kernel density surface (cases per period). */
  risk: number
  /** Mean of the cells' centres, metres. */
  cx: number
  cy: number
  /** Outer ring first, then holes; flat metres, not closed. */
  rings: Float64Array[]
}

/** Reused working memory, grown to the largest grid box. */
export class BlindSpotScratch {
  comp = new Int32Array(0)
  stack = new Int32Array(0)
  cells = new Int32Array(0)
  ensure(n: number): void {
    if (this.comp.length < n) {
      this.comp = new Int32Array(n)
      this.stack = new Int32Array(n)
      this.cells = new Int32Array(n)
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
  /** Expected cases per cell (density × cell area) at a global cell. */
  riskAt: (cell: number) => number
}

/** The blind spots of one grid, largest risk first. */
export function blindSpotsOfGrid(g: number, ctx: BlindSpotContext): BlindSpotPatch[] {
  const { labels, layers, scratch } = ctx
  const f = labels.frame
  const box = labels.cellBox
  const c0 = box[4 * g]!
  const r0 = box[4 * g + 1]!
  const w = box[4 * g + 2]! - c0 + 1
  const h = box[4 * g + 3]! - r0 + 1
  if (w <= 0 || h <= 0)
    return []
  scratch.ensure(w * h)
  const { comp, stack, cells } = scratch
  comp.fill(0, 0, w * h)
  const value = g + 1
  const label = labels.label
  const gap = (lx: number, ly: number): boolean => {
    const cell = (r0 + ly) * f.width + c0 + lx
    return label[cell] === value && uncoveredKey(layers.keyAt(cell))
  }
  const patches: Array<{ id: number, n: number, sx: number, sy: number, cells: Int32Array }> = []
  let next = 0
  for (let ly = 0; ly < h; ly++) {
    for (let lx = 0; lx < w; lx++) {
      const start = ly * w + lx
      if (comp[start] !== 0 || !gap(lx, ly))
        continue
      const id = ++next
      comp[start] = id
      let top = 0
      let n = 0
      let sx = 0
      let sy = 0
      stack[top++] = start
      while (top > 0) {
        const k = stack[--top]!
        cells[n++] = k
        const x = k % w
        const y = (k - x) / w
        sx += x
        sy += y
        if (x > 0 && comp[k - 1] === 0 && gap(x - 1, y)) {
          comp[k - 1] = id
          stack[top++] = k - 1
        }
        if (x + 1 < w && comp[k + 1] === 0 && gap(x + 1, y)) {
          comp[k + 1] = id
          stack[top++] = k + 1
        }
        if (y > 0 && comp[k - w] === 0 && gap(x, y - 1)) {
          comp[k - w] = id
          stack[top++] = k - w
        }
        if (y + 1 < h && comp[k + w] === 0 && gap(x, y + 1)) {
          comp[k + w] = id
          stack[top++] = k + w
        }
      }
      if (n >= ctx.minCells)
        patches.push({ id, n, sx, sy, cells: cells.slice(0, n) })
    }
  }
  if (patches.length === 0)
    return []
  const byId = new Map(patches.map((p, i) => [p.id, i]))
  const caseCount = new Int32Array(patches.length)
  const gc = ctx.caseCells(g)
  for (let i = 0; i < gc.length; i++) {
    const cell = gc[i]!
    const col = cell % f.width
    const row = (cell - col) / f.width
    if (col < c0 || row < r0 || col >= c0 + w || row >= r0 + h)
      continue
    const at = byId.get(comp[(row - r0) * w + col - c0]!)
    if (at !== undefined)
      caseCount[at]!++
  }
  const cs = f.cellM
  const result = patches.map((p, i): BlindSpotPatch => {
    let risk = 0
    for (let k = 0; k < p.cells.length; k++) {
      const x = p.cells[k]! % w
      risk += ctx.riskAt((r0 + (p.cells[k]! - x) / w) * f.width + c0 + x)
    }
    const rings = traceCells(p.cells, w, (x, y) => x >= 0 && y >= 0 && x < w && y < h && comp[y * w + x] === p.id)
      .map(r => Float64Array.from(r, (v, j) => j % 2 === 0 ? f.x0 + (c0 + v) * cs : f.y0 + (r0 + v) * cs))
    rings.sort((a, b) => signedArea(b) - signedArea(a))
    return {
      grid: g,
      areaM2: p.n * cs * cs,
      cases: caseCount[i]!,
      risk,
      cx: f.x0 + (c0 + p.sx / p.n + 0.5) * cs,
      cy: f.y0 + (r0 + p.sy / p.n + 0.5) * cs,
      rings,
    }
  })
  return result.sort(byRisk)
}

/** Ranking of blind spots: expected cases, then counted cases, then area. */
export function byRisk(a: BlindSpotPatch, b: BlindSpotPatch): number {
  return b.risk - a.risk || b.cases - a.cases || b.areaM2 - a.areaM2
}
