// supabase/seed.sql is the embedded demo township: it is current with the generator, loads into a
// freshly migrated database with psql (as `supabase db reset` would load it), and the RPCs return
// the demo's own records and computeKpis figures for every demo role.
import type { FeatureCollection } from 'geojson'
import type { TestDatabase } from './harness/db'
import type { GridKpiReport } from '~/data/DataSource'
import type { CaseRecord } from '~/domain/types'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_UNIT_HANDLER, DEMO_UNIT_HANDLER_UNITS } from '~/data/demo/demoUsers'
import { DEMO_USERS } from '~/demo'
import { DEMO_ANCHOR, demoSeedDataset, demoSeedSql } from '../seed/demo'
import { toUuid } from '../seed/ids'
import { seedUsers, storedDataset } from '../seed/seedSql'
import { capabilityDisagreements, visibilityDisagreements } from './agreement'
import { expectedKpiReport, expectedVisibleGrids } from './expectations'
import { asRequest, callRpc, createTestDatabase, userClaims } from './harness/db'
import { runSqlFile, SUPABASE_DIR } from './harness/postgres'

const SEED_FILE = join(SUPABASE_DIR, 'seed.sql')
const generated = demoSeedDataset(DEMO_ANCHOR)
const dataset = storedDataset(generated)
const DAY = 86_400_000

let db: TestDatabase
beforeAll(async () => {
  const server = inject('pg')
  db = await createTestDatabase(server)
  runSqlFile({ host: server.host, port: server.port, binDir: server.binDir }, db.name, SEED_FILE, { singleTransaction: false })
}, 180_000)
afterAll(async () => db?.drop())

describe('supabase/seed.sql', () => {
  it('is what build-seed.ts generates today (regenerate with `npx tsx supabase/seed/build-seed.ts`)', () => {
    expect(readFileSync(SEED_FILE, 'utf8') === demoSeedSql(generated)).toBe(true)
  })

  it('holds every row of the demo township', async () => {
    const { rows } = await db.admin.query(`select
      (select count(*) from public.grids)::int as grids, (select count(*) from public.cases)::int as cases,
      (select count(*) from public.staff)::int as staff, (select count(*) from public.cameras)::int as cameras,
      (select count(*) from public.key_places)::int as "keyPlaces", (select count(*) from public.patrol_teams)::int as "patrolTeams",
      (select count(*) from public.patrol_routes)::int as "patrolRoutes", (select count(*) from public.roads)::int as roads,
      (select count(*) from public.memberships)::int as memberships, (select count(*) from auth.users)::int as users,
      (select count(*) from public.staff where user_id is not null)::int as "linkedStaff",
      (select count(*) from public.unit_members)::int as "unitMembers"`)
    expect(rows[0]).toEqual({
      grids: dataset.grids.length,
      cases: dataset.cases.length,
      staff: dataset.staff.length,
      cameras: dataset.cameras.length,
      keyPlaces: dataset.keyPlaces.length,
      patrolTeams: dataset.patrolTeams.length,
      patrolRoutes: dataset.patrolRoutes.length,
      roads: dataset.roads.length,
      memberships: dataset.memberships.length,
      users: seedUsers(dataset).length,
      linkedStaff: 3,
      unitMembers: dataset.unitMemberships.length,
    })
  })

  it('has the demo unit handler: a login acting for the township offices, as in the embedded demo', async () => {
    const { rows } = await db.admin.query<{ email: string, units: string[], roles: string[] }>(`
      select u.email,
        array(select m.unit_id from public.unit_members m where m.user_id = u.id order by m.unit_id) as units,
        array(select r.role::text from public.memberships r where r.user_id = u.id) as roles
      from auth.users u where u.id = $1`, [toUuid(DEMO_UNIT_HANDLER)])
    expect(rows).toEqual([{ email: 'demo-unit-handler@example.com', units: [...DEMO_UNIT_HANDLER_UNITS].sort(), roles: ['grid_worker'] }])
    expect(readFileSync(SEED_FILE, 'utf8')).toContain('--   demo-unit-handler@example.com')
  })
})

