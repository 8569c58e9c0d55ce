// Location set covering: the fewest new cameras that see every required demand point (each key
// place, each junction of a grid). Greedy gives a quick upper bound; the exact solver proves the
// minimum. One orientation per site makes greedy able to paint itself into a corner, so it says
// so instead of pretending.
import type { CompiledSiting, SitingChoice } from './instance'
import { demandToOptions } from './instance'

export interface SetCoverInput {
  /** Demand indices that must all be seen; the others are ignored. */
  required: readonly number[]
}

export interface SetCoverGreedyResult {
  picks: SitingChoice[]
  /** Required points no orientation at any site can see (and no existing camera sees): no cover exists. */
  uncoverable: number[]
  /** Required points left unseen once greedy had used the sites that could see them. */
  stranded: number[]
}

/** Required demand points that need a new camera: not seen by existing cameras, deduplicated. */
export function openRequired(c: CompiledSiting, required: readonly number[]): number[] {
  const n = c.weight.length
  const out = new Set<number>()
  for (const d of required) {
    if (!(Number.isInteger(d) && d >= 0 && d < n))
      throw new RangeError(`required demand ${d} is not one of the ${n} demand points`)
    if (!c.preCovered[d])
      out.add(d)
  }
  return [...out].sort((a, b) => a - b)
}

/** Open required points that no orientation at any site can see: while any exist, no cover exists. */
export function blindRequired(c: CompiledSiting, open: readonly number[]): number[] {
  const { demandStart } = demandToOptions(c)
  return open.filter(d => demandStart[d + 1] === demandStart[d])
}

/** Greedy set cover (most newly seen required points per camera), then drops picks made redundant by later ones. */
export function greedySetCover(c: CompiledSiting, input: SetCoverInput): SetCoverGreedyResult {
  const open = openRequired(c, input.required)
  const need = new Uint8Array(c.weight.length)
  for (const d of open)
    need[d] = 1
  const uncoverable = blindRequired(c, open)
  for (const d of uncoverable)
    need[d] = 0
  let remaining = open.length - uncoverable.length
  const siteUsed = new Uint8Array(c.siteIds.length)
  const picks: SitingChoice[] = []
  const count = (o: number): number => {
    let k = 0
    for (let j = c.optionStart[o]!; j < c.optionStart[o + 1]!; j++)
      k += need[c.optionDemand[j]!]!
    return k
  }
  while (remaining > 0) {
    let best = -1
    let bestCount = 0
    for (let o = 0; o < c.optionIds.length; o++) {
      if (siteUsed[c.optionSite[o]!])
        continue
      const k = count(o)
      if (k > bestCount) {
        best = o
        bestCount = k
      }
    }
    if (best < 0)
      break
    for (let j = c.optionStart[best]!; j < c.optionStart[best + 1]!; j++)
      need[c.optionDemand[j]!] = 0
    siteUsed[c.optionSite[best]!] = 1
    remaining -= bestCount
    picks.push({ site: c.optionSite[best]!, option: best })
  }
  const stranded = open.filter(d => need[d] === 1)
  return { picks: dropRedundant(c, open, picks), uncoverable, stranded }
}

/** Removes picks whose required points all stay seen without them, latest-added kept longest. */
function dropRedundant(c: CompiledSiting, open: readonly number[], picks: SitingChoice[]): SitingChoice[] {
  const seenBy = new Int32Array(c.weight.length)
  const isOpen = new Uint8Array(c.weight.length)
  for (const d of open)
    isOpen[d] = 1
  for (const { option } of picks) {
    for (let j = c.optionStart[option]!; j < c.optionStart[option + 1]!; j++)
      seenBy[c.optionDemand[j]!]!++
  }
  const kept: SitingChoice[] = []
  for (const pick of picks) {
    let needed = false
    for (let j = c.optionStart[pick.option]!; j < c.optionStart[pick.option + 1]!; j++) {
      const d = c.optionDemand[j]!
      if (isOpen[d] && seenBy[d] === 1) {
        needed = true
        break
      }
    }
    if (needed) {
      kept.push(pick)
    }
    else {
      for (let j = c.optionStart[pick.option]!; j < c.optionStart[pick.option + 1]!; j++)
        seenBy[c.optionDemand[j]!]!--
    }
  }
  return kept
}
