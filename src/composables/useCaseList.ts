import type { LedgerSort } from '~/components/cases/ledgerQuery'
import type { CaseFilter } from '~/data'
import type { CaseRecord } from '~/domain/types'
import { computed, markRaw } from 'vue'
import { sortCases } from '~/components/cases/caseSort'
import { useSession } from '~/stores/session'
import { useFreshness } from './freshness'
import { useLatest } from './useLatest'

/**
 * Cases matching a filter, reloaded when the filter or the viewer change or the filter's subtree
 * does (a write, a live notice), and sorted on the client.
 */
export function useCaseList(filter: () => CaseFilter | null, order: () => { sort: LedgerSort, desc: boolean }) {
  const session = useSession()
  const freshness = useFreshness()
  const page = useLatest(
    [() => JSON.stringify(filter()), () => session.dataSource, () => freshness.subtree(filter()?.subtreeOf)],
    ([, ds]) => {
      const f = filter()
      return f === null
        ? null
        : ds.listCases(f).then((p) => {
            freshness.saw(p.cases)
            return p
          })
    },
    { initial: { cases: [] as readonly CaseRecord[], total: 0, truncated: false } },
  )
  const cases = computed(() => page.data.value.cases)
  /** How many cases match, and whether `cases` stops short of them (the lists are capped). */
  const total = computed(() => page.data.value.total)
  const truncated = computed(() => page.data.value.truncated)

  const rows = computed(() => {
    const o = order()
    return markRaw(sortCases(cases.value, o.sort, o.desc))
  })

  // Until there is a filter (the grids are still loading) the list counts as loading, not empty.
  const loading = computed(() => page.loading.value || filter() === null)
  return { cases, rows, total, truncated, loading, error: page.error }
}
