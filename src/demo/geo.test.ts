import type { LngLat } from '~/domain/types'
import { area, polygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { bearingDeg, distanceToRingM, pointInRing, ringAreaKm2 } from './geo'

const square: LngLat[] = [[120, 30], [120.01, 30], [120.01, 30.01], [120, 30.01], [120, 30]]

describe('geo helpers', () => {
  it('tests points in a ring', () => {
    expect(pointInRing([120.005, 30.005], square)).toBe(true)
    expect(pointInRing([120.02, 30.005], square)).toBe(false)
  })

  it('measures distance to a ring in metres', () => {
    // The nearest edges are the east and west sides, 0.005° of longitude away.
    expect(distanceToRingM([120.005, 30.005], square)).toBeCloseTo(0.005 * 111320 * Math.cos(30.005 * Math.PI / 180), 3)
  })

  it('matches turf on area and is positive for counter-clockwise rings', () => {
    expect(ringAreaKm2(square)).toBeCloseTo(area(polygon([square])) / 1e6, 9)
    expect(ringAreaKm2([...square].reverse())).toBeLessThan(0)
  })

  it('gives bearings clockwise from north', () => {
    expect(bearingDeg([120, 30], [120, 30.1])).toBeCloseTo(0, 6)
    expect(bearingDeg([120, 30], [120.1, 30])).toBeCloseTo(90, 6)
    expect(bearingDeg([120, 30], [119.9, 30])).toBeCloseTo(270, 6)
  })
})
