// Quartic kernel density: each case spreads over a disk of radius h with weight
// 3/(πh²)·(1 − d²/h²)², which integrates to one, so the surface is cases per unit area and its
// integral over any patch is the expected number of cases there.
import type { RasterFrame } from './raster'
import { firstRowAtOrAbove, lastRowAtOrBelow, rowCentre } from './raster'

/** How the bandwidth was chosen, for the legend. */
export interface BandwidthChoice {
  rule: 'silverman' | 'fixed' | 'fallback'
  metres: number
  /** Points the rule looked at. */
  n: number
}

/** Used when the Silverman rule has nothing to go on (fewer than two distinct points): open_cp's default. */
export const FALLBACK_BANDWIDTH_M = 200

/**
 * The spatial Silverman rule as ArcGIS states it: h = 0.9 · min(SD, √(1/ln 2) · Dm) · n^−0.2,
 * SD the standard distance and Dm the median distance to the mean centre.
 */
export function silvermanBandwidth(xs: ArrayLike<number>, ys: ArrayLike<number>): BandwidthChoice {
  const n = xs.length
  if (n < 2)
    return { rule: 'fallback', metres: FALLBACK_BANDWIDTH_M, n }
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += xs[i]!
    my += ys[i]!
  }
  mx /= n
  my /= n
  const d = new Float64Array(n)
  let ss = 0
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx
    const dy = ys[i]! - my
    ss += dx * dx + dy * dy
    d[i] = Math.sqrt(dx * dx + dy * dy)
  }
  d.sort()
  const median = n % 2 === 1 ? d[(n - 1) / 2]! : (d[n / 2 - 1]! + d[n / 2]!) / 2
  const sd = Math.sqrt(ss / n)
  const h = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * median) * n ** -0.2
  return h > 0 ? { rule: 'silverman', metres: h, n } : { rule: 'fallback', metres: FALLBACK_BANDWIDTH_M, n }
}

/** Density at each cell centre of `frame`, in points per km². */
export function quarticDensity(xs: ArrayLike<number>, ys: ArrayLike<number>, frame: RasterFrame, h: number): Float32Array {
  const out = new Float64Array(frame.width * frame.height)
  const h2 = h * h
  const norm = 3 / (Math.PI * h2) * 1e6
  const cs = frame.cellM
  for (let i = 0; i < xs.length; i++) {
    const px = xs[i]!
    const py = ys[i]!
    const r0 = Math.max(0, firstRowAtOrAbove(frame, py - h))
    const r1 = Math.min(frame.height - 1, lastRowAtOrBelow(frame, py + h))
    const c0 = Math.max(0, Math.ceil((px - h - frame.x0) / cs - 0.5))
    const c1 = Math.min(frame.width - 1, Math.floor((px + h - frame.x0) / cs - 0.5))
    for (let r = r0; r <= r1; r++) {
      const dy = rowCentre(frame, r) - py
      const base = r * frame.width
      for (let c = c0; c <= c1; c++) {
        const dx = frame.x0 + (c + 0.5) * cs - px
        const u = 1 - (dx * dx + dy * dy) / h2
        if (u > 0)
          out[base + c]! += norm * u * u
      }
    }
  }
  return Float32Array.from(out)
}
