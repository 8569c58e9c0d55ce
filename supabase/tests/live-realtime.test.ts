// The live feed end to end on the real database: supabase-js's own RealtimeClient (over `ws`, Node
// 20 has no WebSocket) talks to the Realtime stand-in (harness/realtime-shim.ts), which decides
// joins with the policy on realtime.messages and delivers what the triggers commit; the client side
// is the app's SupabaseLiveSource, its RPCs and sign-in through the PostgREST/Auth stand-in. Also
// the stand-in's own protocol, spoken raw, where the client would hide it.
import type { TestDatabase } from './harness/db'
import type { RealtimeShim } from './harness/realtime-shim'
import type { CatchUpReason, LiveChange, LiveStatus, LiveSubscription } from '~/data/LiveSource'
import type { PinganSupabaseClient, SupabaseClientOptions } from '~/data/supabase/client'
import type { CaseRecord } from '~/domain/types'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import WebSocket from 'ws'
import { TEST_ANON_KEY, testJwt } from '~/data/supabase/__fixtures__/jwt'
import { testClientOptions } from '~/data/supabase/__fixtures__/testClient'
import { createSupabaseAuth } from '~/data/supabase/auth'
import { createSupabaseClient } from '~/data/supabase/client'
import { SupabaseLiveSource } from '~/data/supabase/live'
import { demoUserEmail, toUuid } from '../seed/ids'
import { DEMO_PASSWORD } from '../seed/seedSql'
import { addUnitMembers, caseLoopTerritory, claimsOf, HANDLED, insertCase, LOOP_USERS } from './fixtures/caseLoop'
import { GRID_CODES, gridId, pointIn, USERS } from './fixtures/territory'
import { asRequest, callRpc, createTestDatabase, loadDataset } from './harness/db'
import { createPostgrestShim } from './harness/postgrest-shim'
import { startRealtimeShim } from './harness/realtime-shim'

let db: TestDatabase
let realtime: RealtimeShim
let rest: ReturnType<typeof createPostgrestShim>
const clients: PinganSupabaseClient[] = []
const subscriptions: LiveSubscription[] = []

beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, caseLoopTerritory())
  await addUnitMembers(db)
  realtime = await startRealtimeShim(db)
  rest = createPostgrestShim(db)
})
afterEach(async () => {
  await Promise.all(subscriptions.splice(0).map(s => s.unsubscribe()))
  await Promise.all(clients.splice(0).map(c => c.realtime.disconnect()))
})
afterAll(async () => {
  await realtime?.stop()
  await db?.drop()
})

async function until(what: string, ok: () => boolean, timeoutMs = 5000): Promise<number> {
  const t0 = performance.now()
  while (!ok()) {
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(r => setTimeout(r, 10))
  }
  return performance.now() - t0
}

// ws's constructor takes (address, protocols, options); supabase-js types its transport loosely as (address, protocols).
const WS_TRANSPORT = WebSocket as unknown as NonNullable<SupabaseClientOptions['webSocket']>

/** A signed-in client of the app's kind, its Realtime over `ws` to the stand-in. */
async function signedIn(userId: string, vsn: '1.0.0' | '2.0.0' = '2.0.0'): Promise<PinganSupabaseClient> {
  const client = createSupabaseClient({ url: realtime.url, anonKey: TEST_ANON_KEY }, testClientOptions(rest.fetch, { webSocket: WS_TRANSPORT, realtimeVsn: vsn }))
  clients.push(client)
  await createSupabaseAuth(client).signInWithPassword(demoUserEmail(userId), DEMO_PASSWORD)
  return client
}

/** What one subscriber heard. */
interface Heard {
  changes: LiveChange[]
  catchUps: CatchUpReason[]
  statuses: LiveStatus[]
  sub: LiveSubscription
}

function follow(client: PinganSupabaseClient, scope: string, options: ConstructorParameters<typeof SupabaseLiveSource>[1] = {}): Heard {
  const heard = { changes: [], catchUps: [], statuses: [] } as unknown as Heard
  heard.sub = new SupabaseLiveSource(client, options).subscribe(scope, {
    change: c => heard.changes.push(c),
    catchUp: r => heard.catchUps.push(r),
    status: s => heard.statuses.push(s),
  })
  subscriptions.push(heard.sub)
  return heard
}

async function register(caseId: string, version: number): Promise<CaseRecord> {
  return asRequest(db, claimsOf('commander'), c => callRpc<CaseRecord>(c, 'case_transition', { p_case_id: caseId, p_action: 'register', p_input: {}, p_expected_version: version }), { commit: true })
}

