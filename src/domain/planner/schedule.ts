// Koper checks of patrol schedules (issue 11): each route's stops laid out in time over its duty
// windows — travel along the roads at the team's speed, the dwell at each stop, round and round
// while the window lasts — then checked by the planning engine: stops of 10–15 minutes, no hot
// spot left more than 120 minutes of hot hours without a stop, the hot spots no team stops at and
// the days (odd/even rosters) a grid has no patrol at all. Each flag names the route it concerns.
import type { DaySummary, KoperRules, LocalDate, PatrolMode, RoadPosition, ScheduledStop } from '../planning'
import type { ProposedRoute } from '../scenarios'
import type { Grid, LngLat, PatrolTeam, PatrolTeamKind, Road, TimeWindow } from '../types'
import type { RoadGraph } from './roadGraph'
import { bboxOfMultiPolygon, distanceM, inBBox, pointInMultiPolygon } from '../geometry'
import { checkKoperOverDates, gridsWithoutPatrol, onDuty, PATROL_SPEED_KMH, routeBetween, snapToRoad, summarizeDays } from '../planning'
import { roadGraph } from './roadGraph'

/** How each kind of team moves between stops. */
export const TEAM_MODE: Readonly<Record<PatrolTeamKind, PatrolMode>> = { police: 'car', militia: 'ebike', security: 'foot', volunteer: 'foot' }

/** A route's stop at a time of day: startMin minutes after midnight (≥ 1440 for a window past midnight). */
export interface TimedStop {
  stop: number
  startMin: number
  dwellMin: number
  hotSpotId: string | null
}

export type RouteViolation
  = | { kind: 'noWindows' }
    /** On duty but stops nowhere: Koper counts stops, not drive-bys. */
    | { kind: 'noStops' }
    | { kind: 'dwell', stop: number, dwellMin: number, short: boolean }
    /** A stop at no hot spot (none within matchM). */
    | { kind: 'offHotSpot', stop: number }
    /** A stop the duty windows never reach (the travel before it does not fit). */
    | { kind: 'unplaced', stop: number }
    | { kind: 'gap', hotSpotId: string, fromMin: number, toMin: number, hotMin: number, days: DaySummary }

export interface ScheduleCheckInput {
  routes: readonly Pick<ProposedRoute, 'id' | 'teamId' | 'path' | 'schedule' | 'stops'>[]
  teams: readonly PatrolTeam[]
  hotSpots: ReadonlyArray<{ id: string, location: LngLat }>
  /** The grids whose days without any patrol are reported (the scope's children). */
  grids: readonly Grid[]
  period: readonly LocalDate[]
  hotWindows: readonly TimeWindow[]
  /** Travel along these roads; straight lines when absent or where a stop is more than 200 m off them. */
  roads?: readonly Road[] | RoadGraph
  /** A stop is at a hot spot within this distance (default 80 m). */
  matchM?: number
  rules?: KoperRules
}

export interface ScheduleCheck {
  byRoute: Map<string, RouteViolation[]>
  timetable: Map<string, TimedStop[]>
  /** Hot spots no route stops at, and on which days. */
  unvisited: Array<{ hotSpotId: string, days: DaySummary }>
  gridsWithoutPatrol: Array<{ gridId: string, days: DaySummary }>
  /** How travel between stops was measured. */
  travel: 'road_graph' | 'straight_line' | 'mixed'
}

const DAY = 1440

function clock(min: number): string {
  const m = ((Math.round(min) % DAY) + DAY) % DAY
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}
function parse(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}

/** Minutes between points at a speed: along the roads where both lie within 200 m of one, else straight. */
function traveller(g: RoadGraph | null, speedKmh: number, used: Set<string>) {
  const perMin = speedKmh * 1000 / 60
  const snapped = new Map<string, RoadPosition | null>()
  const snap = (p: LngLat) => {
    const k = `${p[0]},${p[1]}`
    if (!snapped.has(k))
      snapped.set(k, g ? snapToRoad(g.index, g.xy(p), 200) : null)
    return snapped.get(k)!
  }
  return (a: LngLat, b: LngLat): number => {
    const pa = snap(a)
    const pb = snap(b)
    const leg = g && pa && pb ? routeBetween(g.net, pa, pb) : null
    used.add(leg ? 'road' : 'straight')
    return (leg ? leg.lengthM + pa!.offset + pb!.offset : distanceM(a, b)) / perMin
  }
}

/** The route's stops in time over its windows: from the route's start, stop after stop, looping while the window lasts. */
export function timetable(route: Pick<ProposedRoute, 'path' | 'schedule' | 'stops'>, travelMin: (a: LngLat, b: LngLat) => number, hotSpotOf: (p: LngLat) => string | null): TimedStop[] {
  const stops = route.stops
  const out: TimedStop[] = []
  if (stops.length === 0)
    return out
  const first = route.path.coordinates[0]!
  const start: LngLat = [first[0]!, first[1]!]
  const legs = stops.map((s, i) => travelMin(stops[(i - 1 + stops.length) % stops.length]!.location, s.location))
  const fromStart = travelMin(start, stops[0]!.location)
  const spots = stops.map(s => hotSpotOf(s.location))
  for (const w of route.schedule.windows) {
    const a = parse(w.start)
    let b = parse(w.end)
    if (b <= a)
      b += DAY
    let t = a
    // A loop of stops whose travel and dwell take no time cannot run away: every dwell is ≥ 1 minute (validated), and 500 stops is a full day of 3-minute stops.
    for (let n = 0; n < 500; n++) {
      const i = n % stops.length
      const arrive = t + (n === 0 ? fromStart : legs[i]!)
      if (arrive + stops[i]!.dwellMin > b)
        break
      out.push({ stop: i, startMin: arrive, dwellMin: stops[i]!.dwellMin, hotSpotId: spots[i]! })
      t = arrive + stops[i]!.dwellMin
    }
  }
  return out.sort((p, q) => p.startMin - q.startMin)
}

