// Stop plans for one patrol team: a team orienteering problem with dwell. From the station and
// back within the shift, choose which hot spots to stop at, in which order and how often, to
// maximise the protection value (protection.ts). Construction inserts the stop with the best value
// gained per added minute (revisits allowed: a second stop at a hot spot is worth what it adds
// after the first one's protection runs out — the time-expanded treatment of Koper's revisits);
// 2-opt then shortens the tour without losing value, which frees time for more stops. Randomised
// runs (a restricted candidate list) give near-equivalent variants, shown in seeded random order so
// a team's day cannot be predicted.
import type { ProtectionClock, ProtectionRules } from './protection'
import { seededRandom, shuffled } from '../random'
import { inWindows } from './clock'
import { protectionClock, weightedUntil } from './protection'

/** Speeds of the patrol modes, km/h (a village road; the planner may pass its own). */
export const PATROL_SPEED_KMH = { foot: 4.5, ebike: 15, car: 30 } as const
export type PatrolMode = keyof typeof PATROL_SPEED_KMH

export interface PatrolPlanInput extends ProtectionRules {
  /** Hot spots and their scores (hot-spot intensity, cases); index i is place i + 1 of the travel matrix. */
  hotSpots: ReadonlyArray<{ id: string, score: number }>
  /** Travel minutes, row-major (n + 1) × (n + 1): place 0 is the station, place i + 1 hot spot i. */
  travelMin: ArrayLike<number>
  /** Minutes of each stop, 10–15 (default 12). */
  dwellMin?: number
  /** Allow more than one stop at a hot spot (default true). */
  revisits?: boolean
  /**
   * Hot spots to keep visited at most `revisitGapMin` apart through the hot hours of the shift
   * (Koper); default the three highest-scored. The search weighs their hot minutes ten times, and
   * each plan reports whether it managed.
   */
  hottest?: readonly string[]
  /** Longest allowed stretch of hot hours without a stop at a hottest spot (default 120 minutes). */
  revisitGapMin?: number
  /** How many variants to return (default 4) and how far below the best they may be (default 0.03 = 3 %). */
  variants?: number
  tolerance?: number
  /** Rounds of iterated local search after the construction runs (default 30). */
  searchRounds?: number
  /** Seed of the randomised runs and of the order of the variants (e.g. the date). */
  seed?: number
}

export interface PlannedStop {
  hotSpot: number
  id: string
  /** Absolute minutes after midnight of the shift's first day (≥ 1440 after midnight). */
  arriveMin: number
  departMin: number
}

/** How well a plan keeps one of the hottest spots visited through the hot hours. */
export interface RevisitCheck {
  id: string
  stops: number
  /** Longest stretch of the shift's hot hours with no stop in progress, minutes. */
  longestHotGapMin: number
  compliant: boolean
}

export interface PatrolPlan {
  stops: PlannedStop[]
  /** One entry per hottest spot. */
  revisits: RevisitCheck[]
  /** When the team is back at the station. */
  returnMin: number
  durationMin: number
  travelMin: number
  value: number
}

export interface PatrolPlanResult {
  /** Near-equivalent plans in seeded random order; the first is the one to use today. */
  variants: PatrolPlan[]
  /** Highest protection value among the variants. */
  bestValue: number
}

interface Problem {
  n: number
  T: Float64Array
  score: Float64Array
  dwell: number
  clock: ProtectionClock
  /** The same weights with hot minutes ×HOTTEST_WEIGHT, for the hottest spots during the search. */
  hotClock: ProtectionClock
  hottest: Uint8Array
  revisits: boolean
}

const HOTTEST_WEIGHT = 10

