// The offline queue as the app uses it: one queue per viewer in IndexedDB, sent by offlineSync
// (when the browser comes back online, on a backoff after a network failure); forms call
// sendOrQueue so a report made without a signal waits instead of being lost.
import type { SendOutcome, UnsentPhoto } from './offlineSync'
import type { QueuedWrite, QueueItem } from '~/data'
import type { CaseRecord } from '~/domain/types'
import { computed, effectScope, shallowRef, watch } from 'vue'
import { idbQueueStore, memoryQueueStore, OfflineQueue } from '~/data'
import { useAuth } from '~/stores/auth'
import { useSession } from '~/stores/session'
import { createOfflineSync } from './offlineSync'

export type { SendOutcome, UnsentPhoto } from './offlineSync'

const items = shallowRef<QueueItem[]>([])
const sentListeners = new Set<(record: CaseRecord) => void>()
let sync: ReturnType<typeof createOfflineSync> | null = null

/** The browser's own word; a failed send is the other sign of no signal (offlineSync handles it). */
function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false
}

function theSync(): ReturnType<typeof createOfflineSync> {
  if (sync)
    return sync
  const session = useSession()
  const auth = useAuth()
  sync = createOfflineSync({
    isOnline,
    queueOf: viewerId => new OfflineQueue({
      store: typeof indexedDB === 'undefined' ? memoryQueueStore() : idbQueueStore(`pingan-offline-queue:${viewerId}`),
      source: async () => session.caseLoop,
      // On Supabase an expired token is refreshed before anything is sent; the demo has no session.
      ensureSession: async () => auth.backend?.auth?.ensureFreshSession(),
    }),
    onItems: (list) => {
      items.value = list
    },
    onSent: (_item, record) => sentListeners.forEach(l => l(record)),
  })
  // The queue follows the viewer: a Supabase user signing in, or "view as" on the demo. In a scope
  // of its own: the sync outlives the component that first asked for it (the app frame remounts
  // after signing out and in again).
  effectScope(true).run(() => watch(() => session.viewerId, (id) => {
    if (id)
      void sync!.use(id)
  }, { immediate: true }))
  if (typeof window !== 'undefined')
    window.addEventListener('online', () => void sync!.flush())
  return sync
}

export function useOfflineQueue() {
  const s = theSync()
  const session = useSession()

  async function queue(): Promise<OfflineQueue> {
    return s.use(session.viewerId)
  }

  /** Sends now, or queues when there is no signal (see offlineSync.sendOrQueue). */
  async function sendOrQueue(write: QueuedWrite, idempotencyKey: string, send: () => Promise<CaseRecord>, photos: UnsentPhoto[] = []): Promise<SendOutcome> {
    await queue()
    return s.sendOrQueue(write, idempotencyKey, send, photos)
  }

  return {
    items,
    /** Items not sent yet: waiting, sending or refused. */
    pending: computed(() => items.value.filter(i => i.state !== 'sent').length),
    refused: computed(() => items.value.filter(i => i.state === 'refused').length),
    isOnline,
    sendOrQueue,
    flush: () => s.flush(),
    /** Sends a refused item again; one refused as stale goes on the case's current version. */
    resend: async (id: string) => {
      await queue()
      await s.resend(id, async caseId => (await session.caseLoop.getCase(caseId))?.version ?? null)
    },
    drop: async (id: string) => (await queue()).drop(id),
    clearSent: async () => (await queue()).clearSent(),
    /** Hears each case a queued item created or moved, to reload what shows it; returns the stop. */
    onSent: (listener: (record: CaseRecord) => void): (() => void) => {
      sentListeners.add(listener)
      return () => sentListeners.delete(listener)
    },
  }
}
