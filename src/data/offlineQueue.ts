// The offline queue (issue 14): reports and follow-ups made without a signal, or whose send failed
// for network reasons, wait here with their photos and their client-made idempotency key, and are
// sent one at a time, oldest first, when the connection returns. The key makes a resend after a
// lost answer (or a page that died mid-send) harmless: the database answers the first result
// without applying twice. Storage is an interface so the logic is tested without a browser; the
// browser keeps items in IndexedDB (Blobs are stored as they are, structured clone keeps them).
import type { CaseLoopSource } from './CaseLoopSource'
import type { CaseAction, NewCaseInput, TransitionInput } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { DataError } from './DataSource'
import { newIdempotencyKey } from './idempotency'

export type QueueState = 'waiting' | 'sending' | 'sent' | 'refused'

/** A photo kept with its item until the item is sent. */
export interface QueuedPhoto {
  blob: Blob
  name: string
  /** The stored photo's id once uploaded, so a resend does not upload it again. */
  uploadedId?: string
}

export type QueuedWrite
  = | { op: 'create', input: NewCaseInput }
    | { op: 'transition', caseId: string, action: CaseAction, input: Record<string, unknown>, /** The case's code, for the worker's list. */ caseCode?: string }

/** Why the data layer refused an item, from its structured error. */
export interface QueueRefusal {
  kind: string
  message: string
  code?: string | null
  field?: string | null
  reason?: string
}

export interface QueueItem {
  id: string
  /** Order of sending: the time it was queued, ties broken by id. */
  queuedAt: number
  idempotencyKey: string
  write: QueuedWrite
  photos: QueuedPhoto[]
  state: QueueState
  /** Sends tried (network failures included). */
  attempts: number
  refusal?: QueueRefusal
  /** The case id the server answered. */
  resultCaseId?: string
  /** Who is sending it and until when: another tab does not send it while the lease holds. */
  lease?: { owner: string, until: number }
}

/** Where items are kept; `update` must be atomic (one IndexedDB readwrite transaction). */
export interface QueueStore {
  all: () => Promise<QueueItem[]>
  put: (item: QueueItem) => Promise<void>
  delete: (id: string) => Promise<void>
  /** Applies `change` to the stored item atomically; `change` answers null to leave it. Answers the stored result. */
  update: (id: string, change: (item: QueueItem) => QueueItem | null) => Promise<QueueItem | null>
}

/** A store in memory (tests, and browsers without IndexedDB). */
export function memoryQueueStore(): QueueStore {
  const items = new Map<string, QueueItem>()
  return {
    all: async () => [...items.values()].map(i => ({ ...i })),
    put: async (item) => { items.set(item.id, { ...item }) },
    delete: async (id) => { items.delete(id) },
    update: async (id, change) => {
      const cur = items.get(id)
      if (!cur)
        return null
      const next = change({ ...cur })
      if (next)
        items.set(id, { ...next })
      return next ?? cur
    },
  }
}

/** The queue in IndexedDB: one database, one store keyed by id. */
export function idbQueueStore(dbName = 'pingan-offline-queue'): QueueStore {
  const STORE = 'items'
  function open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(dbName, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' })
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'))
    })
  }
  async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore, done: (v: T) => void) => void): Promise<T> {
    const db = await open()
    try {
      return await new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode)
        let result: T
        op(tx.objectStore(STORE), (v) => {
          result = v
        })
        tx.oncomplete = () => resolve(result)
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
      })
    }
    finally {
      db.close()
    }
  }
  return {
    all: () => run<QueueItem[]>('readonly', (s, done) => {
      const r = s.getAll()
      r.onsuccess = () => done(r.result as QueueItem[])
    }),
    put: item => run<void>('readwrite', (s, done) => {
      s.put(item)
      done(undefined)
    }),
    delete: id => run<void>('readwrite', (s, done) => {
      s.delete(id)
      done(undefined)
    }),
    // get and put in one readwrite transaction: IndexedDB runs overlapping readwrite transactions
    // one after another, also across tabs, so two tabs cannot both take the same lease.
    update: (id, change) => run<QueueItem | null>('readwrite', (s, done) => {
      const r = s.get(id)
      r.onsuccess = () => {
        const cur = r.result as QueueItem | undefined
        if (!cur)
          return done(null)
        const next = change(cur)
        if (next)
          s.put(next)
        done(next ?? cur)
      }
    }),
  }
}

