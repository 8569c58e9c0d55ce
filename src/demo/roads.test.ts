import type { Feature, MultiPolygon } from 'geojson'
import type { Grid, LngLat } from '~/domain/types'
import { booleanPointInPolygon, distance } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { generateDemoTownship } from './index'
import { Rng } from './random'
import { curve } from './roads'

const data = generateDemoTownship({ anchor: Date.UTC(2026, 10, 1) })
const township = data.grids[0]!
const feature = (g: Grid): Feature<MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g.boundary })
const key = (p: readonly number[]): string => `${p[0]},${p[1]}`
const roadEdges = new Set<string>()
const roadVertices = new Set<string>()
for (const r of data.roads) {
  const c = r.path.coordinates
  c.forEach(p => roadVertices.add(key(p)))
  for (let i = 0; i + 1 < c.length; i++) {
    roadEdges.add(`${key(c[i]!)}|${key(c[i + 1]!)}`)
    roadEdges.add(`${key(c[i + 1]!)}|${key(c[i]!)}`)
  }
}

describe('demo roads', () => {
  it('have main roads out to the edges and named village roads', () => {
    const main = data.roads.filter(r => r.kind === 'main')
    expect(main.length).toBeGreaterThanOrEqual(2)
    expect(data.roads.filter(r => r.kind === 'village').length).toBeGreaterThanOrEqual(8)
    for (const r of main) {
      const c = r.path.coordinates
      // Main roads leave the township: an end lies outside it.
      expect(booleanPointInPolygon(c[c.length - 1]!, feature(township))).toBe(false)
    }
    for (const r of data.roads) {
      expect(r.name).toMatch(/[\u4E00-\u9FFF]/)
      expect(r.path.coordinates.length).toBeGreaterThanOrEqual(2)
    }
  })

  it('reach every village centre', () => {
    for (const v of data.grids.filter(g => g.level === 2)) {
      const nearest = Math.min(...[...roadVertices].map(k => distance(v.labelPoint, k.split(',').map(Number) as LngLat)))
      expect(nearest, v.name).toBeLessThan(0.3)
    }
  })

  it('wind gently: no sharp turns and vertices 50–200 m apart', () => {
    for (const r of data.roads) {
      const c = r.path.coordinates as LngLat[]
      for (let i = 0; i + 1 < c.length; i++) {
        const d = distance(c[i]!, c[i + 1]!)
        expect(d).toBeGreaterThan(0.03)
        expect(d).toBeLessThan(0.2)
      }
    }
  })
})

describe('curve', () => {
  it('starts and ends exactly at its endpoints and stays near the straight line', () => {
    const pts = curve(new Rng('c'), [0, 0], [3, 0])
    expect(pts[0]).toEqual([0, 0])
    expect(pts[pts.length - 1]).toEqual([3, 0])
    expect(pts.length).toBe(26)
    for (const [, y] of pts) expect(Math.abs(y)).toBeLessThan(0.45)
    expect(pts.some(([, y]) => Math.abs(y) > 0.01)).toBe(true)
  })
})

describe('demo patrols', () => {
  it('has 8–14 teams of every kind, volunteers on odd and on even days', () => {
    expect(data.patrolTeams.length).toBeGreaterThanOrEqual(8)
    expect(data.patrolTeams.length).toBeLessThanOrEqual(14)
    expect(new Set(data.patrolTeams.map(t => t.kind))).toEqual(new Set(['police', 'militia', 'volunteer', 'security']))
    const volunteerDays = data.patrolRoutes
      .filter(r => data.patrolTeams.find(t => t.id === r.teamId)!.kind === 'volunteer')
      .map(r => r.schedule.days.kind)
    expect(new Set(volunteerDays)).toEqual(new Set(['odd', 'even']))
    expect(data.patrolRoutes.some(r => r.schedule.days.kind === 'daily')).toBe(true)
  })

  it('puts every team\'s post on a road vertex inside the team\'s grid, a separate one per village', () => {
    const byId = new Map(data.grids.map(g => [g.id, g]))
    for (const t of data.patrolTeams) {
      expect(t.post, t.name).not.toBeNull()
      expect(roadVertices.has(key(t.post!)), t.name).toBe(true)
      expect(booleanPointInPolygon(t.post!, feature(byId.get(t.gridId)!)), t.name).toBe(true)
    }
    const volunteers = data.patrolTeams.filter(t => t.kind === 'volunteer')
    expect(new Set(volunteers.map(t => key(t.post!))).size).toBe(volunteers.length)
  })

  it('gives every team a route, on grids that exist', () => {
    const gridIds = new Set(data.grids.map(g => g.id))
    const staffIds = new Set(data.staff.map(s => s.id))
    for (const t of data.patrolTeams) {
      expect(gridIds.has(t.gridId)).toBe(true)
      expect(data.patrolRoutes.filter(r => r.teamId === t.id)).toHaveLength(1)
      expect(t.memberCount).toBeGreaterThan(0)
      if (t.leaderId !== null)
        expect(staffIds.has(t.leaderId)).toBe(true)
      if (t.kind === 'volunteer')
        expect(data.grids.find(g => g.id === t.gridId)!.level).toBe(2)
    }
  })

  it('routes run along roads: consecutive route vertices are consecutive road vertices', () => {
    for (const r of data.patrolRoutes) {
      const c = r.path.coordinates
      expect(c.length).toBeGreaterThanOrEqual(2)
      for (let i = 0; i + 1 < c.length; i++)
        expect(roadEdges.has(`${key(c[i]!)}|${key(c[i + 1]!)}`), r.name).toBe(true)
      let km = 0
      for (let i = 0; i + 1 < c.length; i++) km += distance(c[i]!, c[i + 1]!)
      expect(Math.abs(km - r.lengthKm) / km).toBeLessThan(0.01)
      expect(r.lengthKm).toBeGreaterThan(0.2)
    }
  })

  it('schedules use HH:MM windows', () => {
    for (const r of data.patrolRoutes) {
      expect(r.schedule.windows.length).toBeGreaterThan(0)
      for (const w of r.schedule.windows) {
        expect(w.start).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/)
        expect(w.end).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/)
      }
      if (r.schedule.days.kind === 'weekdays') {
        for (const d of r.schedule.days.weekdays) {
          expect(d).toBeGreaterThanOrEqual(1)
          expect(d).toBeLessThanOrEqual(7)
        }
      }
    }
  })
})
