import type { Grid, LngLat, PatrolTeam } from '../types'
import { describe, expect, it } from 'vitest'
import { LocalMetricProjection } from '../coverage'
import { monthDates } from '../planning'
import { checkSchedules, timetable } from './schedule'

const proj = new LocalMetricProjection([120.1, 30.2])
const ll = (x: number, y: number): LngLat => proj.inverse(x, y)
function square(id: string, x0: number, y0: number, x1: number, y1: number): Grid {
  return {
    id,
    code: id,
    name: id,
    nameEn: id,
    level: 3,
    parentId: 'v',
    boundary: { type: 'MultiPolygon', coordinates: [[[ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)]]] },
  } as unknown as Grid
}
const team = (id: string): PatrolTeam => ({ id, name: id, nameEn: id, kind: 'volunteer', gridId: 'v', memberCount: 8, leaderId: null, post: null })
const line = (...pts: Array<[number, number]>) => ({ type: 'LineString' as const, coordinates: pts.map(([x, y]) => ll(x, y)) })
// A foot team (4.5 km/h, 75 m a minute) between two hot spots 750 m apart: 10 minutes each way.
const hotSpots = [{ id: 'h1', location: ll(0, 0) }, { id: 'h2', location: ll(750, 0) }, { id: 'h3', location: ll(5000, 0) }]
const r1 = { id: 'r1', teamId: 't', path: line([0, 0], [750, 0]), schedule: { days: { kind: 'odd' as const }, windows: [{ start: '19:00', end: '21:00' }] }, stops: [{ location: ll(0, 0), dwellMin: 12 }, { location: ll(750, 0), dwellMin: 8 }] }
const november = monthDates(2026, 11)
const grids = [square('g1', -100, -100, 1000, 100), square('g2', 4000, -100, 6000, 100)]

describe('timetable', () => {
  it('lays the stops out round and round while the window lasts, travel and dwell included', () => {
    const t = timetable(r1, (a, b) => Math.hypot(...proj.forward(...a).map((v, i) => v - proj.forward(...b)[i]!) as [number, number]) / 75, () => null)
    // 19:00 h1 (12 min), +10 → 19:22 h2 (8), +10 → 19:40 h1 … the next h1 at 21:00 would end at 21:12.
    expect(t.map(s => [s.stop, Math.round(s.startMin)])).toEqual([[0, 1140], [1, 1162], [0, 1180], [1, 1202], [0, 1220], [1, 1242]])
  })
})

describe('checkSchedules', () => {
  const check = checkSchedules({ routes: [r1], teams: [team('t')], hotSpots, grids, period: november, hotWindows: [{ start: '12:00', end: '23:00' }] })

  it('flags the 8-minute stop once, beside its route', () => {
    const v = check.byRoute.get('r1')!
    expect(v.filter(x => x.kind === 'dwell')).toEqual([{ kind: 'dwell', stop: 1, dwellMin: 8, short: true }])
    expect(v.some(x => x.kind === 'unplaced' || x.kind === 'offHotSpot')).toBe(false)
    expect(check.travel).toBe('straight_line')
  })

  it('flags each hot spot left from the evening round until the next day\'s, on the odd days the route runs', () => {
    const gaps = check.byRoute.get('r1')!.filter(x => x.kind === 'gap')
    expect(gaps.map(g => g.kind === 'gap' && [g.hotSpotId, Math.round(g.fromMin), Math.round(g.toMin), g.days.kind])).toEqual([
      // h1's last stop ends 20:32; the next is 19:00 the next day (1440 + 1140): 148 + 420 hot minutes.
      ['h1', 1232, 2580, 'odd'],
      ['h2', 1250, 2602, 'odd'],
    ])
    expect(gaps[0]!.kind === 'gap' && Math.round(gaps[0]!.hotMin)).toBe(568)
  })

  it('names the hot spots nobody stops at and the grids without patrol, by day type', () => {
    expect([...check.unvisited].sort((p, q) => p.hotSpotId.localeCompare(q.hotSpotId))).toEqual([
      { hotSpotId: 'h1', days: { kind: 'even' } },
      { hotSpotId: 'h2', days: { kind: 'even' } },
      { hotSpotId: 'h3', days: { kind: 'daily' } },
    ])
    expect(check.gridsWithoutPatrol).toEqual([{ gridId: 'g1', days: { kind: 'even' } }, { gridId: 'g2', days: { kind: 'daily' } }])
  })

  it('a route that stops nowhere, one without hours, a stop the window never reaches, a stop at no hot spot', () => {
    const c = checkSchedules({
      routes: [
        { ...r1, id: 'drive-by', stops: [] },
        { ...r1, id: 'no-hours', schedule: { days: { kind: 'daily' }, windows: [] } },
        // 3 km out is 40 minutes on foot: the 30-minute window never reaches it; (300, 0) is no hot spot.
        { ...r1, id: 'short', schedule: { days: { kind: 'daily' }, windows: [{ start: '07:00', end: '07:30' }] }, stops: [{ location: ll(300, 0), dwellMin: 10 }, { location: ll(3000, 0), dwellMin: 10 }] },
      ],
      teams: [team('t')],
      hotSpots,
      grids,
      period: november,
      hotWindows: [{ start: '19:00', end: '23:00' }],
    })
    expect(c.byRoute.get('drive-by')).toEqual([{ kind: 'noStops' }])
    expect(c.byRoute.get('no-hours')![0]).toEqual({ kind: 'noWindows' })
    expect(c.byRoute.get('short')).toEqual([{ kind: 'offHotSpot', stop: 0 }, { kind: 'offHotSpot', stop: 1 }, { kind: 'unplaced', stop: 1 }])
    // No stop at any hot spot: all three are unvisited every day.
    expect(c.unvisited.map(u => [u.hotSpotId, u.days.kind])).toEqual([['h1', 'daily'], ['h2', 'daily'], ['h3', 'daily']])
  })
})
