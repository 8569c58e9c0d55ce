import type { RecordedRequest, Reply } from './__fixtures__/recordingFetch'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DataError } from '../DataSource'
import { CONTRACT_CALLS, FIXTURE_NOW, FIXTURE_PERIOD } from './__fixtures__/contract'
import { TEST_ANON_KEY, testJwt } from './__fixtures__/jwt'
import { recordingFetch } from './__fixtures__/recordingFetch'
import { CAMERA, CAMERA_ROW, CASE, CASE_ROW, EMPTY_KPIS_JSON, GRID, GRID_FEATURE, KPI_REPORT_JSON, KPIS_JSON, MY_ACCESS_ROW, PLACE, PLACE_ROW, ROAD, ROAD_ROW, ROUTE, ROUTE_ROW, STAFF_MEMBER, STAFF_ROW, TEAM, TEAM_ROW, TOWNSHIP_FEATURE } from './__fixtures__/rows'
import { testClientOptions } from './__fixtures__/testClient'
import { createSupabaseAuth } from './auth'
import { createSupabaseClient } from './client'
import { SupabaseDataSource } from './SupabaseDataSource'

const URL_BASE = 'https://pingan-test.supabase.co'
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features, total: features.length, truncated: false, limit: 20000 })
/** A list RPC's capped answer: the rows under `key`, all of them (not truncated). */
const capped = (key: string, rows: unknown[], more: Partial<{ total: number, truncated: boolean }> = {}) => ({ [key]: rows, total: rows.length, truncated: false, limit: 10000, ...more })

/** A valid answer for each RPC, so every call completes. */
function defaultReply(r: RecordedRequest): Reply {
  switch (r.url.pathname.replace('/rest/v1/rpc/', '')) {
    case 'grids_geojson': return { json: fc(GRID_FEATURE) }
    case 'grid_lineage': return { json: fc(TOWNSHIP_FEATURE, GRID_FEATURE) }
    case 'cases_in_view': return { json: capped('cases', [CASE_ROW]) }
    case 'grid_kpis': return { json: KPI_REPORT_JSON }
    case 'my_access': return { json: MY_ACCESS_ROW }
    default: return { json: capped('items', []) }
  }
}

function setup(handler: (r: RecordedRequest) => Reply = defaultReply, clock: () => number = () => FIXTURE_NOW) {
  const rec = recordingFetch(handler)
  const client = createSupabaseClient({ url: URL_BASE, anonKey: TEST_ANON_KEY }, testClientOptions(rec.fetch))
  return { rec, client, ds: new SupabaseDataSource(client, clock) }
}

async function failure(p: Promise<unknown>): Promise<DataError> {
  try {
    await p
  }
  catch (error) {
    expect(error).toBeInstanceOf(DataError)
    return error as DataError
  }
  throw new Error('expected the call to fail')
}

