// SupabaseLiveSource against a fake client with fake timers: what a screen hears for each thing
// the channel, the socket and the poll can do. The same class runs against the Realtime stand-in
// over the real database in supabase/tests/live-realtime.test.ts.
import type { LiveChange, LiveStatus } from '../LiveSource'
import type { LiveClient } from './live'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DataError } from '../DataSource'
import { liveTopic, SupabaseLiveSource } from './live'

const CASE = '3f0b3c2e-1a2b-4c3d-8e9f-0a1b2c3d4e5f'
const GRID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
const TOWNSHIP = '330102001000000'

type SubscribeCallback = (state: string, error?: Error) => void

/** A channel that records what the feed asked of it and lets a test play the server. */
class FakeChannel {
  handlers: Record<string, Array<(m: unknown) => void>> = {}
  callback: SubscribeCallback | null = null
  constructor(readonly topic: string, readonly options: unknown) {}
  on(type: string, filter: { event?: string }, handler: (m: unknown) => void): this {
    const key = `${type}:${filter.event ?? ''}`
    ;(this.handlers[key] ??= []).push(handler)
    return this
  }

  subscribe(callback: SubscribeCallback): this {
    this.callback = callback
    return this
  }

  emit(key: string, message: unknown): void {
    for (const h of this.handlers[key] ?? [])
      h(message)
  }
}

interface Fake {
  client: LiveClient
  channels: FakeChannel[]
  removed: FakeChannel[]
  setAuth: ReturnType<typeof vi.fn>
  watermark: { cases: number, versions: number, lastEventId: number | null }
  rpcCalls: Array<{ fn: string, args: unknown }>
  authListener: ((event: string, session: { access_token: string } | null) => void) | null
  rpcFails: boolean
}

function fakeClient(): Fake {
  const fake: Fake = {
    client: null as unknown as LiveClient,
    channels: [],
    removed: [],
    setAuth: vi.fn(async () => {}),
    watermark: { cases: 10, versions: 30, lastEventId: 100 },
    rpcCalls: [],
    authListener: null,
    rpcFails: false,
  }
  const client = {
    channel: (topic: string, options: unknown) => {
      const c = new FakeChannel(topic, options)
      fake.channels.push(c)
      return c
    },
    removeChannel: async (c: FakeChannel) => {
      fake.removed.push(c)
      return 'ok'
    },
    realtime: { setAuth: fake.setAuth },
    rpc: async (fn: string, args: unknown) => {
      fake.rpcCalls.push({ fn, args })
      if (fake.rpcFails)
        throw new TypeError('fetch failed')
      return { data: { ...fake.watermark, at: Date.now() }, error: null, status: 200 }
    },
    auth: {
      onAuthStateChange: (listener: Fake['authListener']) => {
        fake.authListener = listener
        const unsubscribe = (): void => {
          fake.authListener = null
        }
        return { data: { subscription: { unsubscribe } } }
      },
    },
  }
  fake.client = client as unknown as LiveClient
  return fake
}

function notice(version: number, extra: Record<string, unknown> = {}): unknown {
  return { payload: { entity: 'case', id: CASE, gridId: GRID, status: 'registered', version, ...extra }, type: 'broadcast', event: 'case' }
}

/** Lets the pending promise callbacks run (the join awaits setAuth first). */
async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0)
}

let fake: Fake
let heard: { changes: LiveChange[], catchUps: string[], statuses: LiveStatus[] }

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 3, 1, 0, 0) })
  fake = fakeClient()
  heard = { changes: [], catchUps: [], statuses: [] }
})
afterEach(() => {
  vi.useRealTimers()
})

function subscribe(scope = TOWNSHIP) {
  const source = new SupabaseLiveSource(fake.client, { livePollMs: 60_000, offlinePollMs: 15_000, rejoinMs: 5_000 })
  return source.subscribe(scope, {
    change: c => heard.changes.push(c),
    catchUp: r => heard.catchUps.push(r),
    status: s => heard.statuses.push(s),
  })
}

describe('liveTopic', () => {
  it('names a grid by its path and a county by its code', () => {
    expect(liveTopic('330102001000000')).toBe('grid:330102.001')
    expect(liveTopic('330102001002003004')).toBe('grid:330102.001.002.003.004')
    expect(liveTopic('330102')).toBe('grid:330102')
  })

  it.each(['', '3301', '33010200100000x', '000000', 'grid:330102'])('refuses %j with a DataError saying what it expected', (code) => {
    expect(() => liveTopic(code)).toThrow(DataError)
    expect(() => liveTopic(code)).toThrow(/expected a grid code \(15 or 18 digits\) or a county code \(6 digits\)/)
  })
})

