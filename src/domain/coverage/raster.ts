// The sampling raster: square cells over the territory's bounding box in the local metric
// frame. Row 0 is the southern edge. A cell stands for its centre point, so every figure is an
// unbiased sample of the true shapes (a cell counts when its centre is inside), and each span
// helper below uses the same half-open rule so shared edges never count twice.

/** A raster over the local metric frame: cell (col, row) has centre (x0 + (col + ½)·cellM, y0 + (row + ½)·cellM). */
export interface RasterFrame {
  x0: number
  y0: number
  cellM: number
  width: number
  height: number
}

/** A frame of `cellM` cells covering [minX, maxX] × [minY, maxY]. */
export function frameCovering(minX: number, minY: number, maxX: number, maxY: number, cellM: number): RasterFrame {
  const width = Math.max(1, Math.ceil((maxX - minX) / cellM))
  const height = Math.max(1, Math.ceil((maxY - minY) / cellM))
  return { x0: minX, y0: minY, cellM, width, height }
}

/** The first row whose centre y is ≥ y (may be outside the frame). */
export function firstRowAtOrAbove(f: RasterFrame, y: number): number {
  return Math.ceil((y - f.y0) / f.cellM - 0.5)
}

/** The last row whose centre y is ≤ y. */
export function lastRowAtOrBelow(f: RasterFrame, y: number): number {
  return Math.floor((y - f.y0) / f.cellM - 0.5)
}

/** Centre y of a row. */
export function rowCentre(f: RasterFrame, row: number): number {
  return f.y0 + (row + 0.5) * f.cellM
}

/** The cell containing a point, or -1 outside the frame. */
export function cellAt(f: RasterFrame, x: number, y: number): number {
  const col = Math.floor((x - f.x0) / f.cellM)
  const row = Math.floor((y - f.y0) / f.cellM)
  return col < 0 || row < 0 || col >= f.width || row >= f.height ? -1 : row * f.width + col
}

/** Receives a run of cells of one row, columns c0..c1 inclusive, already clipped to the frame. */
export type SpanSink = (row: number, c0: number, c1: number) => void

/** Emits the cells of `row` whose centres lie in the closed interval [lo, hi]. */
export function emitClosed(f: RasterFrame, row: number, lo: number, hi: number, sink: SpanSink): void {
  const c0 = Math.max(0, Math.ceil((lo - f.x0) / f.cellM - 0.5))
  const c1 = Math.min(f.width - 1, Math.floor((hi - f.x0) / f.cellM - 0.5))
  if (c0 <= c1)
    sink(row, c0, c1)
}

/** Emits the cells of `row` whose centres lie in the half-open interval [lo, hi). */
export function emitHalfOpen(f: RasterFrame, row: number, lo: number, hi: number, sink: SpanSink): void {
  const c0 = Math.max(0, Math.ceil((lo - f.x0) / f.cellM - 0.5))
  const c1 = Math.min(f.width - 1, Math.ceil((hi - f.x0) / f.cellM - 0.5) - 1)
  if (c0 <= c1)
    sink(row, c0, c1)
}

/**
 * Walks the cells a segment passes through (Amanatides–Woo), giving each the length of the
 * segment inside it. Parts outside the frame are skipped.
 */
export function traverseSegment(f: RasterFrame, ax: number, ay: number, bx: number, by: number, visit: (cell: number, lengthM: number) => void): void {
  const dx = bx - ax
  const dy = by - ay
  const len = Math.sqrt(dx * dx + dy * dy)
  if (len === 0)
    return
  const u0 = (ax - f.x0) / f.cellM
  const v0 = (ay - f.y0) / f.cellM
  const du = dx / f.cellM
  const dv = dy / f.cellM
  let col = Math.floor(u0)
  let row = Math.floor(v0)
  const stepC = du > 0 ? 1 : -1
  const stepR = dv > 0 ? 1 : -1
  const tDeltaC = du === 0 ? Infinity : Math.abs(1 / du)
  const tDeltaR = dv === 0 ? Infinity : Math.abs(1 / dv)
  let tMaxC = du === 0 ? Infinity : ((du > 0 ? col + 1 - u0 : u0 - col) * tDeltaC)
  let tMaxR = dv === 0 ? Infinity : ((dv > 0 ? row + 1 - v0 : v0 - row) * tDeltaR)
  let t = 0
  while (t < 1) {
    const next = Math.min(tMaxC, tMaxR, 1)
    if (next > t && col >= 0 && row >= 0 && col < f.width && row < f.height)
      visit(row * f.width + col, (next - t) * len)
    t = next
    if (t >= 1)
      break
    if (tMaxC < tMaxR) {
      col += stepC
      tMaxC += tDeltaC
    }
    else {
      row += stepR
      tMaxR += tDeltaR
    }
  }
}
