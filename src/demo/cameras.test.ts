import type { Feature, MultiPolygon } from 'geojson'
import type { Grid } from '~/domain/types'
import { booleanPointInPolygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { directionName } from './cameras'
import { generateDemoTownship } from './index'

const data = generateDemoTownship({ anchor: Date.UTC(2026, 10, 1) })
const grids = new Map(data.grids.map(g => [g.id, g]))
const hasChildren = new Set(data.grids.map(g => g.parentId))
const feature = (g: Grid): Feature<MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g.boundary })

describe('demo cameras', () => {
  it('number 150–300, of every kind, with unique ids and codes', () => {
    expect(data.cameras.length).toBeGreaterThanOrEqual(150)
    expect(data.cameras.length).toBeLessThanOrEqual(300)
    expect(new Set(data.cameras.map(c => c.kind))).toEqual(new Set(['junction', 'key_place', 'checkpoint', 'road']))
    expect(new Set(data.cameras.map(c => c.id)).size).toBe(data.cameras.length)
    expect(new Set(data.cameras.map(c => c.code)).size).toBe(data.cameras.length)
    for (const c of data.cameras)
      expect(c.code).toMatch(/^\d{20}$/)
  })

  it('look in a direction with a 60–100° view over 30–150 m', () => {
    for (const c of data.cameras) {
      expect(c.bearing).toBeGreaterThanOrEqual(0)
      expect(c.bearing).toBeLessThan(360)
      expect(c.fov).toBeGreaterThanOrEqual(60)
      expect(c.fov).toBeLessThanOrEqual(100)
      expect(c.rangeM).toBeGreaterThanOrEqual(30)
      expect(c.rangeM).toBeLessThanOrEqual(150)
    }
  })

  it('are about 5% offline', () => {
    const share = data.cameras.filter(c => c.status === 'offline').length / data.cameras.length
    expect(share).toBeGreaterThan(0.03)
    expect(share).toBeLessThan(0.07)
  })

  it('lie in the deepest grid containing them', () => {
    for (const c of data.cameras) {
      const g = grids.get(c.gridId)!
      expect(hasChildren.has(g.id)).toBe(false)
      expect(booleanPointInPolygon(c.location, feature(g)), c.name).toBe(true)
    }
  })

  it('look at the key place they watch', () => {
    for (const c of data.cameras.filter(x => x.kind === 'key_place')) {
      const place = data.keyPlaces.find(p => c.name.startsWith(p.name))!
      expect(place, c.name).toBeDefined()
      const dx = (place.location[0] - c.location[0]) * Math.cos(c.location[1] * Math.PI / 180)
      const dy = place.location[1] - c.location[1]
      const toPlace = (Math.atan2(dx, dy) * 180 / Math.PI + 360) % 360
      const diff = Math.abs(((toPlace - c.bearing + 540) % 360) - 180)
      expect(diff).toBeLessThan(1)
    }
  })
})

describe('directionName', () => {
  it('names compass directions', () => {
    expect(directionName(0)).toBe('北向')
    expect(directionName(90)).toBe('东向')
    expect(directionName(224)).toBe('西南向')
    expect(directionName(350)).toBe('北向')
  })
})
