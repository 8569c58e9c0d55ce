// Never trust a MIP answer as reported: pure-JS solvers have returned fractional "optima" above the
// true optimum. A solution is read back into picks only if it is integral, then checked against
// every constraint, and its objective is recomputed from the picks themselves.
import type { CompiledSiting, SitingChoice } from './instance'
import { coverageOf } from './instance'

/** Integrality tolerance: HiGHS's own mip_feasibility_tolerance is 1e-6. */
export const INTEGRALITY_TOLERANCE = 1e-6

export type SitingConstraint = { kind: 'budget', budget: number } | { kind: 'cover', required: readonly number[] }

export interface CheckedAnswer {
  choices: SitingChoice[]
  /** Largest distance of an orientation column from 0 or 1. */
  fractionality: number
  /** Objective recomputed from the picks: covered weight (budget) or number of cameras (cover). */
  objective: number
  /** Empty when the answer is integral and feasible. */
  problems: string[]
}

/** Reads orientation columns into picks and checks them; `problems` says what is wrong, if anything. */
export function checkAnswer(c: CompiledSiting, optionValues: ArrayLike<number>, constraint: SitingConstraint): CheckedAnswer {
  const problems: string[] = []
  if (optionValues.length < c.optionIds.length)
    problems.push(`answer has ${optionValues.length} orientation values, the instance ${c.optionIds.length}`)
  const choices: SitingChoice[] = []
  let fractionality = 0
  for (let o = 0; o < Math.min(optionValues.length, c.optionIds.length); o++) {
    const v = optionValues[o]!
    const f = Math.abs(v - Math.round(v))
    if (!Number.isFinite(v) || f > fractionality)
      fractionality = Number.isFinite(v) ? f : Infinity
    if (v > 0.5)
      choices.push({ site: c.optionSite[o]!, option: o })
  }
  if (fractionality > INTEGRALITY_TOLERANCE)
    problems.push(`answer is not integral: an orientation is ${fractionality.toExponential(2)} away from 0 or 1`)
  problems.push(...checkChoices(c, choices, constraint))
  const objective = constraint.kind === 'budget' ? coverageOf(c, choices).weight : choices.length
  return { choices, fractionality, objective, problems }
}

/** Constraint violations of a set of picks (empty when feasible). */
export function checkChoices(c: CompiledSiting, choices: readonly SitingChoice[], constraint: SitingConstraint): string[] {
  const problems: string[] = []
  const perSite = new Map<number, number>()
  for (const { site, option } of choices) {
    if (c.optionSite[option] !== site)
      problems.push(`orientation ${c.optionIds[option] ?? option} does not belong to site ${c.siteIds[site] ?? site}`)
    perSite.set(site, (perSite.get(site) ?? 0) + 1)
  }
  for (const [site, k] of perSite) {
    if (k > 1)
      problems.push(`site ${c.siteIds[site]} has ${k} cameras, at most one is allowed`)
  }
  if (constraint.kind === 'budget' && choices.length > constraint.budget)
    problems.push(`${choices.length} new cameras exceed the budget of ${constraint.budget}`)
  if (constraint.kind === 'cover') {
    const { mask } = coverageOf(c, choices)
    const unseen = constraint.required.filter(d => !mask[d])
    if (unseen.length > 0)
      problems.push(`required demand ${unseen.slice(0, 10).join(', ')}${unseen.length > 10 ? ' …' : ''} left unseen`)
  }
  return problems
}