describe('supabase-js RealtimeClient through the stand-in, on the real triggers and policy', () => {
  it.each(['2.0.0', '1.0.0'] as const)('vsn %s: a commander\'s change reaches the wall viewer within 2 s; the chief of another village hears nothing', async (vsn) => {
    const wall = follow(await signedIn(USERS.viewer, vsn), GRID_CODES.T1)
    const otherVillage = follow(await signedIn(LOOP_USERS.chiefV2, vsn), GRID_CODES.V2)
    await until('both joined', () => wall.sub.status().state === 'live' && otherVillage.sub.status().state === 'live')
    const id = await insertCase(db, { grid: 'G11', status: 'reported' })
    await until('the insert', () => wall.changes.some(c => c.id === id))

    const t0 = performance.now()
    const record = await register(id, 1)
    await until('the registration', () => wall.changes.some(c => c.id === id && c.version === 2), 2000)
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(wall.changes.filter(c => c.id === id)).toEqual([
      { entity: 'case', id, gridId: toUuid(gridId('G11')), status: 'reported', version: 1 },
      { entity: 'case', id, gridId: record.gridId, status: 'registered', version: 2 },
    ])
    // Enough time for a stray delivery to land.
    await new Promise(r => setTimeout(r, 300))
    expect(otherVillage.changes).toEqual([])

    // The other village's own change reaches its chief, and the wall (the whole township).
    const own = await insertCase(db, { grid: 'G21', status: 'reported' })
    await until('the chief\'s own village', () => otherVillage.changes.some(c => c.id === own) && wall.changes.some(c => c.id === own))
  })

  it('a user without membership cannot join: the subscription is denied for good and the stand-in holds no channel for it', async () => {
    const outsider = follow(await signedIn(USERS.outsider), GRID_CODES.T1)
    await until('the refusal', () => outsider.sub.status().state === 'denied')
    expect(outsider.sub.status()).toMatchObject({ state: 'denied', reason: 'Unauthorized: You do not have permissions to read from this Channel topic: grid:330102.001' })
    expect(realtime.joins.filter(j => j.sub === toUuid(USERS.outsider)).every(j => !j.ok)).toBe(true)
    await insertCase(db, { grid: 'T1', status: 'reported' })
    await new Promise(r => setTimeout(r, 300))
    expect(outsider.changes).toEqual([])
    // Denied means no retry: one refused join, not a join every few seconds.
    expect(realtime.joins.filter(j => j.sub === toUuid(USERS.outsider))).toHaveLength(1)
  })

  it('a village chief cannot join the township\'s topic, only their own village\'s', async () => {
    const chief = await signedIn(USERS.chief)
    const township = follow(chief, GRID_CODES.T1)
    const village = follow(chief, GRID_CODES.V1)
    await until('both answered', () => township.sub.status().state === 'denied' && village.sub.status().state === 'live')
  })

  it('no payload on the wire holds a contact or free text', async () => {
    const wall = follow(await signedIn(USERS.viewer), GRID_CODES.T1)
    await until('joined', () => wall.sub.status().state === 'live')
    const before = realtime.deliveries.length
    const input = { categoryCode: '0101', title: '邻里噪音纠纷', description: '住户反映隔壁装修噪音', source: 'phone', urgent: false, location: pointIn('V1', 0.9, 0.9), address: '青山村3组12号', reporterName: '李四', reporterPhone: '13700001111', photoIds: [] }
    const created = await asRequest(db, claimsOf('commander'), c => callRpc<CaseRecord>(c, 'create_case', { p_input: input }), { commit: true })
    await until('the new case', () => wall.changes.some(c => c.id === created.id))
    const wire = realtime.deliveries.slice(before)
    expect(wire.length).toBeGreaterThan(0)
    const text = JSON.stringify(wire.map(d => d.payload))
    for (const secret of [input.title, input.description, input.address, input.reporterName, input.reporterPhone])
      expect(text).not.toContain(secret)
    for (const d of wire)
      expect(Object.keys(d.payload as object).sort()).toEqual(['entity', 'gridId', 'id', 'status', 'version'])
  })

  it('a killed and restarted stand-in: the client reconnects by itself, rejoins, and says to catch up; then changes flow again', async () => {
    const wall = follow(await signedIn(USERS.viewer), GRID_CODES.T1)
    await until('joined', () => wall.sub.status().state === 'live')
    await realtime.stop()
    await until('the loss noticed', () => wall.sub.status().state === 'lost')
    const lostSince = wall.sub.status().since
    // Written while nobody could hear: only the catch-up can bring it to the screen.
    const missed = await insertCase(db, { grid: 'V2', status: 'reported' })
    await realtime.start()
    await until('live again', () => wall.sub.status().state === 'live', 15_000)
    expect(wall.catchUps).toEqual(['reconnected'])
    expect(wall.changes.some(c => c.id === missed)).toBe(false)
    expect(wall.statuses.map(s => s.state)).toEqual(['live', 'lost', 'live'])
    expect(wall.statuses[1]).toEqual({ state: 'lost', since: lostSince })
    const after = await insertCase(db, { grid: 'V2', status: 'reported' })
    await until('a change after the restart', () => wall.changes.some(c => c.id === after))
  })

  it('a socket that stays open but goes silent is caught by the slow poll, which asks for a catch-up', async () => {
    const wall = follow(await signedIn(USERS.viewer), GRID_CODES.T1, { livePollMs: 200 })
    await until('joined', () => wall.sub.status().state === 'live')
    await new Promise(r => setTimeout(r, 400))
    expect(wall.catchUps).toEqual([])
    // Realtime has lost the database: nothing committed reaches the socket any more.
    await db.admin.query('alter table realtime.messages disable trigger stand_in_notify')
    try {
      await insertCase(db, { grid: 'S111', status: 'registered' })
      await until('the poll\'s catch-up', () => wall.catchUps.includes('stale'), 3000)
      expect(wall.sub.status().state).toBe('live')
    }
    finally {
      await db.admin.query('alter table realtime.messages enable trigger stand_in_notify')
    }
  })

  it('a changed access token is re-checked: a refreshed one keeps the channel, one without the right ends it (denied)', async () => {
    const client = await signedIn(USERS.viewer)
    const wall = follow(client, GRID_CODES.T1)
    await until('joined', () => wall.sub.status().state === 'live')
    const joinsBefore = realtime.joins.length
    const refreshed = testJwt({ role: 'authenticated', sub: toUuid(USERS.viewer), aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 900, refreshed: true })
    await client.realtime.setAuth(refreshed)
    const id = await insertCase(db, { grid: 'V1', status: 'reported' })
    await until('still hearing', () => wall.changes.some(c => c.id === id))
    expect(realtime.joins.length).toBe(joinsBefore)
    // The session now belongs to someone with no membership (a right revoked, a token swapped).
    await client.realtime.setAuth(testJwt({ role: 'authenticated', sub: toUuid(USERS.outsider), aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 900 }))
    await until('the channel ended', () => wall.sub.status().state === 'denied')
    expect(wall.sub.status()).toMatchObject({ reason: 'You no longer have permission to read from this Channel topic: grid:330102.001' })
  })

  it('a client may not broadcast on a topic it reads: the stand-in drops it, as Realtime\'s write check does', async () => {
    const wall = follow(await signedIn(USERS.viewer), GRID_CODES.T1)
    const commander = await signedIn(USERS.commander)
    await until('joined', () => wall.sub.status().state === 'live')
    const forger = commander.channel('grid:330102.001', { config: { private: true } })
    await new Promise<void>(resolve => forger.subscribe(s => s === 'SUBSCRIBED' && resolve()))
    const fake = { entity: 'case', id: '00000000-0000-4000-8000-000000000000', gridId: toUuid(gridId('T1')), status: 'closed', version: 99 }
    await forger.send({ type: 'broadcast', event: 'case', payload: fake })
    const real = await insertCase(db, { grid: 'T1', status: 'reported', ...HANDLED })
    await until('a real change', () => wall.changes.some(c => c.id === real))
    expect(wall.changes.some(c => c.id === fake.id)).toBe(false)
    await commander.removeChannel(forger)
  })
})

