// Which grid each raster cell belongs to: the deepest grid whose boundary contains the cell's
// centre (parents are painted first, children over them). Cells that a grid edge crosses are
// flagged, so a point can be placed exactly: from the raster where no edge is near, by an exact
// point-in-polygon test among the few candidate grids where one is.
import type { PreparedGrid } from './prepare'
import type { RasterFrame } from './raster'
import { cellAt, traverseSegment } from './raster'
import { insideRings, polygonSpans } from './shapes'

/** Cell labels: grid index + 1, 0 outside every grid. */
export type LabelArray = Uint16Array | Int32Array

const BUCKET_M = 500

export class GridLabels {
  readonly label: LabelArray
  /** One bit per cell: set where some grid edge passes through the cell. */
  readonly edgeBits: Uint32Array
  /** Per grid [c0, r0, c1, r1]: the cells its box spans, clipped to the frame. */
  readonly cellBox: Int32Array
  /**
   * Per grid, the runs of cells whose centres its polygon contains, as (row, first col, last col)
   * triplets, rows ascending and runs of a row left to right; deeper grids may own some of them.
   */
  readonly spans: Int32Array[]
  private readonly order: Int32Array
  private buckets: Int32Array[] | null = null
  private bucketCols = 0

  constructor(readonly frame: RasterFrame, readonly grids: readonly PreparedGrid[]) {
    const cells = frame.width * frame.height
    this.label = grids.length < 65_535 ? new Uint16Array(cells) : new Int32Array(cells)
    this.edgeBits = new Uint32Array(Math.ceil(cells / 32))
    this.cellBox = new Int32Array(grids.length * 4)
    this.spans = grids.map(() => new Int32Array(0))
    // Painting order: by depth, then input order; the exact test breaks ties the same way.
    this.order = Int32Array.from(grids.map((_, i) => i).sort((a, b) => grids[a]!.depth - grids[b]!.depth || a - b))
    const rank = new Int32Array(grids.length)
    this.order.forEach((g, k) => {
      rank[g] = k
    })
    this.rank = rank
  }

  private readonly rank: Int32Array

  /** Paints grids order[from..to) (call in order, in chunks if need be). */
  paint(from: number, to: number): void {
    const { frame, label } = this
    const w = frame.width
    for (let k = from; k < to; k++) {
      const g = this.order[k]!
      const value = g + 1
      const spans: number[] = []
      polygonSpans(frame, this.grids[g]!.rings, (row, c0, c1) => {
        label.fill(value, row * w + c0, row * w + c1 + 1)
        spans.push(row, c0, c1)
      })
      this.spans[g] = Int32Array.from(spans)
      const [x0, y0, x1, y1] = this.grids[g]!.bbox
      const cs = frame.cellM
      this.cellBox[4 * g] = Math.max(0, Math.floor((x0 - frame.x0) / cs))
      this.cellBox[4 * g + 1] = Math.max(0, Math.floor((y0 - frame.y0) / cs))
      this.cellBox[4 * g + 2] = Math.min(frame.width - 1, Math.floor((x1 - frame.x0) / cs))
      this.cellBox[4 * g + 3] = Math.min(frame.height - 1, Math.floor((y1 - frame.y0) / cs))
      for (const r of this.grids[g]!.rings) {
        const n = r.length / 2
        for (let i = 0; i < n; i++) {
          const j = i + 1 === n ? 0 : i + 1
          traverseSegment(frame, r[2 * i]!, r[2 * i + 1]!, r[2 * j]!, r[2 * j + 1]!, (cell) => {
            this.edgeBits[cell >>> 5]! |= 1 << (cell & 31)
          })
        }
      }
    }
  }

  /** Paints every grid. */
  paintAll(): this {
    this.paint(0, this.grids.length)
    return this
  }

  private adjacency: Int32Array | null = null

  /** Pairs of labels (grid index + 1, 0 outside) of cells sharing an edge, each pair once, lower first; found once, as labels never change. */
  labelPairs(): Int32Array {
    this.adjacency ??= adjacentLabels(this.label, this.edgeBits, this.frame.width, this.frame.height)
    return this.adjacency
  }

  /** Grid index of the deepest grid containing the point, or -1; exact everywhere. */
  locate(x: number, y: number): number {
    const cell = cellAt(this.frame, x, y)
    if (cell < 0)
      return -1
    if ((this.edgeBits[cell >>> 5]! & (1 << (cell & 31))) === 0)
      return this.label[cell]! - 1
    return this.locateExactly(x, y)
  }

  private locateExactly(x: number, y: number): number {
    const buckets = this.bucketIndex()
    const col = Math.floor((x - this.frame.x0) / BUCKET_M)
    const row = Math.floor((y - this.frame.y0) / BUCKET_M)
    const list = buckets[row * this.bucketCols + col]
    let best = -1
    if (!list)
      return best
    for (const g of list) {
      if (best >= 0 && this.rank[g]! < this.rank[best]!)
        continue
      const [x0, y0, x1, y1] = this.grids[g]!.bbox
      if (x < x0 || x > x1 || y < y0 || y > y1)
        continue
      if (insideRings(this.grids[g]!.rings, x, y))
        best = g
    }
    return best
  }

  private bucketIndex(): Int32Array[] {
    if (this.buckets)
      return this.buckets
    const f = this.frame
    const cols = Math.ceil(f.width * f.cellM / BUCKET_M) + 1
    const rows = Math.ceil(f.height * f.cellM / BUCKET_M) + 1
    const lists: number[][] = Array.from({ length: cols * rows }, () => [])
    this.grids.forEach((g, i) => {
      const c0 = Math.max(0, Math.floor((g.bbox[0] - f.x0) / BUCKET_M))
      const r0 = Math.max(0, Math.floor((g.bbox[1] - f.y0) / BUCKET_M))
      const c1 = Math.min(cols - 1, Math.floor((g.bbox[2] - f.x0) / BUCKET_M))
      const r1 = Math.min(rows - 1, Math.floor((g.bbox[3] - f.y0) / BUCKET_M))
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++)
          lists[r * cols + c]!.push(i)
      }
    })
    this.bucketCols = cols
    this.buckets = lists.map(l => Int32Array.from(l))
    return this.buckets
  }
}

// Labels change only between cells one of which a grid edge crosses, so only flagged cells are
// looked at, 32 at a time through the edge bits.
function adjacentLabels(label: LabelArray, edgeBits: Uint32Array, width: number, height: number): Int32Array {
  const seen = new Set<number>()
  const pairs: number[] = []
  const add = (a: number, b: number) => {
    const lo = Math.min(a, b)
    const hi = Math.max(a, b)
    const key = lo * 65_536 * 65_536 + hi
    if (!seen.has(key)) {
      seen.add(key)
      pairs.push(lo, hi)
    }
  }
  const cells = width * height
  for (let word = 0; word < edgeBits.length; word++) {
    let bits = edgeBits[word]!
    while (bits !== 0) {
      const bit = 31 - Math.clz32(bits & -bits)
      bits &= bits - 1
      const i = word * 32 + bit
      if (i >= cells)
        break
      const a = label[i]!
      const c = i % width
      // Both sides of a flagged cell: its neighbours may be unflagged.
      if (c + 1 < width && label[i + 1] !== a)
        add(a, label[i + 1]!)
      if (c > 0 && label[i - 1] !== a)
        add(a, label[i - 1]!)
      if (i + width < cells && label[i + width] !== a)
        add(a, label[i + width]!)
      if (i >= width && label[i - width] !== a)
        add(a, label[i - width]!)
    }
  }
  return Int32Array.from(pairs)
}
