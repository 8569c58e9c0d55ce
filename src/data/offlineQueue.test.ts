import type { CaseLoopSource, WriteOptions } from './CaseLoopSource'
import type { NewCaseInput } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { DataError } from './DataSource'
import { backoffMs, memoryQueueStore, OfflineQueue } from './offlineQueue'

const input = (title: string): NewCaseInput => ({ categoryCode: 'env', title, description: 'd', source: 'patrol' as NewCaseInput['source'], urgent: false, location: [104, 30], address: null, reporterName: null, reporterPhone: null, photoIds: [] })

/** A server that applies each key once, as the database does, and can be told to fail. */
function fakeServer() {
  const applied: { op: string, title?: string, caseId?: string, key: string, photoIds: string[] }[] = []
  const answers = new Map<string, CaseRecord>()
  let uploads = 0
  const s = {
    applied,
    get uploads() { return uploads },
    offline: false,
    refuse: null as DataError | null,
    source: {
      uploadPhoto: async () => {
        if (s.offline)
          throw new TypeError('Failed to fetch')
        return `photo-${++uploads}`
      },
      createCase: async (i: NewCaseInput, o?: WriteOptions) => {
        if (s.offline)
          throw new TypeError('Failed to fetch')
        if (s.refuse)
          throw s.refuse
        const kept = answers.get(o!.idempotencyKey!)
        if (kept)
          return kept
        applied.push({ op: 'create', title: i.title, key: o!.idempotencyKey!, photoIds: i.photoIds })
        const rec = { id: `case-${applied.length}` } as CaseRecord
        answers.set(o!.idempotencyKey!, rec)
        return rec
      },
      transitionCase: async (caseId: string, _a: string, _i: unknown, o?: WriteOptions) => {
        if (s.offline)
          throw new DataError('unavailable', 'server unreachable')
        const kept = answers.get(o!.idempotencyKey!)
        if (kept)
          return kept
        applied.push({ op: 'transition', caseId, key: o!.idempotencyKey!, photoIds: [] })
        const rec = { id: caseId } as CaseRecord
        answers.set(o!.idempotencyKey!, rec)
        return rec
      },
    } as unknown as CaseLoopSource,
  }
  return s
}

