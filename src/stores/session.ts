import type { CaseLoopSource } from '~/data/CaseLoopSource'
import type { DataSource } from '~/data/DataSource'
import type { Role } from '~/domain/types'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref, shallowRef, watch } from 'vue'
import { createDemoCaseLoop, createDemoDataSource } from '~/data'
import { DEMO_UNIT_HANDLER } from '~/data/demo/DemoCaseLoop'

/**
 * The demo's users, one per role (their memberships come with the demo township), plus the unit
 * handler who acts for the township's offices in the case loop. `label` is the i18n key naming them.
 */
export const DEMO_VIEWERS: ReadonlyArray<{ id: string, role: Role, label: string }> = [
  { id: 'demo-county-admin', role: 'county_admin', label: 'role.county_admin' },
  { id: 'demo-township-commander', role: 'township_commander', label: 'role.township_commander' },
  { id: 'demo-village-chief', role: 'village_chief', label: 'role.village_chief' },
  { id: 'demo-grid-worker', role: 'grid_worker', label: 'role.grid_worker' },
  { id: 'demo-wall-viewer', role: 'wall_viewer', label: 'role.wall_viewer' },
  { id: DEMO_UNIT_HANDLER, role: 'grid_worker', label: 'role.unit_handler' },
]

const STORAGE_KEY = 'pingan-grid:view-as'

function initialViewer(): string {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
  return DEMO_VIEWERS.some(v => v.id === stored) ? stored! : DEMO_VIEWERS[0]!.id
}

/** Who is looking, and the data source that answers as them. */
export const useSession = defineStore('session', () => {
  const viewerId = ref(initialViewer())
  // The data source is a client object: raw, replaced (not mutated) when the viewer changes.
  const dataSource = shallowRef<DataSource>(markRaw(createDemoDataSource(viewerId.value)))
  // The write side of the case loop, for the same viewer over the same data.
  const caseLoop = shallowRef<CaseLoopSource>(markRaw(createDemoCaseLoop(viewerId.value)))
  watch(viewerId, (id) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, id)
    dataSource.value = markRaw(createDemoDataSource(id))
    caseLoop.value = markRaw(createDemoCaseLoop(id))
  })
  return { viewerId, dataSource, caseLoop }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useSession, import.meta.hot))