/** Validates the input into the numeric problem; errors name the bad value. */
function problemOf(input: PatrolPlanInput): Problem {
  const n = input.hotSpots.length
  const dwell = input.dwellMin ?? 12
  if (!(dwell >= 10 && dwell <= 15))
    throw new RangeError(`stops must last 10–15 minutes (Koper), got ${dwell}`)
  if (input.travelMin.length !== (n + 1) * (n + 1))
    throw new RangeError(`travel matrix has ${input.travelMin.length} entries; ${n} hot spots and the station need ${(n + 1) * (n + 1)}`)
  const T = Float64Array.from(input.travelMin)
  T.forEach((t, k) => {
    if (!(t >= 0))
      throw new RangeError(`travel time from place ${Math.floor(k / (n + 1))} to ${k % (n + 1)} must be ≥ 0 minutes (Infinity when unreachable), got ${t}`)
  })
  const score = Float64Array.from(input.hotSpots, (h, i) => {
    if (!(Number.isFinite(h.score) && h.score >= 0))
      throw new RangeError(`hot spot ${i} (${h.id}) needs a finite score ≥ 0, got ${h.score}`)
    return h.score
  })
  const ids = input.hotSpots.map(h => h.id)
  const hottestIds = input.hottest ?? [...input.hotSpots].sort((a, b) => b.score - a.score).slice(0, 3).map(h => h.id)
  const hottest = new Uint8Array(n)
  for (const id of hottestIds) {
    const i = ids.indexOf(id)
    if (i < 0)
      throw new RangeError(`hottest spot "${id}" is not one of the hot spots`)
    hottest[i] = 1
  }
  return { n, T, score, dwell, clock: protectionClock(input), hotClock: protectionClock(input, HOTTEST_WEIGHT), hottest, revisits: input.revisits ?? true }
}

/** Value and return time of a sequence of hot-spot indices (scratch arrays reused between calls). */
class Evaluator {
  private readonly covered: Float64Array
  constructor(private readonly p: Problem) {
    this.covered = new Float64Array(p.n).fill(-Infinity)
  }

  duration(seq: ArrayLike<number>, len: number): number {
    const { T, n, dwell } = this.p
    let prev = 0
    let t = 0
    for (let k = 0; k < len; k++) {
      const place = seq[k]! + 1
      t += T[prev * (n + 1) + place]! + dwell
      prev = place
    }
    return t + T[prev * (n + 1)]!
  }

  /** Protection value; `search` weighs the hottest spots' hot minutes up, as the search does. */
  value(seq: ArrayLike<number>, len: number, search = true): number {
    const { T, n, dwell, score, hottest } = this.p
    const clock = this.p.clock
    const covered = this.covered
    let prev = 0
    let t = clock.startMin
    let v = 0
    for (let k = 0; k < len; k++) {
      const h = seq[k]!
      t += T[prev * (n + 1) + h + 1]!
      const to = t + dwell + clock.protectMin
      const from = Math.max(t, covered[h]!)
      const c = search && hottest[h] ? this.p.hotClock : clock
      if (to > from)
        v += score[h]! * (weightedUntil(c, to) - weightedUntil(c, from))
      if (to > covered[h]!)
        covered[h] = to
      t += dwell
      prev = h + 1
    }
    for (let k = 0; k < len; k++)
      covered[seq[k]!] = -Infinity
    return v / clock.protectMin
  }
}

/**
 * One construction + improvement run from `start` (empty, or a feasible route such as the
 * nearest-neighbour tour); `alpha` > 0 picks at random among candidates within (1 − alpha) of the
 * best ratio.
 */
