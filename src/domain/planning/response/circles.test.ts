import { describe, expect, it } from 'vitest'
import { buildRoadNetwork } from '../roads/network'
import { indexEdges } from '../roads/snap'
import { responseCircles } from './circles'

// A straight 4 km road along the x axis and a 1 km spur north from x = 1000; speed 10 m/s, so
// 1, 3 and 5 minutes are 600, 1800 and 3000 m.
const net = buildRoadNetwork([[[0, 0], [1000, 0], [4000, 0]], [[1000, 0], [1000, 1000]]])
const index = indexEdges(net)
const base = { net, index, speedMps: 10 }

describe('responseCircles', () => {
  it('reaches the road length along roads within each band, partial edges included', () => {
    const r = responseCircles({ ...base, sources: [{ id: 'station', at: [1000, 0] }] })
    // 1 min: 600 m west, 600 m east, 600 m north.
    expect(r.bands.map(b => b.seconds)).toEqual([60, 180, 300])
    expect(r.bands[0]!.roadLengthM).toBeCloseTo(1800, 9)
    // 3 min: all 1000 m west, 1800 m east, the whole 1000 m spur.
    expect(r.bands[1]!.roadLengthM).toBeCloseTo(3800, 9)
    // 5 min: everything (1000 + 3000 + 1000).
    expect(r.bands[2]!.roadLengthM).toBeCloseTo(5000, 9)
    expect(r.bands[0]!.segments).toContainEqual([[1000, 0], [1000, 600]])
  })

  it('reaches the middle of a long edge from a station beside it, counting the walk to the road', () => {
    const r = responseCircles({ ...base, sources: [{ id: 'post', at: [2500, 50] }], bandsS: [60] })
    // 50 m off the road leaves 550 m each way along the 3 km edge.
    expect(r.bands[0]!.roadLengthM).toBeCloseTo(1100, 9)
    expect(r.bands[0]!.segments).toEqual([[[1950, 0], [3050, 0]]])
  })

  it('says which points each band reaches and when, and which lie too far off the road', () => {
    const points = [
      { id: 'school', at: [1000, 550] as [number, number] },
      { id: 'market', at: [2700, 30] as [number, number] },
      { id: 'farm', at: [2000, 800] as [number, number] },
    ]
    const r = responseCircles({ ...base, sources: [{ id: 'station', at: [0, 0] }], points })
    expect(r.pointSeconds[0]).toBeCloseTo(155, 9)
    expect(r.pointSeconds[1]).toBeCloseTo(273, 9)
    expect(r.pointSeconds[2]).toBe(Infinity)
    expect(r.bands.map(b => b.pointIds)).toEqual([[], ['school'], ['school', 'market']])
    expect(r.offRoad).toEqual(['farm'])
  })

  it('measures the buffered area of each band on a raster, bands nested', () => {
    const r = responseCircles({ ...base, sources: [{ id: 'station', at: [0, 0] }], bandsS: [60, 300], area: { bufferM: 50, cellM: 5 } })
    // A 600 m road with a 50 m buffer: a 600 × 100 rectangle plus a half disc at the far end and
    // a half disc at the station end, π·50² ≈ 7,854 m² in all.
    expect(r.bands[0]!.areaM2! / (600 * 100 + Math.PI * 2500)).toBeCloseTo(1, 2)
    expect(r.bands[1]!.areaM2!).toBeGreaterThan(r.bands[0]!.areaM2!)
    expect(r.raster!.band.filter(v => v === 0).length * 25).toBe(r.bands[0]!.areaM2)
  })

  it('refuses bad input with a clear message', () => {
    expect(() => responseCircles({ ...base, speedMps: 0, sources: [{ id: 's', at: [0, 0] }] })).toThrow(/speed must be a positive/)
    expect(() => responseCircles({ ...base, sources: [{ id: 's', at: [0, 0] }], bandsS: [180, 60] })).toThrow(/ascending/)
    expect(() => responseCircles({ ...base, sources: [] })).toThrow(/at least one station/)
  })
})
