// Choropleth classification. Pure, so the legend, the map paint and the tests agree exactly.

/** How class breaks are chosen; the legend names it so a reader knows what the colours mean. */
export type ClassMethod = 'jenks' | 'quantile'

/** A classification: `breaks[i]` is the lower bound of class i+1; values below breaks[0] are class 0. */
export interface Classification {
  method: ClassMethod
  breaks: number[]
  colors: string[]
  /** Ranges per class for the legend: inclusive [0, 3], [4, 9] … for counts, [lo, next break] for rates. */
  ranges: Array<[number, number]>
}

/**
 * Sequential ramps picked for dark backgrounds: lightness rises steadily along each, so the order
 * reads without hue, and neither holds a red/green pair, so they read for red-green colour-blind
 * eyes too. A grid with no data is none of these colours: it is the theme's neutral grey.
 */
export const RAMPS = {
  /**
   * Attention: purple → pale yellow (magma-like); its bright end goes to the worse values. It
   * starts above the map's dark background (blended CIELAB L* ≈ 27 → 70), so the lowest class is
   * not lost in it, and each step differs from the next by ΔE ≥ 15 and from the no-data grey by
   * ΔE ≥ 20 under simulated deuteranopia and protanopia too (Machado 2009; the former ramp's
   * middle pink met a mid grey at ΔE 3 for protanopes).
   */
  heat: ['#7a3294', '#b8408a', '#e8606a', '#fa9e5c', '#fde59b'],
  /** Neither better nor worse (cases closed): one hue, deep blue → pale blue. */
  calm: ['#1f3f6b', '#2f639c', '#4a8cc4', '#86b8e0', '#cfe4f5'],
} as const

/**
 * The ramp a measure is drawn with, lowest value first: the heat ramp rising when higher is worse,
 * the same ramp falling when higher is better (a low on-time rate glows, a perfect one stays dark),
 * one calm hue when neither. So on every measure the bright grids are the ones to look at.
 */
export function rampFor(higherIs: 'worse' | 'better' | 'neutral'): readonly string[] {
  if (higherIs === 'neutral')
    return RAMPS.calm
  return higherIs === 'worse' ? RAMPS.heat : [...RAMPS.heat].reverse()
}

/**
 * Classes with "nice" rounded breaks, at most `ramp.length` classes: natural breaks (Jenks, the
 * default: an outlier such as a town community with ten times a village's cases gets a class of
 * its own instead of stretching one over everyone) or quantiles. Duplicate breaks collapse, and
 * null values are left out of the breaks so a grid with no data is drawn as "no data", not as
 * any class.
 */
export function classify(values: Array<number | null>, ramp: readonly string[], opts: { integer?: boolean, method?: ClassMethod } = {}): Classification {
  const method = opts.method ?? 'jenks'
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0)
    return { method, breaks: [], colors: [ramp[0] ?? '#888'], ranges: [] }
  const min = sorted[0]!
  const max = sorted[sorted.length - 1]!
  const integer = opts.integer ?? false
  const distinct = [...new Set(sorted)]
  let breaks: number[]
  if (method === 'jenks') {
    breaks = roundBreaks(jenksBreaks(sorted, Math.min(ramp.length, distinct.length)), min, max, integer)
  }
  else {
    breaks = quantileBreaks(sorted, ramp.length, integer)
    // Skewed data (most grids at 0) leaves too few distinct quantiles; classes over the distinct
    // values then still separate the few grids that stand out.
    if (breaks.length < Math.min(ramp.length, distinct.length) - 1)
      breaks = quantileBreaks(distinct, ramp.length, integer)
  }
  const colors = pickColors(ramp, breaks.length + 1)
  const bounds = [min, ...breaks, max]
  // Counts read as inclusive integer ranges (0–3, 4–9), so no boundary value appears in two rows.
  const ranges = colors.map((_, i) => {
    const last = i === colors.length - 1
    return [bounds[i]!, integer && !last ? bounds[i + 1]! - 1 : bounds[i + 1]!] as [number, number]
  })
  return { method, breaks, colors, ranges }
}

