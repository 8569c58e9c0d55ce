import { describe, expect, it } from 'vitest'
import { DEMO_USERS, generateDemoTownship } from '~/demo'
import { syntheticTerritory } from '~/domain/territoryImport/__fixtures__/territory'
import { territoryOf } from '~/domain/territoryImport/diff'
import { datasetOnTerritory } from './territoryDataset'

const base = generateDemoTownship({ anchor: Date.UTC(2026, 10, 1), caseCount: 300 })

describe('datasetOnTerritory', () => {
  it('gives back the same demo for the demo\'s own territory', () => {
    const same = datasetOnTerritory(base, territoryOf(base.grids))
    expect(same.grids.map(g => [g.id, g.code, g.parentId, g.chiefId]).sort()).toEqual(base.grids.map(g => [g.id, g.code, g.parentId, g.chiefId]).sort())
    expect(same.staff).toEqual(base.staff)
    expect(same.patrolRoutes).toEqual(base.patrolRoutes)
    // A case on a shared edge may land in the neighbour; nearly all stay where they were.
    const kept = same.cases.filter(c => base.cases.find(b => b.id === c.id)?.gridId === c.gridId)
    expect(kept.length).toBeGreaterThan(base.cases.length * 0.99)
  })

  it('puts an imported county elsewhere on its own grids, with the demo users on them and no stray records', () => {
    const grids = syntheticTerritory({ origin: [116.3, 39.9], townships: [2, 1] })
    const d = datasetOnTerritory(base, grids)
    expect(d.grids.map(g => g.code).sort()).toEqual(grids.map(g => g.code).sort())
    const ids = new Set(d.grids.map(g => g.id))
    for (const g of d.grids) {
      expect(g.parentId === null || ids.has(g.parentId)).toBe(true)
      expect(g.areaKm2).toBeGreaterThan(0)
    }
    expect(d.cases).toEqual([])
    expect(d.staff).toEqual([])
    expect(d.roads).toEqual([])
    const roles = new Map(d.memberships.map(m => [`${m.userId}/${m.role}`, d.grids.find(g => g.id === m.gridId)!.level]))
    expect(roles.get(`${DEMO_USERS.countyAdmin}/county_admin`)).toBe(1)
    expect(roles.get(`${DEMO_USERS.villageChief}/village_chief`)).toBe(2)
    expect(roles.get(`${DEMO_USERS.gridWorker}/grid_worker`)).toBe(3)
    expect(d.memberships.filter(m => m.role === 'county_admin')).toHaveLength(2)
  })

  it('re-files a case in the grid that now holds it', () => {
    const territory = territoryOf(base.grids)
    const c = base.cases.find(x => base.grids.find(g => g.id === x.gridId)!.level === 3)!
    const from = base.grids.find(g => g.id === c.gridId)!
    // The group is left out: its cases go to its village.
    const d = datasetOnTerritory(base, territory.filter(t => t.code !== from.code))
    expect(d.cases.find(x => x.id === c.id)!.gridId).toBe(from.parentId)
  })
})
