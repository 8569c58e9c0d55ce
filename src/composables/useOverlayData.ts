import type { ShallowRef } from 'vue'
import type { Explorer } from './useExplorer'
import type { DataSource } from '~/data/DataSource'
import type { Camera, CaseRecord, KeyPlace, PatrolRoute, PatrolTeam, Road } from '~/domain/types'
import { markRaw, shallowRef, watch } from 'vue'
import { periodEndingAt } from '~/domain/period'
import { useSession } from '~/stores/session'

/**
 * Loads what the switched-on overlays show, and only those. Cases follow the selected grid and
 * period, like the KPIs beside them; patrols, cameras, places and roads cover everything the
 * viewer may see, because coverage does not stop at a grid boundary. Cases reload after every
 * write (the session's data revision), so a new or moved case shows on the map at once.
 */
export function useOverlayData(explorer: Explorer) {
  const session = useSession()
  const cases = shallowRef<readonly CaseRecord[]>([])
  const routes = shallowRef<readonly PatrolRoute[]>([])
  const teams = shallowRef<readonly PatrolTeam[]>([])
  const cameras = shallowRef<readonly Camera[]>([])
  const places = shallowRef<readonly KeyPlace[]>([])
  const roads = shallowRef<readonly Road[]>([])

  const on = (name: Parameters<typeof explorer.layers.value.has>[0]) => explorer.layers.value.has(name)

  function load<T>(target: ShallowRef<readonly T[]>, enabled: () => boolean, fetch: (ds: DataSource) => Promise<T[]>, deps: () => unknown = () => null): void {
    let request = 0
    watch([enabled, () => session.dataSource, deps], async ([isOn, ds]) => {
      const mine = ++request
      if (!isOn)
        return
      const rows = await fetch(ds)
      if (mine === request)
        target.value = markRaw(rows)
    }, { immediate: true })
  }

  load(cases, () => on('cases') || on('heatmap'), ds => ds.listCases({
    subtreeOf: explorer.selected.value?.id,
    period: periodEndingAt(ds.now(), explorer.periodDays.value),
  }).then(page => page.cases), () => [explorer.selected.value?.id, explorer.periodDays.value, session.dataRevision])
  load(routes, () => on('patrols'), ds => ds.listPatrolRoutes())
  load(teams, () => on('patrols'), ds => ds.listPatrolTeams())
  load(cameras, () => on('cameras'), ds => ds.listCameras())
  load(places, () => on('keyPlaces'), ds => ds.listKeyPlaces())
  load(roads, () => on('roads'), ds => ds.listRoads())

  return { cases, routes, teams, cameras, places, roads }
}
