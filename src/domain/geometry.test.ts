import { booleanPointInPolygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { bboxOfMultiPolygon, destination, distanceM, inBBox, pointInMultiPolygon, sectorRing, unionBBox } from './geometry'

describe('bounding boxes', () => {
  it('spans every polygon of a MultiPolygon', () => {
    expect(bboxOfMultiPolygon({
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [2, 0], [2, 1], [0, 0]]],
        [[[5, -3], [6, -3], [6, 4], [5, -3]]],
      ],
    })).toEqual([0, -3, 6, 4])
  })

  it('refuses an empty geometry', () => {
    expect(() => bboxOfMultiPolygon({ type: 'MultiPolygon', coordinates: [] })).toThrow(/empty/)
  })

  it('unions and tests containment', () => {
    const u = unionBBox([[0, 0, 1, 1], [-1, 0.5, 0.5, 3]])
    expect(u).toEqual([-1, 0, 1, 3])
    expect(inBBox([0, 2], u)).toBe(true)
    expect(inBBox([2, 2], u)).toBe(false)
    expect(() => unionBBox([])).toThrow()
  })
})

describe('distances and sectors', () => {
  const origin: [number, number] = [119.9, 29.9]

  it('round-trips destination and distance', () => {
    for (const bearing of [0, 45, 90, 200, 359]) {
      const p = destination(origin, bearing, 150)
      expect(distanceM(origin, p)).toBeCloseTo(150, 6)
    }
    expect(destination(origin, 0, 1000)[1]).toBeGreaterThan(origin[1])
    expect(destination(origin, 90, 1000)[0]).toBeGreaterThan(origin[0])
  })

  it('draws a closed counter-clockwise sector whose area matches fov/360 of the circle', () => {
    const ring = sectorRing(origin, 30, 90, 100, 1)
    expect(ring[0]).toEqual(ring.at(-1))
    // Shoelace on a local metric projection.
    const k = 111_320
    const xy = ring.map(([x, y]) => [(x - origin[0]) * k * Math.cos((origin[1] * Math.PI) / 180), (y - origin[1]) * k])
    let twice = 0
    for (let i = 0; i < xy.length - 1; i++)
      twice += xy[i]![0]! * xy[i + 1]![1]! - xy[i + 1]![0]! * xy[i]![1]!
    expect(twice).toBeGreaterThan(0)
    expect(twice / 2 / ((Math.PI * 100 ** 2) / 4)).toBeCloseTo(1, 2)
  })

  it('refuses impossible fields of view and ranges', () => {
    expect(() => sectorRing(origin, 0, 0, 100)).toThrow(/field of view/)
    expect(() => sectorRing(origin, 0, 400, 100)).toThrow(/field of view/)
    expect(() => sectorRing(origin, 0, 90, -5)).toThrow(/range/)
  })
})

describe('pointInMultiPolygon', () => {
  // A square with a square hole, and a second square beside it.
  const g: GeoJSON.MultiPolygon = {
    type: 'MultiPolygon',
    coordinates: [
      [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]],
      [[[5, 0], [6, 0], [6, 1], [5, 1], [5, 0]]],
    ],
  }

  it('is inside the outer ring and outside the hole, edges included', () => {
    expect(pointInMultiPolygon([0.5, 0.5], g)).toBe(true)
    expect(pointInMultiPolygon([2, 2], g)).toBe(false)
    expect(pointInMultiPolygon([5.5, 0.5], g)).toBe(true)
    expect(pointInMultiPolygon([4.5, 0.5], g)).toBe(false)
    expect(pointInMultiPolygon([0, 2], g)).toBe(true)
    expect(pointInMultiPolygon([1, 2], g)).toBe(true)
    expect(pointInMultiPolygon([4, 4], g)).toBe(true)
  })

  it('agrees with turf on jagged polygons with holes, for points inside, outside and on vertices', () => {
    const rng = mulberry(7)
    // A ring of n jittered points around a centre, at a radius varying by up to ±40%.
    const ring = (cx: number, cy: number, r: number, n: number, clockwise: boolean): GeoJSON.Position[] => {
      const pts = Array.from({ length: n }, (_, i) => {
        const a = (clockwise ? -1 : 1) * (2 * Math.PI * i) / n
        const rr = r * (0.6 + 0.8 * rng())
        return [Math.round((cx + rr * Math.cos(a)) * 1e6) / 1e6, Math.round((cy + rr * Math.sin(a)) * 1e6) / 1e6]
      })
      return [...pts, pts[0]!]
    }
    let inside = 0
    for (let k = 0; k < 40; k++) {
      const cx = 120 + rng() * 0.1
      const cy = 30 + rng() * 0.1
      const outer = ring(cx, cy, 0.01, 24, false)
      const g: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [[outer, ring(cx, cy, 0.002, 8, true)]] }
      const probes: GeoJSON.Position[] = [outer[3]!, ...Array.from({ length: 50 }, () => [cx - 0.015 + 0.03 * rng(), cy - 0.015 + 0.03 * rng()])]
      for (const p of probes) {
        const ours = pointInMultiPolygon(p, g)
        expect(ours, JSON.stringify(p)).toBe(booleanPointInPolygon(p, g))
        if (ours)
          inside++
      }
    }
    expect(inside).toBeGreaterThan(300)
  })
})

function mulberry(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
