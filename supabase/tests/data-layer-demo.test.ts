import type { TestDatabase } from './harness/db'
// Both modes side by side on the demo township: the embedded DemoDataSource over the generator's
// output, and SupabaseDataSource through a real supabase-js client and the PostgREST shim on a
// database seeded with the same township (supabase/seed), signed in as each demo login. For every
// demo role they must return the same grids, lineages, KPIs (township and one village, fixed
// period and clock), cases and map layers.
import type { CaseLoopSource } from '~/data/CaseLoopSource'
import type { DataSource, GridKpiReport, GridKpiRow } from '~/data/DataSource'
import type { DemoCaseLoopDataset } from '~/data/demo/demoUsers'
import type { CaseAction, CaseEvent, CaseNotice, TransitionInput } from '~/domain/caseLoop'
import type { BBox, CaseRecord } from '~/domain/types'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DataError } from '~/data/DataSource'
import { DemoCaseLoop } from '~/data/demo/DemoCaseLoop'
import { DemoDataSource } from '~/data/demo/DemoDataSource'
import { DEMO_UNIT_HANDLER, DEMO_UNIT_HANDLER_UNITS } from '~/data/demo/demoUsers'
import { TEST_ANON_KEY } from '~/data/supabase/__fixtures__/jwt'
import { testClientOptions } from '~/data/supabase/__fixtures__/testClient'
import { createSupabaseAuth } from '~/data/supabase/auth'
import { createSupabaseClient } from '~/data/supabase/client'
import { SupabaseCaseLoop } from '~/data/supabase/SupabaseCaseLoop'
import { SupabaseDataSource } from '~/data/supabase/SupabaseDataSource'
import { DEMO_USERS } from '~/demo'
import { bboxOfMultiPolygon } from '~/domain/geometry'
import { DEMO_ANCHOR, demoSeedDataset } from '../seed/demo'
import { demoUserEmail, toUuid } from '../seed/ids'
import { DEMO_PASSWORD, storedDataset } from '../seed/seedSql'
import { createTestDatabase, loadDataset } from './harness/db'
import { createPostgrestShim } from './harness/postgrest-shim'

const DAY = 86_400_000
const generated = demoSeedDataset(DEMO_ANCHOR)
// What the database holds (times rounded to whole milliseconds), and so what the demo must serve to compare.
const dataset = storedDataset(generated)
const PERIOD = { from: DEMO_ANCHOR - 30 * DAY, to: DEMO_ANCHOR }
type DemoDataset = Awaited<ConstructorParameters<typeof DemoDataSource>[0]>

const township = dataset.grids.find(g => g.level === 1)!
const chiefVillage = dataset.memberships.find(m => m.userId === DEMO_USERS.villageChief)!.gridId
const workerGroup = dataset.memberships.find(m => m.userId === DEMO_USERS.gridWorker)!.gridId
const deepestInWorkerGroup = [...dataset.grids].filter(g => g.id === workerGroup || g.parentId === workerGroup).sort((a, b) => b.level - a.level)[0]!

let db: TestDatabase
let shim: ReturnType<typeof createPostgrestShim>
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, generated)
  shim = createPostgrestShim(db)
}, 180_000)
afterAll(async () => db?.drop())

type Settled = { value: unknown } | { error: { kind: string, message: string } }

async function settle(p: Promise<unknown>): Promise<Settled> {
  try {
    return { value: await p }
  }
  catch (error) {
    if (error instanceof DataError)
      return { error: { kind: error.kind, message: error.message } }
    throw error
  }
}

/** Lists in id order, coordinates to ST_AsGeoJSON's 9 decimals, optional case fields as the database writes them. */
function comparable(value: unknown, keepOrder = false): unknown {
  if (typeof value === 'number')
    return Number.isInteger(value) ? value : Math.round(value * 1e9) / 1e9
  if (Array.isArray(value)) {
    const items = value.map(v => comparable(v))
    const byId = !keepOrder && items.every(i => typeof i === 'object' && i !== null && 'id' in i)
    return byId ? items.sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id))) : items
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value))
      out[k] = comparable(v)
    if ('categoryCode' in out && 'reportedAt' in out) {
      out.coHandlers ??= []
      out.address ??= null
    }
    return out
  }
  return value
}