export function checkSchedules(input: ScheduleCheckInput): ScheduleCheck {
  const rules = { minDwellMin: 10, maxDwellMin: 15, maxGapMin: 120, ...input.rules, hotWindows: input.hotWindows }
  const matchM = input.matchM ?? 80
  const g = !input.roads ? null : 'net' in input.roads ? input.roads : input.roads.length > 0 ? roadGraph(input.roads) : null
  const teams = new Map(input.teams.map(t => [t.id, t]))
  const used = new Set<string>()
  const hotSpotOf = (p: LngLat): string | null => {
    let best: string | null = null
    let bestD = matchM
    for (const h of input.hotSpots) {
      const d = distanceM(p, h.location)
      if (d <= bestD) {
        best = h.id
        bestD = d
      }
    }
    return best
  }
  const byRoute = new Map<string, RouteViolation[]>()
  const tables = new Map<string, TimedStop[]>()
  const scheduled: ScheduledStop[] = []
  for (const r of input.routes) {
    const v: RouteViolation[] = []
    const kind = teams.get(r.teamId)?.kind ?? 'volunteer'
    const table = r.schedule.windows.length > 0 ? timetable(r, traveller(g, PATROL_SPEED_KMH[TEAM_MODE[kind]], used), hotSpotOf) : []
    tables.set(r.id, table)
    if (r.schedule.windows.length === 0)
      v.push({ kind: 'noWindows' })
    else if (r.stops.length === 0)
      v.push({ kind: 'noStops' })
    r.stops.forEach((s, i) => {
      if (s.dwellMin < rules.minDwellMin || s.dwellMin > rules.maxDwellMin)
        v.push({ kind: 'dwell', stop: i, dwellMin: s.dwellMin, short: s.dwellMin < rules.minDwellMin })
      if (hotSpotOf(s.location) === null)
        v.push({ kind: 'offHotSpot', stop: i })
      if (r.schedule.windows.length > 0 && !table.some(t => t.stop === i))
        v.push({ kind: 'unplaced', stop: i })
    })
    // The engine's teamId carries the route, so a gap it finds can be put beside the route.
    for (const t of table) {
      if (t.hotSpotId)
        scheduled.push({ hotSpotId: t.hotSpotId, teamId: r.id, start: clock(t.startMin), dwellMin: t.dwellMin, days: r.schedule.days })
    }
    byRoute.set(r.id, v)
  }

  // Gaps and unvisited hot spots day type by day type; the same gap on several day types is one flag.
  const hotIds = input.hotSpots.map(h => h.id)
  const gaps = new Map<string, { hotSpotId: string, fromMin: number, toMin: number, hotMin: number, dates: LocalDate[], routes: Set<string> }>()
  const unvisited = new Map<string, LocalDate[]>()
  for (const group of checkKoperOverDates(hotIds, scheduled, input.period, rules)) {
    const day = group.dates[0]!
    for (const gap of group.report.gaps) {
      const k = `${gap.hotSpotId}|${gap.fromMin}|${gap.toMin}`
      const entry = gaps.get(k) ?? { hotSpotId: gap.hotSpotId, fromMin: gap.fromMin, toMin: gap.toMin, hotMin: gap.hotMin, dates: [], routes: new Set(scheduled.filter(s => s.hotSpotId === gap.hotSpotId && onDuty(s.days ?? { kind: 'daily' }, day)).map(s => s.teamId)) }
      entry.dates.push(...group.dates)
      gaps.set(k, entry)
    }
    for (const id of group.report.unvisited)
      unvisited.set(id, [...(unvisited.get(id) ?? []), ...group.dates])
  }
  for (const gap of gaps.values()) {
    for (const id of gap.routes)
      byRoute.get(id)!.push({ kind: 'gap', hotSpotId: gap.hotSpotId, fromMin: gap.fromMin, toMin: gap.toMin, hotMin: gap.hotMin, days: summarizeDays(input.period, gap.dates) })
  }

  const onGrids = input.routes.map(r => ({ routeId: r.id, schedule: r.schedule, gridIds: input.grids.filter((grid) => {
    const box = bboxOfMultiPolygon(grid.boundary)
    return r.path.coordinates.some(p => inBBox(p, box) && pointInMultiPolygon(p, grid.boundary))
  }).map(grid => grid.id) }))
  return {
    byRoute,
    timetable: tables,
    unvisited: [...unvisited].map(([hotSpotId, dates]) => ({ hotSpotId, days: summarizeDays(input.period, dates) })),
    gridsWithoutPatrol: gridsWithoutPatrol(input.grids.map(x => x.id), onGrids, input.period).map(({ gridId, days }) => ({ gridId, days })),
    travel: used.has('road') && used.has('straight') ? 'mixed' : used.has('road') ? 'road_graph' : 'straight_line',
  }
}

export { clock as clockOf }
