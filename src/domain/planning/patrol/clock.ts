// Times of day and calendar days for patrol schedules: "HH:MM" windows (possibly across midnight)
// and which local dates a PatrolDays rule puts a team on duty.
import type { PatrolDays, TimeWindow } from '../../types'

const MINUTES_PER_DAY = 1440

/** Minutes after midnight of "HH:MM" (00:00–23:59); throws naming `where` on anything else. */
export function parseClock(hhmm: string, where = 'time'): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm)
  const h = m ? Number(m[1]) : Number.NaN
  const min = m ? Number(m[2]) : Number.NaN
  if (!(h >= 0 && h <= 23 && min >= 0 && min <= 59))
    throw new RangeError(`${where} must be "HH:MM" between 00:00 and 23:59, got "${hhmm}"`)
  return h * 60 + min
}

/** Whether minute-of-day t (any integer or fraction, taken modulo a day) lies in one of the windows. */
export function inWindows(windows: readonly TimeWindow[], t: number): boolean {
  const m = ((t % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY
  return windows.some((w) => {
    const a = parseClock(w.start, 'window start')
    const b = parseClock(w.end, 'window end')
    return a <= b ? m >= a && m < b : m >= a || m < b
  })
}

/** Minutes of [from, to) (minutes, may run past midnight) inside the windows; exact at minute resolution. */
export function minutesInWindows(windows: readonly TimeWindow[], from: number, to: number): number {
  if (to <= from)
    return 0
  // Overlapping windows are merged so no minute counts twice.
  const spans: Array<[number, number]> = []
  const raw = windows.flatMap((w): Array<[number, number]> => {
    const a = parseClock(w.start, 'window start')
    const b = parseClock(w.end, 'window end')
    return a <= b ? [[a, b]] : [[a, MINUTES_PER_DAY], [0, b]]
  }).sort((p, q) => p[0] - q[0])
  for (const [a, b] of raw) {
    const last = spans.at(-1)
    if (last && a <= last[1])
      last[1] = Math.max(last[1], b)
    else
      spans.push([a, b])
  }
  let total = 0
  const firstDay = Math.floor(from / MINUTES_PER_DAY)
  const lastDay = Math.floor(to / MINUTES_PER_DAY)
  for (let d = firstDay; d <= lastDay; d++) {
    for (const [a, b] of spans) {
      const lo = Math.max(from, d * MINUTES_PER_DAY + a)
      const hi = Math.min(to, d * MINUTES_PER_DAY + b)
      if (hi > lo)
        total += hi - lo
    }
  }
  return total
}

/** A local calendar date. */
export interface LocalDate {
  year: number
  month: number
  day: number
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()
  return w === 0 ? 7 : w
}

/** Whether a PatrolDays rule puts the team on duty on a date. */
export function onDuty(days: PatrolDays, d: LocalDate): boolean {
  switch (days.kind) {
    case 'daily':
      return true
    case 'odd':
      return d.day % 2 === 1
    case 'even':
      return d.day % 2 === 0
    case 'weekdays':
      return days.weekdays.includes(isoWeekday(d))
  }
}

/** The dates of one month. */
export function monthDates(year: number, month: number): LocalDate[] {
  const n = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return Array.from({ length: n }, (_, i) => ({ year, month, day: i + 1 }))
}

/** A subset of a period's dates, described the way rosters are: every day, odd or even days, some weekdays, or a list. */
export type DaySummary = PatrolDays | { kind: 'dates', dates: LocalDate[] }

/** The simplest PatrolDays-like description of `subset` within `period` (both lists of dates). */
export function summarizeDays(period: readonly LocalDate[], subset: readonly LocalDate[]): DaySummary {
  const key = (d: LocalDate): string => `${d.year}-${d.month}-${d.day}`
  const inSubset = new Set(subset.map(key))
  const matches = (rule: PatrolDays): boolean => period.every(d => onDuty(rule, d) === inSubset.has(key(d)))
  for (const rule of [{ kind: 'daily' }, { kind: 'odd' }, { kind: 'even' }] as PatrolDays[]) {
    if (matches(rule))
      return rule
  }
  const weekdays = [...new Set(subset.map(isoWeekday))].sort((a, b) => a - b)
  if (subset.length > 0 && matches({ kind: 'weekdays', weekdays }))
    return { kind: 'weekdays', weekdays }
  return { kind: 'dates', dates: [...subset] }
}