/** A failure that says nothing about the request itself: the network or the server was out of reach. */
export function isNetworkFailure(e: unknown): boolean {
  if (e instanceof DataError)
    return e.kind === 'unavailable'
  // fetch rejects with a TypeError when the connection is gone
  return e instanceof TypeError
}

function refusalOf(e: unknown): QueueRefusal {
  if (e instanceof DataError)
    return { kind: e.kind, message: e.message, code: e.detail?.code ?? null, field: e.detail?.field ?? null, reason: e.detail?.reason }
  return { kind: 'unknown', message: e instanceof Error ? e.message : String(e) }
}

export interface OfflineQueueOptions {
  store: QueueStore
  source: () => Promise<CaseLoopSource>
  /** Called before sending after being offline: refreshes an expired session token; throws when it cannot (the run stops, items wait). */
  ensureSession?: () => Promise<void>
  now?: () => number
  newId?: () => string
  /** How long a send may hold an item before another tab (or this one after a reload) may take it over. */
  leaseMs?: number
  /** This tab's name in leases. */
  owner?: string
}

/** Backoff after a network failure: 2 s doubling to 5 min. */
export function backoffMs(failures: number): number {
  return Math.min(300_000, 2000 * 2 ** Math.max(0, failures - 1))
}

/** The queue: enqueue, send in order, resend or drop refused items. `onChange` hears every change of the stored list. */
export class OfflineQueue {
  private readonly store: QueueStore
  private readonly now: () => number
  private readonly newId: () => string
  private readonly leaseMs: number
  private readonly owner: string
  private running: Promise<number> | null = null
  private listeners = new Set<(items: QueueItem[]) => void>()
  private sentListeners = new Set<(item: QueueItem, record: CaseRecord) => void>()
  /** Network failures in a row, for the backoff. */
  failures = 0

  constructor(private readonly options: OfflineQueueOptions) {
    this.store = options.store
    this.now = options.now ?? Date.now
    this.newId = options.newId ?? newIdempotencyKey
    this.leaseMs = options.leaseMs ?? 60_000
    this.owner = options.owner ?? newIdempotencyKey()
  }

