import type { LngLat, Road } from '../types'
import { describe, expect, it } from 'vitest'
import { LocalMetricProjection } from '../coverage'
import { drawRoute, RouteDrawError } from './routeDraw'

// An L of roads (1 km east, then 1 km north) and a road apart from it, in metres around a centre.
const proj = new LocalMetricProjection([120.1, 30.2])
const ll = (x: number, y: number): LngLat => proj.inverse(x, y)
const road = (id: string, pts: Array<[number, number]>): Road => ({ id, name: id, kind: 'village', path: { type: 'LineString', coordinates: pts.map(([x, y]) => ll(x, y)) } })
const roads = [
  road('east', [[0, 0], [500, 0], [1000, 0]]),
  road('north', [[1000, 0], [1000, 1000]]),
  road('apart', [[3000, 0], [4000, 0]]),
]
const xy = (p: LngLat) => proj.forward(p[0], p[1])

describe('drawRoute', () => {
  it('snaps each click to the road and follows the roads between them, round the corner', () => {
    const r = drawRoute(roads, [ll(300, 20), ll(980, 600)], 4.5)
    // 700 m east to the corner, 600 m north: not the 725 m straight line.
    expect(r.lengthM).toBeCloseTo(1300, 0)
    expect(r.minutes).toBeCloseTo(1300 / 75, 1)
    const [a, b] = r.snapped.map(xy)
    expect(a![0]).toBeCloseTo(300, 0)
    expect(a![1]).toBeCloseTo(0, 0)
    expect(b![0]).toBeCloseTo(1000, 0)
    expect(b![1]).toBeCloseTo(600, 0)
    // The path turns at the corner.
    expect(r.path.map(xy).some(p => Math.abs(p[0] - 1000) < 0.5 && Math.abs(p[1]) < 0.5)).toBe(true)
    expect(xy(r.path[0]!)[0]).toBeCloseTo(300, 0)
  })

  it('a route back and forth adds both legs; one click is a route of no length', () => {
    expect(drawRoute(roads, [ll(100, 0), ll(900, 0), ll(100, 0)], 30).lengthM).toBeCloseTo(1600, 0)
    const one = drawRoute(roads, [ll(100, 5)], 30)
    expect(one.lengthM).toBe(0)
    expect(one.path).toHaveLength(1)
  })

  it('refuses a click far from every road, and one on a road not joined to the rest, naming the click', () => {
    expect(() => drawRoute(roads, [ll(100, 0), ll(500, 400)], 4.5)).toThrow(/point 2 is more than 150 m from every road/)
    try {
      drawRoute(roads, [ll(100, 0), ll(200, 0), ll(3500, 10)], 4.5)
      expect.unreachable()
    }
    catch (e) {
      expect(e).toBeInstanceOf(RouteDrawError)
      expect(e).toMatchObject({ click: 2, reason: 'not_connected', message: 'no road joins point 2 to point 3' })
    }
    expect(() => drawRoute(roads, [ll(0, 0)], 0)).toThrow(/speed must be positive/)
  })
})
