// Greedy maximal covering: the answer a planner sees at once, before the exact solver reports.
// Coverage is submodular, so an option's gain only shrinks as others are picked; lazy evaluation
// (re-scoring only the option on top of the heap) keeps it to milliseconds on thousands of options.
import type { CompiledSiting, SitingChoice } from './instance'
import { MinHeap } from '../heap'

/** A greedy pick with what it added on top of existing cameras and earlier picks. */
export interface GreedyPick extends SitingChoice {
  /** Demand weight this pick newly covers. */
  gain: number
}

export interface GreedyResult {
  picks: GreedyPick[]
  /** Covered weight (existing cameras included) after 0, 1, …, picks.length picks: the marginal-gain curve. */
  curve: number[]
  /** Covered weight with every pick. */
  covered: number
  /** Where the picks stop short of the budget: no remaining option covers anything new. */
  exhausted: boolean
}

/** Lazy greedy for MCLP with at most one orientation per site and `budget` new cameras. */
export function greedyMaxCover(c: CompiledSiting, budget: number): GreedyResult {
  if (!(Number.isInteger(budget) && budget >= 0))
    throw new RangeError(`budget must be a whole number of cameras ≥ 0, got ${budget}`)
  const covered = c.preCovered.slice()
  const siteUsed = new Uint8Array(c.siteIds.length)
  const nOptions = c.optionIds.length
  const gainOf = (o: number): number => {
    let g = 0
    for (let k = c.optionStart[o]!; k < c.optionStart[o + 1]!; k++) {
      const d = c.optionDemand[k]!
      if (!covered[d])
        g += c.weight[d]!
    }
    return g
  }
  // Keys are negated gains (a max-heap); ties resolve towards the lower option index, so runs repeat.
  const heap = new MinHeap()
  const tieBreak = 1e-12 / Math.max(1, nOptions)
  for (let o = 0; o < nOptions; o++) {
    const g = gainOf(o)
    if (g > 0)
      heap.push(-g + o * tieBreak, o)
  }
  const picks: GreedyPick[] = []
  let total = c.preCoveredWeight
  const curve = [total]
  while (picks.length < budget && heap.size > 0) {
    const o = heap.pop()
    if (siteUsed[c.optionSite[o]!])
      continue
    const g = gainOf(o)
    if (g <= 0)
      continue
    const next = heap.peekKey()
    // Stale bounds only overestimate, so a fresh gain at least the next bound is the true maximum.
    if (next !== undefined && -g + o * tieBreak > next) {
      heap.push(-g + o * tieBreak, o)
      continue
    }
    for (let k = c.optionStart[o]!; k < c.optionStart[o + 1]!; k++)
      covered[c.optionDemand[k]!] = 1
    siteUsed[c.optionSite[o]!] = 1
    total += g
    picks.push({ site: c.optionSite[o]!, option: o, gain: g })
    curve.push(total)
  }
  return { picks, curve, covered: total, exhausted: picks.length < budget }
}

/**
 * Orders a set of picks (an exact answer has no order of its own) by largest marginal gain, so it
 * gets a marginal-gain curve and explanations like the greedy answer's.
 */
export function sequenceByGain(c: CompiledSiting, choices: readonly SitingChoice[]): GreedyResult {
  const covered = c.preCovered.slice()
  const left = [...choices]
  const picks: GreedyPick[] = []
  let total = c.preCoveredWeight
  const curve = [total]
  const gainOf = (o: number): number => {
    let g = 0
    for (let k = c.optionStart[o]!; k < c.optionStart[o + 1]!; k++) {
      if (!covered[c.optionDemand[k]!])
        g += c.weight[c.optionDemand[k]!]!
    }
    return g
  }
  while (left.length > 0) {
    let best = 0
    for (let i = 1; i < left.length; i++) {
      if (gainOf(left[i]!.option) > gainOf(left[best]!.option))
        best = i
    }
    const [pick] = left.splice(best, 1)
    const gain = gainOf(pick!.option)
    for (let k = c.optionStart[pick!.option]!; k < c.optionStart[pick!.option + 1]!; k++)
      covered[c.optionDemand[k]!] = 1
    total += gain
    picks.push({ ...pick!, gain })
    curve.push(total)
  }
  return { picks, curve, covered: total, exhausted: false }
}
