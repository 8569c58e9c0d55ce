import type { Feature, MultiPolygon } from 'geojson'
import type { Grid } from '~/domain/types'
import { area, booleanClockwise, booleanPointInPolygon, difference, featureCollection, intersect, kinks } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { parentGridCode, parseGridCode } from '~/domain/gridCode'
import { generateDemoTownship } from './index'

const data = generateDemoTownship({ anchor: Date.UTC(2026, 10, 1) })
const byId = new Map(data.grids.map(g => [g.id, g]))
const children = new Map<string, Grid[]>()
for (const g of data.grids) {
  if (g.parentId !== null)
    children.set(g.parentId, [...(children.get(g.parentId) ?? []), g])
}
const parents = data.grids.filter(g => children.has(g.id))
const feature = (g: Grid): Feature<MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g.boundary })
const m2 = (g: Grid): number => area(feature(g))

function bbox(g: Grid): [number, number, number, number] {
  const ring = g.boundary.coordinates[0]![0]!
  const xs = ring.map(p => p[0]!)
  const ys = ring.map(p => p[1]!)
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}

describe('demo grids: hierarchy and counts', () => {
  it('has one township, 12–20 villages, 50–80 groups and 150–250 sub-grids', () => {
    const count = (level: number): number => data.grids.filter(g => g.level === level).length
    expect(count(1)).toBe(1)
    expect(count(2)).toBeGreaterThanOrEqual(12)
    expect(count(2)).toBeLessThanOrEqual(20)
    expect(count(3)).toBeGreaterThanOrEqual(50)
    expect(count(3)).toBeLessThanOrEqual(80)
    expect(count(4)).toBeGreaterThanOrEqual(150)
    expect(count(4)).toBeLessThanOrEqual(250)
  })

  it('gives the township an area of 60–100 km²', () => {
    const township = data.grids[0]!
    expect(township.level).toBe(1)
    expect(m2(township) / 1e6).toBeGreaterThan(60)
    expect(m2(township) / 1e6).toBeLessThan(100)
    expect(township.areaKm2).toBeCloseTo(m2(township) / 1e6, 2)
  })

  it('uses valid, unique codes whose parent code is the parent grid', () => {
    expect(new Set(data.grids.map(g => g.code)).size).toBe(data.grids.length)
    expect(new Set(data.grids.map(g => g.id)).size).toBe(data.grids.length)
    for (const g of data.grids) {
      expect(parseGridCode(g.code).level).toBe(g.level)
      expect(g.code.startsWith('330122101')).toBe(true)
      if (g.parentId === null) {
        expect(g.level).toBe(1)
        continue
      }
      const parent = byId.get(g.parentId)!
      expect(parent.level).toBe(g.level - 1)
      expect(parentGridCode(g.code)).toBe(parent.code)
    }
  })

  it('lists parents before children', () => {
    const seen = new Set<string>()
    for (const g of data.grids) {
      if (g.parentId !== null)
        expect(seen.has(g.parentId)).toBe(true)
      seen.add(g.id)
    }
  })

  it('adds households and population up level by level', () => {
    for (const p of parents) {
      const kids = children.get(p.id)!
      expect(kids.reduce((a, k) => a + k.households, 0)).toBe(p.households)
      expect(kids.reduce((a, k) => a + k.population, 0)).toBe(p.population)
    }
    for (const g of data.grids) {
      expect(g.households).toBeGreaterThan(0)
      expect(g.population / g.households).toBeGreaterThan(2)
      expect(g.population / g.households).toBeLessThan(3.5)
    }
  })

  it('only splits groups into sub-grids, each into at least two', () => {
    for (const p of parents.filter(g => g.level === 3))
      expect(children.get(p.id)!.length).toBeGreaterThanOrEqual(2)
  })

  it('names villages and communities as 村/社区 with English names', () => {
    for (const v of data.grids.filter(g => g.level === 2)) {
      expect(v.name).toMatch(/(村|社区)$/)
      expect(v.nameEn).toMatch(/ (Village|Community)$/)
    }
  })
})

describe('demo grids: boundaries', () => {
  it('are single closed, counter-clockwise, non-self-intersecting rings rounded to 6 decimals', () => {
    for (const g of data.grids) {
      expect(g.boundary.type).toBe('MultiPolygon')
      expect(g.boundary.coordinates).toHaveLength(1)
      expect(g.boundary.coordinates[0]).toHaveLength(1)
      const ring = g.boundary.coordinates[0]![0]!
      expect(ring.length).toBeGreaterThanOrEqual(4)
      expect(ring[0]).toEqual(ring[ring.length - 1])
      expect(booleanClockwise(ring as [number, number][])).toBe(false)
      for (let i = 1; i < ring.length; i++)
        expect(ring[i]).not.toEqual(ring[i - 1])
      for (const [x, y] of ring) {
        expect(Math.round(x! * 1e6) / 1e6).toBe(x)
        expect(Math.round(y! * 1e6) / 1e6).toBe(y)
      }
      expect(kinks(feature(g)).features, g.code).toHaveLength(0)
    }
  })

  it('sum to their parent\'s area within 0.1% at every level', () => {
    for (const p of parents) {
      const sum = children.get(p.id)!.reduce((a, k) => a + m2(k), 0)
      expect(Math.abs(sum / m2(p) - 1), p.code).toBeLessThan(0.001)
    }
  })

  it('do not overlap their siblings', () => {
    let pairs = 0
    for (const p of parents) {
      const kids = children.get(p.id)!
      for (let i = 0; i < kids.length; i++) {
        for (let j = i + 1; j < kids.length; j++) {
          const a = bbox(kids[i]!)
          const b = bbox(kids[j]!)
          if (a[0] > b[2] || b[0] > a[2] || a[1] > b[3] || b[1] > a[3])
            continue
          pairs++
          const overlap = intersect(featureCollection([feature(kids[i]!), feature(kids[j]!)]))
          expect(overlap === null ? 0 : area(overlap), `${kids[i]!.code} × ${kids[j]!.code}`).toBeLessThan(1)
        }
      }
    }
    expect(pairs).toBeGreaterThan(100)
  })

  it('lie inside their parent', () => {
    for (const g of data.grids.filter(x => x.parentId !== null)) {
      const outside = difference(featureCollection([feature(g), feature(byId.get(g.parentId!)!)]))
      expect(outside === null ? 0 : area(outside), g.code).toBeLessThan(1)
    }
  })

  it('have areas that match their geometry and label points inside them', () => {
    for (const g of data.grids) {
      expect(Math.abs(g.areaKm2 - m2(g) / 1e6)).toBeLessThan(0.001)
      expect(booleanPointInPolygon(g.labelPoint, feature(g)), g.code).toBe(true)
    }
  })

  it('look organic: far more vertices than a straight-edged cell', () => {
    for (const g of data.grids.filter(x => x.level === 2))
      expect(g.boundary.coordinates[0]![0]!.length).toBeGreaterThan(60)
  })
})

describe('demo grids: names', () => {
  it('are unique among siblings, in Chinese and English', () => {
    for (const p of parents) {
      const kids = children.get(p.id)!
      expect(new Set(kids.map(k => k.name)).size).toBe(kids.length)
      expect(new Set(kids.map(k => k.nameEn)).size).toBe(kids.length)
    }
    expect(new Set(data.grids.filter(g => g.level === 3).map(g => g.name)).size).toBeGreaterThan(8)
  })
})
