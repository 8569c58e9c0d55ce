// The hot-spot surfaces of a run: kernel density over the territory, and Gi* on square cells
// and on the grids of one level, all from the counted cases.
import type { BandwidthChoice } from './kde'
import type { GridLabels } from './labels'
import type { RasterFrame } from './raster'
import { fdrBins, giStar, neighboursFromPairs } from './gistar'
import { quarticDensity, silvermanBandwidth } from './kde'

/** A raster aligned with the sampling raster, `factor` sampling cells to its edge. */
export interface CoarseFrame extends RasterFrame {
  factor: number
}

/** A coarse frame of about `cellM` over the sampling frame, at most `maxCells` cells. */
export function coarseFrame(fine: RasterFrame, cellM: number, maxCells = 4_000_000): CoarseFrame {
  let factor = Math.max(1, Math.round(cellM / fine.cellM))
  while (Math.ceil(fine.width / factor) * Math.ceil(fine.height / factor) > maxCells)
    factor++
  return { x0: fine.x0, y0: fine.y0, cellM: factor * fine.cellM, width: Math.ceil(fine.width / factor), height: Math.ceil(fine.height / factor), factor }
}

export interface KdeResult {
  bandwidth: BandwidthChoice
  frame: CoarseFrame
  /** Cases per km² at each cell centre. */
  density: Float32Array
  /** Per row, sums of density over the first c cells at row·(width + 1) + c. */
  rowPrefix: Float64Array
  max: number
}

export function kdeOf(xs: Float64Array, ys: Float64Array, fine: RasterFrame, bandwidth: { rule: 'silverman' } | { rule: 'fixed', metres: number }, cellM: number | null): KdeResult {
  const h = bandwidth.rule === 'fixed' ? { rule: 'fixed' as const, metres: bandwidth.metres, n: xs.length } : silvermanBandwidth(xs, ys)
  const frame = coarseFrame(fine, cellM ?? Math.min(100, Math.max(10, h.metres / 8)))
  const density = quarticDensity(xs, ys, frame, h.metres)
  let max = 0
  const rowPrefix = new Float64Array((frame.width + 1) * frame.height)
  for (let r = 0; r < frame.height; r++) {
    for (let c = 0; c < frame.width; c++) {
      const v = density[r * frame.width + c]!
      max = Math.max(max, v)
      rowPrefix[r * (frame.width + 1) + c + 1] = rowPrefix[r * (frame.width + 1) + c]! + v
    }
  }
  return { bandwidth: h, frame, density, rowPrefix, max }
}

export interface CellHotSpots {
  frame: CoarseFrame
  /** 1 where the cell's centre lies in a grid; only those cells take part. */
  inside: Uint8Array
  counts: Float32Array
  z: Float32Array
  bin: Int8Array
  bandM: number
}

/** Gi* on square cells: counts of cases, binary weights for cells within `bandM` (centre to centre). */
export function cellHotSpots(xs: Float64Array, ys: Float64Array, labels: GridLabels, cellM: number, bandM: number): CellHotSpots {
  const fine = labels.frame
  const frame = coarseFrame(fine, cellM)
  const n = frame.width * frame.height
  const inside = new Uint8Array(n)
  const idOf = new Int32Array(n).fill(-1)
  const ids: number[] = []
  for (let r = 0; r < frame.height; r++) {
    for (let c = 0; c < frame.width; c++) {
      const fr = Math.min(fine.height - 1, Math.floor((r + 0.5) * frame.factor))
      const fc = Math.min(fine.width - 1, Math.floor((c + 0.5) * frame.factor))
      if (labels.label[fr * fine.width + fc] !== 0) {
        inside[r * frame.width + c] = 1
        idOf[r * frame.width + c] = ids.length
        ids.push(r * frame.width + c)
      }
    }
  }
  const counts = new Float32Array(n)
  for (let i = 0; i < xs.length; i++) {
    const c = Math.floor((xs[i]! - frame.x0) / frame.cellM)
    const r = Math.floor((ys[i]! - frame.y0) / frame.cellM)
    if (c >= 0 && r >= 0 && c < frame.width && r < frame.height)
      counts[r * frame.width + c]!++
  }
  const reach = Math.floor(bandM / frame.cellM)
  const pairs: number[] = []
  for (const cell of ids) {
    const c = cell % frame.width
    const r = (cell - c) / frame.width
    for (let dr = 0; dr <= reach; dr++) {
      for (let dc = -reach; dc <= reach; dc++) {
        if ((dr === 0 && dc <= 0) || (dr * dr + dc * dc) * frame.cellM * frame.cellM > bandM * bandM)
          continue
        const rr = r + dr
        const cc = c + dc
        if (rr < frame.height && cc >= 0 && cc < frame.width && idOf[rr * frame.width + cc]! >= 0)
          pairs.push(idOf[cell]!, idOf[rr * frame.width + cc]!)
      }
    }
  }
  const x = Float64Array.from(ids, cell => counts[cell]!)
  const zc = giStar(x, neighboursFromPairs(ids.length, pairs))
  const binc = fdrBins(zc)
  const z = new Float32Array(n)
  const bin = new Int8Array(n)
  ids.forEach((cell, k) => {
    z[cell] = zc[k]!
    bin[cell] = binc[k]!
  })
  return { frame, inside, counts, z, bin, bandM }
}

export interface GridHotSpots {
  level: number
  /** Per grid (input order); NaN and 0 for grids of other levels. */
  z: Float64Array
  bin: Int8Array
}

/**
 * Gi* on the grids of one level: cases per km², neighbours sharing a boundary (found on the
 * raster, so grids touching only at a corner are not neighbours).
 */
export function gridHotSpots(level: number, gridLevel: ArrayLike<number>, ancestorAt: Int32Array, labels: GridLabels, cases: ArrayLike<number>, areaM2: ArrayLike<number>): GridHotSpots {
  const n = gridLevel.length
  const members: number[] = []
  const idOf = new Int32Array(n).fill(-1)
  for (let g = 0; g < n; g++) {
    if (gridLevel[g] === level && areaM2[g]! > 0) {
      idOf[g] = members.length
      members.push(g)
    }
  }
  const seen = new Set<number>()
  const pairs: number[] = []
  const add = (a: number, b: number) => {
    if (a < 0 || b < 0)
      return
    const ia = idOf[a]!
    const ib = idOf[b]!
    if (ia < 0 || ib < 0)
      return
    const k = ia < ib ? ia * members.length + ib : ib * members.length + ia
    if (!seen.has(k)) {
      seen.add(k)
      pairs.push(ia, ib)
    }
  }
  const raw = labels.labelPairs()
  for (let k = 0; k < raw.length; k += 2) {
    const a = ancestorAt[raw[k]!]!
    const b = ancestorAt[raw[k + 1]!]!
    if (a !== b)
      add(a, b)
  }
  const x = Float64Array.from(members, g => cases[g]! / (areaM2[g]! / 1e6))
  const zm = giStar(x, neighboursFromPairs(members.length, pairs))
  const bm = fdrBins(zm)
  const z = new Float64Array(n).fill(Number.NaN)
  const bin = new Int8Array(n)
  members.forEach((g, k) => {
    z[g] = zm[k]!
    bin[g] = bm[k]!
  })
  return { level, z, bin }
}
