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
  /** How many variants to return (default 4) and how far below the best they may be (default 0.03 = 3 %). */
  variants?: number
  tolerance?: number
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

export interface PatrolPlan {
  stops: PlannedStop[]
  /** When the team is back at the station. */
  returnMin: number
  durationMin: number
  travelMin: number
  value: number
}

export interface PatrolPlanResult {
  /** Near-equivalent plans in seeded random order; the first is the one to use today. */
  variants: PatrolPlan[]
  /** Value of the best plan found. */
  bestValue: number
}

interface Problem {
  n: number
  T: Float64Array
  score: Float64Array
  dwell: number
  clock: ProtectionClock
  revisits: boolean
}

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
  return { n, T, score, dwell, clock: protectionClock(input), revisits: input.revisits ?? true }
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

  value(seq: ArrayLike<number>, len: number): number {
    const { T, n, dwell, clock, score } = this.p
    const covered = this.covered
    let prev = 0
    let t = clock.startMin
    let v = 0
    for (let k = 0; k < len; k++) {
      const h = seq[k]!
      t += T[prev * (n + 1) + h + 1]!
      const to = t + dwell + clock.protectMin
      const from = Math.max(t, covered[h]!)
      if (to > from)
        v += score[h]! * (weightedUntil(clock, to) - weightedUntil(clock, from))
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

/** One construction + improvement run; `alpha` > 0 picks at random among candidates within (1 − alpha) of the best ratio. */
function run(p: Problem, ev: Evaluator, alpha: number, rnd: () => number): number[] {
  const { n, T, dwell } = p
  const budget = p.clock.endMin - p.clock.startMin
  let route: number[] = []
  let value = 0
  let duration = 0
  const scratch = new Int32Array(4096)
  const inRoute = new Uint8Array(n)
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
  insertAll()
  while (twoOpt() && insertAll()) {
    // Each round of 2-opt frees time that another round of insertion may use.
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
  return { stops, returnMin: t + back, durationMin: t + back - p.clock.startMin, travelMin: travel + back, value: ev.value(route, route.length) }
}

/** Plans a team's shift; see the file comment for the method. */
export function planPatrol(input: PatrolPlanInput): PatrolPlanResult {
  const p = problemOf(input)
  const ev = new Evaluator(p)
  const wanted = input.variants ?? 4
  const tolerance = input.tolerance ?? 0.03
  const rnd = seededRandom(input.seed ?? 1)
  const found = new Map<string, PatrolPlan>()
  // The greedy run, then randomised runs: three per variant wanted is enough to find distinct ones.
  for (let attempt = 0; attempt < 1 + 3 * wanted; attempt++) {
    const route = run(p, ev, attempt === 0 ? 0 : 0.15, rnd)
    const key = route.join(',')
    if (!found.has(key))
      found.set(key, toPlan(p, ev, input, route))
  }
  const all = [...found.values()]
  const bestValue = Math.max(...all.map(plan => plan.value))
  const near = all.filter(plan => plan.value >= (1 - tolerance) * bestValue).sort((a, b) => b.value - a.value).slice(0, wanted)
  return { variants: shuffled(near, rnd), bestValue }
}

/** The baseline a planner would do by hand: the top-k hot spots by score in nearest-neighbour order, k as large as the shift allows. */
export function topKNearestNeighbour(input: PatrolPlanInput): PatrolPlan {
  const p = problemOf(input)
  const ev = new Evaluator(p)
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
  return toPlan(p, ev, input, best)
}

/** A plan's stops as schedule entries, for the Koper check and for saving with a scenario. */
export function planStops(plan: PatrolPlan, teamId: string): Array<{ hotSpotId: string, teamId: string, start: string, dwellMin: number }> {
  return plan.stops.map((s) => {
    const m = Math.round(s.arriveMin) % 1440
    return { hotSpotId: s.id, teamId, start: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, dwellMin: Math.round(s.departMin - s.arriveMin) }
  })
}
