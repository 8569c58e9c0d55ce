import { describe, expect, it } from 'vitest'
import { fixFromCoords, GPS_ACCURACY_LIMIT_M, judgeFix } from './gpsFix'

describe('judgeFix', () => {
  const at = (accuracyM: number) => ({ location: [119.9, 30.1] as [number, number], accuracyM })
  it('takes a fix within the stated limit, up to and including it', () => {
    expect(GPS_ACCURACY_LIMIT_M).toBe(50)
    expect(judgeFix(at(8))).toBe('good')
    expect(judgeFix(at(50))).toBe('good')
  })
  it('asks about a wider one, and about one of unknown accuracy', () => {
    expect(judgeFix(at(50.1))).toBe('inaccurate')
    expect(judgeFix(at(200))).toBe('inaccurate')
    expect(judgeFix(at(Number.NaN))).toBe('inaccurate')
    expect(judgeFix(at(Infinity))).toBe('inaccurate')
    expect(judgeFix(at(-1))).toBe('inaccurate')
  })
  it('follows another limit when given one', () => {
    expect(judgeFix(at(80), 100)).toBe('good')
  })
})

describe('fixFromCoords', () => {
  it('reads longitude first, as every LngLat here', () => {
    expect(fixFromCoords({ longitude: 119.9, latitude: 30.1, accuracy: 12 })).toEqual({ location: [119.9, 30.1], accuracyM: 12 })
  })
  it('refuses coordinates that are no place', () => {
    expect(fixFromCoords({ longitude: 200, latitude: 30, accuracy: 5 })).toBeNull()
    expect(fixFromCoords({ longitude: 119, latitude: Number.NaN, accuracy: 5 })).toBeNull()
  })
})
