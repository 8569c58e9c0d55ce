// The wall screen's figures, each a pure function of the cases (and teams, routes, cameras) it is
// shown, measured at `now` in the centre's local time (a fixed UTC offset; China: +480 minutes).
// They reuse the KPI definitions of kpi.ts, so the wall and the grid panel never disagree.
import type { CaseKpis } from './kpi'
import type { Camera, CaseRecord, Grid, Millis, PatrolRoute, PatrolSchedule, PatrolTeam } from './types'
import { getCategory, isCategoryCode } from './categories'
import { computeKpis, shiftYears } from './kpi'

const DAY = 86_400_000
/** China Standard Time, the offset every figure of the wall is counted in unless told otherwise. */
export const CHINA_UTC_OFFSET_MIN = 480

/** Start of the local day containing `t`. */
export function localDayStart(t: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): Millis {
  const offset = utcOffsetMinutes * 60_000
  return Math.floor((t + offset) / DAY) * DAY - offset
}

/** Start of the local month containing `t`, `monthsBack` months earlier (0: this month). */
export function localMonthStart(t: Millis, monthsBack = 0, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): Millis {
  const offset = utcOffsetMinutes * 60_000
  const local = new Date(t + offset)
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - monthsBack, 1) - offset
}

function isOpen(c: CaseRecord, now: Millis): boolean {
  return c.status !== 'cancelled' && !(c.status === 'closed' && (c.closedAt === null || c.closedAt <= now))
}

/** Today's four headline figures. */
export interface TodayFigures {
  /** Reported since local midnight (cancelled duplicates and invalid reports left out). */
  newToday: number
  /** Open now, whenever reported. */
  open: number
  /** Of the open ones, past their deadline now. */
  overdue: number
  /** Closed since local midnight. */
  closedToday: number
}

/** Today's figures at `now`: a case reported or closed after `now` does not count yet. */
export function todayFigures(cases: Iterable<CaseRecord>, now: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): TodayFigures {
  const day = localDayStart(now, utcOffsetMinutes)
  const f: TodayFigures = { newToday: 0, open: 0, overdue: 0, closedToday: 0 }
  for (const c of cases) {
    if (c.reportedAt > now || c.status === 'cancelled')
      continue
    if (c.reportedAt >= day)
      f.newToday++
    if (isOpen(c, now)) {
      f.open++
      if (c.dueAt < now)
        f.overdue++
    }
    else if (c.closedAt !== null && c.closedAt >= day) {
      f.closedToday++
    }
  }
  return f
}

/** The three monthly rates the wall compares. */
export const WALL_RATES = ['closingRate', 'onTimeClosingRate', 'disputeResolutionRate'] as const
export type WallRate = typeof WALL_RATES[number]

/** This month so far against last month (whole) and the same stretch of this month a year ago. */
export interface MonthComparison {
  current: CaseKpis
  lastMonth: CaseKpis
  lastYear: CaseKpis
}

/**
 * This month's KPIs, last month's (measured now: a whole month), and last year's same month
 * measured as at the same moment a year ago, so both sides had the same time to close cases.
 */
export function monthComparison(cases: readonly CaseRecord[], now: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): MonthComparison {
  const from = localMonthStart(now, 0, utcOffsetMinutes)
  const lastFrom = localMonthStart(now, 1, utcOffsetMinutes)
  const yearAgo = shiftYears(now, 1, utcOffsetMinutes)
  return {
    current: computeKpis(cases, { from, to: now + 1 }, now),
    lastMonth: computeKpis(cases, { from: lastFrom, to: from }, now),
    lastYear: computeKpis(cases, { from: localMonthStart(yearAgo, 0, utcOffsetMinutes), to: yearAgo + 1 }, yearAgo),
  }
}

/** New and closed cases per local day. */
export interface DailyTrend {
  /** Start of each day, oldest first; the last is today. */
  days: Millis[]
  reported: number[]
  closed: number[]
}

/** New vs closed per day over the last `days` local days, today included (so far). */
export function dailyTrend(cases: Iterable<CaseRecord>, now: Millis, days = 30, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): DailyTrend {
  const today = localDayStart(now, utcOffsetMinutes)
  const first = today - (days - 1) * DAY
  const reported = Array.from({ length: days }, () => 0)
  const closed = Array.from({ length: days }, () => 0)
  const slot = (t: Millis) => Math.floor((localDayStart(t, utcOffsetMinutes) - first) / DAY)
  for (const c of cases) {
    if (c.status === 'cancelled')
      continue
    if (c.reportedAt >= first && c.reportedAt <= now)
      reported[slot(c.reportedAt)]!++
    if (c.status === 'closed' && c.closedAt !== null && c.closedAt >= first && c.closedAt <= now)
      closed[slot(c.closedAt)]!++
  }
  return { days: Array.from({ length: days }, (_, i) => first + i * DAY), reported, closed }
}

/** Cases reported in a period per major category, largest first; `rest` sums those beyond `top`. */
export function casesByMajorCategory(cases: Iterable<CaseRecord>, period: { from: Millis, to: Millis }, top = 6): { rows: Array<{ majorCode: string, count: number }>, rest: number } {
  const counts = new Map<string, number>()
  for (const c of cases) {
    if (c.status === 'cancelled' || c.reportedAt < period.from || c.reportedAt >= period.to || !isCategoryCode(c.categoryCode))
      continue
    const major = getCategory(c.categoryCode).majorCode
    counts.set(major, (counts.get(major) ?? 0) + 1)
  }
  const all = [...counts].map(([majorCode, count]) => ({ majorCode, count })).sort((a, b) => b.count - a.count || a.majorCode.localeCompare(b.majorCode))
  return { rows: all.slice(0, top), rest: all.slice(top).reduce((s, r) => s + r.count, 0) }
}

