import type { Grid, LngLat, PatrolTeam } from '../types'
import { describe, expect, it } from 'vitest'
import { LocalMetricProjection } from '../coverage'
import { monthDates } from '../planning'
import { checkRows, periodDates } from './checkRows'
import { checkSchedules } from './schedule'

const proj = new LocalMetricProjection([120.1, 30.2])
const ll = (x: number, y: number): LngLat => proj.inverse(x, y)
const square = (id: string, x0: number, x1: number): Grid => ({ id, code: id, name: id, nameEn: id, level: 3, parentId: 'v', boundary: { type: 'MultiPolygon', coordinates: [[[ll(x0, -100), ll(x1, -100), ll(x1, 100), ll(x0, 100), ll(x0, -100)]]] } }) as unknown as Grid
const team: PatrolTeam = { id: 't', name: 't', nameEn: 't', kind: 'volunteer', gridId: 'v', memberCount: 8, leaderId: null, post: null }
const hotSpots = [{ id: 'h1', location: ll(0, 0) }, { id: 'h2', location: ll(750, 0) }, { id: 'h3', location: ll(5000, 0) }]
const route = { id: 'r1', teamId: 't', path: { type: 'LineString' as const, coordinates: [ll(0, 0), ll(750, 0)] }, schedule: { days: { kind: 'odd' as const }, windows: [{ start: '19:00', end: '21:00' }] }, stops: [{ location: ll(0, 0), dwellMin: 12 }, { location: ll(750, 0), dwellMin: 8 }] }
const grids = [square('g1', -100, 1000), square('g2', 4000, 6000)]

describe('checkRows', () => {
  const check = checkSchedules({ routes: [route], teams: [team], hotSpots, grids, period: monthDates(2026, 11), hotWindows: [{ start: '12:00', end: '23:00' }] })
  const rows = checkRows(check, [route], hotSpots, grids)

  it('lists the route\'s flags first, then unvisited hot spots, then grids without patrol', () => {
    expect(rows.map(r => r.kind)).toEqual(['dwell', 'gap', 'gap', 'unvisited', 'unvisited', 'unvisited', 'noPatrol', 'noPatrol'])
    expect(rows[0]).toMatchObject({ kind: 'dwell', routeId: 'r1', stop: 1, dwellMin: 8, short: true })
    // h1 left at 20:32, next stop 19:00 the next day: shown as clock times.
    expect(rows[1]).toMatchObject({ kind: 'gap', hotSpotId: 'h1', from: '20:32', to: '19:00', hotMin: 568, days: { kind: 'odd' } })
    expect(rows.at(-1)).toMatchObject({ kind: 'noPatrol', gridId: 'g2', days: { kind: 'daily' } })
  })

  it('gives each row the place to fly to: the stop, the hot spot, the grid', () => {
    const [w, s, e, n] = rows[0]!.at
    const stop = route.stops[1]!.location
    expect(w < stop[0] && stop[0] < e && s < stop[1] && stop[1] < n).toBe(true)
    const h3 = rows.find(r => r.kind === 'unvisited' && r.hotSpotId === 'h3')!.at
    expect(h3[0] < hotSpots[2]!.location[0] && hotSpots[2]!.location[0] < h3[2]).toBe(true)
    const g2 = rows.at(-1)!.at
    expect(g2[0]).toBeCloseTo(ll(4000, 0)[0], 5)
    expect(g2[2]).toBeCloseTo(ll(6000, 0)[0], 5)
  })
})

describe('periodDates', () => {
  it('counts Beijing dates: 16:00 UTC is already the next day', () => {
    const from = Date.parse('2026-11-01T00:00:00+08:00')
    const to = Date.parse('2026-11-04T00:00:00+08:00')
    expect(periodDates({ from, to })).toEqual([{ year: 2026, month: 11, day: 1 }, { year: 2026, month: 11, day: 2 }, { year: 2026, month: 11, day: 3 }])
    expect(periodDates({ from: Date.parse('2026-11-01T16:00:00Z'), to: Date.parse('2026-11-01T17:00:00Z') })).toEqual([{ year: 2026, month: 11, day: 2 }])
  })
})
