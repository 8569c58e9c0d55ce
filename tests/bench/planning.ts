import type { CompiledSiting } from '~/domain/planning/siting/instance'
// `npm run bench:planning`: the planning engines of issue 11 side by side with their references —
// greedy siting against the optimum HiGHS proves (and against plain greedy for speed), the patrol
// stop planner against "top-k hot spots by score, nearest neighbour" on the same shift.
// Output is committed beside this file as planning-results.md.
import { performance } from 'node:perf_hooks'
import { checkKoper } from '~/domain/planning/patrol/koper'
import { PATROL_SPEED_KMH, planPatrol, planStops, topKNearestNeighbour, topKNearestNeighbourKeepingRevisits } from '~/domain/planning/patrol/plan'
import { travelMatrix } from '~/domain/planning/patrol/travel'
import { buildRoadNetwork } from '~/domain/planning/roads/network'
import { indexEdges } from '~/domain/planning/roads/snap'
import { loadDefaultHighs, solveSitingExact } from '~/domain/planning/siting/exact'
import { greedyMaxCover } from '~/domain/planning/siting/greedy'
import { compileSiting } from '~/domain/planning/siting/instance'
import { greedySetCover } from '~/domain/planning/siting/setCover'
import { hotSpots, sitingFixture, streetGrid } from './planningFixtures'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function time<T>(runs: number, fn: () => T): { ms: number, value: T } {
  const ms: number[] = []
  let value!: T
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    value = fn()
    ms.push(performance.now() - t)
  }
  return { ms: median(ms), value }
}

/** Plain greedy, every gain recomputed each step: the reference for lazy greedy's speed (same answer). */
function plainGreedy(c: CompiledSiting, budget: number): number {
  const covered = c.preCovered.slice()
  const used = new Uint8Array(c.siteIds.length)
  let total = c.preCoveredWeight
  for (let k = 0; k < budget; k++) {
    let best = -1
    let bestGain = 0
    for (let o = 0; o < c.optionIds.length; o++) {
      if (used[c.optionSite[o]!])
        continue
      let g = 0
      for (let j = c.optionStart[o]!; j < c.optionStart[o + 1]!; j++) {
        if (!covered[c.optionDemand[j]!])
          g += c.weight[c.optionDemand[j]!]!
      }
      if (g > bestGain) {
        best = o
        bestGain = g
      }
    }
    if (best < 0)
      break
    used[c.optionSite[best]!] = 1
    for (let j = c.optionStart[best]!; j < c.optionStart[best + 1]!; j++)
      covered[c.optionDemand[j]!] = 1
    total += bestGain
  }
  return total
}

