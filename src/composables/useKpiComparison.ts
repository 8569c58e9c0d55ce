import type { CaseKpis } from '~/domain/kpi'
import { computed } from 'vue'
import { kpiChange } from '~/domain/kpi'
import { periodEndingAt } from '~/domain/period'
import { comparedPeriods } from '~/domain/periodChange'
import { useSession } from '~/stores/session'
import { useAppClock } from './useAppClock'
import { useExplorer } from './useExplorer'
import { useLatest } from './useLatest'

/** 环比 and 同比 of the selected grid's KPIs, per field (see kpiChange), or null while loading. */
export interface KpiComparison {
  mom: Record<keyof CaseKpis, number | null>
  yoy: Record<keyof CaseKpis, number | null>
}

/**
 * The selected grid's KPIs against the period before (环比) and the same period a year earlier
 * (同比), each measured like with like through the data source's own KPIs (grid_kpis on
 * Supabase), so both modes compare the same way. Loaded beside the explorer's report, which it
 * does not delay.
 */
export function useKpiComparison() {
  const explorer = useExplorer()
  const session = useSession()
  const clock = useAppClock()
  const load = useLatest(
    [() => explorer.selected.value?.id ?? null, explorer.periodDays, () => session.dataSource, explorer.report],
    async ([id, days, ds, report]) => {
      if (id === null || report === null || report.grid.gridId !== id)
        return null
      const now = clock.read()
      const { previous, lastYear } = comparedPeriods(periodEndingAt(now, days), now)
      const [p, y] = await Promise.all([ds.gridKpis(id, previous.period, previous.at), ds.gridKpis(id, lastYear.period, lastYear.at)])
      return { mom: kpiChange(report.grid.kpis, p.grid.kpis), yoy: kpiChange(report.grid.kpis, y.grid.kpis) }
    },
    { initial: null as KpiComparison | null, clearOnNull: true },
  )
  return computed(() => load.data.value)
}
