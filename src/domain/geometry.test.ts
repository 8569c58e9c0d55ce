import { describe, expect, it } from 'vitest'
import { bboxOfMultiPolygon, destination, distanceM, inBBox, sectorRing, unionBBox } from './geometry'

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
