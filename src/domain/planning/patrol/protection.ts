// The value of a stop plan: a stop deters for a while after the team leaves (Koper: residual
// deterrence of roughly two hours), so each stop protects its hot spot from arrival to
// departure + `protectMin`. A plan's value is, per hot spot, its score times the hot-hour-weighted
// minutes of the shift so protected, divided by protectMin: one stop in hot hours is worth about its
// score, a second stop two hours later as much again, a second stop ten minutes later almost nothing.
import type { TimeWindow } from '../../types'
import { inWindows, parseClock } from './clock'

export interface ProtectionRules {
  /** Shift start "HH:MM" and length in minutes (≤ 24 h; may run past midnight). */
  shiftStart: string
  shiftLengthMin: number
  /** How long a stop keeps protecting after the team leaves (default 120 minutes). */
  protectMin?: number
  /** Hot hours, weight 1; other minutes weigh offPeakWeight (default 0.25). Without windows every minute weighs 1. */
  hotWindows?: readonly TimeWindow[]
  offPeakWeight?: number
}

/** Precomputed weights of a shift: W(t) integrates the hour weights from the shift start. */
export interface ProtectionClock {
  startMin: number
  endMin: number
  protectMin: number
  /** prefix[k] = weighted minutes of the first k minutes of the shift. */
  prefix: Float64Array
}

/** The shift's weights; `hotWeight` scales hot minutes (the planner raises it for the hot spots that must be revisited). */
export function protectionClock(rules: ProtectionRules, hotWeight = 1): ProtectionClock {
  const startMin = parseClock(rules.shiftStart, 'shift start')
  const length = rules.shiftLengthMin
  if (!(Number.isInteger(length) && length > 0 && length <= 1440))
    throw new RangeError(`shift length must be a whole number of minutes in 1–1440, got ${length}`)
  const protectMin = rules.protectMin ?? 120
  if (!(protectMin > 0))
    throw new RangeError(`protection time must be positive, got ${protectMin}`)
  const off = rules.offPeakWeight ?? 0.25
  if (!(off >= 0 && off <= 1))
    throw new RangeError(`off-peak weight must be in [0, 1], got ${off}`)
  const prefix = new Float64Array(length + 1)
  for (let k = 0; k < length; k++) {
    const hot = !rules.hotWindows || inWindows(rules.hotWindows, startMin + k + 0.5)
    prefix[k + 1] = prefix[k]! + (hot ? hotWeight : off)
  }
  return { startMin, endMin: startMin + length, protectMin, prefix }
}

/** Weighted minutes from the shift start to absolute minute t (clamped to the shift). */
export function weightedUntil(c: ProtectionClock, t: number): number {
  const x = Math.min(c.endMin, Math.max(c.startMin, t)) - c.startMin
  const k = Math.floor(x)
  const p = c.prefix
  return k >= p.length - 1 ? p[p.length - 1]! : p[k]! + (x - k) * (p[k + 1]! - p[k]!)
}

/** Value of stops (arrival minutes, ascending) at one hot spot of the given score. */
export function spotValue(c: ProtectionClock, score: number, arrivals: readonly number[], dwellMin: number): number {
  let value = 0
  let covered = -Infinity
  for (const a of arrivals) {
    const from = Math.max(a, covered)
    const to = a + dwellMin + c.protectMin
    if (to > from)
      value += weightedUntil(c, to) - weightedUntil(c, from)
    covered = Math.max(covered, to)
  }
  return (score * value) / c.protectMin
}