describe('subscribing', () => {
  it('sets the token first, then joins the scope\'s private channel; live when subscribed', async () => {
    const sub = subscribe()
    expect(sub.status()).toEqual({ state: 'connecting', since: Date.now() })
    expect(fake.channels).toHaveLength(0)
    await flush()
    expect(fake.setAuth).toHaveBeenCalledTimes(1)
    expect(fake.channels.map(c => [c.topic, c.options])).toEqual([['grid:330102.001', { config: { private: true } }]])
    vi.advanceTimersByTime(1200)
    fake.channels[0]!.callback!('SUBSCRIBED')
    expect(sub.status()).toEqual({ state: 'live', since: Date.now() })
    expect(heard.statuses.map(s => s.state)).toEqual(['live'])
    expect(sub.freshAsOf()).toBe(Date.now())
  })

  it('passes on well-formed case notices and ignores anything else on the channel', async () => {
    subscribe()
    await flush()
    const c = fake.channels[0]!
    c.callback!('SUBSCRIBED')
    c.emit('broadcast:case', notice(2))
    for (const bad of [
      { payload: { entity: 'case', id: 'not-a-uuid', gridId: GRID, status: 'registered', version: 2 } },
      { payload: { entity: 'case', id: CASE, gridId: GRID, status: 'teleported', version: 2 } },
      { payload: { entity: 'case', id: CASE, gridId: GRID, status: 'registered', version: 0 } },
      { payload: { entity: 'person', id: CASE, gridId: GRID, status: 'registered', version: 2 } },
      { payload: null },
      {},
    ])
      c.emit('broadcast:case', bad)
    // Extra keys (a future payload, or a forgery) never reach the screen.
    c.emit('broadcast:case', notice(3, { title: '某某纠纷', reporterPhone: '13800138000' }))
    expect(heard.changes).toEqual([
      { entity: 'case', id: CASE, gridId: GRID, status: 'registered', version: 2 },
      { entity: 'case', id: CASE, gridId: GRID, status: 'registered', version: 3 },
    ])
  })

  it('refused for want of a right: denied, the channel removed, no more polling', async () => {
    const sub = subscribe()
    await flush()
    fake.channels[0]!.callback!('CHANNEL_ERROR', new Error('Unauthorized: You do not have permissions to read from this Channel topic: grid:330102.001'))
    expect(sub.status()).toMatchObject({ state: 'denied', reason: 'Unauthorized: You do not have permissions to read from this Channel topic: grid:330102.001' })
    expect(fake.removed).toEqual([fake.channels[0]])
    const polls = fake.rpcCalls.length
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(fake.rpcCalls.length).toBe(polls)
    expect(fake.channels).toHaveLength(1)
  })

  it('unsubscribe removes the channel and stops every callback and timer', async () => {
    const sub = subscribe()
    await flush()
    const c = fake.channels[0]!
    c.callback!('SUBSCRIBED')
    await sub.unsubscribe()
    expect(fake.removed).toEqual([c])
    c.emit('broadcast:case', notice(2))
    c.callback!('CHANNEL_ERROR', new Error('socket closed'))
    const polls = fake.rpcCalls.length
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(heard.changes).toEqual([])
    expect(heard.statuses.map(s => s.state)).toEqual(['live'])
    expect(fake.rpcCalls.length).toBe(polls)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('losing the connection and getting it back', () => {
  it('lost since the first error, kept through retries; live again with a catch-up', async () => {
    const sub = subscribe()
    await flush()
    const c = fake.channels[0]!
    c.callback!('SUBSCRIBED')
    vi.advanceTimersByTime(30_000)
    const lostAt = Date.now()
    c.callback!('CHANNEL_ERROR', new Error('socket closed'))
    expect(sub.status()).toEqual({ state: 'lost', since: lostAt })
    expect(sub.freshAsOf()).toBe(lostAt)
    vi.advanceTimersByTime(2000)
    c.callback!('TIMED_OUT')
    c.callback!('CHANNEL_ERROR', new Error('socket closed'))
    expect(sub.status()).toEqual({ state: 'lost', since: lostAt })
    expect(heard.catchUps).toEqual([])
    vi.advanceTimersByTime(3000)
    c.callback!('SUBSCRIBED')
    expect(sub.status()).toEqual({ state: 'live', since: Date.now() })
    expect(heard.catchUps).toEqual(['reconnected'])
    expect(heard.statuses.map(s => s.state)).toEqual(['live', 'lost', 'live'])
  })

  it('the first join is no reconnection: no catch-up', async () => {
    subscribe()
    await flush()
    fake.channels[0]!.callback!('CHANNEL_ERROR', new Error('socket closed'))
    fake.channels[0]!.callback!('SUBSCRIBED')
    expect(heard.catchUps).toEqual([])
  })

  it('a channel the server ended is joined afresh after a pause', async () => {
    subscribe()
    await flush()
    const first = fake.channels[0]!
    first.callback!('SUBSCRIBED')
    first.emit('system:', { status: 'error', message: 'Token has expired 3 seconds ago' })
    first.callback!('CLOSED')
    expect(heard.statuses.map(s => s.state)).toEqual(['live', 'lost'])
    await vi.advanceTimersByTimeAsync(4999)
    expect(fake.channels).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.channels).toHaveLength(2)
    fake.channels[1]!.callback!('SUBSCRIBED')
    expect(heard.catchUps).toEqual(['reconnected'])
  })

  it('a channel ended because the right is gone is denied, not retried', async () => {
    const sub = subscribe()
    await flush()
    const c = fake.channels[0]!
    c.callback!('SUBSCRIBED')
    c.emit('system:', { status: 'error', message: 'You no longer have permission to read from this Channel topic: grid:330102.001' })
    c.callback!('CLOSED')
    expect(sub.status().state).toBe('denied')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.channels).toHaveLength(1)
  })
})

describe('the slow poll', () => {
  it('polls live_watermark for the scope: at once, every minute while live, every 15 s while not', async () => {
    subscribe()
    await flush()
    expect(fake.rpcCalls).toEqual([{ fn: 'live_watermark', args: { p_grid_code: TOWNSHIP } }])
    fake.channels[0]!.callback!('SUBSCRIBED')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.rpcCalls).toHaveLength(2)
    fake.channels[0]!.callback!('CHANNEL_ERROR', new Error('socket closed'))
    await vi.advanceTimersByTimeAsync(45_000)
    expect(fake.rpcCalls).toHaveLength(5)
  })

  it('a silent socket: the watermark moved and no notice came, so catch up', async () => {
    subscribe()
    await flush()
    fake.channels[0]!.callback!('SUBSCRIBED')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(heard.catchUps).toEqual([])
    fake.watermark = { ...fake.watermark, versions: 31 }
    await vi.advanceTimersByTimeAsync(60_000)
    expect(heard.catchUps).toEqual(['stale'])
    // Nothing moved since: no second catch-up.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(heard.catchUps).toEqual(['stale'])
  })

  it('the watermark moved while notices arrived: the feed is working, no catch-up', async () => {
    subscribe()
    await flush()
    const c = fake.channels[0]!
    c.callback!('SUBSCRIBED')
    await vi.advanceTimersByTimeAsync(30_000)
    fake.watermark = { ...fake.watermark, versions: 31 }
    c.emit('broadcast:case', notice(2))
    await vi.advanceTimersByTimeAsync(30_000)
    expect(heard.catchUps).toEqual([])
  })

  it('while the feed is down, each poll that sees a change asks for a catch-up and moves freshAsOf on', async () => {
    const sub = subscribe()
    await flush()
    const c = fake.channels[0]!
    c.callback!('SUBSCRIBED')
    const lostAt = Date.now()
    c.callback!('CHANNEL_ERROR', new Error('socket closed'))
    fake.watermark = { ...fake.watermark, cases: 11, versions: 31 }
    await vi.advanceTimersByTimeAsync(15_000)
    expect(heard.catchUps).toEqual(['stale'])
    expect(sub.freshAsOf()).toBe(lostAt + 15_000)
    fake.rpcFails = true
    await vi.advanceTimersByTimeAsync(15_000)
    expect(sub.freshAsOf()).toBe(lostAt + 15_000)
    expect(sub.status()).toEqual({ state: 'lost', since: lostAt })
  })

  it('a reminder (same cases and versions, a newer event) counts as a change', async () => {
    subscribe()
    await flush()
    fake.channels[0]!.callback!('SUBSCRIBED')
    fake.watermark = { ...fake.watermark, lastEventId: 101 }
    await vi.advanceTimersByTimeAsync(60_000)
    expect(heard.catchUps).toEqual(['stale'])
  })
})

describe('the access token', () => {
  it('each refreshed token goes to Realtime; the listener stops with the last subscription', async () => {
    const source = new SupabaseLiveSource(fake.client)
    const a = source.subscribe(TOWNSHIP, {})
    const b = source.subscribe('330102', {})
    await flush()
    fake.authListener!('TOKEN_REFRESHED', { access_token: 'token-2' })
    expect(fake.setAuth).toHaveBeenLastCalledWith('token-2')
    fake.authListener!('USER_UPDATED', { access_token: 'token-3' })
    expect(fake.setAuth).toHaveBeenLastCalledWith('token-2')
    await a.unsubscribe()
    expect(fake.authListener).not.toBeNull()
    await b.unsubscribe()
    expect(fake.authListener).toBeNull()
  })
})
