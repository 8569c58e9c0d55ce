import type { CaseLoopSource } from '~/data'
import type { CaseNotice } from '~/domain/caseLoop'
import { computed, shallowRef, watch } from 'vue'
import { unreadCount } from '~/domain/caseLoop'
import { useCaseLoop } from './useCaseLoop'
import { useLatest } from './useLatest'

/**
 * The viewer's inbox of reminders and supervision notices: loaded when the viewer changes (a
 * visit) and again whenever a case they see changes (a reminder just sent is a case write), with
 * the unread count for the top bar. Opening marks read at once on screen and then in the data
 * layer; a refused mark shows the notice unread again.
 */
export function useNotices() {
  const loop = useCaseLoop()
  // Each answer names whose it is, so a previous viewer's inbox never shows while the new one loads.
  const load = useLatest([loop.source, loop.revision], ([s]) => s.listNotices().then(list => ({ source: s, list })), { initial: null as { source: CaseLoopSource, list: CaseNotice[] } | null })
  // Marks made here and not yet in an answer: the badge drops on the click, not a round trip later.
  const markedHere = shallowRef<ReadonlySet<string>>(new Set())
  watch(loop.source, () => {
    markedHere.value = new Set()
  })
  const mine = computed(() => load.data.value?.source === loop.source.value ? load.data.value.list : [])
  const notices = computed(() => mine.value.map(n => !n.read && markedHere.value.has(n.id) ? { ...n, read: true } : n))
  const unread = computed(() => unreadCount(notices.value))

  async function markRead(n: CaseNotice): Promise<void> {
    if (n.read)
      return
    markedHere.value = new Set([...markedHere.value, n.id])
    try {
      await loop.source.value.markNoticeRead(n.id)
    }
    catch (e) {
      const rest = new Set(markedHere.value)
      rest.delete(n.id)
      markedHere.value = rest
      throw e
    }
    await load.reload()
  }

  return { notices, unread, loading: load.loading, error: load.error, markRead, reload: load.reload }
}
