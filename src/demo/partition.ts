// Splits a region (a set of lattice cells) into connected, hole-free parts that look organic:
// weighted Lloyd relaxation gives parts of similar weight, smaller where the weight is dense, and
// assigning cells by distance in a noise-warped space bends the straight Voronoi borders.
//
// The code is kept to small functions over typed arrays with no per-call closures: the
// generator runs once, cold, in a Web Worker, and large or polymorphic functions cost more to
// optimise there than they save.
import type { HexGrid } from './hexGrid'
import type { Rng } from './random'
import { FractalField } from './noise'
import { cumulativeWeights } from './random'

/** How a region is split. */
export interface PartitionOptions {
  /** Number of parts wanted; cleanup can merge away a few tiny ones. */
  parts: number
  /** How far the noise bends borders, km. */
  warpAmplitude: number
  /** Wavelength of that noise, km. */
  warpScale: number
  /** Weight of every lattice cell (indexed by cell id); parts come out with similar total weight. */
  weight: Float64Array
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
  const nb = localNeighbours(grid, cells)
  const wx = new Float64Array(n)
  const wy = new Float64Array(n)
  warpedCentres(grid, cells, rng, o, wx, wy)
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++)
    w[i] = o.weight[cells[i]!]!
  const k = Math.max(1, Math.min(o.parts, Math.floor(n / Math.max(1, o.minCells))))
  const sx = new Float64Array(k)
  const sy = new Float64Array(k)
  initialSeeds(rng, wx, wy, w, sx, sy)
  const part = new Int32Array(n)
  for (let it = 0; it < (o.lloydIterations ?? 4); it++) {
    assignNearest(wx, wy, sx, sy, part)
    moveSeedsToCentroids(wx, wy, w, part, sx, sy)
  }
  assignNearest(wx, wy, sx, sy, part)
  cleanUp(nb, part, k, o.minCells)
  return { part, count: compact(part) }
}

/**
 * Runs only the cleanup on a given labelling of `cells` (parts 0..k-1, parallel to `cells`):
 * afterwards every part is connected, hole-free and at least `minCells` large. Returns the count.
 */
export function cleanUpPartition(grid: HexGrid, cells: readonly number[], part: Int32Array, k: number, minCells: number): number {
  cleanUp(localNeighbours(grid, cells), part, k, minCells)
  return compact(part)
}

let scratch = new Int32Array(0)

/** Neighbour table in local indices (-1 outside the region), 6 entries per cell. */
function localNeighbours(grid: HexGrid, cells: readonly number[]): Int32Array {
  if (scratch.length < grid.count)
    scratch = new Int32Array(grid.count).fill(-1)
  const local = scratch
  for (let i = 0; i < cells.length; i++)
    local[cells[i]!] = i
  const nb = new Int32Array(cells.length * 6)
  for (let i = 0; i < cells.length; i++) {
    for (let e = 0; e < 6; e++) {
      const g = grid.neighbour(cells[i]!, e)
      nb[i * 6 + e] = g < 0 ? -1 : local[g]!
    }
  }
  for (let i = 0; i < cells.length; i++)
    local[cells[i]!] = -1
  return nb
}

/** Cell centres moved by smooth noise: distances in this space give meandering borders. */
function warpedCentres(grid: HexGrid, cells: readonly number[], rng: Rng, o: PartitionOptions, wx: Float64Array, wy: Float64Array): void {
  const noiseX = Math.floor(rng.next() * 1e9)
  const noiseY = Math.floor(rng.next() * 1e9)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < cells.length; i++) {
    wx[i] = grid.cx(cells[i]!)
    wy[i] = grid.cy(cells[i]!)
    minX = Math.min(minX, wx[i]!)
    minY = Math.min(minY, wy[i]!)
    maxX = Math.max(maxX, wx[i]!)
    maxY = Math.max(maxY, wy[i]!)
  }
  const s = o.warpScale
  const box: [number, number, number, number] = [minX / s, minY / s, maxX / s, maxY / s]
  const fieldX = new FractalField(noiseX, 2, box)
  const fieldY = new FractalField(noiseY, 2, box)
  for (let i = 0; i < cells.length; i++) {
    const x = wx[i]!
    const y = wy[i]!
    wx[i] = x + o.warpAmplitude * fieldX.at(x / s, y / s)
    wy[i] = y + o.warpAmplitude * fieldY.at(x / s, y / s)
  }
}

