// When a patrol is on duty. A window "22:00"–"02:00" crosses midnight and belongs to the day it
// starts on, so an odd-day night shift that starts on the 3rd still covers 01:00 on the 4th.
import type { Millis, PatrolDays, PatrolSchedule, PatrolTeamKind, TimeWindow } from '../types'

const DAY_MIN = 1440

/**
 * Which patrols count for the area, road and key-place figures. A route counts when its team
 * kind is selected and, on every day of the named class (odd/even day of the month and/or ISO
 * weekday; any day when none is named), it is on duty at some time of the named hour (of the day
 * when no hour is named). Month ends, where the 31st and the 1st are both odd, are not modelled.
 */
export interface DutyFilter {
  days?: 'odd' | 'even'
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday?: number
  /** Local hour 0–23. */
  hour?: number
  /** Team kinds that count; all when absent. */
  kinds?: readonly PatrolTeamKind[]
}

/** Local calendar position of an instant. */
export interface LocalTime {
  dayOfMonth: number
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number
  /** Minutes since local midnight. */
  minute: number
}

/** "HH:MM" to minutes since midnight, or null when it is not a time of day. */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text)
  if (!m)
    return null
  const h = Number(m[1])
  const min = Number(m[2])
  return h <= 24 && min < 60 && h * 60 + min <= DAY_MIN ? h * 60 + min : null
}

/** The local calendar position of `t` at a fixed UTC offset (China: +480, no daylight saving). */
export function localTime(t: Millis, utcOffsetMinutes: number): LocalTime {
  const d = new Date(t + utcOffsetMinutes * 60_000)
  return { dayOfMonth: d.getUTCDate(), weekday: d.getUTCDay() === 0 ? 7 : d.getUTCDay(), minute: d.getUTCHours() * 60 + d.getUTCMinutes() }
}

function previousDay(t: LocalTime): Pick<LocalTime, 'dayOfMonth' | 'weekday'> {
  // The day before the 1st is the last of the previous month, whose length the instant alone
  // does not give; 30 keeps the parity of most month ends.
  return { dayOfMonth: t.dayOfMonth === 1 ? 30 : t.dayOfMonth - 1, weekday: t.weekday === 1 ? 7 : t.weekday - 1 }
}

/** Whether the rota patrols on one calendar day. */
export function patrolsOn(days: PatrolDays, day: Pick<LocalTime, 'dayOfMonth' | 'weekday'>): boolean {
  switch (days.kind) {
    case 'daily': return true
    case 'odd': return day.dayOfMonth % 2 === 1
    case 'even': return day.dayOfMonth % 2 === 0
    case 'weekdays': return days.weekdays.includes(day.weekday)
  }
}

function windowSpan(w: TimeWindow): [number, number] {
  const s = parseClock(w.start) ?? 0
  const e = parseClock(w.end) ?? 0
  // Equal ends mean the whole day; an end before the start runs past midnight.
  return e > s ? [s, e] : [s, e + DAY_MIN]
}

/** Whether a patrol with this schedule is on duty at the instant described by `t`. */
export function onDutyAt(schedule: PatrolSchedule, t: LocalTime): boolean {
  const today = patrolsOn(schedule.days, t)
  const yesterday = patrolsOn(schedule.days, previousDay(t))
  for (const w of schedule.windows) {
    const [s, e] = windowSpan(w)
    if (today && t.minute >= s && t.minute < e)
      return true
    if (yesterday && t.minute + DAY_MIN >= s && t.minute + DAY_MIN < e)
      return true
  }
  return false
}

type DayClass = Pick<DutyFilter, 'days' | 'weekday'>

/** Whether the rota patrols on every day of a class (a class naming nothing: on some day). */
function patrolsOnClass(days: PatrolDays, c: DayClass): boolean {
  if (c.days === undefined && c.weekday === undefined)
    return days.kind !== 'weekdays' || days.weekdays.length > 0
  switch (days.kind) {
    case 'daily': return true
    case 'odd':
    case 'even': return c.days === days.kind
    case 'weekdays': return c.weekday !== undefined ? days.weekdays.includes(c.weekday) : [1, 2, 3, 4, 5, 6, 7].every(d => days.weekdays.includes(d))
  }
}

function previousClass(c: DayClass): DayClass {
  return {
    days: c.days === undefined ? undefined : c.days === 'odd' ? 'even' : 'odd',
    weekday: c.weekday === undefined ? undefined : c.weekday === 1 ? 7 : c.weekday - 1,
  }
}

/** Whether a route of this team kind and schedule counts under the filter (see DutyFilter). */
export function countsUnderFilter(kind: PatrolTeamKind, schedule: PatrolSchedule, filter: DutyFilter | undefined): boolean {
  if (!filter)
    return true
  if (filter.kinds && !filter.kinds.includes(kind))
    return false
  const today = patrolsOnClass(schedule.days, filter)
  if (filter.hour === undefined)
    return today
  const yesterday = patrolsOnClass(schedule.days, previousClass(filter))
  const h0 = filter.hour * 60
  const h1 = h0 + 60
  for (const w of schedule.windows) {
    const [s, e] = windowSpan(w)
    if (today && s < h1 && e > h0)
      return true
    if (yesterday && s < h1 + DAY_MIN && e > h0 + DAY_MIN)
      return true
  }
  return false
}

/** Whether a case at local time `t` falls in the filter's day class and hour (team kinds do not apply to cases). */
export function caseMatchesFilter(t: LocalTime, filter: DutyFilter | undefined): boolean {
  if (!filter)
    return true
  if (filter.days !== undefined && (t.dayOfMonth % 2 === 1) !== (filter.days === 'odd'))
    return false
  if (filter.weekday !== undefined && t.weekday !== filter.weekday)
    return false
  return filter.hour === undefined || Math.floor(t.minute / 60) === filter.hour
}
