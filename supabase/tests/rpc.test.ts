// Every read RPC, called with the JSON arguments supabase-js sends, under each fixture user's
// claims: nothing outside the user's subtrees comes back, everything inside does, and the KPI
// report equals computeKpis over the same visible cases.
import type { FeatureCollection } from 'geojson'
import type { Claims, TestDatabase } from './harness/db'
import type { GridKpiReport } from '~/data/DataSource'
import type { CaseRecord } from '~/domain/types'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { gridPath, pathWithin } from '~/domain/access'
import { toUuid } from '../seed/ids'
import { expectedKpiReport, expectedVisibleGrids } from './expectations'
import { caseId, CASES_PER_GRID, fixtureTerritory, GRID_KEYS, gridBox, gridId, memberOf, NOW, PERIOD, USERS } from './fixtures/territory'
import { ANON, asRequest, callRpc, createTestDatabase, loadDataset, SERVICE, sqlState, userClaims } from './harness/db'

const dataset = fixtureTerritory()
const ALL_USERS = [...Object.values(USERS), memberOf('V2'), memberOf('H11')]

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, dataset)
})
afterAll(async () => db?.drop())

function rpc<T>(claims: Claims, name: string, args: Record<string, unknown> = {}): Promise<T> {
  return asRequest(db, claims, c => callRpc<T>(c, name, args))
}

/** The rows of a capped list RPC (under "cases" for cases_in_view, "items" for the others), checking the page says it is whole. */
async function list<T>(claims: Claims, name: string, args: Record<string, unknown> = {}): Promise<T[]> {
  const page = await rpc<{ cases?: T[], items?: T[], total: number, truncated: boolean }>(claims, name, args)
  const rows = (name === 'cases_in_view' ? page.cases : page.items)!
  expect({ total: page.total, truncated: page.truncated }, name).toEqual({ total: rows.length, truncated: false })
  return rows
}

const gridOfUuid = new Map(dataset.grids.map(g => [toUuid(g.id), g]))
const teamGrid = new Map(dataset.patrolTeams.map(t => [toUuid(t.id), toUuid(t.gridId)]))
const sortedIds = (ids: Iterable<string>) => [...ids].sort()
const hasMembershipIn = (userId: string, county: string) => dataset.memberships.some(m => m.userId === userId && gridOfUuid.get(toUuid(m.gridId))!.code.startsWith(county))

describe.each(ALL_USERS)('read RPCs as %s return exactly the visible rows', (userId) => {
  const claims = userClaims(userId)
  const visible = expectedVisibleGrids(dataset, userId)
  const inVisible = (items: Array<{ gridId: string }>) => sortedIds(new Set(items.map(i => i.gridId)))
  const expectedGrids = (gridIds: string[]) => sortedIds(new Set(gridIds.filter(id => visible.has(id))))

  it('grids_geojson', async () => {
    const fc = await rpc<FeatureCollection>(claims, 'grids_geojson')
    expect(fc.type).toBe('FeatureCollection')
    expect(sortedIds(fc.features.map(f => String(f.id)))).toEqual(sortedIds(visible))
  })

  it('cases_in_view', async () => {
    const cases = await list<CaseRecord>(claims, 'cases_in_view')
    const expected = dataset.cases.filter(c => visible.has(toUuid(c.gridId))).map(c => toUuid(c.id))
    expect(sortedIds(cases.map(c => c.id))).toEqual(sortedIds(expected))
  })

  it('list_staff, list_cameras, list_key_places, list_patrol_teams', async () => {
    for (const [name, rows] of [['list_staff', dataset.staff], ['list_cameras', dataset.cameras], ['list_key_places', dataset.keyPlaces], ['list_patrol_teams', dataset.patrolTeams]] as const) {
      const items = await list<{ gridId: string }>(claims, name)
      expect(inVisible(items), name).toEqual(expectedGrids(rows.map(r => toUuid(r.gridId))))
      expect(items.length, name).toBe(rows.filter(r => visible.has(toUuid(r.gridId))).length)
    }
  })

  it('list_patrol_routes', async () => {
    const routes = await list<{ teamId: string }>(claims, 'list_patrol_routes')
    expect(sortedIds(routes.map(r => teamGrid.get(r.teamId)!))).toEqual(sortedIds(dataset.patrolRoutes.map(r => teamGrid.get(toUuid(r.teamId))!).filter(g => visible.has(g))))
  })

  it('list_roads: the county\'s road network, for members of that county only', async () => {
    const roads = await list<unknown>(claims, 'list_roads')
    // The fixture's one road runs through county 330102.
    expect(roads.length).toBe(hasMembershipIn(userId, '330102') ? dataset.roads.length : 0)
  })

  it('grid_lineage: only visible ancestors, root first', async () => {
    const fc = await rpc<FeatureCollection>(claims, 'grid_lineage', { p_grid_id: toUuid(gridId('S111')) })
    const expected = ['T1', 'V1', 'G11', 'S111'].map(k => toUuid(gridId(k as 'T1'))).filter(id => visible.has(id))
    expect(fc.features.map(f => String(f.id))).toEqual(visible.has(toUuid(gridId('S111'))) ? expected : [])
  })

  it('grid_kpis: equals computeKpis over the visible cases, or not found', async () => {
    for (const grid of dataset.grids) {
      const id = toUuid(grid.id)
      const args = { p_grid_id: id, p_from: PERIOD.from, p_to: PERIOD.to, p_now: NOW }
      if (!visible.has(id)) {
        const state = await asRequest(db, claims, c => sqlState(c, 'select public.grid_kpis($1, $2, $3, $4)', [id, PERIOD.from, PERIOD.to, NOW]))
        expect(state, grid.code).toBe('P0002')
        continue
      }
      const report = await rpc<GridKpiReport>(claims, 'grid_kpis', args)
      expect(report, grid.code).toEqual(expectedKpiReport(dataset, visible, id, PERIOD, NOW))
    }
  })

  it('my_access: the caller\'s own memberships', async () => {
    const me = await rpc<{ userId: string, memberships: Array<{ gridId: string, role: string }> }>(claims, 'my_access')
    expect(me.userId).toBe(toUuid(userId))
    expect(me.memberships.map(m => `${m.gridId}:${m.role}`).sort())
      .toEqual(dataset.memberships.filter(m => m.userId === userId).map(m => `${toUuid(m.gridId)}:${m.role}`).sort())
  })
})

