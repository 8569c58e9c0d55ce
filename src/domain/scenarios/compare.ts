// Figures of scenarios as plain rows: current → proposed with the difference, per grid and metric,
// for one scenario or two side by side. The figures themselves come from the coverage engine; this
// only lines them up, so the page, the comparison and the export agree.

/** A figure set: per grid id, per metric key, a value (a share 0–1, a count, km …). */
export type FigureSet = ReadonlyMap<string, ReadonlyMap<string, number>>

/** One grid × metric, current and proposed. */
export interface FigureRow {
  gridId: string
  metric: string
  current: number | null
  proposed: number | null
  /** proposed − current; null when either is missing. */
  diff: number | null
}

/** One grid × metric across two scenarios drawn on the same current set. */
export interface ComparisonRow {
  gridId: string
  metric: string
  current: number | null
  a: number | null
  aDiff: number | null
  b: number | null
  bDiff: number | null
  /** b − a; null when either is missing. */
  bMinusA: number | null
}

const diffOf = (to: number | null, from: number | null) => to === null || from === null ? null : to - from
const get = (s: FigureSet, grid: string, metric: string) => s.get(grid)?.get(metric) ?? null

/** Every (grid, metric) of the sets, in the order of `gridOrder` (e.g. the tree, the scope first) and then metric order. */
function keys(sets: readonly FigureSet[], gridOrder: readonly string[], metricOrder: readonly string[]): Array<[string, string]> {
  const grids = new Set<string>()
  const metrics = new Set<string>()
  for (const s of sets) {
    for (const [g, m] of s) {
      grids.add(g)
      for (const k of m.keys()) metrics.add(k)
    }
  }
  const rank = (order: readonly string[]) => (x: string) => order.includes(x) ? order.indexOf(x) : order.length
  const gr = rank(gridOrder)
  const mr = rank(metricOrder)
  const sortBy = (r: (x: string) => number) => (a: string, b: string) => r(a) - r(b) || (a < b ? -1 : a > b ? 1 : 0)
  const out: Array<[string, string]> = []
  for (const g of [...grids].sort(sortBy(gr))) {
    for (const m of [...metrics].sort(sortBy(mr))) {
      if (sets.some(s => s.get(g)?.has(m)))
        out.push([g, m])
    }
  }
  return out
}

/** Current → proposed for one scenario. */
export function figureRows(current: FigureSet, proposed: FigureSet, gridOrder: readonly string[] = [], metricOrder: readonly string[] = []): FigureRow[] {
  return keys([current, proposed], gridOrder, metricOrder).map(([gridId, metric]) => {
    const c = get(current, gridId, metric)
    const p = get(proposed, gridId, metric)
    return { gridId, metric, current: c, proposed: p, diff: diffOf(p, c) }
  })
}

/** Two scenarios side by side over the same current figures. */
export function compareScenarios(current: FigureSet, a: FigureSet, b: FigureSet, gridOrder: readonly string[] = [], metricOrder: readonly string[] = []): ComparisonRow[] {
  return keys([current, a, b], gridOrder, metricOrder).map(([gridId, metric]) => {
    const c = get(current, gridId, metric)
    const va = get(a, gridId, metric)
    const vb = get(b, gridId, metric)
    return { gridId, metric, current: c, a: va, aDiff: diffOf(va, c), b: vb, bDiff: diffOf(vb, c), bMinusA: diffOf(vb, va) }
  })
}
