// Splits a region (a set of lattice cells) into connected, hole-free parts that look organic:
// weighted Lloyd relaxation gives parts of similar weight, smaller where the weight is dense, and
// assigning cells by distance in a noise-warped space bends the straight Voronoi borders.
import type { HexGrid } from './hexGrid'
import type { Planar } from './projection'
import type { Rng } from './random'
import { fractalField } from './noise'
import { cumulativeWeights } from './random'

/** How a region is split. */
export interface PartitionOptions {
  /** Number of parts wanted; cleanup can merge away a few tiny ones. */
  parts: number
  /** How far the noise bends borders, km. */
  warpAmplitude: number
  /** Wavelength of that noise, km. */
  warpScale: number
  /** Weight of a cell; parts come out with similar total weight. */
  weight: (cell: number) => number
  /** Parts smaller than this many cells are merged into a neighbour. */
  minCells: number
  lloydIterations?: number
}

/** Part index per input cell (parallel to `cells`), and the number of parts actually made. */
export interface PartitionResult {
  part: Int32Array
  count: number
}

/** Splits `cells` (one connected, hole-free region) into connected, hole-free parts. */
export function partitionCells(grid: HexGrid, cells: readonly number[], rng: Rng, o: PartitionOptions): PartitionResult {
  const n = cells.length
  const local = scratchFor(grid.count)
  cells.forEach((h, i) => local[h] = i)
  const nb = new Int32Array(n * 6)
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 6; k++) {
      const g = grid.neighbour(cells[i]!, k)
      nb[i * 6 + k] = g < 0 ? -1 : local[g]!
    }
  }
  for (const h of cells)
    local[h] = -1
  const noiseX = Math.floor(rng.next() * 1e9)
  const noiseY = Math.floor(rng.next() * 1e9)
  const wx = new Float64Array(n)
  const wy = new Float64Array(n)
  const w = new Float64Array(n)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < n; i++) {
    wx[i] = grid.cx(cells[i]!)
    wy[i] = grid.cy(cells[i]!)
    minX = Math.min(minX, wx[i]!)
    minY = Math.min(minY, wy[i]!)
    maxX = Math.max(maxX, wx[i]!)
    maxY = Math.max(maxY, wy[i]!)
  }
  const box: [number, number, number, number] = [minX / o.warpScale, minY / o.warpScale, maxX / o.warpScale, maxY / o.warpScale]
  const warpX = fractalField(noiseX, 2, box)
  const warpY = fractalField(noiseY, 2, box)
  for (let i = 0; i < n; i++) {
    const x = wx[i]!
    const y = wy[i]!
    wx[i] = x + o.warpAmplitude * warpX(x / o.warpScale, y / o.warpScale)
    wy[i] = y + o.warpAmplitude * warpY(x / o.warpScale, y / o.warpScale)
    w[i] = o.weight(cells[i]!)
  }
  const k = Math.max(1, Math.min(o.parts, Math.floor(n / Math.max(1, o.minCells))))
  const seeds = initialSeeds(rng, wx, wy, w, k)
  const part = new Int32Array(n)
  for (let it = 0; it < (o.lloydIterations ?? 4); it++) {
    assignNearest(wx, wy, seeds, part)
    const sx = new Float64Array(k)
    const sy = new Float64Array(k)
    const sw = new Float64Array(k)
    for (let i = 0; i < n; i++) {
      const p = part[i]!
      sx[p]! += wx[i]! * w[i]!
      sy[p]! += wy[i]! * w[i]!
      sw[p]! += w[i]!
    }
    for (let p = 0; p < k; p++) {
      if (sw[p]! > 0)
        seeds[p] = [sx[p]! / sw[p]!, sy[p]! / sw[p]!]
    }
  }
  assignNearest(wx, wy, seeds, part)
  cleanUp(nb, part, k, o.minCells)
  return { part, count: compact(part) }
}

let scratch = new Int32Array(0)

/** A reusable cell → local index table, all -1; callers reset the entries they set. */
function scratchFor(size: number): Int32Array {
  if (scratch.length < size)
    scratch = new Int32Array(size).fill(-1)
  return scratch
}

function initialSeeds(rng: Rng, wx: Float64Array, wy: Float64Array, w: Float64Array, k: number): Planar[] {
  const cumulative = cumulativeWeights(w)
  const draw = (): number => rng.cumulativeIndex(cumulative)
  const first = draw()
  const seeds: Planar[] = [[wx[first]!, wy[first]!]]
  while (seeds.length < k) {
    let best = -1
    let bestD = -1
    for (let c = 0; c < 12; c++) {
      const i = draw()
      let d = Infinity
      for (const s of seeds)
        d = Math.min(d, (wx[i]! - s[0]) ** 2 + (wy[i]! - s[1]) ** 2)
      if (d > bestD) {
        bestD = d
        best = i
      }
    }
    seeds.push([wx[best]!, wy[best]!])
  }
  return seeds
}