/**
 * Jenks natural breaks (Fisher's exact optimisation): the k classes of sorted values with the
 * least within-class squared deviation. Returns each class's lowest value after the first.
 * O(k·n²), fine for the children of one grid (tens to a few hundred).
 */
export function jenksBreaks(sorted: readonly number[], k: number): number[] {
  const n = sorted.length
  if (k <= 1 || n <= 1)
    return []
  const prefix = [0]
  const prefixSq = [0]
  for (const v of sorted) {
    prefix.push(prefix[prefix.length - 1]! + v)
    prefixSq.push(prefixSq[prefixSq.length - 1]! + v * v)
  }
  // Squared deviation of sorted[i..j] inclusive.
  const ssd = (i: number, j: number) => {
    const s = prefix[j + 1]! - prefix[i]!
    return prefixSq[j + 1]! - prefixSq[i]! - (s * s) / (j - i + 1)
  }
  // cost[c][j]: best cost of values 0..j in c+1 classes; start[c][j]: where the last class begins.
  const cost: number[][] = [Array.from({ length: n }, (_, j) => ssd(0, j))]
  const start: number[][] = [Array.from({ length: n }, () => 0)]
  for (let c = 1; c < k; c++) {
    const row: number[] = []
    const from: number[] = []
    for (let j = 0; j < n; j++) {
      let best = Infinity
      let at = j
      for (let i = c; i <= j; i++) {
        const v = cost[c - 1]![i - 1]! + ssd(i, j)
        if (v < best) {
          best = v
          at = i
        }
      }
      row.push(best)
      from.push(at)
    }
    cost.push(row)
    start.push(from)
  }
  const breaks: number[] = []
  let j = n - 1
  for (let c = k - 1; c >= 1; c--) {
    const i = start[c]![j]!
    breaks.unshift(sorted[i]!)
    j = i - 1
  }
  return breaks
}

function roundBreaks(raw: readonly number[], min: number, max: number, integer: boolean): number[] {
  const out: number[] = []
  for (const r of raw) {
    // Counts keep their exact lower bounds (already whole); rates read better rounded.
    const b = integer ? Math.ceil(r) : Number(r.toPrecision(2))
    if (b > min && b <= max && (out.length === 0 || b > out[out.length - 1]!))
      out.push(b)
  }
  return out
}

function quantileBreaks(sorted: number[], k: number, integer: boolean): number[] {
  const min = sorted[0]!
  const max = sorted[sorted.length - 1]!
  const breaks: number[] = []
  for (let i = 1; i < k; i++) {
    const q = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / k))]!
    const b = niceRound(q, integer)
    if (b > min && b <= max && (breaks.length === 0 || b > breaks[breaks.length - 1]!))
      breaks.push(b)
  }
  return breaks
}

/** Index of the class a value falls in, or -1 for null (no data). */
export function classIndex(c: Classification, value: number | null): number {
  if (value === null || !Number.isFinite(value))
    return -1
  let i = 0
  while (i < c.breaks.length && value >= c.breaks[i]!)
    i++
  return i
}

/** Spreads n colours across the ramp so 2 classes use its ends, not its first two entries. */
function pickColors(ramp: readonly string[], n: number): string[] {
  if (n >= ramp.length)
    return [...ramp]
  // One class says nothing about more or less: the middle colour, never the alarming top one.
  if (n === 1)
    return [ramp[Math.floor(ramp.length / 2)]!]
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]!)
}

/** Rounds to two significant digits (integers for counts) so legends read 10–20, not 9.73–19.6. */
function niceRound(v: number, integer: boolean): number {
  if (v === 0)
    return 0
  const mag = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1)
  const r = Math.round(v / mag) * mag
  return integer ? Math.max(1, Math.round(r)) : Number(r.toPrecision(2))
}