describe('offline queue', () => {
  it('sends three reports and a follow-up once each, in the order queued, with their keys and photos', async () => {
    const server = fakeServer()
    const q = new OfflineQueue({ store: memoryQueueStore(), source: async () => server.source, now: () => 1000 })
    const a = await q.enqueue({ op: 'create', input: input('a') }, [{ blob: new Blob(['x']), name: 'a.jpg' }])
    await q.enqueue({ op: 'create', input: input('b') })
    await q.enqueue({ op: 'create', input: input('c') })
    await q.enqueue({ op: 'transition', caseId: 'case-9', action: 'accept', input: { version: 3 } })
    expect(await q.flush()).toBe(4)
    expect(server.applied.map(x => x.title ?? x.caseId)).toEqual(['a', 'b', 'c', 'case-9'])
    expect(server.applied[0]).toMatchObject({ key: a.idempotencyKey, photoIds: ['photo-1'] })
    expect((await q.items()).map(i => i.state)).toEqual(['sent', 'sent', 'sent', 'sent'])
    expect(await q.flush()).toBe(0)
    expect(server.applied).toHaveLength(4)
  })

  it('keeps items waiting through a network failure and resends them with the same key', async () => {
    const server = fakeServer()
    server.offline = true
    const q = new OfflineQueue({ store: memoryQueueStore(), source: async () => server.source })
    const item = await q.enqueue({ op: 'create', input: input('a') }, [{ blob: new Blob(['x']), name: 'a.jpg' }])
    expect(await q.flush()).toBe(0)
    expect(q.failures).toBe(1)
    const [kept] = await q.items()
    expect(kept).toMatchObject({ state: 'waiting', attempts: 1, idempotencyKey: item.idempotencyKey })
    expect(kept!.photos[0]!.blob.size).toBe(1) // the photo is kept until sent
    server.offline = false
    expect(await q.flush()).toBe(1)
    expect(server.applied).toEqual([expect.objectContaining({ key: item.idempotencyKey })])
    expect(q.failures).toBe(0)
  })

  it('resends an item left "sending" by a page that died, with the same key, once its lease ran out; never applied twice', async () => {
    const server = fakeServer()
    const store = memoryQueueStore()
    let now = 1000
    const first = new OfflineQueue({ store, source: async () => server.source, now: () => now, leaseMs: 30_000 })
    const item = await first.enqueue({ op: 'create', input: input('a') })
    // the first page's send reached the server, then the page died before it stored the answer
    await server.source.createCase(input('a'), { idempotencyKey: item.idempotencyKey })
    await store.update(item.id, cur => ({ ...cur, state: 'sending', lease: { owner: 'dead-tab', until: now + 30_000 } }))
    const reopened = new OfflineQueue({ store, source: async () => server.source, now: () => now })
    expect(await reopened.flush()).toBe(0) // the lease still holds: maybe another tab is sending it
    now += 30_001
    expect(await reopened.flush()).toBe(1)
    expect(server.applied).toHaveLength(1)
    expect((await reopened.items())[0]).toMatchObject({ state: 'sent', resultCaseId: 'case-1' })
  })

  it('two tabs flushing one store at once send each item once', async () => {
    const server = fakeServer()
    const store = memoryQueueStore()
    const t1 = new OfflineQueue({ store, source: async () => server.source, owner: 't1' })
    const t2 = new OfflineQueue({ store, source: async () => server.source, owner: 't2' })
    for (const t of ['a', 'b', 'c']) await t1.enqueue({ op: 'create', input: input(t) })
    const [s1, s2] = await Promise.all([t1.flush(), t2.flush()])
    expect(s1 + s2).toBe(3)
    expect(server.applied.map(x => x.title)).toEqual(['a', 'b', 'c'])
  })

  it('a refused item stays with the reason, stops nothing else, and can be corrected and resent or dropped', async () => {
    const server = fakeServer()
    const q = new OfflineQueue({ store: memoryQueueStore(), source: async () => server.source })
    server.refuse = new DataError('conflict', 'the case changed meanwhile', { code: 'stale_version', field: 'version' })
    const bad = await q.enqueue({ op: 'create', input: input('a') })
    expect(await q.flush()).toBe(0)
    server.refuse = null
    await q.enqueue({ op: 'transition', caseId: 'case-7', action: 'accept', input: { version: 1 } })
    expect(await q.flush()).toBe(1)
    const [refused, sent] = await q.items()
    expect(refused).toMatchObject({ state: 'refused', refusal: { kind: 'conflict', code: 'stale_version', field: 'version', message: 'the case changed meanwhile' } })
    expect(sent!.state).toBe('sent')
    await q.resend(bad.id, { op: 'create', input: input('a, corrected') })
    const again = (await q.items())[0]!
    expect(again.state).toBe('waiting')
    expect(again.idempotencyKey).not.toBe(bad.idempotencyKey) // another request needs another key
    expect(await q.flush()).toBe(1)
    expect(server.applied.map(x => x.title ?? x.caseId)).toEqual(['case-7', 'a, corrected'])
    server.refuse = new DataError('invalid', 'no', { code: 'invalid_input' })
    const other = await q.enqueue({ op: 'create', input: input('z') })
    await q.flush()
    await q.drop(other.id)
    expect((await q.items()).map(i => i.id)).not.toContain(other.id)
  })

  it('refreshes the session before sending, and sends nothing when it cannot', async () => {
    const server = fakeServer()
    let refreshed = 0
    let canRefresh = false
    const q = new OfflineQueue({ store: memoryQueueStore(), source: async () => server.source, ensureSession: async () => {
      if (!canRefresh)
        throw new DataError('unavailable', 'auth unreachable')
      refreshed++
    } })
    await q.enqueue({ op: 'create', input: input('a') })
    expect(await q.flush()).toBe(0)
    expect(server.applied).toHaveLength(0)
    expect((await q.items())[0]!.state).toBe('waiting')
    canRefresh = true
    expect(await q.flush()).toBe(1)
    expect(refreshed).toBe(1)
  })

  it('backs off doubling from 2 s up to 5 minutes', () => {
    expect([1, 2, 3, 20].map(backoffMs)).toEqual([2000, 4000, 8000, 300_000])
  })
})
