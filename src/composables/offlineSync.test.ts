import type { CaseLoopSource, QueueItem, QueueStore, WriteOptions } from '~/data'
import type { NewCaseInput } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { backoffMs, DataError, memoryQueueStore, OfflineQueue } from '~/data'
import { createOfflineSync } from './offlineSync'

const input = (title: string): NewCaseInput => ({ categoryCode: '0301', title, description: 'd', source: 'patrol', urgent: false, location: [120, 30], address: null, reporterName: null, reporterPhone: null, photoIds: [] })

/** A server that applies each key once (as the database does); it can be unreachable, lose its answer, or refuse. */
function fakeServer() {
  const applied: { title: string, key: string, photoIds: string[], viewer: string }[] = []
  const answers = new Map<string, CaseRecord>()
  const s = {
    applied,
    reachable: true,
    /** Applies, then fails as if the answer was lost on the way back. */
    loseAnswer: false,
    refuse: null as DataError | null,
    uploads: 0,
    /** Case versions, for transitions (optimistic concurrency, as the data layer checks it). */
    versions: new Map<string, number>(),
    moves: [] as { caseId: string, expectedVersion: number, key: string }[],
    source(viewer: string): CaseLoopSource {
      return {
        uploadPhoto: async () => {
          if (!s.reachable)
            throw new TypeError('Failed to fetch')
          return `photo-${++s.uploads}`
        },
        createCase: async (i: NewCaseInput, o?: WriteOptions) => {
          if (!s.reachable)
            throw new TypeError('Failed to fetch')
          if (s.refuse)
            throw s.refuse
          const key = `${viewer}:${o!.idempotencyKey!}`
          let rec = answers.get(key)
          if (!rec) {
            applied.push({ title: i.title, key: o!.idempotencyKey!, photoIds: i.photoIds, viewer })
            rec = { id: `case-${applied.length}`, gridId: 'g', version: 1 } as CaseRecord
            answers.set(key, rec)
          }
          if (s.loseAnswer) {
            s.loseAnswer = false
            throw new DataError('unavailable', 'the connection dropped')
          }
          return rec
        },
        transitionCase: async (caseId: string, _action: string, i: { expectedVersion: number }, o?: WriteOptions) => {
          const version = s.versions.get(caseId) ?? 1
          if (i.expectedVersion !== version)
            throw new DataError('conflict', `you edited version ${i.expectedVersion}, it is now at version ${version}`, { code: 'stale_version', field: null })
          s.moves.push({ caseId, expectedVersion: i.expectedVersion, key: o!.idempotencyKey! })
          s.versions.set(caseId, version + 1)
          return { id: caseId, gridId: 'g', version: version + 1 } as CaseRecord
        },
      } as unknown as CaseLoopSource
    },
  }
  return s
}

/** A clock and timers the test moves by hand. */
function fakeTime() {
  const t = {
    now: 1_000_000,
    timers: [] as { at: number, run: () => void }[],
    setTimer: (run: () => void, ms: number) => {
      const timer = { at: t.now + ms, run }
      t.timers.push(timer)
      return timer
    },
    clearTimer: (timer: unknown) => {
      t.timers = t.timers.filter(x => x !== timer)
    },
    /** The wait of the one pending timer, or null. */
    pending: () => t.timers.length === 0 ? null : Math.min(...t.timers.map(x => x.at)) - t.now,
    /** Moves the clock to the next timer and runs it. */
    fire: () => {
      const next = t.timers.sort((a, b) => a.at - b.at).shift()
      if (!next)
        throw new Error('no timer pending')
      t.now = next.at
      next.run()
    },
  }
  return t
}

function setup(options: { stores?: Map<string, QueueStore> } = {}) {
  const server = fakeServer()
  const time = fakeTime()
  const stores = options.stores ?? new Map<string, QueueStore>()
  const net = { online: true }
  const seen: QueueItem[][] = []
  const sent: string[] = []
  const sync = createOfflineSync({
    isOnline: () => net.online,
    now: () => time.now,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    queueOf: (viewer) => {
      if (!stores.has(viewer))
        stores.set(viewer, memoryQueueStore())
      return new OfflineQueue({ store: stores.get(viewer)!, source: async () => server.source(viewer), now: () => time.now })
    },
    onItems: items => seen.push(items),
    onSent: (_i, record) => sent.push(record.id),
  })
  return { server, time, stores, net, seen, sent, sync, last: () => seen.at(-1) ?? [] }
}

