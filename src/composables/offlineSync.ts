// When the offline queue sends, apart from Vue so it is tested with a fake clock: a write goes
// straight to the server when the browser is online and nothing older waits (else it queues
// behind, keeping the order), a network failure queues it with its key, and the queue is sent
// again when the browser comes back online, on a backoff after a network failure, and when the
// lease of an item a dead page was sending runs out.
import type { OfflineQueue, QueuedWrite, QueueItem } from '~/data'
import type { CaseRecord } from '~/domain/types'
import { backoffMs, isNetworkFailure } from '~/data'

/** Whether a write answered or waits in the queue. */
export type SendOutcome = { queued: false, record: CaseRecord } | { queued: true, item: QueueItem }

/** A photo that could not be uploaded yet: it waits with its item. */
export interface UnsentPhoto {
  blob: Blob
  name: string
}

export interface OfflineSyncOptions {
  /** Makes the queue of one viewer (keys are per caller: one user's item is never sent as another). */
  queueOf: (viewerId: string) => OfflineQueue
  /** The browser's word (navigator.onLine): false means certainly offline, true only maybe online. */
  isOnline: () => boolean
  now?: () => number
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
  /** Hears the stored list after every change, and the list of a newly chosen viewer. */
  onItems?: (items: QueueItem[]) => void
  /** Hears every item the server accepted. */
  onSent?: (item: QueueItem, record: CaseRecord) => void
}

/** A little past a lease's end, so the item is sendable when the timer fires. */
const LEASE_SLACK_MS = 250

export function createOfflineSync(options: OfflineSyncOptions) {
  const now = options.now ?? Date.now
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
  const clearTimer = options.clearTimer ?? (t => clearTimeout(t as ReturnType<typeof setTimeout>))
  let current: { viewerId: string, queue: OfflineQueue, stop: () => void } | null = null
  let timer: unknown = null

  function cancelTimer(): void {
    if (timer !== null)
      clearTimer(timer)
    timer = null
  }

  /** When to try again by itself: after a network failure (backoff) or when a dead page's lease ends. */
  function nextTry(queue: OfflineQueue, items: QueueItem[]): number | null {
    const t = now()
    let wait: number | null = null
    if (queue.failures > 0 && items.some(i => i.state === 'waiting' || i.state === 'sending'))
      wait = backoffMs(queue.failures)
    for (const i of items) {
      if (i.state === 'sending' && i.lease && i.lease.until > t) {
        const leaseWait = i.lease.until - t + LEASE_SLACK_MS
        wait = wait === null ? leaseWait : Math.min(wait, leaseWait)
      }
    }
    return wait
  }

  /** Sends what waits, unless the browser says it is offline (then the 'online' event calls again). */
  async function flush(): Promise<number> {
    const queue = current?.queue
    if (!queue || !options.isOnline())
      return 0
    cancelTimer()
    const sent = await queue.flush()
    if (current?.queue !== queue)
      return sent
    const wait = nextTry(queue, await queue.items())
    if (wait !== null && timer === null) {
      timer = setTimer(() => {
        timer = null
        void flush()
      }, wait)
    }
    return sent
  }

  /** Switches to a viewer's queue (a no-op for the same viewer); forgets what the previous session sent and starts sending. */
  async function use(viewerId: string): Promise<OfflineQueue> {
    if (current?.viewerId === viewerId)
      return current.queue
    current?.stop()
    cancelTimer()
    const queue = options.queueOf(viewerId)
    const stops = [queue.onChange(items => options.onItems?.(items))]
    if (options.onSent)
      stops.push(queue.onSent(options.onSent))
    current = { viewerId, queue, stop: () => stops.forEach(s => s()) }
    // Items sent in an earlier session were seen then; what waits or was refused stays.
    await queue.clearSent()
    if (current?.queue === queue) {
      options.onItems?.(await queue.items())
      void flush()
    }
    return queue
  }

  /**
   * Sends now when the browser is online, nothing older waits and every photo is uploaded; queues
   * with the same key otherwise, and when the send failed for network reasons (it may have applied:
   * the key keeps the queue from applying it twice). Other refusals are thrown, for the form to show.
   */
  async function sendOrQueue(write: QueuedWrite, idempotencyKey: string, send: () => Promise<CaseRecord>, photos: UnsentPhoto[] = []): Promise<SendOutcome> {
    const queue = current?.queue
    if (!queue)
      throw new Error('the offline queue has no viewer yet')
    const olderWaits = (await queue.items()).some(i => i.state === 'waiting' || i.state === 'sending')
    if (options.isOnline() && !olderWaits && photos.length === 0) {
      try {
        return { queued: false, record: await send() }
      }
      catch (e) {
        if (!isNetworkFailure(e))
          throw e
      }
    }
    const item = await queue.enqueue(write, photos, idempotencyKey)
    void flush()
    return { queued: true, item }
  }

  /**
   * Puts a refused item back in line. A follow-up refused because the case changed meanwhile
   * (stale_version) is rebuilt on the case's current version, as another request with a new key:
   * the worker's report is kept, and the data layer checks the move again on the case as it is now.
   */
  async function resend(id: string, caseVersion: (caseId: string) => Promise<number | null>): Promise<void> {
    const queue = current?.queue
    if (!queue)
      return
    const item = (await queue.items()).find(i => i.id === id)
    if (!item || item.state !== 'refused')
      return
    const w = item.write
    if (w.op === 'transition' && item.refusal?.code === 'stale_version') {
      const version = await caseVersion(w.caseId)
      if (version !== null) {
        await queue.resend(id, { ...w, input: { ...w.input, expectedVersion: version } })
        await flush()
        return
      }
    }
    await queue.resend(id)
    await flush()
  }

  function stop(): void {
    current?.stop()
    current = null
    cancelTimer()
  }

  return { use, flush, sendOrQueue, resend, stop, queue: () => current?.queue ?? null }
}

export type OfflineSync = ReturnType<typeof createOfflineSync>
