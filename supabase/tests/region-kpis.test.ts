import type { TestDatabase } from './harness/db'
// region_kpis: a county's (children: townships) and a city's (children: counties) KPIs in one
// call, equal to computeKpis over the cases each fixture user may see — whether the region lies
// inside one of their scopes (no filter) or they see only part of it (their scopes filter).
import type { CaseKpis } from '~/domain/kpi'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { computeKpis } from '~/domain/kpi'
import { toUuid } from '../seed/ids'
import { expectedVisibleGrids } from './expectations'
import { fixtureTerritory, memberOf, NOW, PERIOD, USERS } from './fixtures/territory'
import { ANON, asRequest, callRpc, createTestDatabase, loadDataset, SERVICE, sqlState, userClaims } from './harness/db'

const dataset = fixtureTerritory()
const ALL_USERS = [...Object.values(USERS), memberOf('V2'), memberOf('H11')]
const codeOf = new Map(dataset.grids.map(g => [g.id, g.code]))

interface Report { region: { code: string, kpis: CaseKpis }, children: Array<{ code: string, gridId: string | null, kpis: CaseKpis }> }

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, dataset)
})
afterAll(async () => db?.drop())

/** What region_kpis should answer from the cases of the grids `visible` holds, or null for not found. */
function expected(visible: ReadonlySet<string>, region: string): Report | null {
  const city = region.length === 4
  const childOf = (code: string) => (city ? code.slice(0, 6) : `${code.slice(0, 9)}000000`)
  const seen = dataset.grids.filter(g => visible.has(toUuid(g.id)) && g.code.startsWith(region))
  if (seen.length === 0)
    return null
  const cases = dataset.cases.filter(c => visible.has(toUuid(c.gridId)) && codeOf.get(c.gridId)!.startsWith(region))
  const children = [...new Set(seen.map(g => childOf(g.code)))].sort()
  return {
    region: { code: region, kpis: computeKpis(cases, PERIOD, NOW) },
    children: children.map(code => ({
      code,
      gridId: city ? null : (seen.some(g => g.code === code) ? toUuid(dataset.grids.find(g => g.code === code)!.id) : null),
      kpis: computeKpis(cases.filter(c => childOf(codeOf.get(c.gridId)!) === code), PERIOD, NOW),
    })),
  }
}

describe.each([...ALL_USERS, 'service_role'])('region_kpis as %s', (userId) => {
  const claims = userId === 'service_role' ? SERVICE : userClaims(userId)
  const visible = userId === 'service_role' ? new Set(dataset.grids.map(g => toUuid(g.id))) : expectedVisibleGrids(dataset, userId)

  it.each(['330102', '330103', '3301', '3302'])('%s equals computeKpis over the visible cases, or not found', async (region) => {
    const want = expected(visible, region)
    if (want === null) {
      const state = await asRequest(db, claims, c => sqlState(c, 'select public.region_kpis($1, $2, $3, $4)', [region, PERIOD.from, PERIOD.to, NOW]))
      expect(state).toBe('P0002')
      return
    }
    const report = await asRequest(db, claims, c => callRpc<Report>(c, 'region_kpis', { p_region: region, p_from: PERIOD.from, p_to: PERIOD.to, p_now: NOW }))
    expect(report).toEqual(want)
    expect(report.region.kpis.total).toBeGreaterThan(0)
  })
})

describe('private.kpis_under decides visibility itself', () => {
  // It is a definer function granted to authenticated (PostgREST does not expose the private
  // schema, but nothing should rest on that): no root or match widens a caller's answer.
  it.each([USERS.worker, USERS.chief, USERS.foreignCommander])('as %s, a wide match or a foreign root counts only visible cases', async (userId) => {
    const visible = expectedVisibleGrids(dataset, userId)
    const want = computeKpis(dataset.cases.filter(c => visible.has(toUuid(c.gridId))), PERIOD, NOW)
    for (const [match, root] of [['*', null], ['330102.*', '330102'], ['330103.*', '330103'], ['*', '330102.001']] as const) {
      const got = await asRequest(db, userClaims(userId), async c => (await c.query<{ k: { total: CaseKpis } }>(
        'select private.kpis_under($1::extensions.lquery, $2::extensions.ltree, 1, to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0), to_timestamp($5 / 1000.0)) as k',
        [match, root, PERIOD.from, PERIOD.to, NOW],
      )).rows[0]!.k.total)
      const scoped = root === null ? want : computeKpis(dataset.cases.filter(c => visible.has(toUuid(c.gridId)) && codeOf.get(c.gridId)!.startsWith(root.replace('.', ''))), PERIOD, NOW)
      expect(got, `${match} under ${root}`).toEqual(scoped)
    }
  })
})

describe('region_kpis arguments', () => {
  const admin = userClaims(USERS.admin)
  it('refuses a code that is no county or city, and a reversed period (22023); anon may not call it', async () => {
    for (const region of ['33010', '330102001', 'abcd', ''])
      expect(await asRequest(db, admin, c => sqlState(c, 'select public.region_kpis($1, 0, 1)', [region])), region).toBe('22023')
    expect(await asRequest(db, admin, c => sqlState(c, 'select public.region_kpis(\'330102\', 2, 1)'))).toBe('22023')
    expect(await asRequest(db, ANON, c => sqlState(c, 'select public.region_kpis(\'330102\', 0, 1)'))).toBe('42501')
  })
})