describe('the stand-in\'s protocol, spoken raw', () => {
  async function open(params: Record<string, string>): Promise<{ ws: WebSocket, next: () => Promise<unknown> }> {
    const url = `${realtime.url.replace('http', 'ws')}/realtime/v1/websocket?${new URLSearchParams(params)}`
    const ws = new WebSocket(url)
    const queue: unknown[] = []
    const waiting: Array<(m: unknown) => void> = []
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as unknown
      const w = waiting.shift()
      if (w)
        w(m)
      else
        queue.push(m)
    })
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    return { ws, next: () => queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise(r => waiting.push(r)) }
  }

  const userToken = (userId: string, exp = Math.floor(Date.now() / 1000) + 600): string => testJwt({ role: 'authenticated', sub: toUuid(userId), exp })

  it('refuses the upgrade without an apikey, or with one lacking exp', async () => {
    const status = async (query: string): Promise<number> => new Promise((resolve) => {
      const ws = new WebSocket(`${realtime.url.replace('http', 'ws')}/realtime/v1/websocket${query}`)
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('open', () => resolve(101))
      ws.on('error', () => {})
    })
    expect(await status('')).toBe(401)
    expect(await status(`?apikey=${testJwt({ role: 'anon' })}`)).toBe(401)
    expect(await status(`?apikey=${TEST_ANON_KEY}&vsn=1.0.0`)).toBe(101)
  })

  it('vsn 2.0.0: heartbeat, unmatched topic, refused tokens, a join and a leave, as Phoenix frames', async () => {
    const { ws, next } = await open({ apikey: TEST_ANON_KEY, vsn: '2.0.0' })
    ws.send(JSON.stringify([null, '1', 'phoenix', 'heartbeat', {}]))
    expect(await next()).toEqual([null, '1', 'phoenix', 'phx_reply', { status: 'ok', response: {} }])
    ws.send(JSON.stringify(['9', '2', 'realtime:grid:330102.001', 'broadcast', {}]))
    expect(await next()).toEqual(['9', '2', 'realtime:grid:330102.001', 'phx_reply', { status: 'error', response: { reason: 'unmatched topic' } }])
    const join = (ref: string, token: string | undefined): void => ws.send(JSON.stringify([ref, ref, 'realtime:grid:330102.001', 'phx_join', { config: { private: true }, ...(token ? { access_token: token } : {}) }]))
    join('3', 'not-a-jwt')
    expect(await next()).toMatchObject(['3', '3', 'realtime:grid:330102.001', 'phx_reply', { status: 'error', response: { reason: 'MalformedJWT: The token provided is not a valid JWT' } }])
    join('4', userToken(USERS.viewer, Math.floor(Date.now() / 1000) - 5))
    expect(await next()).toEqual(['4', '4', 'realtime:grid:330102.001', 'phx_reply', { status: 'error', response: { reason: expect.stringMatching(/^InvalidJWTToken: Token has expired \d+ seconds ago$/) } }])
    // The anon key itself is a valid token, with no right to the topic.
    join('5', undefined)
    expect(await next()).toMatchObject(['5', '5', 'realtime:grid:330102.001', 'phx_reply', { status: 'error', response: { reason: 'Unauthorized: You do not have permissions to read from this Channel topic: grid:330102.001' } }])
    join('6', userToken(USERS.viewer))
    expect(await next()).toEqual(['6', '6', 'realtime:grid:330102.001', 'phx_reply', { status: 'ok', response: { postgres_changes: [] } }])
    ws.send(JSON.stringify(['6', '7', 'realtime:grid:330102.001', 'phx_leave', {}]))
    expect(await next()).toEqual(['6', '7', 'realtime:grid:330102.001', 'phx_reply', { status: 'ok', response: {} }])
    expect(await next()).toEqual(['6', '6', 'realtime:grid:330102.001', 'phx_close', {}])
    ws.terminate()
  })

  it('vsn 1.0.0: JSON objects, and a committed change delivered as a broadcast with its message id', async () => {
    const { ws, next } = await open({ apikey: TEST_ANON_KEY, vsn: '1.0.0' })
    ws.send(JSON.stringify({ topic: 'realtime:grid:330102.001.002', event: 'phx_join', payload: { config: { private: true }, access_token: userToken(LOOP_USERS.chiefV2) }, ref: '1', join_ref: '1' }))
    expect(await next()).toEqual({ topic: 'realtime:grid:330102.001.002', event: 'phx_reply', payload: { status: 'ok', response: { postgres_changes: [] } }, ref: '1' })
    const id = await insertCase(db, { grid: 'G21', status: 'reported' })
    expect(await next()).toEqual({
      topic: 'realtime:grid:330102.001.002',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'case', payload: { entity: 'case', id, gridId: toUuid(gridId('G21')), status: 'reported', version: 1 }, meta: { id: expect.stringMatching(/^[0-9a-f-]{36}$/) } },
      ref: null,
    })
    ws.terminate()
  })
})
