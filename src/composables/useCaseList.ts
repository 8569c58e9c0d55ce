import type { LedgerSort } from '~/components/cases/ledgerQuery'
import type { CaseFilter } from '~/data'
import type { CaseRecord } from '~/domain/types'
import { computed, markRaw, ref, shallowRef, watch } from 'vue'
import { sortCases } from '~/components/cases/caseSort'
import { asDataError } from '~/data'
import { useSession } from '~/stores/session'
import { useCaseLoop } from './useCaseLoop'

/**
 * Cases matching a filter, reloaded when the filter, the viewer or the data change (a write
 * elsewhere bumps the case loop's revision), and sorted on the client.
 */
export function useCaseList(filter: () => CaseFilter | null, order: () => { sort: LedgerSort, desc: boolean }) {
  const session = useSession()
  const loop = useCaseLoop()
  const cases = shallowRef<readonly CaseRecord[]>([])
  /** How many cases match, and whether `cases` stops short of them (the lists are capped). */
  const total = ref(0)
  const truncated = ref(false)
  const loading = ref(true)
  const error = ref<ReturnType<typeof asDataError> | null>(null)

  let request = 0
  watch([() => JSON.stringify(filter()), () => session.dataSource, loop.revision], async ([, ds]) => {
    const f = filter()
    const mine = ++request
    if (f === null)
      return
    loading.value = true
    error.value = null
    try {
      const page = await ds.listCases(f)
      if (mine === request) {
        cases.value = markRaw(page.cases)
        total.value = page.total
        truncated.value = page.truncated
      }
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

  const rows = computed(() => {
    const o = order()
    return markRaw(sortCases(cases.value, o.sort, o.desc))
  })

  return { cases, rows, total, truncated, loading, error }
}