const out: string[] = []
function log(line = ''): void {
  console.log(line)
  out.push(line)
}
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`

log('## Camera siting: 500 candidate sites × 5 orientations, 5,000 risk-weighted demand points, 100 existing cameras')
log()
log('Greedy: median of 15 runs. HiGHS: one run per instance, warm-started with greedy, mip_rel_gap 1e-6, its load (once) not counted.')
log()
log('| instance | budget | greedy covers | proven optimum | greedy / optimum | lazy greedy | plain greedy | HiGHS | HiGHS status, gap | targets (≥ 98 %, ≤ 5 s) |')
log('|---|---:|---:|---:|---:|---:|---:|---:|---|---|')
const tLoad = performance.now()
await loadDefaultHighs()
const loadMs = performance.now() - tLoad
const sitingRows: Array<{ ratio: number, s: number }> = []
for (const { seed, side } of [{ seed: 1, side: 1000 }, { seed: 2, side: 1000 }, { seed: 3, side: 2000 }, { seed: 4, side: 2000 }]) {
  const c = compileSiting(sitingFixture({ seed, sites: 500, demand: 5000, existing: 100, side }).instance)
  for (const budget of [20, 50]) {
    const lazy = time(15, () => greedyMaxCover(c, budget))
    const plain = time(15, () => plainGreedy(c, budget))
    if (Math.abs(plain.value - lazy.value.covered) > 1e-9)
      throw new Error(`lazy greedy (${lazy.value.covered}) and plain greedy (${plain.value}) disagree`)
    const t = performance.now()
    const exact = await solveSitingExact(c, { kind: 'budget', budget }, { start: lazy.value.picks })
    const s = (performance.now() - t) / 1000
    if (exact.status !== 'optimal' || exact.objective === null)
      throw new Error(`HiGHS did not prove the optimum: ${exact.status} ${exact.problems.join('; ')}`)
    const ratio = lazy.value.covered / exact.objective
    sitingRows.push({ ratio, s })
    log(`| ${side / 1000} km square, seed ${seed} | ${budget} | ${lazy.value.covered.toFixed(0)} | ${exact.objective.toFixed(0)} | ${pct(ratio)} | ${lazy.ms.toFixed(1)} ms | ${plain.ms.toFixed(1)} ms (${(plain.ms / lazy.ms).toFixed(0)}×) | ${s.toFixed(2)} s | ${exact.status}, ${exact.gap!.toExponential(1)} | ${ratio >= 0.98 ? '✓' : '✗'} ${s <= 5 ? '✓' : '✗'} |`)
  }
}
log()
log(`HiGHS WebAssembly load: ${loadMs.toFixed(0)} ms. Worst greedy / optimum ${pct(Math.min(...sitingRows.map(r => r.ratio)))}; slowest proof ${Math.max(...sitingRows.map(r => r.s)).toFixed(2)} s.`)
log()

log('### Set cover: fewest new cameras that see 300 required points (key places, junctions)')
log()
log('Required: every 7th point not yet seen that at least three sites can see (one camera per site makes points seen from a single site easily conflicting).')
log()
log('| instance | required | greedy (after pruning) | proven minimum | greedy / minimum | HiGHS |')
log('|---|---:|---:|---:|---:|---:|')
for (const { seed, side } of [{ seed: 1, side: 1000 }, { seed: 3, side: 2000 }]) {
  const f = sitingFixture({ seed, sites: 500, demand: 5000, existing: 100, side })
  const c = compileSiting(f.instance)
  const sitesSeeing = new Map<number, Set<number>>()
  c.optionSite.forEach((site, o) => {
    for (let j = c.optionStart[o]!; j < c.optionStart[o + 1]!; j++)
      sitesSeeing.set(c.optionDemand[j]!, (sitesSeeing.get(c.optionDemand[j]!) ?? new Set()).add(site))
  })
  const required = [...sitesSeeing].filter(([d, s]) => s.size >= 3 && !c.preCovered[d]).map(([d]) => d).sort((a, b) => a - b).filter((_, i) => i % 7 === 0).slice(0, 300)
  const g = greedySetCover(c, { required })
  const t = performance.now()
  const exact = await solveSitingExact(c, { kind: 'cover', required }, { start: g.stranded.length === 0 ? g.picks : undefined })
  const s = (performance.now() - t) / 1000
  log(`| ${side / 1000} km square, seed ${seed} | ${required.length} | ${g.picks.length}${g.stranded.length > 0 ? ` (${g.stranded.length} stranded)` : ''} | ${exact.objective} (${exact.status}) | ${exact.objective ? (g.picks.length / exact.objective).toFixed(3) : '—'} | ${s.toFixed(2)} s |`)
}
log()

log('## Patrol stop plans: 150 hot spots on a 4 × 4 km street grid, station in the middle, shift 18:00 + 8 h, hot hours 19:00–23:00')
log()
log('Same objective for both (Koper protection: each stop protects its hot spot until 2 h after departure, off-peak minutes weigh 0.25), same shift, 12-minute stops.')
log('Planner: best of its variants and the worst variant it offers (4 variants within 3 %); median time of 3 runs.')
log()
log('Single stops: the planner as a pure team orienteering heuristic (no revisits, no hottest-spot rule) against the baseline.')
log('Full planner: revisits allowed and the three hottest spots kept visited at most 120 min apart through the hot hours (their hot minutes weighed ×10 in the search);')
log('its value is reported on the plain objective, so the rule costs what it costs. The like-for-like baseline keeps the same rule: nearest neighbour over the top k, going back to a hottest spot first whenever the next move would leave it overdue.')
log()
log('| mode | top-k NN value (stops, hottest 3 compliant) | single stops: value (ratio), time | full planner: best, worst variant (ratio) | top-k NN keeping the rule (hottest 3 compliant) | full planner / it | stops | hottest 3 compliant (over variants) | longest plan / shift | full planner time |')
log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
const side = 4000
const net = buildRoadNetwork(streetGrid(7, side))
const index = indexEdges(net)
const spots = hotSpots(8, side, 150)
const places: Array<[number, number]> = [[side / 2, side / 2], ...spots.map(s => s.at)]
for (const mode of ['foot', 'ebike', 'car'] as const) {
  const travelMin = travelMatrix(net, index, places, PATROL_SPEED_KMH[mode])
  const input = { hotSpots: spots.map(({ id, score }) => ({ id, score })), travelMin, shiftStart: '18:00', shiftLengthMin: 480, hotWindows: [{ start: '19:00', end: '23:00' }], seed: 20261101 }
  const base = topKNearestNeighbour(input)
  const fair = topKNearestNeighbourKeepingRevisits(input)
  const single = time(3, () => planPatrol({ ...input, revisits: false, hottest: [], variants: 1 }))
  const timed = time(3, () => planPatrol(input))
  const plans = timed.value.variants
  const worst = Math.min(...plans.map(p => p.value))
  const longest = Math.max(base.durationMin, fair.durationMin, ...plans.map(p => p.durationMin), ...single.value.variants.map(p => p.durationMin))
  if (longest > 480 + 1e-9)
    throw new Error(`a ${mode} plan takes ${longest} minutes, longer than its 480-minute shift`)
  // The plan's own revisit report, cross-checked with the Koper dwell check of its stops.
  for (const plan of plans) {
    if (checkKoper(plan.revisits.map(r => r.id), planStops(plan, 't')).dwell.length > 0)
      throw new Error('a planned stop breaks the 10–15 minute dwell')
  }
  const compliant = plans.map(p => p.revisits.filter(r => r.compliant).length)
  const sv = single.value.bestValue
  log(`| ${mode} (${PATROL_SPEED_KMH[mode]} km/h) | ${base.value.toFixed(1)} (${base.stops.length}, ${base.revisits.filter(r => r.compliant).length} of 3) | ${sv.toFixed(1)} (${(sv / base.value).toFixed(2)}×), ${single.ms.toFixed(0)} ms | ${timed.value.bestValue.toFixed(1)}, ${worst.toFixed(1)} (${(timed.value.bestValue / base.value).toFixed(2)}×, ${(worst / base.value).toFixed(2)}×) | ${fair.value.toFixed(1)} (${fair.revisits.filter(r => r.compliant).length} of 3) | ${(timed.value.bestValue / fair.value).toFixed(2)}×, worst ${(worst / fair.value).toFixed(2)}× | ${Math.min(...plans.map(p => p.stops.length))}–${Math.max(...plans.map(p => p.stops.length))} | ${Math.min(...compliant)}–${Math.max(...compliant)} of 3 | ${(longest / 480).toFixed(3)} | ${timed.ms.toFixed(0)} ms |`)
}
log()
log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`)

if (process.argv.includes('--write')) {
  const { writeFileSync } = await import('node:fs')
  writeFileSync(new URL('./planning-results.md', import.meta.url), `# Planning benchmark (\`npm run bench:planning\`)\n\nOutput of the last run, committed as measured.\n\n${out.join('\n')}\n`)
}
