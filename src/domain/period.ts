import type { Millis } from './types'

/** Half-open time range [from, to) in epoch milliseconds. */
export interface Period {
  from: Millis
  to: Millis
}

/** The time filters the app offers, in days. */
export const PERIOD_DAYS = [7, 30, 90, 365] as const
export type PeriodDays = typeof PERIOD_DAYS[number]

const DAY_MS = 86_400_000

/** The `days` days up to and including `now`, as a half-open range. */
export function periodEndingAt(now: Millis, days: PeriodDays): Period {
  return { from: now - days * DAY_MS, to: now + 1 }
}

/** Parses a URL value into a supported period, falling back to `fallback` for anything else. */
export function parsePeriodDays(value: unknown, fallback: PeriodDays = 30): PeriodDays {
  const n = Number(value)
  return (PERIOD_DAYS as readonly number[]).includes(n) ? n as PeriodDays : fallback
}
