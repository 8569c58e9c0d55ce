// Approximate working time for the demo's deadlines: Monday to Friday, 08:30–17:30 China
// Standard Time, no holidays. The case loop has the real calendar; this only has to look right.
import type { Deadline } from '../categories'
import type { Millis } from '../types'

/** One hour in milliseconds. */
export const HOUR = 3_600_000
/** One day in milliseconds. */
export const DAY = 86_400_000
/** China Standard Time is UTC+8 all year. */
export const LOCAL_OFFSET = 8 * HOUR
const DAY_START = 8.5 * HOUR
const DAY_END = 17.5 * HOUR

/** Index of the local calendar day containing t (days since 1970-01-01 local). */
export function localDay(t: Millis): number {
  return Math.floor((t + LOCAL_OFFSET) / DAY)
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day index. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday.
  return ((day + 3) % 7 + 7) % 7 + 1
}

function isWorkday(day: number): boolean {
  return isoWeekday(day) <= 5
}

/** The instant a deadline falls due when counted from `start`. */
export function addWorkingTime(start: Millis, deadline: Deadline): Millis {
  if (deadline.unit === 'working_days') {
    let day = localDay(start)
    for (let left = deadline.amount; left > 0;) {
      day++
      if (isWorkday(day))
        left--
    }
    return day * DAY + DAY_END - LOCAL_OFFSET
  }
  let remaining = deadline.amount * HOUR
  let t = start + LOCAL_OFFSET
  for (;;) {
    const day = Math.floor(t / DAY)
    const intoDay = t - day * DAY
    if (!isWorkday(day) || intoDay >= DAY_END) {
      t = (day + 1) * DAY + DAY_START
      continue
    }
    if (intoDay < DAY_START) {
      t = day * DAY + DAY_START
      continue
    }
    const available = day * DAY + DAY_END - t
    if (remaining <= available)
      return t + remaining - LOCAL_OFFSET
    remaining -= available
    t = (day + 1) * DAY + DAY_START
  }
}

/** True during working hours on a working day. */
export function isWorkingTime(t: Millis): boolean {
  const local = t + LOCAL_OFFSET
  const day = Math.floor(local / DAY)
  const intoDay = local - day * DAY
  return isWorkday(day) && intoDay >= DAY_START && intoDay < DAY_END
}