/** Best-candidate seeding: each new seed is the farthest of 12 weighted candidates from the others. */
function initialSeeds(rng: Rng, wx: Float64Array, wy: Float64Array, w: Float64Array, sx: Float64Array, sy: Float64Array): void {
  const cumulative = cumulativeWeights(w)
  const first = rng.cumulativeIndex(cumulative)
  sx[0] = wx[first]!
  sy[0] = wy[first]!
  for (let placed = 1; placed < sx.length; placed++) {
    let best = -1
    let bestD = -1
    for (let c = 0; c < 12; c++) {
      const i = rng.cumulativeIndex(cumulative)
      let d = Infinity
      for (let s = 0; s < placed; s++)
        d = Math.min(d, (wx[i]! - sx[s]!) ** 2 + (wy[i]! - sy[s]!) ** 2)
      if (d > bestD) {
        bestD = d
        best = i
      }
    }
    sx[placed] = wx[best]!
    sy[placed] = wy[best]!
  }
}

function assignNearest(wx: Float64Array, wy: Float64Array, sx: Float64Array, sy: Float64Array, part: Int32Array): void {
  const k = sx.length
  for (let i = 0; i < wx.length; i++) {
    let best = 0
    let bestD = Infinity
    for (let p = 0; p < k; p++) {
      const dx = wx[i]! - sx[p]!
      const dy = wy[i]! - sy[p]!
      const d = dx * dx + dy * dy
      if (d < bestD) {
        bestD = d
        best = p
      }
    }
    part[i] = best
  }
}

function moveSeedsToCentroids(wx: Float64Array, wy: Float64Array, w: Float64Array, part: Int32Array, sx: Float64Array, sy: Float64Array): void {
  const k = sx.length
  const ax = new Float64Array(k)
  const ay = new Float64Array(k)
  const aw = new Float64Array(k)
  for (let i = 0; i < wx.length; i++) {
    const p = part[i]!
    ax[p]! += wx[i]! * w[i]!
    ay[p]! += wy[i]! * w[i]!
    aw[p]! += w[i]!
  }
  for (let p = 0; p < k; p++) {
    if (aw[p]! > 0) {
      sx[p] = ax[p]! / aw[p]!
      sy[p] = ay[p]! / aw[p]!
    }
  }
}

/**
 * Makes every part one connected piece without holes: stray pieces and parts under `minCells`
 * join the neighbour they share the longest border with; whatever a part encloses joins it.
 */
function cleanUp(nb: Int32Array, part: Int32Array, k: number, minCells: number): void {
  for (let round = 0; round < 50; round++) {
    if (mergeStrayPieces(nb, part, k, minCells))
      continue
    if (!absorbEnclosedParts(nb, part, k))
      return
  }
  throw new Error('partition cleanup did not settle')
}

/** Connected pieces of equal part: a piece id per cell, and each piece's part and size. */
function pieces(nb: Int32Array, part: Int32Array): { piece: Int32Array, piecePart: number[], pieceSize: number[] } {
  const n = part.length
  const piece = new Int32Array(n).fill(-1)
  const stack = new Int32Array(n)
  const piecePart: number[] = []
  const pieceSize: number[] = []
  for (let i = 0; i < n; i++) {
    if (piece[i] !== -1)
      continue
    const id = piecePart.length
    const p = part[i]!
    let top = 0
    let size = 0
    stack[top++] = i
    piece[i] = id
    while (top > 0) {
      const c = stack[--top]!
      size++
      for (let e = 0; e < 6; e++) {
        const m = nb[c * 6 + e]!
        if (m >= 0 && piece[m] === -1 && part[m] === p) {
          piece[m] = id
          stack[top++] = m
        }
      }
    }
    piecePart.push(p)
    pieceSize.push(size)
  }
  return { piece, piecePart, pieceSize }
}