const GRID_KPI_KEYS = ['total', 'open', 'overdue', 'closed', 'resolved', 'resolutionRate', 'onTimeRate'] as const

/** The contract's GridKpis of a report (DemoDataSource computes the other CaseKpis cohorts from period cases only). */
function gridKpisOnly(s: Settled): Settled {
  if ('error' in s)
    return s
  const r = s.value as GridKpiReport
  const pick = (row: GridKpiRow) => ({ gridId: row.gridId, kpis: Object.fromEntries(GRID_KPI_KEYS.map(k => [k, row.kpis[k]])) })
  return { value: comparable({ grid: pick(r.grid), children: r.children.map(pick) }, true) }
}

describe.each(Object.entries(DEMO_USERS))('the demo township as %s', (_, userId) => {
  let supabase: SupabaseDataSource
  let demo: DemoDataSource
  const ownGrid = dataset.memberships.find(m => m.userId === userId)!.gridId

  beforeAll(async () => {
    const client = createSupabaseClient({ url: 'http://pingan.shim.test', anonKey: TEST_ANON_KEY }, testClientOptions(shim.fetch))
    await createSupabaseAuth(client).signInWithPassword(demoUserEmail(userId), DEMO_PASSWORD)
    supabase = new SupabaseDataSource(client, () => DEMO_ANCHOR)
    demo = new DemoDataSource(Promise.resolve(dataset as DemoDataset), userId, () => DEMO_ANCHOR)
  })

  async function both(run: (ds: SupabaseDataSource | DemoDataSource) => Promise<unknown>, keepOrder = false) {
    const before = shim.requests.length
    const [got, want] = await Promise.all([settle(run(supabase)), settle(run(demo))])
    for (const r of shim.requests.slice(before))
      expect(r.claims).toMatchObject({ role: 'authenticated', sub: toUuid(userId) })
    return {
      got: 'value' in got ? { value: comparable(got.value, keepOrder) } : got,
      want: 'value' in want ? { value: comparable(want.value, keepOrder) } : want,
    }
  }

  it('the same grids, all and per level', async () => {
    const all = await both(ds => ds.listGrids())
    expect(all.got).toEqual(all.want)
    expect((all.got as { value: unknown[] }).value.length).toBeGreaterThan(0)
    const villages = await both(ds => ds.listGrids({ level: 2 }))
    expect(villages.got).toEqual(villages.want)
  })

  it('the same lineages (breadcrumbs), root first, or the same not_found', async () => {
    for (const gridId of [deepestInWorkerGroup.id, chiefVillage, township.id]) {
      const { got, want } = await both(ds => ds.getGridLineage(gridId), true)
      expect(got, gridId).toEqual(want)
    }
  })

  it('the same KPIs for the township and the village chief\'s village over the last 30 days', async () => {
    for (const gridId of [township.id, chiefVillage]) {
      const { got, want } = await both(ds => ds.gridKpis(gridId, PERIOD), true)
      expect(gridKpisOnly(got), gridId).toEqual(gridKpisOnly(want))
    }
  })

  it('the same things in a map viewport (a quarter of the township)', async () => {
    const [w, s, e, n] = bboxOfMultiPolygon(township.boundary)
    const viewport: BBox = [w + (e - w) * 0.3, s + (n - s) * 0.3, w + (e - w) * 0.6, s + (n - s) * 0.6]
    for (const run of [
      (ds: SupabaseDataSource | DemoDataSource) => ds.listGrids({ bbox: viewport }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listCases({ bbox: viewport }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listCameras({ bbox: viewport }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listKeyPlaces({ bbox: viewport }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listPatrolRoutes({ bbox: viewport }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listRoads({ bbox: viewport }),
    ]) {
      const { got, want } = await both(run)
      const rows = (v: unknown) => (Array.isArray(v) ? v : (v as { cases: unknown[] }).cases) as Array<{ id: string }>
      const ids = (x: Settled) => 'value' in x ? rows(x.value).map(i => i.id) : []
      const extra = ids(got).filter(i => !ids(want).includes(i))
      const missing = ids(want).filter(i => !ids(got).includes(i))
      expect({ extra, missing }, run.toString()).toEqual({ extra: [], missing: [] })
    }
  })

  it('the same cases, cameras, key places, patrol teams and routes, staff and roads', async () => {
    for (const run of [
      (ds: SupabaseDataSource | DemoDataSource) => ds.listCases(),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listCases({ period: PERIOD, subtreeOf: ownGrid }),
      // The township as the root, visible or not: every role gets the part of it they see.
      (ds: SupabaseDataSource | DemoDataSource) => ds.listGrids({ subtreeOf: township.id }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listCases({ period: PERIOD, subtreeOf: township.id }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listCameras({ subtreeOf: township.id }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listPatrolRoutes({ subtreeOf: township.id }),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listCameras(),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listKeyPlaces(),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listPatrolTeams(),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listPatrolRoutes(),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listStaff(),
      (ds: SupabaseDataSource | DemoDataSource) => ds.listRoads(),
    ]) {
      const { got, want } = await both(run)
      expect(got, run.toString()).toEqual(want)
    }
  })
})

// The seed carries the demo's unit handler (unit memberships and a login), so the whole loop can be
// walked on Supabase between the township commander and the offices cases are dispatched to, and
// it comes out as on the embedded demo. Last in the file: the walk changes one case in both modes.
describe('the demo unit handler, on both data layers', () => {
  const handlerGrid = dataset.memberships.find(m => m.userId === DEMO_UNIT_HANDLER)?.gridId
  const demoData = Promise.resolve(dataset as DemoCaseLoopDataset)
  const sides = {} as Record<'commander' | 'handler', { loop: CaseLoopSource, reads: DataSource, demoLoop: CaseLoopSource, demoReads: DataSource }>

  beforeAll(async () => {
    for (const [side, userId] of [['commander', DEMO_USERS.townshipCommander], ['handler', DEMO_UNIT_HANDLER]] as const) {
      const client = createSupabaseClient({ url: 'http://pingan.shim.test', anonKey: TEST_ANON_KEY }, testClientOptions(shim.fetch))
      await createSupabaseAuth(client).signInWithPassword(demoUserEmail(userId), DEMO_PASSWORD)
      sides[side] = {
        loop: new SupabaseCaseLoop(client),
        reads: new SupabaseDataSource(client, () => DEMO_ANCHOR),
        demoLoop: new DemoCaseLoop(demoData, userId, { clock: () => DEMO_ANCHOR }),
        demoReads: new DemoDataSource(demoData, userId, () => DEMO_ANCHOR),
      }
    }
  })

  const sortedIds = (cases: CaseRecord[]) => cases.map(c => c.id).sort()

  it('is a grid worker of the township acting for the township offices, in both', async () => {
    expect(handlerGrid).toBe(township.id)
    const [actor, demoActor] = await Promise.all([sides.handler.loop.actor(), sides.handler.demoLoop.actor()])
    expect(actor.unitIds).toEqual([...DEMO_UNIT_HANDLER_UNITS].sort())
    expect([...demoActor.unitIds ?? []].sort()).toEqual([...DEMO_UNIT_HANDLER_UNITS].sort())
    expect(actor.memberships).toEqual(demoActor.memberships)
  })

  it('has the same "my cases": every case one of its units leads', async () => {
    const [{ cases: mine }, { cases: demoMine }] = await Promise.all([sides.handler.reads.listCases({ mine: true }), sides.handler.demoReads.listCases({ mine: true })])
    const led = dataset.cases.filter(c => c.leadUnitId !== null && DEMO_UNIT_HANDLER_UNITS.includes(c.leadUnitId as never))
    expect(led.length).toBeGreaterThan(100)
    expect(sortedIds(mine)).toEqual(sortedIds(demoMine))
    expect(sortedIds(mine)).toEqual(led.map(c => c.id).sort())
  })

  it('walks a case from dispatch to closing with the township commander, the same on both', async () => {
    const c = dataset.cases.find(k => k.status === 'registered' && k.escalationLevel === 0 && dataset.grids.find(g => g.id === k.gridId)!.workerIds.length > 0)!
    const worker = dataset.grids.find(g => g.id === c.gridId)!.workerIds[0]!
    const moves: Array<[keyof typeof sides, CaseAction, Record<string, unknown>]> = [
      ['commander', 'dispatch', { leadUnitId: 'police', assigneeId: worker, note: '请派出所处置' }],
      ['handler', 'accept', { note: '已接单' }],
      ['handler', 'report_back', { resultText: '已到现场处置完毕', outcome: 'resolved' }],
      ['commander', 'verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied', note: null } }],
    ]
    const loopFields = (r: CaseRecord) => ({ status: r.status, leadUnitId: r.leadUnitId, coHandlers: r.coHandlers ?? [], assigneeId: r.assigneeId, outcome: r.outcome, escalationLevel: r.escalationLevel, supervised: r.supervised, version: r.version })
    let version = c.version
    for (const [side, action, input] of moves) {
      const next = { ...input, expectedVersion: version } as TransitionInput<CaseAction>
      const [got, want] = await Promise.all([sides[side].loop.transitionCase(c.id, action, next), sides[side].demoLoop.transitionCase(c.id, action, next)])
      expect(loopFields(got), action).toEqual(loopFields(want))
      version = got.version
      if (action === 'accept') {
        const [{ cases: mine }, { cases: demoMine }] = await Promise.all([sides.handler.reads.listCases({ mine: true }), sides.handler.demoReads.listCases({ mine: true })])
        expect(sortedIds(mine)).toContain(c.id)
        expect(sortedIds(mine)).toEqual(sortedIds(demoMine))
      }
    }
    expect(version).toBe(c.version + 4)
    // The database logs what happened from the seed on; the demo reconstructs the case's earlier history too.
    const logged = (events: CaseEvent[]) => events.slice(-moves.length).map(e => ({ action: e.action, from: e.from, to: e.to, actorId: toUuid(e.actorId), actorRole: e.actorRole, version: e.version, payload: e.payload }))
    const [events, demoEvents] = await Promise.all([sides.commander.loop.listCaseEvents(c.id), sides.commander.demoLoop.listCaseEvents(c.id)])
    expect(events).toHaveLength(moves.length)
    expect(logged(events)).toEqual(logged(demoEvents))
  })

  it('receives the commander\'s reminder in its inbox and marks it read, the same on both', async () => {
    const c = dataset.cases.find(k => k.status === 'in_progress' && k.leadUnitId === 'police' && !k.supervised)!
    const input = { message: '请今天内反馈', expectedVersion: c.version } as TransitionInput<'remind'>
    await Promise.all([sides.commander.loop.transitionCase(c.id, 'remind', input), sides.commander.demoLoop.transitionCase(c.id, 'remind', input)])
    // Ids and times are each side's own (the log's id, the clock); the rest is the same notice.
    const shown = (notices: CaseNotice[]) => notices.filter(n => n.caseId === c.id).map(({ id: _id, at: _at, ...n }) => ({ ...n, actorId: toUuid(n.actorId) }))
    const [inbox, demoInbox] = await Promise.all([sides.handler.loop.listNotices(), sides.handler.demoLoop.listNotices()])
    expect(shown(inbox)).toEqual([expect.objectContaining({ kind: 'remind', caseCode: c.code, message: '请今天内反馈', actorRole: 'township_commander', read: false })])
    expect(shown(inbox)).toEqual(shown(demoInbox))
    const [mine, demoMine] = await Promise.all([sides.commander.loop.listNotices(), sides.commander.demoLoop.listNotices()])
    expect([shown(mine), shown(demoMine)]).toEqual([[], []])
    await Promise.all([sides.handler.loop.markNoticeRead(inbox.find(n => n.caseId === c.id)!.id), sides.handler.demoLoop.markNoticeRead(demoInbox.find(n => n.caseId === c.id)!.id)])
    const [after, demoAfter] = await Promise.all([sides.handler.loop.listNotices(), sides.handler.demoLoop.listNotices()])
    expect(shown(after)).toEqual([expect.objectContaining({ read: true })])
    expect(shown(after)).toEqual(shown(demoAfter))
    // The commander may not mark the handler's notice: not_found on both.
    const theirs = after.find(n => n.caseId === c.id)!.id
    const refused = await Promise.all([settle(sides.commander.loop.markNoticeRead(theirs)), settle(sides.commander.demoLoop.markNoticeRead(demoAfter.find(n => n.caseId === c.id)!.id))])
    expect(refused.map(r => 'error' in r ? r.error.kind : 'done')).toEqual(['not_found', 'not_found'])
  })
})
