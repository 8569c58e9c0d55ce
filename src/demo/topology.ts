import type { HexGrid } from './hexGrid'
import type { LocalProjection, Planar } from './projection'
// Turns sets of lattice cells into smooth, exactly shared boundaries.
//
// A region's outline is traced along cell edges, then cut into chains at junctions: corners
// where three different finest-level regions (or the outside) meet. Each chain is smoothed once
// (Chaikin corner cutting, ends fixed), projected and rounded once, and cached under a key both
// of its sides compute identically. Every ring at every level is a concatenation of these
// cached chains, so neighbours share identical vertex sequences and each parent's outline is
// exactly the union of its children's, before and after rounding.
import type { LngLat } from '~/domain/types'

/** Labels per lattice cell; -1 means outside the township. */
export type CellLabels = Int32Array

/** Builds rings for regions of any level over one finest-level labelling. */
export class BoundaryBuilder {
  private readonly chains = new Map<number, LngLat[]>()

  constructor(
    private readonly grid: HexGrid,
    private readonly finest: CellLabels,
    private readonly projection: LocalProjection,
    private readonly smoothingPasses = 1,
    private readonly tolerance = 0.002,
  ) {}

  private finestAt(h: number): number {
    return h < 0 ? -1 : this.finest[h]!
  }

  private isJunction(h: number, k: number): boolean {
    const a = this.finestAt(h)
    const b = this.finestAt(this.grid.neighbour(h, k - 1))
    const c = this.finestAt(this.grid.neighbour(h, k))
    return a !== b && b !== c && a !== c
  }

  /**
   * The outer ring (closed, counter-clockwise, rounded lng/lat) of the cells `cells`, which must
   * all carry `value` in `labels` and form one region without holes.
   */
  ring(labels: CellLabels, value: number, cells: readonly number[]): LngLat[] {
    const next = new Map<number, number>()
    const junction = new Set<number>()
    for (const h of cells) {
      for (let k = 0; k < 6; k++) {
        const n = this.grid.neighbour(h, k)
        if (n >= 0 && labels[n] === value)
          continue
        const a = this.grid.corner(h, k)
        next.set(a, this.grid.corner(h, k + 1))
        if (this.isJunction(h, k))
          junction.add(a)
      }
    }
    const [first] = next.keys()
    if (first === undefined)
      throw new Error(`region ${value} has no cells`)
    const verts: number[] = []
    let v = first
    do {
      verts.push(v)
      const w = next.get(v)
      if (w === undefined)
        throw new Error(`region ${value}: open boundary at corner ${v}`)
      v = w
    } while (v !== first)
    if (verts.length !== next.size)
      throw new Error(`region ${value} has ${next.size - verts.length} boundary edges outside its outer ring (a hole or a second part)`)
    const start = verts.findIndex(x => junction.has(x))
    if (start < 0)
      throw new Error(`region ${value} touches only one other region; enclosed regions are not allowed`)
    const rotated = [...verts.slice(start), ...verts.slice(0, start), verts[start]!]
    const ring: LngLat[] = []
    let from = 0
    for (let i = 1; i < rotated.length; i++) {
      if (i === rotated.length - 1 || junction.has(rotated[i]!)) {
        const pts = this.chain(rotated.slice(from, i + 1))
        for (let p = ring.length === 0 ? 0 : 1; p < pts.length; p++)
          ring.push(pts[p]!)
        from = i
      }
    }
    if (signedArea(ring) <= 0)
      throw new Error(`region ${value}: ring is not counter-clockwise`)
    return ring
  }

  /** The smoothed, rounded points of one chain of corners, in the order given. */
  private chain(corners: number[]): LngLat[] {
    const n = corners.length
    const reversed = corners[0]! > corners[n - 1]! || (corners[0] === corners[n - 1] && corners[1]! > corners[n - 2]!)
    const canonical = reversed ? [...corners].reverse() : corners
    // One undirected edge belongs to exactly one chain, so its first edge names the chain.
    const key = canonical[0]! * 1048576 + canonical[1]!
    let pts = this.chains.get(key)
    if (pts === undefined) {
      let planar = movingAverage(canonical.map(c => this.grid.vertex(c)), 2)
      for (let i = 0; i < this.smoothingPasses; i++)
        planar = chaikin(planar)
      planar = simplify(planar, this.tolerance)
      pts = []
      for (const p of planar) {
        const q = this.projection.toLngLat(p)
        const last = pts[pts.length - 1]
        if (last === undefined || last[0] !== q[0] || last[1] !== q[1])
          pts.push(q)
      }
      this.chains.set(key, pts)
    }
    return reversed ? [...pts].reverse() : pts
  }
}

/**
 * Averages each point with up to `radius` neighbours on either side; the window shrinks toward
 * the ends so they stay fixed. It irons out the lattice's regular zigzag while keeping the shape.
 */
export function movingAverage(points: readonly Planar[], radius: number): Planar[] {
  const n = points.length
  return points.map((p, i) => {
    const w = Math.min(radius, i, n - 1 - i)
    if (w === 0)
      return p
    let x = 0
    let y = 0
    for (let j = i - w; j <= i + w; j++) {
      x += points[j]![0]
      y += points[j]![1]
    }
    return [x / (2 * w + 1), y / (2 * w + 1)]
  })
}

/** Douglas–Peucker simplification of an open polyline (ends kept); tolerance in the points' units. */
export function simplify(points: readonly Planar[], tolerance: number): Planar[] {
  const n = points.length
  if (n < 3)
    return [...points]
  const keep = new Uint8Array(n)
  keep[0] = 1
  keep[n - 1] = 1
  const stack: Array<[number, number]> = [[0, n - 1]]
  while (stack.length > 0) {
    const [a, b] = stack.pop()!
    const pa = points[a]!
    const pb = points[b]!
    let worst = -1
    let worstD = tolerance
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance(points[i]!, pa, pb)
      if (d > worstD) {
        worstD = d
        worst = i
      }
    }
    if (worst >= 0) {
      keep[worst] = 1
      stack.push([a, worst], [worst, b])
    }
  }
  return points.filter((_, i) => keep[i] === 1)
}

/** Distance from p to the segment ab. */
export function segmentDistance(p: Planar, a: Planar, b: Planar): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2))
  const ex = p[0] - a[0] - t * dx
  const ey = p[1] - a[1] - t * dy
  return Math.sqrt(ex * ex + ey * ey)
}

/** One pass of Chaikin corner cutting on an open polyline, keeping both ends in place. */
export function chaikin(points: readonly Planar[]): Planar[] {
  if (points.length < 3)
    return [...points]
  const out: Planar[] = [points[0]!]
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!
    const b = points[i + 1]!
    if (i > 0)
      out.push([0.75 * a[0] + 0.25 * b[0], 0.75 * a[1] + 0.25 * b[1]])
    if (i < points.length - 2)
      out.push([0.25 * a[0] + 0.75 * b[0], 0.25 * a[1] + 0.75 * b[1]])
  }
  out.push(points[points.length - 1]!)
  return out
}

/** Twice the signed area of a closed ring (positive when counter-clockwise). */
export function signedArea(ring: readonly LngLat[]): number {
  let s = 0
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i]!
    const b = ring[i + 1]!
    s += a[0] * b[1] - b[0] * a[1]
  }
  return s
}
