import type { Freshness } from './freshness'
import type { AppClock } from './useAppClock'
import type { Explorer } from './useExplorer'
import type { DataSource } from '~/data'
import type { Camera, CaseRecord, KeyPlace, Millis, PatrolRoute, PatrolTeam, Road } from '~/domain/types'
import { computed } from 'vue'
import { periodEndingAt } from '~/domain/period'
import { useSession } from '~/stores/session'
import { useLatest } from './useLatest'

/**
 * Loads what the switched-on overlays show, and only those. Cases follow the selected grid and
 * period, like the KPIs beside them, and reload when that grid's subtree changes (a write, a live
 * notice); patrols, cameras, places and roads cover everything the viewer may see, because
 * coverage does not stop at a grid boundary. A change loads only what it changes: a layer toggle
 * or a new measure refetches no cases. A failed load is an error of that overlay, not an
 * unhandled rejection.
 */
export function useOverlayData(explorer: Explorer, freshness: Freshness, clock: AppClock) {
  const session = useSession()
  const on = (name: string) => explorer.layers.value.has(name)

  function load<T>(enabled: () => boolean, fetch: (ds: DataSource) => Promise<T[]>) {
    return useLatest([enabled, () => session.dataSource], ([isOn, ds]) => isOn ? fetch(ds) : null, { initial: [] as readonly T[] })
  }

  const subtreeOf = () => explorer.selected.value?.id ?? null
  const cases = useLatest(
    [() => on('cases') || on('heatmap'), subtreeOf, () => explorer.periodDays.value, () => session.dataSource, () => freshness.subtree(subtreeOf())],
    ([isOn, id, days, ds]) => {
      if (!isOn)
        return null
      const at = clock.read()
      return ds.listCases({ subtreeOf: id ?? undefined, period: periodEndingAt(at, days) }).then((page) => {
        freshness.saw(page.cases)
        return { cases: page.cases, at }
      })
    },
    { initial: { cases: [] as readonly CaseRecord[], at: clock.read() as Millis } },
  )
  const routes = load<PatrolRoute>(() => on('patrols'), ds => ds.listPatrolRoutes())
  const teams = load<PatrolTeam>(() => on('patrols'), ds => ds.listPatrolTeams())
  const cameras = load<Camera>(() => on('cameras'), ds => ds.listCameras())
  const places = load<KeyPlace>(() => on('keyPlaces'), ds => ds.listKeyPlaces())
  const roads = load<Road>(() => on('roads'), ds => ds.listRoads())

  return {
    cases: computed(() => cases.data.value.cases),
    /** The "now" the cases were listed at: their map classes (overdue, due soon) are as of then. */
    casesAt: computed(() => cases.data.value.at),
    routes: routes.data,
    teams: teams.data,
    cameras: cameras.data,
    places: places.data,
    roads: roads.data,
    /** The first failure among the switched-on overlays' loads, if any. */
    error: computed(() => [cases, routes, teams, cameras, places, roads].map(l => l.error.value).find(e => e !== null) ?? null),
  }
}
