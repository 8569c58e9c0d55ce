// Integer programs for the exact siting solvers, as plain sparse arrays (no solver types), so the
// formulation is tested on its own and the solver adapter only translates.
//
// MCLP: max Σ W_g y_g  s.t.  y_g ≤ Σ_{o sees g} x_o,  Σ_{o at s} x_o ≤ 1,  Σ x_o ≤ p,  x ∈ {0,1}, y ∈ [0,1].
// LSCP: min Σ x_o      s.t.  Σ_{o sees g} x_o ≥ 1 for every required group g,  Σ_{o at s} x_o ≤ 1.
// Demand points seen by exactly the same options are merged into one group g with their summed
// weight W_g — identical rows are common (points in one sector) and cost the solver nothing to drop
// here. y may stay continuous: with integral x, an optimal y is 0 or 1.
import type { CompiledSiting } from './instance'
import { demandToOptions } from './instance'
import { blindRequired, openRequired } from './setCover'

export interface MipModel {
  sense: 'max' | 'min'
  /** Constant part of the objective (weight already seen by existing cameras). */
  offset: number
  colCost: Float64Array
  colUpper: Float64Array
  /** 1 for binary columns; lower bounds are all 0. */
  integer: Uint8Array
  /** Columns 0 .. nOptionCols − 1 are the orientations x_o, in the compiled order. */
  nOptionCols: number
  rowLower: Float64Array
  rowUpper: Float64Array
  /** Rows in compressed sparse row form. */
  rowStart: Int32Array
  rowIndex: Int32Array
  rowValue: Float64Array
}

interface Group {
  weight: number
  options: Int32Array
}

/** Open demand (not already seen) grouped by the exact set of options that see it. */
function groups(c: CompiledSiting, only?: readonly number[]): Group[] {
  const { demandStart, demandOptions } = demandToOptions(c)
  const byKey = new Map<string, Group>()
  const visit = (d: number): void => {
    if (c.preCovered[d])
      return
    const options = demandOptions.subarray(demandStart[d]!, demandStart[d + 1]!)
    if (options.length === 0)
      return
    const key = options.join(',')
    const g = byKey.get(key)
    if (g)
      g.weight += c.weight[d]!
    else
      byKey.set(key, { weight: c.weight[d]!, options })
  }
  if (only) {
    only.forEach(visit)
  }
  else {
    for (let d = 0; d < c.weight.length; d++)
      visit(d)
  }
  return [...byKey.values()]
}

class RowBuilder {
  lower: number[] = []
  upper: number[] = []
  start: number[] = [0]
  index: number[] = []
  value: number[] = []
  add(lower: number, upper: number, cols: ArrayLike<number>, coef: ArrayLike<number> | number): void {
    for (let k = 0; k < cols.length; k++) {
      this.index.push(cols[k]!)
      this.value.push(typeof coef === 'number' ? coef : coef[k]!)
    }
    this.start.push(this.index.length)
    this.lower.push(lower)
    this.upper.push(upper)
  }

  siteRows(c: CompiledSiting): void {
    for (let s = 0; s + 1 < c.siteStart.length; s++) {
      const from = c.siteStart[s]!
      const to = c.siteStart[s + 1]!
      if (to - from > 1)
        this.add(-Infinity, 1, Int32Array.from({ length: to - from }, (_, k) => from + k), 1)
    }
  }

  rows(): Pick<MipModel, 'rowLower' | 'rowUpper' | 'rowStart' | 'rowIndex' | 'rowValue'> {
    return {
      rowLower: Float64Array.from(this.lower),
      rowUpper: Float64Array.from(this.upper),
      rowStart: Int32Array.from(this.start),
      rowIndex: Int32Array.from(this.index),
      rowValue: Float64Array.from(this.value),
    }
  }
}

/** Options that see at least one point of the groups; the rest are fixed at 0. */
function usefulOptions(c: CompiledSiting, gs: readonly Group[]): Float64Array {
  const upper = new Float64Array(c.optionIds.length)
  for (const g of gs) {
    for (const o of g.options)
      upper[o] = 1
  }
  return upper
}

/** The maximal covering model for `budget` new cameras. */
export function mclpModel(c: CompiledSiting, budget: number): MipModel {
  if (!(Number.isInteger(budget) && budget >= 0))
    throw new RangeError(`budget must be a whole number of cameras ≥ 0, got ${budget}`)
  const gs = groups(c)
  const nx = c.optionIds.length
  const n = nx + gs.length
  const colCost = new Float64Array(n)
  const colUpper = new Float64Array(n)
  const integer = new Uint8Array(n)
  colUpper.set(usefulOptions(c, gs))
  integer.fill(1, 0, nx)
  const rows = new RowBuilder()
  gs.forEach((g, k) => {
    colCost[nx + k] = g.weight
    colUpper[nx + k] = 1
    const cols = Int32Array.from([nx + k, ...g.options])
    const coef = Float64Array.from(cols, (_, j) => (j === 0 ? 1 : -1))
    rows.add(-Infinity, 0, cols, coef)
  })
  rows.siteRows(c)
  rows.add(-Infinity, budget, Int32Array.from({ length: nx }, (_, o) => o), 1)
  return { sense: 'max', offset: c.preCoveredWeight, colCost, colUpper, integer, nOptionCols: nx, ...rows.rows() }
}

/** The set covering model over the required points not already seen; throws if some cannot be seen at all. */
export function lscpModel(c: CompiledSiting, required: readonly number[]): MipModel {
  const open = openRequired(c, required)
  const blind = blindRequired(c, open)
  if (blind.length > 0)
    throw new RangeError(`no candidate orientation sees required demand ${blind.slice(0, 10).join(', ')}${blind.length > 10 ? ` (and ${blind.length - 10} more)` : ''}`)
  const gs = groups(c, open)
  const nx = c.optionIds.length
  const colCost = new Float64Array(nx).fill(1)
  const integer = new Uint8Array(nx).fill(1)
  const rows = new RowBuilder()
  for (const g of gs)
    rows.add(1, Infinity, g.options, 1)
  rows.siteRows(c)
  return { sense: 'min', offset: 0, colCost, colUpper: usefulOptions(c, gs), integer, nOptionCols: nx, ...rows.rows() }
}

/** A full start vector for the model from picks (y columns set where a picked option sees them), for warm starts. */
export function startVector(m: MipModel, choices: readonly { option: number }[]): Float64Array {
  const x = new Float64Array(m.colCost.length)
  for (const { option } of choices)
    x[option] = 1
  for (let r = 0; r + 1 < m.rowStart.length; r++) {
    const from = m.rowStart[r]!
    const to = m.rowStart[r + 1]!
    const y = m.rowIndex[from]!
    // A covering row of MCLP starts with its y column (coefficient +1), followed by the options seeing it.
    if (y < m.nOptionCols || m.rowValue[from] !== 1)
      continue
    for (let k = from + 1; k < to; k++) {
      if (x[m.rowIndex[k]!] === 1) {
        x[y] = 1
        break
      }
    }
  }
  return x
}
