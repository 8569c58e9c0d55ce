import type { InjectionKey } from 'vue'
import type { Freshness } from './freshness'
import type { AppClock } from './useAppClock'
import type { ViewStateApi } from './useViewState'
import type { DataError, GridKpiReport } from '~/data'
import type { Grid } from '~/domain/types'
import { computed, inject, provide } from 'vue'
import { buildChoropleth } from '~/domain/choropleth'
import { periodEndingAt } from '~/domain/period'
import { useSession } from '~/stores/session'
import { useLatest } from './useLatest'

/**
 * The grid explorer's view model: what is selected (from the view state), its lineage and children,
 * their KPIs over the chosen period, and the choropleth. Created once in the app shell and
 * shared with the panel and the map through provide/inject.
 */
export function createExplorer(view: ViewStateApi, freshness: Freshness, clock: AppClock, active: () => boolean = () => true) {
  const session = useSession()

  // The territory changes only with the viewer; the KPIs with the grid, the period and the
  // freshness of that grid's subtree (a write or a live change below it). While the explorer is
  // not shown (the wall reads its own data) nothing loads and live changes reload nothing; what
  // was loaded stays for the way back.
  const gridsLoad = useLatest([() => session.dataSource, active], ([ds, on]) => on ? ds.listGrids() : null, { initial: [] as readonly Grid[] })
  const grids = gridsLoad.data
  const loading = gridsLoad.loading

  const code = computed(() => view.state.value.grid)
  const periodDays = computed(() => view.state.value.periodDays)
  const measure = computed(() => view.state.value.measure)
  const basis = computed(() => view.state.value.basis)
  const layers = computed(() => view.state.value.layers)

  const byId = computed(() => new Map(grids.value.map(g => [g.id, g])))
  const childrenOf = computed(() => {
    const m = new Map<string, Grid[]>()
    for (const g of grids.value) {
      if (g.parentId) {
        const list = m.get(g.parentId) ?? []
        list.push(g)
        m.set(g.parentId, list)
      }
    }
    return m
  })
  /** Top visible grids: those whose parent the viewer cannot see. */
  const roots = computed(() => grids.value.filter(g => !g.parentId || !byId.value.has(g.parentId)))
  const selected = computed(() => code.value ? grids.value.find(g => g.code === code.value) ?? null : roots.value[0] ?? null)
  const lineage = computed(() => {
    const out: Grid[] = []
    let g = selected.value
    while (g) {
      out.unshift(g)
      g = g.parentId ? byId.value.get(g.parentId) ?? null : null
    }
    return out
  })
  const children = computed(() => selected.value ? childrenOf.value.get(selected.value.id) ?? [] : [])

  const reportLoad = useLatest(
    [() => active() ? selected.value?.id ?? null : null, periodDays, () => session.dataSource, () => active() ? freshness.subtree(selected.value?.id ?? null) : ''],
    ([id, days, ds]) => id === null ? null : ds.gridKpis(id, periodEndingAt(clock.read(), days)),
    { initial: null as GridKpiReport | null, clearOnNull: true },
  )
  const report = reportLoad.data
  const error = computed<DataError | null>(() => gridsLoad.error.value ?? reportLoad.error.value)

  /** The choropleth of the grids in focus (children, or the grid itself when it is a leaf), from the data source's report. */
  const choropleth = computed(() => {
    const r = report.value
    const rows = []
    if (r) {
      for (const row of children.value.length > 0 ? r.children : [r.grid]) {
        const g = byId.value.get(row.gridId)
        if (g)
          rows.push({ grid: g, kpis: row.kpis })
      }
    }
    return buildChoropleth(measure.value, rows, basis.value)
  })
  /** Measure value per grid in focus, as the map draws it; null = no data. */
  const values = computed(() => choropleth.value.values)
  const classification = computed(() => choropleth.value.classification)

  /**
   * Navigates to a grid, keeping the view (period, measure, basis, layers). A page under a grid (its
   * case ledger, its supervision list) stays the same page for the new grid, with its filters.
   */
  function drillTo(g: Grid): void {
    void view.go({ grid: g.code, keep: 'all' })
  }

  return {
    grids,
    loading,
    error,
    report,
    code,
    periodDays,
    measure,
    basis,
    layers,
    byId,
    roots,
    selected,
    lineage,
    children,
    choropleth,
    values,
    classification,
    drillTo,
    active,
  }
}

export type Explorer = ReturnType<typeof createExplorer>

const EXPLORER: InjectionKey<Explorer> = Symbol('explorer')

/** Creates the explorer and makes it available to descendants. */
export function provideExplorer(view: ViewStateApi, freshness: Freshness, clock: AppClock, active?: () => boolean): Explorer {
  const explorer = createExplorer(view, freshness, clock, active)
  provide(EXPLORER, explorer)
  return explorer
}

/** The explorer provided by the app shell. */
export function useExplorer(): Explorer {
  const e = inject(EXPLORER, null)
  if (!e)
    throw new Error('useExplorer() called outside the app shell')
  return e
}