// p_subtree_of (list_cases: subtreeOf) names a grid; the answer is the part of its subtree the
// caller may see, whether or not the root itself is visible: a village chief asking for the
// township gets their village, as DemoDataSource does. One check per RPC family, for every login
// and every grid of the fixture as the root.
describe.each(ALL_USERS)('p_subtree_of as %s: the visible part of the subtree, whatever the root', (userId) => {
  const claims = userClaims(userId)
  const visible = expectedVisibleGrids(dataset, userId)
  const codeOf = new Map(dataset.grids.map(g => [toUuid(g.id), g.code]))
  /** Grids at or below `root` that the user sees, as uuids. */
  const visiblePart = (root: string) => new Set([...visible].filter(id => pathWithin(gridPath(codeOf.get(id)!), gridPath(codeOf.get(root)!))))
  const roots = GRID_KEYS.map(k => toUuid(gridId(k)))

  it('grids_geojson', async () => {
    for (const root of roots) {
      const fc = await rpc<FeatureCollection>(claims, 'grids_geojson', { p_subtree_of: root })
      expect(sortedIds(fc.features.map(f => String(f.id))), codeOf.get(root)).toEqual(sortedIds(visiblePart(root)))
    }
  })

  it('cases_in_view and list_cases', async () => {
    for (const root of roots) {
      const part = visiblePart(root)
      const expected = sortedIds(dataset.cases.filter(c => part.has(toUuid(c.gridId))).map(c => toUuid(c.id)))
      const viewed = await list<CaseRecord>(claims, 'cases_in_view', { p_subtree_of: root })
      expect(sortedIds(viewed.map(c => c.id)), `cases_in_view ${codeOf.get(root)}`).toEqual(expected)
      const page = await rpc<{ total: number, cases: CaseRecord[], truncated: boolean }>(claims, 'list_cases', { p_filter: { subtreeOf: root, limit: 10000 } })
      expect(page.total, `list_cases ${codeOf.get(root)}`).toBe(expected.length)
      expect(page.truncated, `list_cases ${codeOf.get(root)}`).toBe(false)
      expect(sortedIds(page.cases.map(c => c.id)), `list_cases ${codeOf.get(root)}`).toEqual(expected)
    }
  })

  it('list_staff, list_cameras, list_key_places, list_patrol_teams, list_patrol_routes', async () => {
    for (const root of roots) {
      const part = visiblePart(root)
      for (const [name, rows] of [['list_staff', dataset.staff], ['list_cameras', dataset.cameras], ['list_key_places', dataset.keyPlaces], ['list_patrol_teams', dataset.patrolTeams]] as const) {
        const items = await list<{ id: string }>(claims, name, { p_subtree_of: root })
        expect(sortedIds(items.map(i => i.id)), `${name} ${codeOf.get(root)}`).toEqual(sortedIds(rows.filter(r => part.has(toUuid(r.gridId))).map(r => toUuid(r.id))))
      }
      const routes = await list<{ id: string }>(claims, 'list_patrol_routes', { p_subtree_of: root })
      const expected = dataset.patrolRoutes.filter(r => part.has(teamGrid.get(toUuid(r.teamId))!)).map(r => toUuid(r.id))
      expect(sortedIds(routes.map(r => r.id)), `list_patrol_routes ${codeOf.get(root)}`).toEqual(sortedIds(expected))
    }
  })
})

