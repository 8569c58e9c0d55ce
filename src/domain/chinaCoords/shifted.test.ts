import type { LngLat } from '../types'
import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { distanceM } from '../geometry'
import { bd09ToGcj02, bd09ToWgs84, fromWgs84, gcj02ToBd09, gcj02ToWgs84, isInGcjRegion, toWgs84, wgs84ToBd09, wgs84ToGcj02 } from './shifted'

// Test vectors published with the reference algorithm: googollee/eviltransform, javascript/test.js
// ([wgsLat, wgsLng, gcjLat, gcjLng]).
const GCJ_VECTORS: Array<[string, number, number, number, number]> = [
  ['Shanghai', 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215],
  ['Shenzhen', 22.543847, 113.912316, 22.540796131694766, 113.9171764808363],
  ['Beijing', 39.911954, 116.377817, 39.91334545536069, 116.38404722455657],
]

function grid(step: number): LngLat[] {
  const out: LngLat[] = []
  for (let lng = 74; lng <= 135; lng += step) {
    for (let lat = 18; lat <= 53; lat += step)
      out.push([lng + 0.123, lat + 0.0456])
  }
  return out
}

describe('gCJ-02', () => {
  it.each(GCJ_VECTORS)('matches the reference forward transform in %s to the millimetre', (_city, wLat, wLng, gLat, gLng) => {
    const g = wgs84ToGcj02([wLng, wLat])
    expect(distanceM(g, [gLng, gLat])).toBeLessThan(0.001)
    // The offset is hundreds of metres: the test would notice a missing transform.
    expect(distanceM([wLng, wLat], [gLng, gLat])).toBeGreaterThan(100)
  })

  it.each(GCJ_VECTORS)('inverts the reference output in %s to the centimetre', (_city, wLat, wLng, gLat, gLng) => {
    expect(distanceM(gcj02ToWgs84([gLng, gLat]), [wLng, wLat])).toBeLessThan(0.01)
  })

  it('round-trips to under a centimetre everywhere in China', () => {
    let worst = 0
    for (const p of grid(1.5))
      worst = Math.max(worst, distanceM(gcj02ToWgs84(wgs84ToGcj02(p)), p))
    expect(worst).toBeLessThan(0.01)
  })

  it('leaves points outside the region unchanged, as the reference does', () => {
    expect(isInGcjRegion([2.35, 48.85])).toBe(false)
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85])
    expect(gcj02ToWgs84([2.35, 48.85])).toEqual([2.35, 48.85])
  })
})

describe('bD-09', () => {
  // eviltransform's JavaScript port multiplies by π where Baidu's own formula (and the Python
  // port) uses π·3000/180, which moves points by up to ~40 m; we follow Baidu's, and check it
  // against gcoord, an independently written, maintained implementation of the same formulas.
  it('agrees with an independent implementation (gcoord) across China', () => {
    let worstForward = 0
    let worstInverse = 0
    for (const p of grid(2.5)) {
      worstForward = Math.max(worstForward, distanceM(wgs84ToBd09(p), gcoord.transform(p, gcoord.WGS84, gcoord.BD09) as LngLat))
      worstForward = Math.max(worstForward, distanceM(wgs84ToGcj02(p), gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as LngLat))
      worstInverse = Math.max(worstInverse, distanceM(bd09ToWgs84(p), gcoord.transform(p, gcoord.BD09, gcoord.WGS84) as LngLat))
    }
    expect(worstForward).toBeLessThan(0.001)
    // gcoord stops its iteration at 1e-6° (~0.1 m), ours at 1e-9°.
    expect(worstInverse).toBeLessThan(1)
  })

  it('round-trips GCJ-02 ↔ BD-09 and WGS 84 ↔ BD-09 to under a centimetre', () => {
    let worst = 0
    for (const p of grid(2.5)) {
      worst = Math.max(worst, distanceM(bd09ToGcj02(gcj02ToBd09(p)), p))
      worst = Math.max(worst, distanceM(bd09ToWgs84(wgs84ToBd09(p)), p))
    }
    expect(worst).toBeLessThan(0.01)
  })

  it('toWgs84 and fromWgs84 dispatch on the system', () => {
    const p: LngLat = [120.15, 30.27]
    for (const s of ['wgs84', 'gcj02', 'bd09'] as const)
      expect(distanceM(toWgs84(fromWgs84(p, s), s), p)).toBeLessThan(0.01)
    expect(fromWgs84(p, 'bd09')).toEqual(wgs84ToBd09(p))
    expect(distanceM(fromWgs84(p, 'gcj02'), p)).toBeGreaterThan(300)
  })
})
