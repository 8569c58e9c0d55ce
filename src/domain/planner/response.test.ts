import type { LngLat, Road } from '../types'
import { describe, expect, it } from 'vitest'
import { LocalMetricProjection } from '../coverage'
import { responseFigures } from './response'

// One straight road 2 km east, a post at its west end; a car at 36 km/h does 600 m a minute.
const proj = new LocalMetricProjection([120.1, 30.2])
const ll = (x: number, y: number): LngLat => proj.inverse(x, y)
const roads: Road[] = [{ id: 'r', name: 'r', kind: 'main', path: { type: 'LineString', coordinates: [ll(0, 0), ll(1000, 0), ll(2000, 0)] } }]
const pt = (id: string, x: number, y: number) => ({ id, location: ll(x, y) })

describe('responseFigures', () => {
  it('reaches along the road by band, with the share of hot spots and cases inside each', () => {
    const f = responseFigures({
      roads,
      sources: [pt('post', 0, 0)],
      speedKmh: 36,
      // 300 m, 1500 m (beside the road, 20 m off) and 1900 m down the road; 5 km away is unreachable.
      hotSpots: [pt('h1', 300, 0), pt('h2', 1500, 20), pt('h3', 5000, 3000)],
      cases: [pt('c1', 100, 0), pt('c2', 1900, 0)],
      // A school 1000 m down the road (past 1 minute), a market 300 m off the road (beyond the 100 m walk-on).
      keyPlaces: [pt('school', 1000, 0), pt('market', 800, 300)],
      minutes: [1, 3],
    })
    expect(f.method).toBe('road_graph')
    const [one, three] = f.bands
    // 1 minute = 600 m of road; 3 minutes = 1800 m but the road ends at 2000, so 1800 m.
    expect(one!.roadKm).toBeCloseTo(0.6, 3)
    expect(three!.roadKm).toBeCloseTo(1.8, 3)
    expect(one!.hotSpots).toEqual({ inside: 1, total: 3, share: 1 / 3 })
    expect(three!.hotSpots).toEqual({ inside: 2, total: 3, share: 2 / 3 })
    expect(one!.cases).toEqual({ inside: 1, total: 2, share: 0.5 })
    expect(one!.keyPlaces).toEqual({ inside: 0, total: 2, share: 0 })
    expect(three!.keyPlaces).toEqual({ inside: 1, total: 2, share: 0.5 })
    // c2 is 1900 m out: beyond 3 minutes (1800 m).
    expect(three!.cases.inside).toBe(1)
    // The band's area grows with its road: about 600 m × 100 m (50 m each side) plus the ends.
    expect(one!.areaM2).toBeGreaterThan(600 * 100 * 0.95)
    expect(one!.areaM2).toBeLessThan(three!.areaM2)
    expect(f.offRoadSources).toEqual([])
  })

  it('says which posts are off the roads, and refuses no posts', () => {
    const f = responseFigures({ roads, sources: [pt('post', 0, 0), pt('far', 500, 900)], speedKmh: 36, hotSpots: [], cases: [] })
    expect(f.offRoadSources).toEqual(['far'])
    expect(f.bands.map(b => b.minutes)).toEqual([1, 3, 5])
    expect(f.bands[0]!.hotSpots.share).toBeNull()
    expect(() => responseFigures({ roads, sources: [], speedKmh: 36, hotSpots: [], cases: [] })).toThrow(/at least one station or post/)
  })
})
