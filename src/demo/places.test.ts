import type { Feature, MultiPolygon } from 'geojson'
import type { Grid } from '~/domain/types'
import { booleanPointInPolygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { generateDemoTownship } from './index'

const data = generateDemoTownship({ anchor: Date.UTC(2026, 10, 1) })
const grids = new Map(data.grids.map(g => [g.id, g]))
const hasChildren = new Set(data.grids.map(g => g.parentId))
const feature = (g: Grid): Feature<MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g.boundary })

describe('demo key places', () => {
  it('number 20–40 with the kinds a township has', () => {
    expect(data.keyPlaces.length).toBeGreaterThanOrEqual(20)
    expect(data.keyPlaces.length).toBeLessThanOrEqual(40)
    const kinds = new Set(data.keyPlaces.map(p => p.kind))
    for (const k of ['school', 'market', 'clinic', 'government', 'construction', 'factory', 'station', 'square'])
      expect(kinds.has(k as never), k).toBe(true)
    expect(new Set(data.keyPlaces.map(p => p.id)).size).toBe(data.keyPlaces.length)
    expect(new Set(data.keyPlaces.map(p => p.name)).size).toBe(data.keyPlaces.length)
  })

  it('lie in the deepest grid containing them', () => {
    for (const p of data.keyPlaces) {
      const g = grids.get(p.gridId)!
      expect(hasChildren.has(g.id)).toBe(false)
      expect(booleanPointInPolygon(p.location, feature(g)), p.name).toBe(true)
      expect(p.nameEn.length).toBeGreaterThan(3)
    }
  })

  it('put the government, market and schools in the township seat', () => {
    const gov = data.keyPlaces.find(p => p.name === '青山镇人民政府')!
    const market = data.keyPlaces.find(p => p.name === '青山农贸市场')!
    const km = (a: number[], b: number[]): number => Math.hypot((a[0]! - b[0]!) * 96.5, (a[1]! - b[1]!) * 110.6)
    expect(km(gov.location, market.location)).toBeLessThan(1)
  })
})