function run(p: Problem, ev: Evaluator, alpha: number, rnd: () => number, start: readonly number[] = []): number[] {
  const { n, T, dwell } = p
  const budget = p.clock.endMin - p.clock.startMin
  let route: number[] = [...start]
  let value = ev.value(route, route.length)
  let duration = ev.duration(route, route.length)
  const scratch = new Int32Array(4096)
  const inRoute = new Uint8Array(n)
  for (const h of route)
    inRoute[h] = 1
  const cands: Array<{ h: number, pos: number, ratio: number, value: number, add: number }> = []
  const insertAll = (): boolean => {
    let changed = false
    for (;;) {
      cands.length = 0
      let bestRatio = 0
      const len = route.length
      for (let h = 0; h < n; h++) {
        if (!p.revisits && inRoute[h])
          continue
        for (let pos = 0; pos <= len; pos++) {
          const prev = pos === 0 ? 0 : route[pos - 1]! + 1
          const next = pos === len ? 0 : route[pos]! + 1
          if (prev === h + 1 || next === h + 1)
            continue
          const add = T[prev * (n + 1) + h + 1]! + dwell + T[(h + 1) * (n + 1) + next]! - T[prev * (n + 1) + next]!
          if (!(duration + add <= budget + 1e-9))
            continue
          for (let k = 0; k < pos; k++)
            scratch[k] = route[k]!
          scratch[pos] = h
          for (let k = pos; k < len; k++)
            scratch[k + 1] = route[k]!
          const v = ev.value(scratch, len + 1)
          const gain = v - value
          if (gain <= 1e-9)
            continue
          const ratio = gain / Math.max(add, 1e-6)
          if (ratio >= bestRatio * (1 - alpha)) {
            cands.push({ h, pos, ratio, value: v, add })
            bestRatio = Math.max(bestRatio, ratio)
          }
        }
      }
      const pool = cands.filter(c => c.ratio >= bestRatio * (1 - alpha))
      if (pool.length === 0)
        return changed
      const pick = alpha > 0 ? pool[Math.floor(rnd() * pool.length)]! : pool.reduce((a, b) => (b.ratio > a.ratio ? b : a))
      route.splice(pick.pos, 0, pick.h)
      inRoute[pick.h] = 1
      value = pick.value
      duration += pick.add
      changed = true
    }
  }
  const twoOpt = (): boolean => {
    let improved = false
    for (let again = true; again;) {
      again = false
      for (let i = 0; i + 1 < route.length && !again; i++) {
        for (let j = i + 1; j < route.length && !again; j++) {
          const cand = [...route.slice(0, i), ...route.slice(i, j + 1).reverse(), ...route.slice(j + 1)]
          const d = ev.duration(cand, cand.length)
          if (d > budget + 1e-9)
            continue
          const v = ev.value(cand, cand.length)
          if ((d < duration - 1e-9 && v >= value - 1e-9) || v > value + 1e-9) {
            route = cand
            duration = d
            value = v
            again = true
            improved = true
          }
        }
      }
    }
    return improved
  }
  /** Swaps a stop for another hot spot at the same place in the order when that is worth more. */
  const replace = (): boolean => {
    let improved = false
    for (let i = 0; i < route.length; i++) {
      for (let h = 0; h < n; h++) {
        if (h === route[i] || route[i - 1] === h || route[i + 1] === h || (!p.revisits && inRoute[h]))
          continue
        const cand = route.slice()
        cand[i] = h
        const d = ev.duration(cand, cand.length)
        if (d > budget + 1e-9)
          continue
        const v = ev.value(cand, cand.length)
        if (v > value + 1e-9) {
          inRoute[route[i]!] = route.some((x, k) => k !== i && x === route[i]) ? 1 : 0
          inRoute[h] = 1
          route = cand
          duration = d
          value = v
          improved = true
        }
      }
    }
    return improved
  }
  insertAll()
  // Each 2-opt or swap that frees time or adds value gives insertion another chance.
  for (let round = 0; round < 20; round++) {
    const moved = twoOpt()
    const swapped = replace()
    const inserted = insertAll()
    if (!moved && !swapped && !inserted)
      break
  }
  return route
}

function toPlan(p: Problem, ev: Evaluator, input: PatrolPlanInput, route: readonly number[]): PatrolPlan {
  const { n, T, dwell } = p
  let t = p.clock.startMin
  let prev = 0
  let travel = 0
  const stops = route.map((h) => {
    const leg = T[prev * (n + 1) + h + 1]!
    travel += leg
    t += leg
    const stop = { hotSpot: h, id: input.hotSpots[h]!.id, arriveMin: t, departMin: t + dwell }
    t += dwell
    prev = h + 1
    return stop
  })
  const back = T[prev * (n + 1)]!
  const revisits: RevisitCheck[] = []
  p.hottest.forEach((flag, h) => {
    if (!flag)
      return
    const own = stops.filter(s => s.hotSpot === h)
    const gap = longestHotGap(p.clock, input.hotWindows, own)
    revisits.push({ id: input.hotSpots[h]!.id, stops: own.length, longestHotGapMin: gap, compliant: gap <= (input.revisitGapMin ?? 120) })
  })
  return { stops, revisits, returnMin: t + back, durationMin: t + back - p.clock.startMin, travelMin: travel + back, value: ev.value(route, route.length, false) }
}

