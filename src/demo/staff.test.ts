import { describe, expect, it } from 'vitest'
import { generateDemoTownship } from './index'
import { DEMO_USERS } from './staff'

const data = generateDemoTownship({ anchor: Date.UTC(2026, 10, 1) })
const staff = new Map(data.staff.map(s => [s.id, s]))

describe('demo staff', () => {
  it('staffs every grid by level: chief and two workers per village, chief and a worker per group, a worker per sub-grid', () => {
    const expected = { 1: [true, 0], 2: [true, 2], 3: [true, 1], 4: [false, 1] } as const
    for (const g of data.grids) {
      const [chief, workers] = expected[g.level]
      expect(g.chiefId !== null, g.code).toBe(chief)
      expect(g.workerIds).toHaveLength(workers)
      if (g.chiefId !== null) {
        expect(staff.get(g.chiefId)).toMatchObject({ role: 'chief', gridId: g.id })
      }
      for (const w of g.workerIds)
        expect(staff.get(w)).toMatchObject({ role: 'worker', gridId: g.id })
    }
    expect(data.staff.filter(s => s.role === 'commander')).toHaveLength(1)
    expect(data.staff.find(s => s.role === 'commander')!.gridId).toBe(data.grids[0]!.id)
  })

  it('has fictional Chinese names, unique, and masked phones', () => {
    expect(new Set(data.staff.map(s => s.name)).size).toBe(data.staff.length)
    expect(new Set(data.staff.map(s => s.id)).size).toBe(data.staff.length)
    for (const s of data.staff) {
      expect(s.name).toMatch(/^[\u4E00-\u9FFF]{2,3}$/)
      expect(s.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/)
    }
  })
})

describe('demo memberships', () => {
  it('gives each demo user one role, at the right level', () => {
    const level = (gridId: string): number => data.grids.find(g => g.id === gridId)!.level
    const m = new Map(data.memberships.map(x => [x.userId, x]))
    expect(data.memberships).toHaveLength(5)
    expect(m.get(DEMO_USERS.countyAdmin)).toMatchObject({ role: 'county_admin', gridId: data.grids[0]!.id })
    expect(m.get(DEMO_USERS.townshipCommander)).toMatchObject({ role: 'township_commander', gridId: data.grids[0]!.id })
    expect(m.get(DEMO_USERS.wallViewer)).toMatchObject({ role: 'wall_viewer', gridId: data.grids[0]!.id })
    expect(m.get(DEMO_USERS.villageChief)!.role).toBe('village_chief')
    expect(level(m.get(DEMO_USERS.villageChief)!.gridId)).toBe(2)
    expect(m.get(DEMO_USERS.gridWorker)!.role).toBe('grid_worker')
    const group = data.grids.find(g => g.id === m.get(DEMO_USERS.gridWorker)!.gridId)!
    expect(group.level).toBe(3)
    expect(group.parentId).toBe(m.get(DEMO_USERS.villageChief)!.gridId)
  })
})
