import type { CandidateSite, DemandKind, DemandPoint } from '~/domain/planner'
// Camera siting on the planner's grid: candidate sites and demand from the territory, the proposed
// set's cameras fixed, greedy at once and then HiGHS's proven optimum (or its gap while it works)
// from the siting worker; the chosen cameras can be added to the open scenario.
import type { ExactOutcome, ExactProgress, PickExplanation, SitingAnswer, SitingClient, SitingInstance, SitingProblem } from '~/domain/planning'
import type { NewCamera, ScenarioEdit } from '~/domain/scenarios'
import type { LngLat } from '~/domain/types'
import { computed, shallowRef } from 'vue'
import { pointInMultiPolygon } from '~/domain/geometry'
import { bearingOfOption, candidateSites, caseDemand, gridFinder, keyPlaceDemand, riskDemand, sitingInstanceOf } from '~/domain/planner'
import { compileSiting, explainPicks } from '~/domain/planning'
import { createSitingClient } from '~/workers/sitingClient'
import { usePlanner } from './usePlanner'

export interface SitingSettings {
  problem: 'budget' | 'cover'
  budget: number
  demand: DemandKind
  fov: number
  rangeM: number
  timeLimitS: number
}

/** One solve and what came of it. */
export interface SitingRun {
  settings: SitingSettings
  sites: CandidateSite[]
  demand: DemandPoint[]
  instance: SitingInstance
  /** Demand points no candidate can see (cover only). */
  uncoverable: number
  greedy: SitingAnswer | null
  greedyMs: number | null
  progress: ExactProgress | null
  exact: ExactOutcome | null
  exactMs: number | null
  error: string | null
}

const settings = shallowRef<SitingSettings>({ problem: 'budget', budget: 5, demand: 'cases', fov: 90, rangeM: 60, timeLimitS: 30 })
const run = shallowRef<SitingRun | null>(null)
const running = shallowRef(false)
/**
 * Candidate sites the planner placed on the map (a wall or pole they know of), weighed before the
 * generated ones; those outside the grid are left out, as a camera there could not be proposed.
 */
const extraSites = shallowRef<LngLat[]>([])
const extraSitesInside = computed(() => {
  const i = usePlanner().inputs.value
  return i ? extraSites.value.filter(p => pointInMultiPolygon(p, i.grid.boundary)) : []
})
let client: SitingClient | null = null
let cancelJob: (() => void) | null = null

function patch(p: Partial<SitingRun>): void {
  if (run.value)
    run.value = { ...run.value, ...p }
}

/** The answer to show and apply: the exact one when it has one, else greedy's. */
const best = computed<{ answer: SitingAnswer, source: 'exact' | 'greedy' } | null>(() => {
  const r = run.value
  if (!r)
    return null
  if (r.exact?.status === 'done' && r.exact.answer)
    return { answer: r.exact.answer, source: 'exact' }
  return r.greedy ? { answer: r.greedy, source: 'greedy' } : null
})

/** Each pick of the best answer explained: what it newly sees and which child grids it lifts. */
const explanations = computed<PickExplanation[]>(() => {
  const r = run.value
  const b = best.value
  const i = usePlanner().inputs.value
  if (!r || !b || !i)
    return []
  const children = i.grids.filter(g => g.parentId === i.grid.id)
  const find = gridFinder(children)
  const gridOf = r.demand.map(d => find(d.location))
  return explainPicks(compileSiting(r.instance), b.answer.picks, { category: d => r.demand[d]?.category ?? null, grid: d => gridOf[d] ?? null })
})

/** Runs siting on the planner's grid with the settings. */
function solve(next: SitingSettings): void {
  const planner = usePlanner()
  const i = planner.inputs.value
  if (!i)
    return
  settings.value = next
  cancelJob?.()
  const existing = planner.proposal.value?.set?.cameras ?? i.cameras
  const sites = candidateSites({ roads: i.roadsNear, keyPlaces: i.keyPlaces, boundary: i.grid.boundary, extra: extraSitesInside.value })
  const kde = planner.currentSummary.value?.hotSpots?.kde
  const demand = next.demand === 'cases'
    ? caseDemand(i.cases, i.grid.boundary)
    : next.demand === 'keyPlaces' ? keyPlaceDemand(i.keyPlaces, i.grid.boundary) : kde ? riskDemand(kde, i.grid.boundary) : []
  const base: SitingRun = { settings: next, sites, demand, instance: { weights: [], sites: [] }, uncoverable: 0, greedy: null, greedyMs: null, progress: null, exact: null, exactMs: null, error: null }
  if (sites.length === 0 || demand.length === 0) {
    run.value = { ...base, error: sites.length === 0 ? 'no candidate sites in this grid' : 'no demand points in this grid for the chosen demand' }
    return
  }
  const instance = sitingInstanceOf(sites, demand, existing, { fov: next.fov, rangeM: next.rangeM })
  const seeable = new Set<number>([...(instance.covered ?? []), ...instance.sites.flatMap(s => s.options.flatMap(o => o.covers))])
  const required = demand.map((_, d) => d).filter(d => seeable.has(d))
  const problem: SitingProblem = next.problem === 'budget' ? { kind: 'budget', budget: next.budget } : { kind: 'cover', required }
  run.value = { ...base, instance, uncoverable: next.problem === 'cover' ? demand.length - required.length : 0 }
  client ??= createSitingClient()
  running.value = true
  const t0 = performance.now()
  const job = client.solve({ instance, problem, timeLimitS: next.timeLimitS }, { onProgress: p => patch({ progress: p }) })
  cancelJob = job.cancel
  const mine = run.value
  job.greedy.then(g => run.value?.instance === mine.instance && patch({ greedy: g, greedyMs: performance.now() - t0 }), () => {})
  job.exact.then((o) => {
    if (run.value?.instance === mine.instance)
      patch({ exact: o, exactMs: performance.now() - t0 })
  }, (e: unknown) => {
    if (run.value?.instance === mine.instance)
      patch({ error: e instanceof Error ? e.message : String(e) })
  }).finally(() => {
    if (run.value?.instance === mine.instance) {
      running.value = false
      cancelJob = null
    }
  })
}

function cancel(): void {
  cancelJob?.()
}

/** The best answer's cameras as scenario additions (ids new-<n> after the scenario's own). */
function picksAsEdits(taken: ReadonlySet<string>): ScenarioEdit[] {
  const r = run.value
  const b = best.value
  if (!r || !b)
    return []
  const optionIds = compileSiting(r.instance).optionIds
  const out: ScenarioEdit[] = []
  let n = 1
  for (const pick of b.answer.picks) {
    const site = r.sites[pick.site]!
    while (taken.has(`new-${n}`)) n++
    const id = `new-${n++}`
    const camera: NewCamera = {
      id,
      code: id.toUpperCase(),
      name: `新增摄像头 ${id.slice(4)}`,
      kind: site.source === 'junction' ? 'junction' : site.source === 'keyPlace' ? 'key_place' : 'road',
      location: site.location,
      bearing: bearingOfOption(optionIds[pick.option]!),
      fov: r.settings.fov,
      rangeM: r.settings.rangeM,
    }
    out.push({ kind: 'camera.add', camera })
  }
  return out
}

/** Camera siting of the planner. */
export function usePlannerSiting() {
  return { settings, run, running, extraSites, extraSitesInside, best, explanations, solve, cancel, picksAsEdits }
}