/** Longest run of hot minutes of the shift (every minute without hot windows) with no stop in progress. */
function longestHotGap(clock: ProtectionClock, hotWindows: PatrolPlanInput['hotWindows'], stops: readonly PlannedStop[]): number {
  let longest = 0
  let run = 0
  for (let t = clock.startMin; t < clock.endMin; t++) {
    const mid = t + 0.5
    const hot = !hotWindows || inWindows(hotWindows, mid)
    const present = stops.some(s => s.arriveMin <= mid && mid < s.departMin)
    if (hot && !present) {
      run++
      longest = Math.max(longest, run)
    }
    else {
      // A stop ends the run; so do the non-hot minutes between two hot windows.
      run = 0
    }
  }
  return longest
}

/** Plans a team's shift; see the file comment for the method. */
export function planPatrol(input: PatrolPlanInput): PatrolPlanResult {
  const p = problemOf(input)
  const ev = new Evaluator(p)
  const wanted = input.variants ?? 4
  const tolerance = input.tolerance ?? 0.03
  const rnd = seededRandom(input.seed ?? 1)
  const found = new Map<string, PatrolPlan>()
  // The greedy run, the nearest-neighbour tours (plain, and held to the revisit rule) improved, so
  // the planner never does worse than a planner by hand; then randomised runs: three per variant
  // wanted is enough to find distinct ones.
  const starts = [[], nearestNeighbourRoute(p, ev), ...(p.revisits && p.hottest.some(Boolean) ? [revisitKeepingRoute(p, ev, input)] : [])]
  const budget = p.clock.endMin - p.clock.startMin
  const keep = (route: number[]): void => {
    const key = route.join(',')
    // A travel matrix without the triangle inequality can make a shortened start longer: never keep
    // a plan that runs past its shift.
    if (!found.has(key) && ev.duration(route, route.length) <= budget + 1e-9)
      found.set(key, toPlan(p, ev, input, route))
  }
  // The starts themselves too: the search's weights may trade a start's value for more than the rule asks.
  for (const start of starts.slice(1))
    keep(start)
  for (let attempt = 0; attempt < starts.length + 3 * wanted; attempt++)
    keep(run(p, ev, attempt < starts.length ? 0 : 0.15, rnd, starts[attempt] ?? []))
  // The search weighs the hottest spots' revisits up to find plans that keep the rule; plans are
  // ranked by the rule kept (hottest spots compliant), then by the protection value itself, so
  // over-serving the hottest spots past the rule wins nothing.
  const kept = (plan: PatrolPlan) => plan.revisits.filter(r => r.compliant).length
  const rank = (a: PatrolPlan, b: PatrolPlan) => kept(b) - kept(a) || b.value - a.value
  // Iterated local search from the best so far: drop a random stretch of stops and rebuild.
  let best = [...found.values()].sort(rank)[0]!
  let route = best.stops.map(s => s.hotSpot)
  for (let round = 0; round < (input.searchRounds ?? 30) && route.length > 1; round++) {
    const len = Math.min(route.length, 2 + Math.floor(rnd() * 4))
    const at = Math.floor(rnd() * (route.length - len + 1))
    const next = run(p, ev, 0, rnd, [...route.slice(0, at), ...route.slice(at + len)])
    keep(next)
    const plan = found.get(next.join(','))
    if (plan && rank(plan, best) < -1e-9) {
      best = plan
      route = next
    }
  }
  const all = [...found.values()].sort(rank)
  const top = all[0]!
  const near = all.filter(x => kept(x) === kept(top) && x.value >= (1 - tolerance) * top.value).slice(0, wanted)
  return { variants: shuffled(near, rnd), bestValue: Math.max(...near.map(plan => plan.value)) }
}

/** The baseline a planner would do by hand: the top-k hot spots by score in nearest-neighbour order, k as large as the shift allows. */
export function topKNearestNeighbour(input: PatrolPlanInput): PatrolPlan {
  const p = problemOf(input)
  const ev = new Evaluator(p)
  return toPlan(p, ev, input, nearestNeighbourRoute(p, ev))
}