/** Lets the promises started by a fired timer or a flush run to their end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve()
  await new Promise(r => setTimeout(r, 0))
}

const create = (title: string) => ({ op: 'create' as const, input: input(title) })

describe('offline sync', () => {
  it('sends at once when online and nothing waits', async () => {
    const { server, sync, last } = setup()
    await sync.use('worker')
    const out = await sync.sendOrQueue(create('a'), 'k-a', () => server.source('worker').createCase(input('a'), { idempotencyKey: 'k-a' }))
    expect(out).toMatchObject({ queued: false, record: { id: 'case-1' } })
    expect(server.applied.map(a => a.title)).toEqual(['a'])
    expect(last()).toEqual([])
  })

  it('queues while offline with the given key, sends nothing until online, then each once in order', async () => {
    const { server, sync, net, last, sent } = setup()
    await sync.use('worker')
    net.online = false
    const send = (title: string, key: string) => sync.sendOrQueue(create(title), key, async () => {
      throw new Error('must not be called while offline')
    })
    expect((await send('a', 'k-a')).queued).toBe(true)
    expect((await send('b', 'k-b')).queued).toBe(true)
    await sync.flush()
    await settle()
    expect(server.applied).toEqual([])
    expect(last().map(i => [i.write.op === 'create' && i.write.input.title, i.idempotencyKey, i.state])).toEqual([['a', 'k-a', 'waiting'], ['b', 'k-b', 'waiting']])

    net.online = true
    expect(await sync.flush()).toBe(2)
    expect(await sync.flush()).toBe(0)
    expect(server.applied.map(a => [a.title, a.key])).toEqual([['a', 'k-a'], ['b', 'k-b']])
    expect(last().map(i => i.state)).toEqual(['sent', 'sent'])
    expect(sent).toEqual(['case-1', 'case-2'])
  })

  it('queues a send whose answer was lost with the same key: the retry applies nothing twice', async () => {
    const { server, sync, last } = setup()
    await sync.use('worker')
    server.loseAnswer = true
    const src = server.source('worker')
    const out = await sync.sendOrQueue(create('a'), 'k-a', () => src.createCase(input('a'), { idempotencyKey: 'k-a' }))
    expect(out.queued).toBe(true)
    await settle()
    expect(server.applied).toHaveLength(1)
    expect(last().map(i => [i.idempotencyKey, i.state, i.resultCaseId])).toEqual([['k-a', 'sent', 'case-1']])
  })

  it('throws a refusal of the direct send to the form and queues nothing', async () => {
    const { server, sync, last } = setup()
    await sync.use('worker')
    server.refuse = new DataError('invalid', 'title: required', { code: 'invalid_input', field: 'title', reason: 'required' })
    const src = server.source('worker')
    await expect(sync.sendOrQueue(create(''), 'k', () => src.createCase(input(''), { idempotencyKey: 'k' }))).rejects.toMatchObject({ kind: 'invalid' })
    expect(last()).toEqual([])
  })

  it('queues a write behind an older waiting one even when online, so the order holds', async () => {
    const { server, sync, net, last } = setup()
    await sync.use('worker')
    net.online = false
    await sync.sendOrQueue(create('first'), 'k1', async () => ({}) as CaseRecord)
    net.online = true
    server.reachable = false // online by the browser's word, but the send fails
    const direct: string[] = []
    const out = await sync.sendOrQueue(create('second'), 'k2', async () => {
      direct.push('second')
      return {} as CaseRecord
    })
    expect(out.queued).toBe(true)
    expect(direct).toEqual([])
    server.reachable = true
    await sync.flush()
    expect(server.applied.map(a => a.title)).toEqual(['first', 'second'])
    expect(last().map(i => i.state)).toEqual(['sent', 'sent'])
  })

  it('keeps photos that could not be uploaded with the item and uploads them when it sends', async () => {
    const { server, sync } = setup()
    await sync.use('worker')
    server.reachable = false
    const out = await sync.sendOrQueue(create('with photo'), 'k', async () => ({}) as CaseRecord, [{ blob: new Blob(['jpeg']), name: 'a.jpg' }])
    expect(out.queued).toBe(true)
    server.reachable = true
    await sync.flush()
    expect(server.applied).toEqual([{ title: 'with photo', key: 'k', photoIds: ['photo-1'], viewer: 'worker' }])
  })

  it('tries again on the backoff after a network failure while the browser says online', async () => {
    const { server, sync, time, last } = setup()
    await sync.use('worker')
    server.reachable = false
    await sync.sendOrQueue(create('a'), 'k', async () => {
      throw new TypeError('Failed to fetch')
    })
    await settle()
    expect(time.pending()).toBe(backoffMs(1))
    time.fire()
    await settle()
    expect(time.pending()).toBe(backoffMs(2))
    server.reachable = true
    time.fire()
    await settle()
    expect(server.applied.map(a => a.title)).toEqual(['a'])
    expect(last().map(i => i.state)).toEqual(['sent'])
    expect(time.pending()).toBeNull()
  })

  it('sends an item a dead page was sending once its lease runs out, with the same key', async () => {
    const stores = new Map<string, QueueStore>([['worker', memoryQueueStore()]])
    const { server, sync, time, last } = setup({ stores })
    const item: QueueItem = { id: 'i1', queuedAt: 1, idempotencyKey: 'k-dead', write: create('half sent'), photos: [], state: 'sending', attempts: 1, lease: { owner: 'dead-tab', until: time.now + 60_000 } }
    await stores.get('worker')!.put(item)
    await sync.use('worker')
    await settle()
    expect(server.applied).toEqual([])
    expect(time.pending()).toBe(60_000 + 250)
    time.fire()
    await settle()
    expect(server.applied.map(a => [a.title, a.key])).toEqual([['half sent', 'k-dead']])
    expect(last().map(i => i.state)).toEqual(['sent'])
  })

  it('shows a refusal on replay as a refused item with the reason, and does not retry it', async () => {
    const { server, sync, net, time, last } = setup()
    await sync.use('worker')
    net.online = false
    await sync.sendOrQueue(create('late'), 'k', async () => ({}) as CaseRecord)
    server.refuse = new DataError('conflict', 'The case was changed meanwhile', { code: 'stale_version', field: null })
    net.online = true
    expect(await sync.flush()).toBe(0)
    expect(last().map(i => [i.state, i.refusal?.kind, i.refusal?.message, i.refusal?.code])).toEqual([['refused', 'conflict', 'The case was changed meanwhile', 'stale_version']])
    expect(time.pending()).toBeNull()
    expect(await sync.flush()).toBe(0)
    expect(server.applied).toEqual([])
  })

  it('keeps one queue per viewer: what one queued is not sent as another; sent items are forgotten on the next start', async () => {
    const { server, sync, net, last } = setup()
    await sync.use('worker')
    net.online = false
    await sync.sendOrQueue(create('by worker'), 'k', async () => ({}) as CaseRecord)
    net.online = true
    await sync.use('chief')
    await settle()
    expect(last()).toEqual([])
    expect(server.applied).toEqual([])
    await sync.use('worker')
    await settle()
    expect(server.applied.map(a => [a.title, a.viewer])).toEqual([['by worker', 'worker']])
    await sync.use('chief')
    await sync.use('worker')
    expect(last()).toEqual([])
  })

  it('resends a follow-up refused as stale on the case\'s current version, with a new key; other refusals as they were', async () => {
    const { server, sync, net, last } = setup()
    await sync.use('worker')
    net.online = false
    const move = { op: 'transition' as const, caseId: 'c1', action: 'report_back' as const, input: { resultText: 'done', outcome: 'resolved', expectedVersion: 1 } }
    await sync.sendOrQueue(move, 'k-move', async () => ({}) as CaseRecord)
    server.versions.set('c1', 2) // someone else moved the case meanwhile
    net.online = true
    await sync.flush()
    const [refused] = last()
    expect(refused).toMatchObject({ state: 'refused', refusal: { code: 'stale_version' } })
    await sync.resend(refused!.id, async id => server.versions.get(id) ?? null)
    expect(server.moves).toHaveLength(1)
    expect(server.moves[0]).toMatchObject({ caseId: 'c1', expectedVersion: 2 })
    expect(server.moves[0]!.key).not.toBe('k-move')
    expect(last().map(i => i.state)).toEqual(['sent'])

    // A refusal that is not about the version goes again unchanged (and is refused again here).
    net.online = false
    await sync.sendOrQueue(create('x'), 'k-x', async () => ({}) as CaseRecord)
    server.refuse = new DataError('forbidden', 'not your grid')
    net.online = true
    await sync.flush()
    const bad = last().find(i => i.state === 'refused')!
    await sync.resend(bad.id, async () => 99)
    expect(last().find(i => i.id === bad.id)).toMatchObject({ state: 'refused', idempotencyKey: 'k-x', refusal: { kind: 'forbidden' } })
  })
})