describe('the requests supabase-js emits (the contract shared with the database test)', () => {
  it.each(CONTRACT_CALLS.map(c => [c.name, c] as const))('%s', async (_, call) => {
    const { rec, ds } = setup()
    // Some calls end in a DataError (a grid id that cannot exist); the requests are what counts here.
    await call.run(ds).catch((error: unknown) => expect(error).toBeInstanceOf(DataError))
    expect(rec.rpcCalls()).toEqual(call.requests)
    for (const r of rec.requests) {
      expect(r.method).toBe('POST')
      expect(r.url.origin).toBe(URL_BASE)
      expect(r.url.search).toBe('')
      // No session: PostgREST sees the anon key as both API key and bearer token.
      expect(r.headers).toMatchObject({ 'apikey': TEST_ANON_KEY, 'authorization': `Bearer ${TEST_ANON_KEY}`, 'content-type': 'application/json', 'content-profile': 'public' })
    }
  })

  it('covers every RPC the data layer calls', () => {
    // auth.ts's my_access is no DataSource call; auth.test.ts checks its request.
    const source = readFileSync(new URL('./SupabaseDataSource.ts', import.meta.url), 'utf8')
    const called = new Set([...source.matchAll(/\.rpc\('([a-z_]+)'/g)].map(m => m[1]))
    const inContract = new Set(CONTRACT_CALLS.flatMap(c => c.requests.map(r => r.fn)))
    expect(called.size).toBe(10)
    expect([...called].sort()).toEqual([...inContract].sort())
  })

  it('after sign-in, requests carry the user\'s access token and still the anon API key', async () => {
    const token = testJwt({ role: 'authenticated', sub: MY_ACCESS_ROW.userId, exp: Math.floor(Date.now() / 1000) + 3600 })
    const { rec, client, ds } = setup((r) => {
      if (r.url.pathname === '/auth/v1/token')
        return { json: { access_token: token, token_type: 'bearer', expires_in: 3600, refresh_token: 'r1', user: { id: MY_ACCESS_ROW.userId, aud: 'authenticated', role: 'authenticated', email: 'w@example.com', app_metadata: {}, user_metadata: {}, created_at: '2026-01-01T00:00:00Z' } } }
      return defaultReply(r)
    })
    await createSupabaseAuth(client).signInWithPassword('w@example.com', 'secret')
    await ds.listGrids()
    const rpc = rec.requests.at(-1)!
    expect(rpc.url.pathname).toBe('/rest/v1/rpc/grids_geojson')
    expect(rpc.headers).toMatchObject({ apikey: TEST_ANON_KEY, authorization: `Bearer ${token}` })
  })

  it('sends KPI requests measured at its own clock', async () => {
    const { rec, ds } = setup(defaultReply, () => 1_700_000_000_123)
    await ds.gridKpis(GRID.id, FIXTURE_PERIOD)
    expect(rec.rpcCalls()[0]!.body).toMatchObject({ p_now: 1_700_000_000_123 })
    expect(ds.now()).toBe(1_700_000_000_123)
  })

  it('uses the wall clock when given none', () => {
    const { client } = setup()
    const ds = new SupabaseDataSource(client)
    const before = Date.now()
    const now = ds.now()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })
})

describe('answers mapped into domain objects', () => {
  it('grids from GeoJSON features, in the server\'s order', async () => {
    const other = { ...GRID_FEATURE, id: 'x', properties: { ...GRID_FEATURE.properties, id: 'x', code: '330102001001002' } }
    const { ds } = setup(() => ({ json: fc(GRID_FEATURE, other) }))
    const grids = await ds.listGrids()
    expect(grids[0]).toEqual(GRID)
    expect(grids.map(g => g.code)).toEqual(['330102001001001', '330102001001002'])
  })

  it('getGridByCode: the grid, or null when no visible grid has the code', async () => {
    expect(await setup(() => ({ json: fc(GRID_FEATURE) })).ds.getGridByCode(GRID.code)).toEqual(GRID)
    expect(await setup(() => ({ json: fc() })).ds.getGridByCode('330102009000000')).toBeNull()
  })

  it('getGridLineage: root first, and not_found (the demo\'s error) when the grid is not visible', async () => {
    expect((await setup().ds.getGridLineage(GRID.id)).map(g => g.level)).toEqual([1, 3])
    const error = await failure(setup(() => ({ json: fc() })).ds.getGridLineage(GRID.id))
    expect(error).toMatchObject({ kind: 'not_found', message: `grid ${GRID.id} does not exist or is not visible to you` })
  })

  it('cases, with epoch times, co-handlers and every field of CaseRecord', async () => {
    expect(await setup().ds.listCases()).toEqual({ cases: [CASE], total: 1, truncated: false })
  })

  it('a capped case list keeps the server\'s total and truncated flag', async () => {
    const page = await setup(() => ({ json: capped('cases', [CASE_ROW], { total: 12345, truncated: true }) })).ds.listCases()
    expect(page).toEqual({ cases: [CASE], total: 12345, truncated: true })
    const bare = await failure(setup(() => ({ json: [CASE_ROW] })).ds.listCases())
    expect(bare.message).toContain('cases_in_view is not an object')
    const noTotal = await failure(setup(() => ({ json: { cases: [CASE_ROW], truncated: false } })).ds.listCases())
    expect(noTotal.message).toContain('cases_in_view.total is not a finite number')
  })

  it('cases whose times arrive as ISO timestamps, without co-handlers', async () => {
    const { coHandlers: _, ...row } = CASE_ROW
    const iso = { ...row, reportedAt: new Date(CASE.reportedAt).toISOString(), registered_at: new Date(CASE.registeredAt!).toISOString(), registeredAt: undefined }
    const [c] = (await setup(() => ({ json: capped('cases', [iso]) })).ds.listCases()).cases
    expect(c).toEqual({ ...CASE, coHandlers: [] })
  })

  it('the KPI report: the grid, then each child in server order, every CaseKpis figure', async () => {
    const report = await setup().ds.gridKpis(GRID.id, FIXTURE_PERIOD)
    expect(report.grid).toEqual({ gridId: KPI_REPORT_JSON.grid.gridId, kpis: KPIS_JSON })
    expect(report.children).toEqual([{ gridId: KPI_REPORT_JSON.children[0]!.gridId, kpis: KPIS_JSON }, { gridId: KPI_REPORT_JSON.children[1]!.gridId, kpis: EMPTY_KPIS_JSON }])
  })

  it('staff, patrol teams and routes, cameras, key places, roads', async () => {
    const rows: Record<string, unknown[]> = { list_staff: [STAFF_ROW], list_patrol_teams: [TEAM_ROW], list_patrol_routes: [ROUTE_ROW], list_cameras: [CAMERA_ROW], list_key_places: [PLACE_ROW], list_roads: [ROAD_ROW] }
    const { ds } = setup(r => ({ json: capped('items', rows[r.url.pathname.replace('/rest/v1/rpc/', '')] ?? []) }))
    expect(await ds.listStaff()).toEqual([STAFF_MEMBER])
    expect(await ds.listPatrolTeams()).toEqual([TEAM])
    expect(await ds.listPatrolRoutes()).toEqual([ROUTE])
    expect(await ds.listCameras()).toEqual([CAMERA])
    expect(await ds.listKeyPlaces()).toEqual([PLACE])
    expect(await ds.listRoads()).toEqual([ROAD])
  })

  it('a row without the shape the screens rely on fails as unknown, naming the field', async () => {
    const broken = { ...GRID_FEATURE, properties: { ...GRID_FEATURE.properties, labelPoint: [200, 30] } }
    const error = await failure(setup(() => ({ json: fc(broken) })).ds.listGrids())
    expect(error.kind).toBe('unknown')
    expect(error.message).toContain('grids_geojson.features[0].properties.labelPoint is outside WGS 84 bounds')
    const noStatus = await failure(setup(() => ({ json: capped('cases', [{ ...CASE_ROW, status: 'lost' }]) })).ds.listCases())
    expect(noStatus.message).toContain('cases_in_view.cases[0].status is not one of')
  })
})

describe('failures become DataErrors', () => {
  const pgError = (status: number, code: string, message: string): Reply => ({ status, json: { code, message, details: null, hint: null } })

  it('42501 (no grant, RLS refusal) is forbidden', async () => {
    const error = await failure(setup(() => pgError(401, '42501', 'permission denied for function grids_geojson')).ds.listGrids())
    expect(error).toMatchObject({ kind: 'forbidden', message: 'Listing grids failed: permission denied for function grids_geojson' })
    expect(error.detail).toMatchObject({ code: '42501', status: 401 })
  })

  it('the P0002 of grid_kpis is not_found, with the message the demo gives', async () => {
    const error = await failure(setup(() => pgError(500, 'P0002', 'Grid x not found')).ds.gridKpis(GRID.id, FIXTURE_PERIOD))
    expect(error).toMatchObject({ kind: 'not_found', message: `grid ${GRID.id} does not exist or is not visible to you` })
  })

  it('22023 (a malformed argument) is invalid, with the server\'s reason', async () => {
    const error = await failure(setup(() => pgError(400, '22023', 'p_bbox must be [west, south, east, north]')).ds.listCases({ bbox: [1, 2, 3, 4] }))
    expect(error).toMatchObject({ kind: 'invalid', message: 'Listing cases failed: p_bbox must be [west, south, east, north]' })
  })

  it('23505 is conflict; P0001 and 23514 are invalid', async () => {
    expect((await failure(setup(() => pgError(409, '23505', 'duplicate key')).ds.listRoads())).kind).toBe('conflict')
    expect((await failure(setup(() => pgError(400, 'P0001', 'case is closed')).ds.listRoads())).kind).toBe('invalid')
    expect((await failure(setup(() => pgError(400, '23514', 'violates check')).ds.listRoads())).kind).toBe('invalid')
  })

  it('a network failure is unavailable', async () => {
    const error = await failure(setup(() => new TypeError('fetch failed')).ds.listCameras())
    expect(error).toMatchObject({ kind: 'unavailable', message: 'Listing cameras failed: the server could not be reached' })
  })

  it('a gateway error is unavailable; a missing function says migrations may be missing', async () => {
    expect((await failure(setup(() => ({ status: 503, json: { message: 'upstream down' } })).ds.listStaff())).kind).toBe('unavailable')
    const missing = await failure(setup(() => pgError(404, 'PGRST202', 'Could not find the function public.list_staff(p_subtree_of) in the schema cache')).ds.listStaff())
    expect(missing.kind).toBe('unknown')
    expect(missing.message).toContain('are all migrations applied?')
  })

  it('ids that are not uuids name nothing: the demo\'s answers, without a request', async () => {
    const { rec, ds } = setup()
    expect(await ds.listGrids({ subtreeOf: 'grid-T1' })).toEqual([])
    expect(await ds.listCases({ subtreeOf: 'grid-T1' })).toEqual({ cases: [], total: 0, truncated: false })
    expect(await ds.listCameras({ subtreeOf: 'grid-T1' })).toEqual([])
    expect(await failure(ds.getGridLineage('grid-T1'))).toMatchObject({ kind: 'not_found', message: 'grid grid-T1 does not exist or is not visible to you' })
    expect(rec.requests).toEqual([])
    // A list of ids keeps only the ones that can exist.
    await ds.listGrids({ ids: ['grid-T1', GRID.id] })
    expect(rec.rpcCalls()).toEqual([{ fn: 'grids_geojson', body: { p_ids: [GRID.id] } }])
  })
})

describe('every case filter is a cases_in_view argument, so the server\'s total counts what was asked', () => {
  it('sources, supervised, overdue (at this source\'s clock), mine and a trimmed search go to the server', async () => {
    const { rec, ds } = setup(defaultReply, () => 1_800_000_000_000)
    await ds.listCases({ sources: ['phone'], supervised: true, overdue: false, mine: true, search: '  噪音 ' })
    expect(rec.rpcCalls()).toEqual([{ fn: 'cases_in_view', body: { p_sources: ['phone'], p_supervised: true, p_overdue: false, p_now: 1_800_000_000_000, p_mine: true, p_search: '噪音' } }])
  })

  it('a blank search is no search, and no overdue filter sends no clock', async () => {
    const { rec, ds } = setup()
    await ds.listCases({ search: '   ' })
    expect(rec.rpcCalls()).toEqual([{ fn: 'cases_in_view', body: {} }])
  })
})