function nearestNeighbourRoute(p: Problem, ev: Evaluator): number[] {
  const budget = p.clock.endMin - p.clock.startMin
  const order = Array.from({ length: p.n }, (_, i) => i).sort((a, b) => p.score[b]! - p.score[a]! || a - b)
  let best: number[] = []
  for (let k = 1; k <= p.n; k++) {
    const left = new Set(order.slice(0, k))
    const route: number[] = []
    let prev = 0
    while (left.size > 0) {
      let next = -1
      for (const h of left) {
        if (next < 0 || p.T[prev * (p.n + 1) + h + 1]! < p.T[prev * (p.n + 1) + next + 1]!)
          next = h
      }
      route.push(next)
      left.delete(next)
      prev = next + 1
    }
    if (ev.duration(route, route.length) > budget + 1e-9)
      break
    best = route
  }
  return best
}

/**
 * The baseline held to the planner's rule: nearest neighbour over the top k hot spots by score, but
 * before each move it first goes back to a hottest spot whenever the move would let that spot's
 * hot-hours gap run past the limit. The largest k whose plan fits the shift. A like-for-like
 * yardstick for the full planner, which keeps the same rule (the plain baseline does not).
 */
export function topKNearestNeighbourKeepingRevisits(input: PatrolPlanInput): PatrolPlan {
  const p = problemOf(input)
  const ev = new Evaluator(p)
  return toPlan(p, ev, input, revisitKeepingRoute(p, ev, input))
}

function revisitKeepingRoute(p: Problem, ev: Evaluator, input: PatrolPlanInput): number[] {
  const budget = p.clock.endMin - p.clock.startMin
  const limit = input.revisitGapMin ?? 120
  // The shift's hot minutes: a gap is counted from the first of them, and ends with the last.
  const hot: number[] = []
  for (let t = p.clock.startMin; t < p.clock.endMin; t++) {
    if (!input.hotWindows || inWindows(input.hotWindows, t + 0.5))
      hot.push(t)
  }
  const hotStart = hot[0] ?? Infinity
  const hotEnd = (hot.at(-1) ?? -Infinity) + 1
  const hottest = [...p.hottest.keys()].filter(h => p.hottest[h])
  const T = (a: number, b: number) => p.T[a * (p.n + 1) + b]!
  const order = Array.from({ length: p.n }, (_, i) => i).sort((a, b) => p.score[b]! - p.score[a]! || a - b)

  const routeFor = (k: number): number[] => {
    const left = new Set(order.slice(0, k))
    const lastDepart = new Map<number, number>()
    const due = (h: number) => Math.max(hotStart, lastDepart.get(h) ?? -Infinity) + limit
    const route: number[] = []
    let prev = 0
    let t = p.clock.startMin
    const go = (h: number) => {
      t += T(prev, h + 1) + p.dwell
      lastDepart.set(h, t)
      route.push(h)
      left.delete(h)
      prev = h + 1
    }
    while (t < p.clock.endMin) {
      let next = -1
      for (const h of left) {
        if (next < 0 || T(prev, h + 1) < T(prev, next + 1))
          next = h
      }
      // Going to `next` first must still leave a tour of the hottest spots, soonest due first, that
      // reaches each by its due time (while the hot hours last); if not, the soonest due goes first.
      const pending = hottest.filter(h => due(h) < hotEnd).sort((a, b) => due(a) - due(b))
      const keepsRule = (from: number, at: number, skip: number) => {
        for (const h of pending) {
          if (h === skip)
            continue
          at += T(from, h + 1)
          if (at > due(h))
            return false
          at += p.dwell
          from = h + 1
        }
        return true
      }
      const urgent = pending.find(h => h !== next) !== undefined && (next < 0 || !keepsRule(next + 1, t + T(prev, next + 1) + p.dwell, next))
        ? pending.find(h => h !== route.at(-1))
        : undefined
      if (urgent !== undefined)
        go(urgent)
      else if (next >= 0)
        go(next)
      else
        break
    }
    return route
  }
  let best: number[] = []
  for (let k = 1; k <= p.n; k++) {
    const route = routeFor(k)
    if (ev.duration(route, route.length) > budget + 1e-9)
      break
    best = route
  }
  return best
}

/** A plan's stops as schedule entries, for the Koper check and for saving with a scenario. */
export function planStops(plan: PatrolPlan, teamId: string): Array<{ hotSpotId: string, teamId: string, start: string, dwellMin: number }> {
  return plan.stops.map((s) => {
    const m = Math.round(s.arriveMin) % 1440
    return { hotSpotId: s.id, teamId, start: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, dwellMin: Math.round(s.departMin - s.arriveMin) }
  })
}