/** Moves every stray or undersized piece to its longest-bordering neighbour; true if any moved. */
function mergeStrayPieces(nb: Int32Array, part: Int32Array, k: number, minCells: number): boolean {
  const n = part.length
  const { piece, piecePart, pieceSize } = pieces(nb, part)
  const largest = new Int32Array(k).fill(-1)
  for (let id = 0; id < piecePart.length; id++) {
    const p = piecePart[id]!
    if (largest[p]! < 0 || pieceSize[id]! > pieceSize[largest[p]!]!)
      largest[p] = id
  }
  // Cells grouped by piece (counting sort), so each piece's cells are at hand.
  const start = new Int32Array(piecePart.length + 1)
  for (let i = 0; i < n; i++) start[piece[i]! + 1]!++
  for (let id = 0; id < piecePart.length; id++) start[id + 1]! += start[id]!
  const fill = start.slice(0, piecePart.length)
  const byPiece = new Int32Array(n)
  for (let i = 0; i < n; i++) byPiece[fill[piece[i]!]!++] = i
  // Smallest first, so a tiny piece never absorbs a bigger one.
  const order = piecePart.map((_, id) => id).sort((a, b) => pieceSize[a]! - pieceSize[b]! || a - b)
  const border = new Int32Array(k)
  let changed = false
  for (const id of order) {
    if (largest[piecePart[id]!] === id && pieceSize[id]! >= minCells)
      continue
    const own = part[byPiece[start[id]!]!]!
    border.fill(0)
    for (let j = start[id]!; j < start[id + 1]!; j++) {
      const c = byPiece[j]!
      for (let e = 0; e < 6; e++) {
        const m = nb[c * 6 + e]!
        if (m >= 0 && part[m] !== own)
          border[part[m]!]!++
      }
    }
    let target = -1
    for (let q = 0; q < k; q++) {
      if (border[q]! > 0 && (target < 0 || border[q]! > border[target]!))
        target = q
    }
    if (target < 0)
      continue
    for (let j = start[id]!; j < start[id + 1]!; j++)
      part[byPiece[j]!] = target
    changed = true
  }
  return changed
}

/**
 * Holes. With every part in one piece, what a part encloses is whole parts: those that cannot
 * reach the region's edge in the part adjacency graph once that part is taken out. They join
 * the part around them. True if any did.
 */
function absorbEnclosedParts(nb: Int32Array, part: Int32Array, k: number): boolean {
  const n = part.length
  const touchesEdge = new Uint8Array(k)
  const present = new Uint8Array(k)
  const adjacent = new Uint8Array(k * k)
  for (let i = 0; i < n; i++) {
    const p = part[i]!
    present[p] = 1
    for (let e = 0; e < 6; e++) {
      const m = nb[i * 6 + e]!
      if (m < 0)
        touchesEdge[p] = 1
      else if (part[m] !== p)
        adjacent[p * k + part[m]!] = 1
    }
  }
  const reached = new Uint8Array(k)
  const stack = new Int32Array(k)
  for (let p = 0; p < k; p++) {
    if (present[p] === 0)
      continue
    reached.fill(0)
    let top = 0
    for (let q = 0; q < k; q++) {
      if (q !== p && present[q] === 1 && touchesEdge[q] === 1) {
        reached[q] = 1
        stack[top++] = q
      }
    }
    while (top > 0) {
      const q = stack[--top]!
      for (let r = 0; r < k; r++) {
        if (r !== p && reached[r] === 0 && adjacent[q * k + r] === 1) {
          reached[r] = 1
          stack[top++] = r
        }
      }
    }
    let changed = false
    for (let i = 0; i < n; i++) {
      const q = part[i]!
      if (q !== p && reached[q] === 0) {
        part[i] = p
        changed = true
      }
    }
    if (changed)
      return true
  }
  return false
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