  onChange(listener: (items: QueueItem[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Hears each item the server accepted, with the case as it answered (for the screens to reload it). */
  onSent(listener: (item: QueueItem, record: CaseRecord) => void): () => void {
    this.sentListeners.add(listener)
    return () => this.sentListeners.delete(listener)
  }

  /** Every item, in sending order. */
  async items(): Promise<QueueItem[]> {
    return (await this.store.all()).sort((a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1))
  }

  private async changed(): Promise<void> {
    if (this.listeners.size === 0)
      return
    const items = await this.items()
    for (const l of this.listeners) l(items)
  }

  /** Queues a write with its photos; the key is the action's own (the one a failed direct send used), or a fresh one. */
  async enqueue(write: QueuedWrite, photos: { blob: Blob, name: string }[] = [], idempotencyKey?: string): Promise<QueueItem> {
    const last = (await this.store.all()).reduce((m, i) => Math.max(m, i.queuedAt), 0)
    const item: QueueItem = {
      id: this.newId(),
      // strictly after every queued item, even when the clock stands still or went back
      queuedAt: Math.max(this.now(), last + 1),
      idempotencyKey: idempotencyKey ?? newIdempotencyKey(),
      write,
      photos: photos.map(p => ({ blob: p.blob, name: p.name })),
      state: 'waiting',
      attempts: 0,
    }
    await this.store.put(item)
    await this.changed()
    return item
  }

  /** Sends the waiting items one at a time, oldest first; answers how many were sent. One run at a time per tab. */
  flush(): Promise<number> {
    this.running ??= this.run().finally(() => {
      this.running = null
    })
    return this.running
  }

  private sendable(item: QueueItem, now: number): boolean {
    if (item.state === 'waiting')
      return true
    // 'sending' whose lease ran out: the page that sent it died (or hung); its send may have
    // reached the server, so it goes again with the SAME key
    return item.state === 'sending' && (!item.lease || item.lease.until <= now)
  }

  private async run(): Promise<number> {
    let sent = 0
    let sessionChecked = false
    for (;;) {
      const now = this.now()
      const next = (await this.items()).find(i => this.sendable(i, now))
      if (!next)
        return sent
      if (!sessionChecked && this.options.ensureSession) {
        try {
          await this.options.ensureSession()
        }
        catch {
          this.failures++
          return sent
        }
        sessionChecked = true
      }
      const claimed = await this.store.update(next.id, (cur) => {
        if (!this.sendable(cur, this.now()))
          return null
        return { ...cur, state: 'sending', attempts: cur.attempts + 1, lease: { owner: this.owner, until: this.now() + this.leaseMs } }
      })
      if (claimed?.lease?.owner !== this.owner || claimed.state !== 'sending')
        continue // another tab took it between the read and the claim
      await this.changed()
      const outcome = await this.send(claimed)
      if (outcome === 'network') {
        this.failures++
        await this.store.update(claimed.id, cur => ({ ...cur, state: 'waiting', lease: undefined }))
        await this.changed()
        return sent
      }
      this.failures = 0
      if (outcome === 'sent')
        sent++
    }
  }

  private async send(item: QueueItem): Promise<'sent' | 'refused' | 'network'> {
    try {
      const source = await this.options.source()
      const photoIds: string[] = []
      for (let i = 0; i < item.photos.length; i++) {
        const photo = item.photos[i]!
        if (!photo.uploadedId) {
          const uploadedId = await source.uploadPhoto(photo.blob, photo.name)
          // kept at once, so a resend after a crash does not upload it again
          await this.store.update(item.id, (cur) => {
            const photos = cur.photos.map((p, j) => j === i ? { ...p, uploadedId } : p)
            return { ...cur, photos }
          })
          photo.uploadedId = uploadedId
        }
        photoIds.push(photo.uploadedId)
      }
      const w = item.write
      const options = { idempotencyKey: item.idempotencyKey }
      const record = w.op === 'create'
        ? await source.createCase({ ...w.input, photoIds: [...w.input.photoIds, ...photoIds] }, options)
        : await source.transitionCase(w.caseId, w.action, (photoIds.length > 0 ? { ...w.input, photoIds: [...((w.input.photoIds as string[] | undefined) ?? []), ...photoIds] } : w.input) as TransitionInput<typeof w.action>, options)
      // sent: the photos are on the server now, the Blobs are let go
      const sent = await this.store.update(item.id, cur => ({ ...cur, state: 'sent', lease: undefined, refusal: undefined, resultCaseId: record.id, photos: cur.photos.map(p => ({ ...p, blob: new Blob([]) })) }))
      await this.changed()
      for (const l of this.sentListeners) l(sent ?? item, record)
      return 'sent'
    }
    catch (e) {
      if (isNetworkFailure(e))
        return 'network'
      await this.store.update(item.id, cur => ({ ...cur, state: 'refused', lease: undefined, refusal: refusalOf(e) }))
      await this.changed()
      return 'refused'
    }
  }

  /**
   * Puts a refused item back in line, corrected: `write` replaces what is sent (e.g. rebuilt on the
   * case's new version). A changed request needs a new key (the old one is bound to the old request).
   */
  async resend(id: string, write?: QueuedWrite): Promise<void> {
    await this.store.update(id, (cur) => {
      if (cur.state !== 'refused')
        return null
      return { ...cur, state: 'waiting', refusal: undefined, write: write ?? cur.write, idempotencyKey: write ? newIdempotencyKey() : cur.idempotencyKey }
    })
    await this.changed()
  }

  /** Drops an item that is not being sent (its photos go with it). */
  async drop(id: string): Promise<void> {
    const cur = (await this.store.all()).find(i => i.id === id)
    if (!cur || (cur.state === 'sending' && cur.lease && cur.lease.until > this.now()))
      return
    await this.store.delete(id)
    await this.changed()
  }

  /** Forgets items that were sent. */
  async clearSent(): Promise<void> {
    for (const i of await this.store.all()) {
      if (i.state === 'sent')
        await this.store.delete(i.id)
    }
    await this.changed()
  }
}
