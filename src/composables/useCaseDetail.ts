import type { CaseContact, DataError } from '~/data'
import type { CaseAction, CaseEvent, TransitionInput } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { computed, markRaw, ref, shallowRef, watch } from 'vue'
import { gridPathOf } from '~/components/cases/intake'
import { asDataError } from '~/data'
import { availableActions } from '~/domain/caseLoop'
import { useCaseLoop } from './useCaseLoop'
import { useExplorer } from './useExplorer'

/**
 * One case with its event log and (for its handlers) the reporter's contact, the actions the
 * viewer may take on it now, and `act` to take one. Reloads when the case, the viewer or the
 * data change.
 */
export function useCaseDetail(caseId: () => string | null) {
  const loop = useCaseLoop()
  const explorer = useExplorer()
  const record = shallowRef<CaseRecord | null>(null)
  const events = shallowRef<readonly CaseEvent[]>([])
  const contact = shallowRef<CaseContact | null>(null)
  const loading = ref(false)
  const error = ref<DataError | null>(null)
  const notFound = ref(false)

  let request = 0
  watch([caseId, loop.source, loop.revision], async ([id, src]) => {
    const mine = ++request
    error.value = null
    notFound.value = false
    if (id === null) {
      record.value = null
      events.value = []
      contact.value = null
      return
    }
    loading.value = true
    try {
      const c = await src.getCase(id)
      // A case the viewer cannot see has no log or contact for them either.
      const [log, who] = c ? await Promise.all([src.listCaseEvents(id), src.getCaseContact(id)]) : [[], null]
      if (mine !== request)
        return
      record.value = c ? markRaw(c) : null
      events.value = markRaw(log)
      contact.value = who
      notFound.value = c === null
    }
    catch (e) {
      if (mine === request)
        error.value = asDataError(e)
    }
    finally {
      if (mine === request)
        loading.value = false
    }
  }, { immediate: true })

  const actions = computed<CaseAction[]>(() => {
    const c = record.value
    const actor = loop.actor.value
    if (!c || !actor)
      return []
    return availableActions({ ...c, gridPath: gridPathOf(c.gridId, explorer.byId.value) }, actor)
  })

  /** Takes an action on the open case; resolves to the refusal, or null when it went through. */
  async function act<A extends CaseAction>(action: A, input: TransitionInput<A>): Promise<DataError | null> {
    const c = record.value
    if (!c)
      return null
    try {
      record.value = markRaw(await loop.source.value.transitionCase(c.id, action, input))
      loop.bump()
      return null
    }
    catch (e) {
      return asDataError(e)
    }
  }

  return { record, events, contact, loading, error, notFound, actions, act }
}
