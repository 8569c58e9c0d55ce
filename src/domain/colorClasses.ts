// Choropleth classification. Pure, so the legend, the map paint and the tests agree exactly.

/** A classification: `breaks[i]` is the lower bound of class i+1; values below breaks[0] are class 0. */
export interface Classification {
  breaks: number[]
  colors: string[]
  /** Ranges per class for the legend: inclusive [0, 3], [4, 9] … for counts, [lo, next break] for rates. */
  ranges: Array<[number, number]>
}

/** Sequential ramps picked for dark backgrounds: light = more. Colour-blind safe (viridis/YlOrRd-like). */
export const RAMPS = {
  /** More is worse (cases, overdue): dark purple → hot yellow. */
  heat: ['#3b1f5c', '#6a2c70', '#b83b5e', '#f08a5d', '#f9d56e'],
  /** More is better (resolution rate): red → green. */
  good: ['#c0392b', '#e67e22', '#f1c40f', '#7dbb5b', '#27ae60'],
} as const

export type RampName = keyof typeof RAMPS

/**
 * Quantile classes with "nice" rounded breaks, at most `ramp.length` classes. Duplicate breaks
 * collapse (many grids with 0 cases must not produce empty classes), and null values are left
 * out of the breaks so a grid with no data is drawn as "no data", not as the lowest class.
 */
export function classify(values: Array<number | null>, ramp: readonly string[], opts: { integer?: boolean } = {}): Classification {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0)
    return { breaks: [], colors: [ramp[0] ?? '#888'], ranges: [] }
  const min = sorted[0]!
  const max = sorted[sorted.length - 1]!
  const integer = opts.integer ?? false
  let breaks = quantileBreaks(sorted, ramp.length, integer)
  // Skewed data (most grids at 0) leaves too few distinct quantiles; classes over the distinct
  // values then still separate the few grids that stand out.
  const distinct = [...new Set(sorted)]
  if (breaks.length < Math.min(ramp.length, distinct.length) - 1)
    breaks = quantileBreaks(distinct, ramp.length, integer)
  const colors = pickColors(ramp, breaks.length + 1)
  const bounds = [min, ...breaks, max]
  // Counts read as inclusive integer ranges (0–3, 4–9), so no boundary value appears in two rows.
  const ranges = colors.map((_, i) => {
    const last = i === colors.length - 1
    return [bounds[i]!, integer && !last ? bounds[i + 1]! - 1 : bounds[i + 1]!] as [number, number]
  })
  return { breaks, colors, ranges }
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
  if (n === 1)
    return [ramp[ramp.length - 1]!]
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
