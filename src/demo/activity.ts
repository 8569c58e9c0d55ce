import type { Rng } from './random'
// The demo township's life after start-up: when the next report comes in, and how long a centre
// and its units take over each step of the case loop. Pure: every draw comes from the Rng given,
// so the live feed (src/data/demo/liveFeed.ts) and its tests agree on what happens.
//
// The pace is the generated year's: about 11 reports a day (4,000 a year), busier in working
// hours, 1 in 25 urgent; an ordinary case is registered within the hour, dispatched within a few,
// handled within one or two days and closed after the call-back; an urgent one is registered in
// minutes (the 15-minute rule) and moves at several times that speed. A `speed` factor divides
// every delay, for tests and for showing a wall off.
import type { CaseAction, TransitionInput } from '~/domain/caseLoop/machine'
import type { CaseOutcome, CaseRecord, CaseSource, Millis } from '~/domain/types'
import { getCategory, listSubcategories } from '~/domain/categories'

const MINUTE = 60_000
const HOUR = 3_600_000
const LOCAL_OFFSET = 8 * HOUR

/** Reports per day on average, as in the generated year. */
export const DAILY_REPORTS = 11

/** Share of reports that are urgent. */
export const URGENT_SHARE = 1 / 25

// Relative report rate per local hour of the day (the generator's rhythm).
const HOUR_RATE = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 3.2, 3.2, 2.6, 1.5, 1.8, 2.8, 3, 2.8, 2.2, 1.5, 1.2, 1, 0.8, 0.5, 0.3]
const MEAN_HOUR_RATE = HOUR_RATE.reduce((a, b) => a + b, 0) / HOUR_RATE.length

/** Who acts for a step: the township centre (acting for villages too), the handling unit, or the county centre. */
export type DemoActor = 'centre' | 'unit' | 'county'

/** The next move of a case, and how long (at speed 1) until it is made. */
export interface PlannedStep<A extends CaseAction = CaseAction> {
  action: A
  actor: DemoActor
  delay: Millis
  input: Omit<TransitionInput<A>, 'expectedVersion'>
}

/** What a new report is, before the data layer places it. */
export interface PlannedReport {
  categoryCode: string
  source: CaseSource
  urgent: boolean
}

function checkSpeed(speed: number): void {
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number, got ${speed}`)
}

/** Minutes drawn uniformly in [lo, hi], as milliseconds divided by `speed`. */
function minutes(rng: Rng, lo: number, hi: number, speed: number): Millis {
  return Math.round(rng.range(lo, hi) * MINUTE / speed)
}

/**
 * Time until the next report after `now`: arrivals at the rate of each local hour of the day, so
 * nights are quiet and mid-mornings busy (a Poisson process whose rate follows the hour, drawn by
 * thinning: candidates at the busiest hour's rate, each kept with the ratio of its hour's rate).
 */
export function nextReportDelay(rng: Rng, now: Millis, speed = 1): Millis {
  checkSpeed(speed)
  const perHourAt = (t: Millis): number => DAILY_REPORTS / 24 * HOUR_RATE[new Date(t + LOCAL_OFFSET).getUTCHours()]! / MEAN_HOUR_RATE
  const peak = DAILY_REPORTS / 24 * Math.max(...HOUR_RATE) / MEAN_HOUR_RATE
  let t = now
  for (;;) {
    // Inverse transform of an exponential; 1 - u keeps the logarithm finite.
    t += -Math.log(1 - rng.next()) / peak * HOUR
    if (rng.next() * peak < perHourAt(t))
      return Math.max(1, Math.round((t - now) / speed))
  }
}

const URGENT_CODES = listSubcategories('08').map(c => c.code)
const ORDINARY_CODES = listSubcategories().filter(c => c.majorCode !== '08').map(c => c.code)
const ORDINARY_SOURCES: readonly CaseSource[] = ['patrol', 'patrol', 'patrol', 'phone', 'phone', 'visit', 'camera', 'sweep', 'letter']

/** What the next report is: category, how it came in, and whether it is urgent. */
export function planReport(rng: Rng): PlannedReport {
  const urgent = rng.chance(URGENT_SHARE)
  return urgent
    ? { categoryCode: rng.pick(URGENT_CODES), source: rng.pick(['phone', 'patrol', 'camera'] as const), urgent }
    : { categoryCode: rng.pick(ORDINARY_CODES), source: rng.pick(ORDINARY_SOURCES), urgent }
}

const RESULTS: Record<CaseOutcome, string> = {
  resolved: '已现场处置完毕，问题已解决。',
  mediated: '经组织双方调解，达成一致意见。',
  unresolvable: '经多次协调，暂无法解决，已向当事人说明情况。',
  referred: '已引导当事人通过诉讼等法定途径解决。',
}

/**
 * The step a case takes next, or null when it needs none (closed, cancelled). `units` are the
 * units the feed's handler acts for: a case led by another unit waits for that unit, which the
 * demo does not play, so it gets no step once dispatched; a dispatch goes to the category's unit
 * when it is one of them, else to the first.
 */
export function planStep(rng: Rng, c: Pick<CaseRecord, 'status' | 'urgent' | 'categoryCode' | 'leadUnitId' | 'escalationLevel'>, units: readonly string[], speed = 1): PlannedStep | null {
  checkSpeed(speed)
  const fast = c.urgent ? 0.2 : 1
  // The centre that owns the case at its level: the township's (which may act for a village), or the county's.
  const centre: DemoActor = c.escalationLevel === 2 ? 'county' : 'centre'
  const ours = c.leadUnitId !== null && units.includes(c.leadUnitId)
  const step = <A extends CaseAction>(action: A, actor: DemoActor, lo: number, hi: number, input: PlannedStep<A>['input']): PlannedStep =>
    ({ action, actor, delay: minutes(rng, lo * fast, hi * fast, speed), input }) as PlannedStep
  switch (c.status) {
    case 'reported':
      if (c.urgent)
        return step('register', centre, 10, 50, {})
      return rng.chance(0.04)
        ? step('cancel', centre, 10, 60, { kind: 'invalid', reason: '经核实，所报情况不属实。' })
        : step('register', centre, 10, 45, {})
    case 'registered': {
      const unit = getCategory(c.categoryCode).defaultUnitId
      return step('dispatch', centre, 15, 90, { leadUnitId: units.includes(unit) ? unit : units[0]! })
    }
    case 'dispatched':
    case 'returned':
      return ours ? step('accept', 'unit', 20, 120, {}) : null
    case 'in_progress': {
      if (!ours)
        return null
      const outcome: CaseOutcome = getCategory(c.categoryCode).isDispute ? rng.pick(['mediated', 'mediated', 'resolved', 'unresolvable'] as const) : 'resolved'
      return step('report_back', 'unit', 3 * 60, 30 * 60, { resultText: RESULTS[outcome], outcome })
    }
    case 'reported_back':
      return rng.chance(0.08)
        ? step('return_for_rework', centre, 60, 6 * 60, { reason: '处置情况说明不完整，请补充现场照片和当事人意见。' })
        : step('verify_close', centre, 60, 8 * 60, { callBack: { method: 'phone', satisfaction: rng.chance(0.85) ? 'satisfied' : 'basically_satisfied', note: null } })
    case 'escalated':
      return step('accept_escalation', centre, 60, 4 * 60, {})
    default:
      return null
  }
}
