// The camera-siting instance in abstract form: candidate sites, each with a few orientations
// (one may be picked per site), weighted demand points, and which orientation sees which demand.
// The coverage engine produces it (sector × demand tests); every siting solver reads the compiled
// form, flat typed arrays that copy cheaply into a worker and index without allocation.

/** One orientation a camera at a site could be given, and the demand points it would see. */
export interface SitingOption {
  /** Stable id, e.g. `${siteId}@${bearing}`, so a pick maps back to a camera to propose. */
  id: string
  /** Indices into the instance's demand weights. */
  covers: readonly number[]
}

/** A place a new camera could go (road junction, key place, sampled road point, planner's pick). */
export interface SitingSite {
  id: string
  options: readonly SitingOption[]
}

export interface SitingInstance {
  /** Weight of each demand point (risk, case count, 1 per key place); the length is the number of points. */
  weights: ArrayLike<number>
  sites: readonly SitingSite[]
  /** Demand indices already seen by existing cameras, which stay where they are. */
  covered?: readonly number[]
}

/** The instance as flat arrays. Option o covers optionDemand[optionStart[o] .. optionStart[o + 1]). */
export interface CompiledSiting {
  weight: Float64Array
  /** 1 where an existing camera already sees the demand point. */
  preCovered: Uint8Array
  /** Weight already seen by existing cameras. */
  preCoveredWeight: number
  totalWeight: number
  siteIds: string[]
  optionIds: string[]
  /** Options of site s are siteStart[s] .. siteStart[s + 1]. */
  siteStart: Int32Array
  optionSite: Int32Array
  optionStart: Int32Array
  optionDemand: Int32Array
}

/** Validates an instance and compiles it; throws a RangeError naming the first bad value and where it is. */
export function compileSiting(instance: SitingInstance): CompiledSiting {
  const n = instance.weights.length
  const weight = new Float64Array(n)
  let totalWeight = 0
  for (let i = 0; i < n; i++) {
    const w = instance.weights[i]!
    if (!(Number.isFinite(w) && w >= 0))
      throw new RangeError(`demand weight ${i} must be a finite number ≥ 0, got ${w}`)
    weight[i] = w
    totalWeight += w
  }
  const checkIndex = (d: number, where: string): void => {
    if (!(Number.isInteger(d) && d >= 0 && d < n))
      throw new RangeError(`${where} refers to demand ${d}, but there are ${n} demand points`)
  }
  const preCovered = new Uint8Array(n)
  for (const d of instance.covered ?? []) {
    checkIndex(d, 'covered')
    preCovered[d] = 1
  }
  let preCoveredWeight = 0
  for (let i = 0; i < n; i++) {
    if (preCovered[i])
      preCoveredWeight += weight[i]!
  }

  const seenSites = new Set<string>()
  const seenOptions = new Set<string>()
  const siteIds: string[] = []
  const optionIds: string[] = []
  const siteStart: number[] = [0]
  const optionSite: number[] = []
  const optionStart: number[] = [0]
  const optionDemand: number[] = []
  instance.sites.forEach((site, s) => {
    if (seenSites.has(site.id))
      throw new RangeError(`site ${s} repeats the id "${site.id}"`)
    seenSites.add(site.id)
    if (site.options.length === 0)
      throw new RangeError(`site "${site.id}" has no orientation to choose from`)
    siteIds.push(site.id)
    for (const option of site.options) {
      if (seenOptions.has(option.id))
        throw new RangeError(`orientation id "${option.id}" (site "${site.id}") is used twice`)
      seenOptions.add(option.id)
      // Sorted and deduplicated, so a demand point counts once per option and models stay small.
      const covers = [...new Set(option.covers)].sort((a, b) => a - b)
      for (const d of covers)
        checkIndex(d, `orientation "${option.id}" of site "${site.id}"`)
      optionIds.push(option.id)
      optionSite.push(s)
      optionDemand.push(...covers)
      optionStart.push(optionDemand.length)
    }
    siteStart.push(optionIds.length)
  })
  return {
    weight,
    preCovered,
    preCoveredWeight,
    totalWeight,
    siteIds,
    optionIds,
    siteStart: Int32Array.from(siteStart),
    optionSite: Int32Array.from(optionSite),
    optionStart: Int32Array.from(optionStart),
    optionDemand: Int32Array.from(optionDemand),
  }
}

/** Options covering each demand point: demandOptions[demandStart[d] .. demandStart[d + 1]). */
export function demandToOptions(c: CompiledSiting): { demandStart: Int32Array, demandOptions: Int32Array } {
  const n = c.weight.length
  const demandStart = new Int32Array(n + 1)
  for (const d of c.optionDemand)
    demandStart[d + 1]!++
  for (let i = 0; i < n; i++)
    demandStart[i + 1]! += demandStart[i]!
  const fill = demandStart.slice(0, n)
  const demandOptions = new Int32Array(c.optionDemand.length)
  for (let o = 0; o + 1 < c.optionStart.length; o++) {
    for (let k = c.optionStart[o]!; k < c.optionStart[o + 1]!; k++)
      demandOptions[fill[c.optionDemand[k]!]!++] = o
  }
  return { demandStart, demandOptions }
}

/** One new camera: a site and the orientation chosen there. */
export interface SitingChoice {
  site: number
  option: number
}

/** The coverage a set of choices gives (existing cameras included): weight covered and the mask. */
export function coverageOf(c: CompiledSiting, choices: readonly SitingChoice[]): { weight: number, mask: Uint8Array } {
  const mask = c.preCovered.slice()
  for (const { option } of choices) {
    for (let k = c.optionStart[option]!; k < c.optionStart[option + 1]!; k++)
      mask[c.optionDemand[k]!] = 1
  }
  let weight = 0
  for (let i = 0; i < mask.length; i++) {
    if (mask[i])
      weight += c.weight[i]!
  }
  return { weight, mask }
}
