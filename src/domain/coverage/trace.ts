// The outline of a patch of raster cells as polygon rings along cell edges: exactly the cells'
// area, one outer ring anticlockwise and holes clockwise (RFC 7946). Where the patch touches
// itself only at a corner, the outline turns right, so a hole may touch the outer ring at that
// one point (valid in the OGC sense) instead of the outer ring crossing itself.
//
// Cells are indexed in a padded window: `stride` wide with a border one cell deep that belongs to
// no patch, so neighbours are k ± 1 and k ± stride without bounds checks.

/** Reused marks of the edges already walked, one bit per direction per cell. */
export class TraceScratch {
  used = new Uint8Array(0)
  /** Makes room for a window of n cells and clears its marks. */
  reset(n: number): void {
    if (this.used.length < n)
      this.used = new Uint8Array(n)
    else
      this.used.fill(0, 0, n)
  }
}

/**
 * Traces the rings of patch `id` in a padded window `stride` wide, as vertices in window cell
 * units (the border excluded: the first inner cell's lower-left corner is 0, 0), not closed.
 * `starts` lists cells of the patch whose western neighbour is not in it (the left ends of its
 * runs): every ring, outer or hole, runs south along the west side of one of them. Edges are
 * marked in `scratch`, which the caller clears (`reset`) before each window.
 * Directions: 0 east, 1 north, 2 west, 3 south; row 0 is the southern edge; each edge has the
 * patch on its left.
 */
export function traceOutline(comp: Int32Array, stride: number, id: number, starts: ArrayLike<number>, scratch: TraceScratch): Int32Array[] {
  const used = scratch.used
  // Offsets of a step in each direction, and of an edge's start vertex from its cell's lower-left corner.
  const step = [1, stride, -1, -stride]
  const vx = [0, 1, 1, 0]
  const vy = [0, 0, 1, 1]
  const rings: Int32Array[] = []
  const out: number[] = []
  for (let s = 0; s < starts.length; s++) {
    const start = starts[s]!
    if (used[start]! & 8)
      continue
    out.length = 0
    let k = start
    let d = 3
    let prev = -1
    while (!(used[k]! & (1 << d))) {
      used[k]! |= 1 << d
      if (d !== prev) {
        const x = k % stride
        out.push(x - 1 + vx[d]!, (k - x) / stride - 1 + vy[d]!)
      }
      prev = d
      const ahead = k + step[d]!
      const r = (d + 3) & 3
      if (comp[ahead + step[r]!] === id) {
        k = ahead + step[r]!
        d = r
      }
      else if (comp[ahead] === id) {
        k = ahead
      }
      else {
        d = (d + 1) & 3
      }
    }
    // The walk closed where it began; drop the start if it was not a corner after all.
    if (d === prev && out.length > 2)
      out.splice(0, 2)
    rings.push(Int32Array.from(out))
  }
  return rings
}

/** Signed area of a flat ring (positive anticlockwise). */
export function signedArea(r: ArrayLike<number>): number {
  let twice = 0
  const n = r.length / 2
  for (let i = 0, j = n - 1; i < n; j = i++)
    twice += r[2 * j]! * r[2 * i + 1]! - r[2 * i]! * r[2 * j + 1]!
  return twice / 2
}
