// The outline of a set of raster cells as polygon rings along cell edges: exactly the cells'
// area, one outer ring anticlockwise and holes clockwise (RFC 7946). Where the set touches
// itself only at a corner, the outline turns right, so a hole may touch the outer ring at that
// one point (valid in the OGC sense) instead of the outer ring crossing itself.

/**
 * Traces the cells for which `inside(col, row)` holds, given as a list of cells (col + row·w) of a
 * window `w` wide, and returns the rings as flat vertex lists in window cell units, not closed.
 */
export function traceCells(cells: ArrayLike<number>, w: number, inside: (col: number, row: number) => boolean): Int32Array[] {
  const stride = w + 2
  // Edges: start vertex and direction (0 east, 1 north, 2 west, 3 south), component on the left.
  const starts: number[] = []
  const dirs: number[] = []
  const key = (vx: number, vy: number) => (vy + 1) * stride + vx + 1
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k]!
    const x = cell % w
    const y = (cell - x) / w
    if (!inside(x, y - 1)) {
      starts.push(key(x, y))
      dirs.push(0)
    }
    if (!inside(x + 1, y)) {
      starts.push(key(x + 1, y))
      dirs.push(1)
    }
    if (!inside(x, y + 1)) {
      starts.push(key(x + 1, y + 1))
      dirs.push(2)
    }
    if (!inside(x - 1, y)) {
      starts.push(key(x, y + 1))
      dirs.push(3)
    }
  }
  const out = new Map<number, number[]>()
  starts.forEach((s, e) => {
    const list = out.get(s)
    if (list)
      list.push(e)
    else out.set(s, [e])
  })
  const step = [1, stride, -1, -stride]
  const used = new Uint8Array(starts.length)
  const rings: Int32Array[] = []
  for (let first = 0; first < starts.length; first++) {
    if (used[first])
      continue
    const vs: number[] = []
    const ds: number[] = []
    let e = first
    while (!used[e]) {
      used[e] = 1
      vs.push(starts[e]!)
      ds.push(dirs[e]!)
      const end = starts[e]! + step[dirs[e]!]!
      const options = (out.get(end) ?? []).filter(o => !used[o])
      if (options.length === 0)
        break
      const right = (dirs[e]! + 3) % 4
      e = options.find(o => dirs[o] === right) ?? options[0]!
    }
    const ring: number[] = []
    for (let i = 0; i < vs.length; i++) {
      if (ds[i] !== ds[(i + vs.length - 1) % vs.length]) {
        const v = vs[i]!
        const vx = (v % stride) - 1
        ring.push(vx, (v - vx - 1) / stride - 1)
      }
    }
    rings.push(Int32Array.from(ring))
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