/** Open and overdue cases now per child grid (a case counts for the child whose subtree holds its grid). */
export interface ChildLoad {
  grid: Grid
  open: number
  overdue: number
  newToday: number
}

/**
 * Per child grid of the wall's territory: open, overdue and new today, ordered most overdue first
 * (then most open, then by code) — the carousel's order and the ranking's.
 */
export function childLoads(children: readonly Grid[], cases: Iterable<CaseRecord>, childOf: (gridId: string) => string | undefined, now: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): ChildLoad[] {
  const day = localDayStart(now, utcOffsetMinutes)
  const byId = new Map(children.map(g => [g.id, { grid: g, open: 0, overdue: 0, newToday: 0 }]))
  for (const c of cases) {
    const row = byId.get(childOf(c.gridId) ?? '')
    if (!row || c.reportedAt > now || c.status === 'cancelled')
      continue
    if (c.reportedAt >= day)
      row.newToday++
    if (isOpen(c, now)) {
      row.open++
      if (c.dueAt < now)
        row.overdue++
    }
  }
  return [...byId.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.grid.code.localeCompare(b.grid.code))
}

/** Minutes since local midnight of an "HH:MM" time. */
function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm)
  if (!m)
    throw new RangeError(`not a time of day: "${hhmm}" (expected HH:MM)`)
  return Number(m[1]) * 60 + Number(m[2])
}

function patrolledOn(days: PatrolSchedule['days'], local: Date): boolean {
  switch (days.kind) {
    case 'daily': return true
    case 'odd': return local.getUTCDate() % 2 === 1
    case 'even': return local.getUTCDate() % 2 === 0
    case 'weekdays': return days.weekdays.includes(local.getUTCDay() === 0 ? 7 : local.getUTCDay())
  }
}

/**
 * True when the schedule has its team out at `t`. A window crossing midnight ("22:00"–"02:00")
 * belongs to the day it starts on, so at 01:00 it is yesterday's rota that counts.
 */
export function scheduleActiveAt(schedule: PatrolSchedule, t: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): boolean {
  const offset = utcOffsetMinutes * 60_000
  const today = new Date(t + offset)
  const yesterday = new Date(t + offset - DAY)
  const minute = today.getUTCHours() * 60 + today.getUTCMinutes()
  return schedule.windows.some((w) => {
    const start = minutesOf(w.start)
    const end = minutesOf(w.end)
    if (start <= end)
      return patrolledOn(schedule.days, today) && minute >= start && minute < end
    return (patrolledOn(schedule.days, today) && minute >= start) || (patrolledOn(schedule.days, yesterday) && minute < end)
  })
}

/** The teams with at least one route on duty at `t`, in the given order. */
export function teamsOnDuty(teams: readonly PatrolTeam[], routes: readonly PatrolRoute[], t: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): PatrolTeam[] {
  const active = new Set(routes.filter(r => scheduleActiveAt(r.schedule, t, utcOffsetMinutes)).map(r => r.teamId))
  return teams.filter(team => active.has(team.id))
}

/** Cameras online ÷ cameras, null without cameras. */
export function cameraOnlineRate(cameras: readonly Pick<Camera, 'status'>[]): { online: number, total: number, rate: number | null } {
  const online = cameras.filter(c => c.status === 'online').length
  return { online, total: cameras.length, rate: cameras.length === 0 ? null : online / cameras.length }
}

/** Urgent cases still waiting for registration at the township centre, oldest first. */
export function pendingUrgent(cases: Iterable<CaseRecord>, now: Millis): CaseRecord[] {
  const out: CaseRecord[] = []
  for (const c of cases) {
    if (c.urgent && c.registeredAt === null && c.status === 'reported' && c.reportedAt <= now)
      out.push(c)
  }
  return out.sort((a, b) => a.reportedAt - b.reportedAt || a.id.localeCompare(b.id))
}

/** The case as the wall holds it: figures and a point, no description or address (the wall shows a title at most). */
export function wallCase(c: CaseRecord): CaseRecord {
  const { description: _d, address: _a, coHandlers: _c, photoIds: _p, ...rest } = c
  return { ...rest, description: '', address: null, assigneeId: null }
}

/**
 * For every grid, the ancestor (itself included) whose parent is `parentId`, or nothing when the
 * grid lies outside that parent's subtree. Built once per territory and focus, so sorting each
 * case into its child grid is one lookup, not a walk up the tree per case on every change.
 */
export function childIndex(grids: readonly Pick<Grid, 'id' | 'parentId'>[], parentId: string): ReadonlyMap<string, string> {
  const parentOf = new Map(grids.map(g => [g.id, g.parentId]))
  const out = new Map<string, string>()
  for (const g of grids) {
    let id: string | null | undefined = g.id
    let guard = grids.length
    while (id && parentOf.get(id) !== parentId && guard-- > 0)
      id = parentOf.get(id)
    if (id && parentOf.get(id) === parentId)
      out.set(g.id, id)
  }
  return out
}

/** True when two maps hold the same keys with the same values (Object.is), in any order. */
export function sameEntries<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size)
    return false
  for (const [k, v] of a) {
    if (!b.has(k) || !Object.is(b.get(k), v))
      return false
  }
  return true
}
