import type { ShallowRef } from 'vue'
import type { Explorer } from './useExplorer'
import type { DataSource } from '~/data'
import type { Camera, CaseRecord, KeyPlace, Millis, PatrolRoute, PatrolTeam, Road } from '~/domain/types'
import { markRaw, shallowRef, watch } from 'vue'
import { periodEndingAt } from '~/domain/period'
import { useSession } from '~/stores/session'

/**
 * Loads what the switched-on overlays show, and only those. Cases follow the selected grid and
 * period, like the KPIs beside them; patrols, cameras, places and roads cover everything the
 * viewer may see, because coverage does not stop at a grid boundary. Cases reload after every
 * write (the session's data revision), so a new or moved case shows on the map at once.
 * A change loads only what it changes: a layer toggle or a new measure refetches no cases.
 */
export function useOverlayData(explorer: Explorer) {
  const session = useSession()
  const cases = shallowRef<readonly CaseRecord[]>([])
  /** The data source's "now" the cases were listed at: their map classes (overdue, due soon) are as of then. */
  const casesAt = shallowRef<Millis>(session.dataSource.now())
  const routes = shallowRef<readonly PatrolRoute[]>([])
  const teams = shallowRef<readonly PatrolTeam[]>([])
  const cameras = shallowRef<readonly Camera[]>([])
  const places = shallowRef<readonly KeyPlace[]>([])
  const roads = shallowRef<readonly Road[]>([])

  const on = (name: Parameters<typeof explorer.layers.value.has>[0]) => explorer.layers.value.has(name)

  // `deps` returns a primitive key: a getter returning a fresh array would count as changed every
  // time anything it reads is touched, and refetch on every URL change.
  function load<T>(target: ShallowRef<readonly T[]>, enabled: () => boolean, fetch: (ds: DataSource) => Promise<T[]>, deps: () => string | number | null = () => null, onLoaded?: (ds: DataSource) => void): void {
    let request = 0
    watch([enabled, () => session.dataSource, deps], async ([isOn, ds]) => {
      const mine = ++request
      if (!isOn)
        return
      const rows = await fetch(ds)
      if (mine === request) {
        onLoaded?.(ds)
        target.value = markRaw(rows)
      }
    }, { immediate: true })
  }

  let listedAt = casesAt.value
  load(cases, () => on('cases') || on('heatmap'), (ds) => {
    listedAt = ds.now()
    return ds.listCases({
      subtreeOf: explorer.selected.value?.id,
      period: periodEndingAt(listedAt, explorer.periodDays.value),
    }).then(page => page.cases)
  }, () => JSON.stringify([explorer.selected.value?.id ?? null, explorer.periodDays.value, session.dataRevision]), () => {
    casesAt.value = listedAt
  })
  load(routes, () => on('patrols'), ds => ds.listPatrolRoutes())
  load(teams, () => on('patrols'), ds => ds.listPatrolTeams())
  load(cameras, () => on('cameras'), ds => ds.listCameras())
  load(places, () => on('keyPlaces'), ds => ds.listKeyPlaces())
  load(roads, () => on('roads'), ds => ds.listRoads())

  return { cases, casesAt, routes, teams, cameras, places, roads }
}
