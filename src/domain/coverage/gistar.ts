// Getis-Ord Gi* (Getis & Ord 1992, Ord & Getis 1995) with binary weights that include the
// feature itself, and the Benjamini–Hochberg false-discovery-rate correction ArcGIS applies to
// its hot-spot bins: ±3 significant at 99 %, ±2 at 95 %, ±1 at 90 %, 0 not significant.

/** Neighbour lists in compressed rows: feature i's neighbours (itself included) are items[start[i] .. start[i+1]). */
export interface Neighbours {
  start: Int32Array
  items: Int32Array
}

/** Gi* z-scores of values x under binary weights. */
export function giStar(x: ArrayLike<number>, nb: Neighbours): Float64Array {
  const n = x.length
  const z = new Float64Array(n)
  if (n < 2)
    return z
  let sum = 0
  let sum2 = 0
  for (let i = 0; i < n; i++) {
    sum += x[i]!
    sum2 += x[i]! * x[i]!
  }
  const mean = sum / n
  const s = Math.sqrt(Math.max(0, sum2 / n - mean * mean))
  if (!(s > 0))
    return z
  for (let i = 0; i < n; i++) {
    let local = 0
    const a = nb.start[i]!
    const b = nb.start[i + 1]!
    for (let k = a; k < b; k++)
      local += x[nb.items[k]!]!
    const wi = b - a
    const denom = s * Math.sqrt((n * wi - wi * wi) / (n - 1))
    z[i] = denom > 0 ? (local - mean * wi) / denom : 0
  }
  return z
}

/** Complementary error function, fractional error below 1.2e-7 everywhere (Numerical Recipes' erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
      + t * (-0.82215223 + t * 0.17087277)))))))))
  return x >= 0 ? r : 2 - r
}

/** Two-sided p-value of a standard normal z. */
export function twoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2)
}

/** The largest p-value still significant at false-discovery rate q (Benjamini–Hochberg), or −1 if none. */
export function bhThreshold(sortedP: ArrayLike<number>, q: number): number {
  const n = sortedP.length
  for (let k = n; k >= 1; k--) {
    if (sortedP[k - 1]! <= k * q / n)
      return sortedP[k - 1]!
  }
  return -1
}

/** Hot-spot bins −3…3 from z-scores, FDR-corrected at 90, 95 and 99 %. */
export function fdrBins(z: ArrayLike<number>): Int8Array {
  const n = z.length
  const p = Float64Array.from({ length: n }, (_, i) => twoSidedP(z[i]!))
  const sorted = Float64Array.from(p).sort()
  const t90 = bhThreshold(sorted, 0.10)
  const t95 = bhThreshold(sorted, 0.05)
  const t99 = bhThreshold(sorted, 0.01)
  const bins = new Int8Array(n)
  for (let i = 0; i < n; i++) {
    const level = p[i]! <= t99 ? 3 : p[i]! <= t95 ? 2 : p[i]! <= t90 ? 1 : 0
    bins[i] = z[i]! > 0 ? level : -level
  }
  return bins
}

/** Neighbour lists from pairs (each pair once, either order), each feature also its own neighbour. */
export function neighboursFromPairs(n: number, pairs: ArrayLike<number>): Neighbours {
  const start = new Int32Array(n + 1)
  for (let i = 0; i < n; i++)
    start[i + 1] = 1
  for (let k = 0; k < pairs.length; k += 2) {
    start[pairs[k]! + 1]!++
    start[pairs[k + 1]! + 1]!++
  }
  for (let i = 0; i < n; i++)
    start[i + 1]! += start[i]!
  const items = new Int32Array(start[n]!)
  const fill = start.slice(0, n)
  for (let i = 0; i < n; i++)
    items[fill[i]!++] = i
  for (let k = 0; k < pairs.length; k += 2) {
    const a = pairs[k]!
    const b = pairs[k + 1]!
    items[fill[a]!++] = b
    items[fill[b]!++] = a
  }
  return { start, items }
}