describe('the demo roles see the same in both modes', () => {
  it('visibleGridIds() and row-level security agree for every demo login', async () => {
    expect(await visibilityDisagreements(db, dataset)).toEqual([])
  })

  it('and so do the capability checks (every grid, every 25th case)', async () => {
    const cases = dataset.cases.filter((_, i) => i % 25 === 0)
    const sampled = new Set(cases.map(c => c.id))
    // The demo's reporter contacts of the sampled cases: who may read each, per role, in both modes.
    const caseContacts = (dataset.caseContacts ?? []).filter(c => sampled.has(c.caseId))
    expect(caseContacts.length).toBeGreaterThan(20)
    const sample = { ...dataset, cases, caseContacts }
    expect(await capabilityDisagreements(db, sample)).toEqual([])
  })

  const periods = [
    ['the last 30 days', { from: DEMO_ANCHOR - 30 * DAY, to: DEMO_ANCHOR }],
    ['the last 365 days', { from: DEMO_ANCHOR - 365 * DAY, to: DEMO_ANCHOR }],
  ] as const

  it.each(Object.values(DEMO_USERS))('grid_kpis equals computeKpis for %s on their own grids and every visible grid at levels 1–2', async (userId) => {
    const visible = expectedVisibleGrids(dataset, userId)
    const own = new Set(dataset.memberships.filter(m => m.userId === userId).map(m => m.gridId))
    const grids = dataset.grids.filter(g => (g.level <= 2 || own.has(g.id)) && visible.has(toUuid(g.id)))
    expect(grids.length).toBeGreaterThan(0)
    for (const grid of grids) {
      for (const [label, period] of periods) {
        const report = await asRequest(db, userClaims(userId), c => callRpc<GridKpiReport>(c, 'grid_kpis', { p_grid_id: grid.id, p_from: period.from, p_to: period.to, p_now: DEMO_ANCHOR }))
        expect(report, `${grid.code} over ${label}`).toEqual(expectedKpiReport(dataset, visible, grid.id, period, DEMO_ANCHOR))
      }
    }
  })

  it('cases_in_view returns the demo\'s own case records for the township commander', async () => {
    const page = await asRequest(db, userClaims(DEMO_USERS.townshipCommander), c => callRpc<{ cases: CaseRecord[], total: number, truncated: boolean }>(c, 'cases_in_view'))
    // The whole township fits under the cap.
    expect([page.total, page.truncated]).toEqual([dataset.cases.length, false])
    const cases = page.cases
    const expected = [...dataset.cases]
      // The raw record always carries photoIds (null without photos); the data layer drops the null.
      .map(c => ({ ...c, coHandlers: c.coHandlers ?? [], photoIds: c.photoIds ?? null }))
      .sort((a, b) => a.reportedAt - b.reportedAt || (a.code < b.code ? -1 : 1))
    expect(cases).toEqual(expected)
  })

  it('grids_geojson returns the demo\'s own grids, boundaries included', async () => {
    const fc = await asRequest(db, userClaims(DEMO_USERS.townshipCommander), c => callRpc<FeatureCollection>(c, 'grids_geojson'))
    const byId = new Map(fc.features.map(f => [String(f.id), f]))
    expect(byId.size).toBe(dataset.grids.length)
    for (const g of dataset.grids) {
      const f = byId.get(g.id)!
      const { boundary, ...properties } = g
      expect(f.geometry, g.code).toEqual(boundary)
      expect(f.properties, g.code).toEqual(properties)
    }
  })

  it('the list RPCs return the demo\'s own cameras, key places, patrol teams and routes, staff and roads', async () => {
    const commander = userClaims(DEMO_USERS.townshipCommander)
    const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1))
    const call = async <T>(name: string) => (await asRequest(db, commander, c => callRpc<{ items: T[] }>(c, name))).items
    expect(byId(await call<{ id: string }>('list_cameras'))).toEqual(byId(dataset.cameras))
    expect(byId(await call<{ id: string }>('list_key_places'))).toEqual(byId(dataset.keyPlaces))
    expect(byId(await call<{ id: string }>('list_patrol_teams'))).toEqual(byId(dataset.patrolTeams))
    expect(byId(await call<{ id: string }>('list_patrol_routes'))).toEqual(byId(dataset.patrolRoutes))
    expect(byId(await call<{ id: string }>('list_staff'))).toEqual(byId(dataset.staff))
    expect(byId(await call<{ id: string }>('list_roads'))).toEqual(byId(dataset.roads))
  })
})