function assignNearest(wx: Float64Array, wy: Float64Array, seeds: readonly Planar[], part: Int32Array): void {
  for (let i = 0; i < wx.length; i++) {
    let best = 0
    let bestD = Infinity
    for (let p = 0; p < seeds.length; p++) {
      const s = seeds[p]!
      const d = (wx[i]! - s[0]) ** 2 + (wy[i]! - s[1]) ** 2
      if (d < bestD) {
        bestD = d
        best = p
      }
    }
    part[i] = best
  }
}

/**
 * Makes every part one connected piece without holes: stray pieces and parts under `minCells`
 * join the neighbour they share the longest border with; whatever a part encloses joins it.
 */
function cleanUp(nb: Int32Array, part: Int32Array, k: number, minCells: number): void {
  const n = part.length
  for (let round = 0; round < 50; round++) {
    let changed = false
    // Stray pieces and undersized parts.
    const comp = new Int32Array(n).fill(-1)
    const compCells: number[][] = []
    const compPart: number[] = []
    for (let i = 0; i < n; i++) {
      if (comp[i] !== -1)
        continue
      const id = compCells.length
      const members: number[] = []
      const stack = [i]
      comp[i] = id
      while (stack.length > 0) {
        const c = stack.pop()!
        members.push(c)
        for (let e = 0; e < 6; e++) {
          const m = nb[c * 6 + e]!
          if (m >= 0 && comp[m] === -1 && part[m] === part[i]) {
            comp[m] = id
            stack.push(m)
          }
        }
      }
      compCells.push(members)
      compPart.push(part[i]!)
    }
    const largest = new Int32Array(k).fill(-1)
    compCells.forEach((members, id) => {
      const p = compPart[id]!
      const cur = largest[p]!
      if (cur < 0 || members.length > compCells[cur]!.length)
        largest[p] = id
    })
    // Smallest first, so a tiny piece never absorbs a bigger one.
    const order = compCells.map((_, id) => id).sort((a, b) => compCells[a]!.length - compCells[b]!.length || a - b)
    for (const id of order) {
      const members = compCells[id]!
      const p = compPart[id]!
      if (largest[p] === id && members.length >= minCells)
        continue
      const own = part[members[0]!]!
      const shared = new Map<number, number>()
      for (const c of members) {
        for (let e = 0; e < 6; e++) {
          const m = nb[c * 6 + e]!
          if (m >= 0 && part[m] !== own)
            shared.set(part[m]!, (shared.get(part[m]!) ?? 0) + 1)
        }
      }
      let target = -1
      let most = 0
      for (const [q, count] of shared) {
        if (count > most || (count === most && q < target)) {
          most = count
          target = q
        }
      }
      if (target < 0)
        continue
      for (const c of members)
        part[c] = target
      changed = true
    }
    if (changed)
      continue
    // Holes. Every part is now one piece, so what a part encloses is whole parts: those that
    // cannot reach the region's edge through the part adjacency graph once that part is removed.
    const touchesEdge = new Uint8Array(k)
    const adjacent: Array<Set<number>> = Array.from({ length: k }, () => new Set())
    for (let i = 0; i < n; i++) {
      const p = part[i]!
      for (let e = 0; e < 6; e++) {
        const m = nb[i * 6 + e]!
        if (m < 0)
          touchesEdge[p] = 1
        else if (part[m] !== p)
          adjacent[p]!.add(part[m]!)
      }
    }
    const present = new Uint8Array(k)
    for (let i = 0; i < n; i++)
      present[part[i]!] = 1
    for (let p = 0; p < k && !changed; p++) {
      if (present[p] === 0)
        continue
      const reached = new Uint8Array(k)
      const stack: number[] = []
      for (let q = 0; q < k; q++) {
        if (q !== p && present[q] === 1 && touchesEdge[q] === 1) {
          reached[q] = 1
          stack.push(q)
        }
      }
      while (stack.length > 0) {
        for (const r of adjacent[stack.pop()!]!) {
          if (r !== p && reached[r] === 0) {
            reached[r] = 1
            stack.push(r)
          }
        }
      }
      for (let i = 0; i < n; i++) {
        const q = part[i]!
        if (q !== p && reached[q] === 0) {
          part[i] = p
          changed = true
        }
      }
    }
    if (!changed)
      return
  }
  throw new Error('partition cleanup did not settle')
}

/** Renumbers parts 0..count-1 in order of first appearance, dropping empty ones; returns count. */
function compact(part: Int32Array): number {
  const map = new Map<number, number>()
  for (let i = 0; i < part.length; i++) {
    const p = part[i]!
    let q = map.get(p)
    if (q === undefined) {
      q = map.size
      map.set(p, q)
    }
    part[i] = q
  }
  return map.size
}