describe('read RPCs for anon and service_role', () => {
  const names = ['grids_geojson', 'grid_lineage', 'cases_in_view', 'grid_kpis', 'list_staff', 'list_patrol_teams', 'list_patrol_routes', 'list_cameras', 'list_key_places', 'list_roads', 'my_access']

  it.each(names)('anon may not call %s', async (name) => {
    const state = await asRequest(db, ANON, c => sqlState(c, `select public.${name}(${name === 'grid_lineage' ? `'${toUuid(gridId('T1'))}'::uuid` : name === 'grid_kpis' ? `'${toUuid(gridId('T1'))}'::uuid, 0, 1` : ''})`))
    expect(state).toBe('42501')
  })

  it('service_role sees the whole territory', async () => {
    const fc = await rpc<FeatureCollection>(SERVICE, 'grids_geojson')
    expect(fc.features).toHaveLength(dataset.grids.length)
    const cases = await list<CaseRecord>(SERVICE, 'cases_in_view')
    expect(cases).toHaveLength(dataset.cases.length)
  })
})

describe('rPC filters', () => {
  const commander = userClaims(USERS.commander)
  const chief = userClaims(USERS.chief)

  it('grids_geojson filters by level, parent, subtree, codes, ids and bbox', async () => {
    const ids = async (args: Record<string, unknown>, claims = commander) =>
      sortedIds((await rpc<FeatureCollection>(claims, 'grids_geojson', args)).features.map(f => gridOfUuid.get(String(f.id))!.code))
    expect(await ids({ p_level: 2 })).toEqual(['330102001001000', '330102001002000'])
    expect(await ids({ p_parent_id: toUuid(gridId('V1')) })).toEqual(['330102001001001', '330102001001002'])
    expect(await ids({ p_subtree_of: toUuid(gridId('G11')) })).toEqual(['330102001001001', '330102001001001001'])
    expect(await ids({ p_codes: ['330102001002000', '330102002000000'] })).toEqual(['330102001002000'])
    expect(await ids({ p_ids: [toUuid(gridId('V2'))] })).toEqual(['330102001002000'])
    // A box strictly inside V2: V2, its group and the township intersect it; V1 and its children only touch nothing.
    expect(await ids({ p_bbox: [120.15, 30.05, 120.16, 30.06] })).toEqual(['330102001000000', '330102001002000', '330102001002001'])
    // The subtree root need not be visible: the chief asking for the township gets their part of it.
    expect(await ids({ p_subtree_of: toUuid(gridId('T1')), p_level: 2 }, chief)).toEqual(['330102001001000'])
  })

  it('grids_geojson returns the Grid properties and a MultiPolygon', async () => {
    const fc = await rpc<FeatureCollection>(commander, 'grids_geojson', { p_ids: [toUuid(gridId('G11'))] })
    const g = dataset.grids.find(x => x.id === gridId('G11'))!
    expect(fc.features[0]!.geometry).toEqual(g.boundary)
    expect(fc.features[0]!.properties).toEqual({
      id: toUuid(g.id),
      code: g.code,
      level: g.level,
      parentId: toUuid(g.parentId!),
      name: g.name,
      nameEn: g.nameEn,
      labelPoint: g.labelPoint,
      areaKm2: g.areaKm2,
      households: g.households,
      population: g.population,
      chiefId: toUuid(g.chiefId!),
      workerIds: g.workerIds.map(toUuid),
    })
  })

  it('cases_in_view returns CaseRecords and filters by period, status, category, bbox, subtree, ids and limit', async () => {
    const all = await list<CaseRecord>(commander, 'cases_in_view', { p_ids: [toUuid(caseId('G11', 'c'))] })
    const source = dataset.cases.find(c => c.id === caseId('G11', 'c'))!
    expect(all).toEqual([{
      ...source,
      id: toUuid(source.id),
      gridId: toUuid(source.gridId),
      assigneeId: null,
      coHandlers: [],
      photoIds: null,
    }])
    const codes = async (args: Record<string, unknown>) => (await list<CaseRecord>(commander, 'cases_in_view', args)).map(c => c.id)
    const inT1 = dataset.cases.filter(c => pathWithin(gridPath(gridOfUuid.get(toUuid(c.gridId))!.code), '330102.001'))
    expect((await codes({ p_from: PERIOD.from, p_to: PERIOD.to })).length).toBe(inT1.filter(c => c.reportedAt >= PERIOD.from && c.reportedAt < PERIOD.to).length)
    expect((await codes({ p_statuses: ['closed'] })).length).toBe(inT1.filter(c => c.status === 'closed').length)
    expect((await codes({ p_category_codes: ['0102'] })).length).toBe(0)
    expect((await codes({ p_subtree_of: toUuid(gridId('G11')) })).length).toBe(2 * CASES_PER_GRID)
    expect((await codes({ p_bbox: gridBox('G12') })).length).toBeGreaterThan(0)
    const inBox = await list<CaseRecord>(commander, 'cases_in_view', { p_bbox: gridBox('G12') })
    const [w, s, e, n] = gridBox('G12')
    expect(inBox.every(c => c.location[0] >= w && c.location[0] <= e && c.location[1] >= s && c.location[1] <= n)).toBe(true)
    const limited = await rpc<{ cases: CaseRecord[], total: number, truncated: boolean, limit: number }>(commander, 'cases_in_view', { p_limit: 3 })
    expect([limited.total, limited.truncated, limited.limit]).toEqual([inT1.length, true, 3])
    const ordered = limited.cases
    expect(ordered).toHaveLength(3)
    expect(ordered.map(c => c.reportedAt)).toEqual([...ordered.map(c => c.reportedAt)].sort((a, b) => a - b))
  })

  it('cases_in_view: a point on a box edge is in it, a point a hair outside is not (ST_Intersects, not the float4-rounded boxes of &&)', async () => {
    const c = dataset.cases.find(k => k.id === caseId('G11', 'c'))!
    const [x, y] = c.location
    const ids = async (bbox: number[]) => (await list<CaseRecord>(commander, 'cases_in_view', { p_bbox: bbox })).map(k => k.id)
    // Edges exactly through the point: inside, as the demo's inBBox has it.
    expect(await ids([x - 0.01, y - 0.01, x, y + 0.01])).toContain(toUuid(c.id))
    expect(await ids([x, y, x + 0.01, y + 0.01])).toContain(toUuid(c.id))
    // 1e-7° (about a centimetre) outside each edge in turn: far below float4's resolution at 120°.
    for (const bbox of [
      [x - 0.01, y - 0.01, x - 1e-7, y + 0.01],
      [x + 1e-7, y - 0.01, x + 0.01, y + 0.01],
      [x - 0.01, y - 0.01, x + 0.01, y - 1e-7],
      [x - 0.01, y + 1e-7, x + 0.01, y + 0.01],
    ])
      expect(await ids(bbox), JSON.stringify(bbox)).not.toContain(toUuid(c.id))
  })

  it('refuses malformed arguments with invalid_parameter_value', async () => {
    for (const sql of [
      'select public.cases_in_view(p_bbox => \'{1,2,3}\')',
      'select public.cases_in_view(p_bbox => \'{2,0,1,1}\')',
      'select public.cases_in_view(p_from => 10, p_to => 5)',
      'select public.grids_geojson(p_level => 5)',
      `select public.grid_kpis('${toUuid(gridId('T1'))}', 10, 5)`,
    ]) {
      expect(await asRequest(db, commander, c => sqlState(c, sql)), sql).toBe('22023')
    }
  })

  it('list RPCs filter by subtree and bbox', async () => {
    const cams = await list<{ gridId: string }>(commander, 'list_cameras', { p_subtree_of: toUuid(gridId('V1')) })
    expect(sortedIds(cams.map(c => gridOfUuid.get(c.gridId)!.code))).toEqual(['330102001001000', '330102001001001', '330102001001002', '330102001001001001'].sort())
    const routes = await list<unknown>(commander, 'list_patrol_routes', { p_bbox: [121.0, 30.0, 121.2, 30.2] })
    expect(routes).toEqual([])
    const roads = await list<unknown>(commander, 'list_roads', { p_bbox: [121.0, 30.0, 121.2, 30.2] })
    expect(roads).toEqual([])
    const places = await list<{ gridId: string }>(commander, 'list_key_places', { p_bbox: gridBox('S111') })
    expect(places.map(p => gridOfUuid.get(p.gridId)!.code)).toEqual(['330102001001001001'])
  })
})
