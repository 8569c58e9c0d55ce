// Deadlines counted in working time (工作时/工作日) on a territory's calendar: working periods
// within a day, weekends, public holidays and make-up working days (调休上班). All arithmetic is
// done in the calendar's fixed UTC offset (+08:00 for China), so the result never depends on the
// time zone of the machine running it.
import type { Deadline } from '../categories'
import type { Millis, TimeWindow } from '../types'
import { getCategory } from '../categories'

/** A territory's working calendar. Dates are local "YYYY-MM-DD". */
export interface WorkingCalendar {
  id: string
  /** Offset of local time from UTC in minutes (China: 480). */
  utcOffsetMinutes: number
  /** Working periods of a working day, local "HH:MM", ascending and non-overlapping. */
  periods: readonly TimeWindow[]
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are rest days unless listed as make-up working days. */
  weekendDays: readonly number[]
  /** Public holidays: rest days even on a weekday. */
  holidays: readonly string[]
  /** Make-up working days (调休上班): working days even on a weekend. */
  makeUpWorkdays: readonly string[]
}

const DAY = 86_400_000
const MINUTE = 60_000
const HOUR = 3_600_000
// Ten years: a deadline further away than this, or a calendar without a single working day, is an error.
const MAX_SCAN_DAYS = 3660

interface Compiled {
  offset: number
  /** [start, end) in ms after local midnight. */
  periods: readonly (readonly [number, number])[]
  weekend: ReadonlySet<number>
  holidays: ReadonlySet<string>
  makeUp: ReadonlySet<string>
}

const compiled = new WeakMap<WorkingCalendar, Compiled>()

function parseHHMM(s: string, calendarId: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s)
  if (m === null || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && Number(m[2]) !== 0))
    throw new RangeError(`calendar ${calendarId}: "${s}" is not a time of day HH:MM`)
  return (Number(m[1]) * 60 + Number(m[2])) * MINUTE
}

function compile(cal: WorkingCalendar): Compiled {
  const hit = compiled.get(cal)
  if (hit !== undefined)
    return hit
  if (cal.periods.length === 0)
    throw new RangeError(`calendar ${cal.id}: no working periods`)
  const periods = cal.periods.map(p => [parseHHMM(p.start, cal.id), parseHHMM(p.end, cal.id)] as const)
  periods.forEach(([s, e], i) => {
    if (e <= s)
      throw new RangeError(`calendar ${cal.id}: working period ${cal.periods[i]!.start}–${cal.periods[i]!.end} ends before it starts`)
    if (i > 0 && s < periods[i - 1]![1])
      throw new RangeError(`calendar ${cal.id}: working periods overlap or are out of order at ${cal.periods[i]!.start}`)
  })
  const c: Compiled = {
    offset: cal.utcOffsetMinutes * MINUTE,
    periods,
    weekend: new Set(cal.weekendDays),
    holidays: new Set(cal.holidays),
    makeUp: new Set(cal.makeUpWorkdays),
  }
  compiled.set(cal, c)
  return c
}

/** Local day number (days since 1970-01-01 local) of an instant. */
function localDay(t: Millis, c: Compiled): number {
  return Math.floor((t + c.offset) / DAY)
}

function dayStart(day: number, c: Compiled): Millis {
  return day * DAY - c.offset
}

function dateKey(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10)
}

function isoWeekday(day: number): number {
  // Day 0 (1970-01-01) was a Thursday, ISO weekday 4.
  return ((((day + 3) % 7) + 7) % 7) + 1
}

function workingDay(day: number, c: Compiled): boolean {
  const key = dateKey(day)
  if (c.makeUp.has(key))
    return true
  if (c.holidays.has(key))
    return false
  return !c.weekend.has(isoWeekday(day))
}

/** The local calendar date of an instant, "YYYY-MM-DD". */
export function localDate(t: Millis, cal: WorkingCalendar): string {
  return dateKey(localDay(t, compile(cal)))
}

/** True when the local day containing `t` is a working day (holidays and make-up days honoured). */
export function isWorkingDay(t: Millis, cal: WorkingCalendar): boolean {
  const c = compile(cal)
  return workingDay(localDay(t, c), c)
}

/** True when `t` falls inside a working period of a working day. */
export function isWorkingTime(t: Millis, cal: WorkingCalendar): boolean {
  const c = compile(cal)
  const day = localDay(t, c)
  if (!workingDay(day, c))
    return false
  const into = t - dayStart(day, c)
  return c.periods.some(([s, e]) => into >= s && into < e)
}

/** Working time in one local day, in ms. */
export function workingDayLength(cal: WorkingCalendar): number {
  return compile(cal).periods.reduce((sum, [s, e]) => sum + e - s, 0)
}

function checkAmount(d: Deadline): void {
  if (!Number.isFinite(d.amount) || d.amount < 0)
    throw new RangeError(`deadline amount must be a finite number ≥ 0, got ${d.amount}`)
  if (d.unit === 'working_days' && !Number.isInteger(d.amount))
    throw new RangeError(`working days must be a whole number, got ${d.amount}`)
}

/**
 * The instant a deadline of `deadline` counted from `start` falls due.
 *
 * Working hours run on the working clock: the amount is consumed only inside working periods
 * of working days, so 2 h from Friday 17:00 is Monday 09:30; a start outside working hours
 * starts counting at the next working period.
 *
 * Working days follow the administrative rule that the starting day is not counted (期间开始之日
 * 不计算在内) and a deadline ends at the close of its last day: N working days from any moment
 * of a day fall due at the end of the last working period of the Nth working day after it.
 * Clock hours (the urgent categories) run 24 hours a day, ignoring the calendar.
 * An amount of 0 (any unit) is due at `start`.
 */
