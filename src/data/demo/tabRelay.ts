// The demo in several tabs of one browser: every tab generates its own township in memory, so a
// case reported in one would never reach the wall in another. This relays each tab's case writes
// to the others over a BroadcastChannel and applies theirs, so the demo behaves like one shared
// backend (as Supabase is), and the live feed of every tab hears them.
//
// Tabs generate the same township only when they load within the same ten minutes (the dataset's
// anchor); otherwise the same case id may name different generated cases. Writes to generated
// cases therefore cross only between tabs with the same anchor and seed; cases reported during the
// session are new everywhere and always cross.
import type { DemoCaseWrite } from './DemoCaseLoop'
import type { DemoDataset } from '~/demo'
import type { CaseEvent } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { applyDemoCaseWrite, onDemoCaseWrite } from './DemoCaseLoop'

/** The channel name shared by every tab of the demo. */
export const DEMO_TAB_CHANNEL = 'pingan-grid-demo-cases'

/** What a tab posts after each of its own writes. */
export interface DemoTabMessage {
  type: 'case-write'
  /** Seed and anchor of the sender's township. */
  dataset: string
  /** The case was reported during the session (in any tab), so it exists nowhere else to clash with. */
  live: boolean
  record: CaseRecord
  event: CaseEvent | null
}

/** The part of BroadcastChannel the relay uses. */
export interface TabChannel {
  postMessage: (message: DemoTabMessage) => void
  addEventListener: (type: 'message', listener: (e: MessageEvent<DemoTabMessage>) => void) => void
  close: () => void
}

function datasetKey(data: DemoDataset): string {
  return `${data.seed}@${data.anchor}`
}

/**
 * Starts relaying this dataset's writes to the other tabs and applying theirs; returns the
 * function that stops. Without BroadcastChannel (a test, an old browser) it does nothing.
 */
export function relayDemoCaseWrites(data: DemoDataset, open: (name: string) => TabChannel | null = defaultChannel): () => void {
  const channel = open(DEMO_TAB_CHANNEL)
  if (!channel)
    return () => {}
  const key = datasetKey(data)
  const liveIds = new Set<string>()
  const stopListening = onDemoCaseWrite(data, (write: DemoCaseWrite) => {
    if (write.origin !== 'local')
      return
    if (write.event === null)
      liveIds.add(write.record.id)
    channel.postMessage({ type: 'case-write', dataset: key, live: liveIds.has(write.record.id), record: write.record, event: write.event })
  })
  channel.addEventListener('message', (e) => {
    const m = e.data
    if (m?.type !== 'case-write' || (m.dataset !== key && !m.live))
      return
    if (m.live)
      liveIds.add(m.record.id)
    applyDemoCaseWrite(data, m.record, m.event)
  })
  return () => {
    stopListening()
    channel.close()
  }
}

function defaultChannel(name: string): TabChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name) as unknown as TabChannel
}
