// The Koper checks of the plan page as a list a planner reads top to bottom: per route its dwell,
// gap and placement flags, then the hot spots no team stops at, then the grids with days of no
// patrol at all. Each row carries the box the map flies to (the stop, the hot spot, the grid).
import type { DaySummary, LocalDate } from '../planning'
import type { ProposedRoute } from '../scenarios'
import type { Grid, LngLat } from '../types'
import type { ScheduleCheck } from './schedule'
import { bboxOfMultiPolygon } from '../geometry'
import { clockOf } from './schedule'

export type CheckRow
  = | { kind: 'dwell', routeId: string, stop: number, dwellMin: number, short: boolean, at: Box }
    | { kind: 'gap', routeId: string, hotSpotId: string, from: string, to: string, hotMin: number, days: DaySummary, at: Box }
    | { kind: 'noStops' | 'noWindows', routeId: string, at: Box }
    | { kind: 'offHotSpot' | 'unplaced', routeId: string, stop: number, at: Box }
    | { kind: 'unvisited', hotSpotId: string, days: DaySummary, at: Box }
    | { kind: 'noPatrol', gridId: string, days: DaySummary, at: Box }

/** West, south, east, north. */
export type Box = [number, number, number, number]

// About 60 m around a point, so the map flies close enough to see the stop among its neighbours.
const PAD = 0.0006
const around = (p: LngLat): Box => [p[0] - PAD, p[1] - PAD, p[0] + PAD, p[1] + PAD]
function lineBox(coords: readonly (readonly number[])[]): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const p of coords) {
    b[0] = Math.min(b[0], p[0]!)
    b[1] = Math.min(b[1], p[1]!)
    b[2] = Math.max(b[2], p[0]!)
    b[3] = Math.max(b[3], p[1]!)
  }
  return b
}

/** The check's flags as rows in reading order: route by route, then unvisited hot spots, then grids without patrol. */
export function checkRows(check: ScheduleCheck, routes: readonly Pick<ProposedRoute, 'id' | 'path' | 'stops'>[], hotSpots: ReadonlyArray<{ id: string, location: LngLat }>, grids: readonly Grid[]): CheckRow[] {
  const spot = new Map(hotSpots.map(h => [h.id, h.location]))
  const gridById = new Map(grids.map(g => [g.id, g]))
  const rows: CheckRow[] = []
  for (const r of routes) {
    const whole = lineBox(r.path.coordinates)
    const stopAt = (i: number): Box => {
      const s = r.stops[i]
      return s ? around(s.location) : whole
    }
    for (const v of check.byRoute.get(r.id) ?? []) {
      if (v.kind === 'dwell')
        rows.push({ kind: 'dwell', routeId: r.id, stop: v.stop, dwellMin: v.dwellMin, short: v.short, at: stopAt(v.stop) })
      else if (v.kind === 'gap')
        rows.push({ kind: 'gap', routeId: r.id, hotSpotId: v.hotSpotId, from: clockOf(v.fromMin), to: clockOf(v.toMin), hotMin: Math.round(v.hotMin), days: v.days, at: spot.has(v.hotSpotId) ? around(spot.get(v.hotSpotId)!) : whole })
      else if (v.kind === 'offHotSpot' || v.kind === 'unplaced')
        rows.push({ kind: v.kind, routeId: r.id, stop: v.stop, at: stopAt(v.stop) })
      else
        rows.push({ kind: v.kind, routeId: r.id, at: whole })
    }
  }
  for (const u of check.unvisited) {
    const p = spot.get(u.hotSpotId)
    if (p)
      rows.push({ kind: 'unvisited', hotSpotId: u.hotSpotId, days: u.days, at: around(p) })
  }
  for (const g of check.gridsWithoutPatrol) {
    const grid = gridById.get(g.gridId)
    if (grid)
      rows.push({ kind: 'noPatrol', gridId: g.gridId, days: g.days, at: bboxOfMultiPolygon(grid.boundary) as Box })
  }
  return rows
}

const DAY_MS = 86_400_000
const BEIJING_MS = 8 * 3_600_000

/** The local (UTC+8) dates a period [from, to) spans, in order. */
export function periodDates(period: { from: number, to: number }): LocalDate[] {
  const out: LocalDate[] = []
  const first = Math.floor((period.from + BEIJING_MS) / DAY_MS)
  const last = Math.ceil((period.to + BEIJING_MS) / DAY_MS)
  for (let d = first; d < last; d++) {
    const t = new Date(d * DAY_MS)
    out.push({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() })
  }
  return out
}
