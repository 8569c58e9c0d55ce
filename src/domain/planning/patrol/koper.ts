// Koper compliance of existing patrol stops: stops of 10–15 minutes, and no hot spot left more
// than ~2 hours without one in its hot hours. Also the hot spots no team visits, day by day (an
// odd-day roster and an even-day roster are different schedules), and the grids with no patrol at
// all on some days.
import type { PatrolDays, PatrolSchedule, TimeWindow } from '../../types'
import type { DaySummary, LocalDate } from './clock'
import { minutesInWindows, onDuty, parseClock, summarizeDays } from './clock'

/** A planned stop of a team at a hot spot, repeated on the days of its rule (daily when absent). */
export interface ScheduledStop {
  hotSpotId: string
  teamId: string
  /** "HH:MM" local time. */
  start: string
  dwellMin: number
  days?: PatrolDays
}

export interface KoperRules {
  /** Default 10 and 15 minutes. */
  minDwellMin?: number
  maxDwellMin?: number
  /** Longest allowed gap between stops at a hot spot (default 120 minutes). */
  maxGapMin?: number
  /**
   * Hot hours. Without them the stops of a day are checked as a line (gaps between consecutive
   * stops only). With them the day is a circle — the last stop's gap runs to the first stop of the
   * next day — and a gap is flagged when more than maxGapMin of it falls in hot hours.
   */
  hotWindows?: readonly TimeWindow[]
}

export interface DwellFlag {
  hotSpotId: string
  teamId: string
  start: string
  dwellMin: number
  kind: 'short' | 'long'
}

export interface GapFlag {
  hotSpotId: string
  /** Minutes after midnight when the previous stop ends and the next one starts (the next may be ≥ 1440: next day). */
  fromMin: number
  toMin: number
  gapMin: number
  /** Minutes of the gap in hot hours (the whole gap without hot windows). */
  hotMin: number
}

export interface KoperReport {
  dwell: DwellFlag[]
  gaps: GapFlag[]
  /** Hot spots with no stop at all. */
  unvisited: string[]
}

interface ParsedStop {
  stop: ScheduledStop
  startMin: number
}

function parseStops(stops: readonly ScheduledStop[]): ParsedStop[] {
  return stops.map((stop, i) => {
    if (!(stop.dwellMin > 0 && Number.isFinite(stop.dwellMin)))
      throw new RangeError(`stop ${i} (${stop.hotSpotId}, team ${stop.teamId}) needs a positive dwell, got ${stop.dwellMin}`)
    return { stop, startMin: parseClock(stop.start, `stop ${i} (${stop.hotSpotId}, team ${stop.teamId}) start`) }
  })
}

/** Dwell and gap flags and unvisited hot spots for one day's stops. */
export function checkKoper(hotSpotIds: readonly string[], stops: readonly ScheduledStop[], rules: KoperRules = {}): KoperReport {
  const minDwell = rules.minDwellMin ?? 10
  const maxDwell = rules.maxDwellMin ?? 15
  const maxGap = rules.maxGapMin ?? 120
  const parsed = parseStops(stops)
  const dwell: DwellFlag[] = []
  for (const { stop } of parsed) {
    if (stop.dwellMin < minDwell || stop.dwellMin > maxDwell)
      dwell.push({ hotSpotId: stop.hotSpotId, teamId: stop.teamId, start: stop.start, dwellMin: stop.dwellMin, kind: stop.dwellMin < minDwell ? 'short' : 'long' })
  }
  const bySpot = new Map<string, ParsedStop[]>()
  for (const p of parsed)
    bySpot.set(p.stop.hotSpotId, [...(bySpot.get(p.stop.hotSpotId) ?? []), p])
  const gaps: GapFlag[] = []
  for (const id of hotSpotIds) {
    const list = (bySpot.get(id) ?? []).sort((a, b) => a.startMin - b.startMin)
    if (list.length === 0)
      continue
    // Stops of several teams may overlap: a gap opens only after the latest end so far.
    const visits = list.map(p => ({ from: p.startMin, to: p.startMin + p.stop.dwellMin }))
    if (rules.hotWindows)
      visits.push({ from: visits[0]!.from + 1440, to: visits[0]!.to + 1440 })
    let end = visits[0]!.to
    for (const v of visits.slice(1)) {
      if (v.from > end) {
        const gapMin = v.from - end
        const hotMin = rules.hotWindows ? minutesInWindows(rules.hotWindows, end, v.from) : gapMin
        if (hotMin > maxGap)
          gaps.push({ hotSpotId: id, fromMin: end, toMin: v.from, gapMin, hotMin })
      }
      end = Math.max(end, v.to)
    }
  }
  const unvisited = hotSpotIds.filter(id => !bySpot.has(id))
  return { dwell, gaps, unvisited }
}

/** The Koper check on each distinct day of a period: dates with the same stops on duty share one report. */
export function checkKoperOverDates(hotSpotIds: readonly string[], stops: readonly ScheduledStop[], period: readonly LocalDate[], rules: KoperRules = {}): Array<{ days: DaySummary, dates: LocalDate[], report: KoperReport }> {
  parseStops(stops)
  const groups = new Map<string, { dates: LocalDate[], stops: ScheduledStop[] }>()
  for (const d of period) {
    const active = stops.filter(s => onDuty(s.days ?? { kind: 'daily' }, d))
    const key = active.map(s => stops.indexOf(s)).join(',')
    const g = groups.get(key) ?? { dates: [], stops: active }
    g.dates.push(d)
    groups.set(key, g)
  }
  return [...groups.values()].map(g => ({ days: summarizeDays(period, g.dates), dates: g.dates, report: checkKoper(hotSpotIds, g.stops, rules) }))
}

/** A patrol route's schedule and the grids it passes through (from the coverage engine). */
export interface RouteOnGrids {
  routeId: string
  schedule: PatrolSchedule
  gridIds: readonly string[]
}

/** Grids with no route on duty on some dates of the period, with those days described as a roster rule. */
export function gridsWithoutPatrol(gridIds: readonly string[], routes: readonly RouteOnGrids[], period: readonly LocalDate[]): Array<{ gridId: string, days: DaySummary, dates: LocalDate[] }> {
  const out: Array<{ gridId: string, days: DaySummary, dates: LocalDate[] }> = []
  for (const gridId of gridIds) {
    const serving = routes.filter(r => r.gridIds.includes(gridId) && r.schedule.windows.length > 0)
    const dates = period.filter(d => !serving.some(r => onDuty(r.schedule.days, d)))
    if (dates.length > 0)
      out.push({ gridId, days: summarizeDays(period, dates), dates })
  }
  return out
}
