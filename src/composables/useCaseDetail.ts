import type { CaseContact, DataError } from '~/data'
import type { CaseAction, CaseEvent, TransitionInput } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { computed, markRaw, shallowRef } from 'vue'
import { gridPathOf } from '~/components/cases/intake'
import { asDataError, createSendKeys } from '~/data'
import { availableActions } from '~/domain/caseLoop'
import { useFreshness } from './freshness'
import { useCaseLoop } from './useCaseLoop'
import { useExplorer } from './useExplorer'
import { useLatest } from './useLatest'
import { useOfflineQueue } from './useOfflineQueue'

/**
 * One case with its event log and (for its handlers) the reporter's contact, the actions the
 * viewer may take on it now, and `act` to take one. Reloads when the case, the viewer or the
 * data change.
 */
export function useCaseDetail(caseId: () => string | null) {
  const loop = useCaseLoop()
  const explorer = useExplorer()
  const freshness = useFreshness()
  const EMPTY = { record: null, events: [], contact: null }
  const detail = useLatest(
    [caseId, loop.source, () => freshness.caseRev(caseId())],
    ([id, src]) => id === null
      ? null
      : (async () => {
          const c = await src.getCase(id)
          // A case the viewer cannot see has no log or contact for them either.
          const [log, who] = c ? await Promise.all([src.listCaseEvents(id), src.getCaseContact(id)]) : [[], null]
          if (c)
            freshness.saw([c])
          return { record: c ? markRaw(c) : null, events: markRaw(log), contact: who, found: c !== null }
        })(),
    { initial: { ...EMPTY, found: true } as { record: CaseRecord | null, events: readonly CaseEvent[], contact: CaseContact | null, found: boolean }, clearOnNull: true },
  )
  // The record an action answered with shows at once, before any reload.
  const written = shallowRef<CaseRecord | null>(null)
  const record = computed(() => {
    const w = written.value
    const r = detail.data.value.record
    return w && r && w.id === r.id && w.version > r.version ? w : r
  })
  const events = computed(() => detail.data.value.events)
  const contact = computed(() => detail.data.value.contact)
  const notFound = computed(() => !detail.data.value.found)
  const { loading, error } = detail

  const actions = computed<CaseAction[]>(() => {
    const c = record.value
    const actor = loop.actor.value
    if (!c || !actor)
      return []
    return availableActions({ ...c, gridPath: gridPathOf(c.gridId, explorer.byId.value) }, actor)
  })

  // One idempotency key per action taken, the same when it is sent again after a failure.
  const sendKeys = createSendKeys()
  const offline = useOfflineQueue()
  /** This case's actions that wait in the offline queue or were refused there, oldest first: the drawer shows them (the case shows its last known state meanwhile). */
  const queued = computed(() => offline.items.value.filter(i => i.state !== 'sent' && i.write.op === 'transition' && i.write.caseId === caseId()))
  /** Takes an action on the open case; resolves to the refusal, or null when it went through. */
  async function act<A extends CaseAction>(action: A, input: TransitionInput<A>): Promise<DataError | null> {
    const c = record.value
    if (!c)
      return null
    try {
      const idempotencyKey = sendKeys.keyFor({ caseId: c.id, action, input })
      const write = { op: 'transition' as const, caseId: c.id, caseCode: c.code, action, input: input as Record<string, unknown> }
      const sent = await offline.sendOrQueue(write, idempotencyKey, () => loop.source.value.transitionCase(c.id, action, input, { idempotencyKey }))
      sendKeys.done()
      if (sent.queued)
        return null
      written.value = markRaw(sent.record)
      loop.wrote(sent.record)
      return null
    }
    catch (e) {
      return asDataError(e)
    }
  }

  return { record, events, contact, loading, error, notFound, actions, act, queued }
}