export function addWorkingTime(start: Millis, deadline: Deadline, cal: WorkingCalendar): Millis {
  checkAmount(deadline)
  const c = compile(cal)
  if (deadline.amount === 0)
    return start
  if (deadline.unit === 'clock_hours')
    return start + deadline.amount * HOUR
  const first = localDay(start, c)
  if (deadline.unit === 'working_days') {
    let left = deadline.amount
    for (let day = first + 1; day <= first + MAX_SCAN_DAYS; day++) {
      if (workingDay(day, c) && --left === 0)
        return dayStart(day, c) + c.periods[c.periods.length - 1]![1]
    }
  }
  else {
    let left = deadline.amount * HOUR
    for (let day = first; day <= first + MAX_SCAN_DAYS; day++) {
      if (!workingDay(day, c))
        continue
      const base = dayStart(day, c)
      for (const [s, e] of c.periods) {
        const from = Math.max(base + s, start)
        const to = base + e
        if (from >= to)
          continue
        if (left <= to - from)
          return from + left
        left -= to - from
      }
    }
  }
  throw new RangeError(`calendar ${cal.id}: no due date within ${MAX_SCAN_DAYS} days for ${deadline.amount} ${deadline.unit}`)
}

/**
 * `t` itself during working time, else the start of the next working period: when someone who
 * reports outside office hours is first attended to, and where a count of working hours from `t`
 * starts consuming time.
 */
export function nextWorkingInstant(t: Millis, cal: WorkingCalendar): Millis {
  const c = compile(cal)
  const first = localDay(t, c)
  for (let day = first; day <= first + MAX_SCAN_DAYS; day++) {
    if (!workingDay(day, c))
      continue
    const base = dayStart(day, c)
    for (const [s, e] of c.periods) {
      const from = Math.max(base + s, t)
      if (from < base + e)
        return from
    }
  }
  throw new RangeError(`calendar ${cal.id}: no working time within ${MAX_SCAN_DAYS} days of ${new Date(t).toISOString()}`)
}

/** The default deadline of a subcategory counted from `registeredAt` (throws UnknownCategoryError for an unknown code). */
export function defaultDueAt(categoryCode: string, registeredAt: Millis, cal: WorkingCalendar): Millis {
  return addWorkingTime(registeredAt, getCategory(categoryCode).defaultDeadline, cal)
}

/** Working time (ms) between two instants; negative when `b` is before `a`. */
export function workingTimeBetween(a: Millis, b: Millis, cal: WorkingCalendar): number {
  if (b < a) {
    const forward = workingTimeBetween(b, a, cal)
    return forward === 0 ? 0 : -forward
  }
  const c = compile(cal)
  let total = 0
  const last = localDay(b, c)
  for (let day = localDay(a, c); day <= last; day++) {
    if (!workingDay(day, c))
      continue
    const base = dayStart(day, c)
    for (const [s, e] of c.periods) {
      const from = Math.max(base + s, a)
      const to = Math.min(base + e, b)
      if (to > from)
        total += to - from
    }
  }
  return total
}

function dateRange(from: string, to: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY)
    out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

/**
 * Public holidays of mainland China, 2025 and 2026, as published by the State Council General
 * Office (国务院办公厅关于2025年/2026年部分节假日安排的通知). Taken from republished copies of the
 * notices, not the official site; check against gov.cn before relying on them for an assessment.
 */
export const CN_HOLIDAYS: readonly string[] = [
  // 2025
  '2025-01-01',
  ...dateRange('2025-01-28', '2025-02-04'),
  ...dateRange('2025-04-04', '2025-04-06'),
  ...dateRange('2025-05-01', '2025-05-05'),
  ...dateRange('2025-05-31', '2025-06-02'),
  ...dateRange('2025-10-01', '2025-10-08'),
  // 2026
  ...dateRange('2026-01-01', '2026-01-03'),
  ...dateRange('2026-02-15', '2026-02-23'),
  ...dateRange('2026-04-04', '2026-04-06'),
  ...dateRange('2026-05-01', '2026-05-05'),
  ...dateRange('2026-06-19', '2026-06-21'),
  ...dateRange('2026-09-25', '2026-09-27'),
  ...dateRange('2026-10-01', '2026-10-07'),
]

/** Make-up working days (调休上班) of mainland China, 2025 and 2026, from the same notices. */
export const CN_MAKEUP_WORKDAYS: readonly string[] = [
  '2025-01-26',
  '2025-02-08',
  '2025-04-27',
  '2025-09-28',
  '2025-10-11',
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
]

/**
 * A township government's calendar in China: 08:30–12:00 and 13:30–17:30 (7.5 working hours),
 * Saturday and Sunday off, the national holidays and make-up days of 2025–2026. Outside those
 * years only weekends are known; territories replace the lists with their own.
 */
export const CN_TOWNSHIP_CALENDAR: WorkingCalendar = {
  id: 'cn-township-2025-2026',
  utcOffsetMinutes: 480,
  periods: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }],
  weekendDays: [6, 7],
  holidays: CN_HOLIDAYS,
  makeUpWorkdays: CN_MAKEUP_WORKDAYS,
}
