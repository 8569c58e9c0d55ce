import type { CaseLoopSource } from '~/data/CaseLoopSource'
import type { DataSource } from '~/data/DataSource'
import type { Role } from '~/domain/types'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref, shallowRef, watch } from 'vue'
import { backendMode, createDemoCaseLoop, createDemoDataSource } from '~/data'
import { DEMO_UNIT_HANDLER } from '~/data/demo/DemoCaseLoop'
import { useAuth } from './auth'

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

/**
 * Who is looking, and the sources that answer as them: a demo user chosen with "view as", or the
 * signed-in Supabase user (the shell is only mounted once the sign-in has connected the backend).
 */
export const useSession = defineStore('session', () => {
  const auth = useAuth()
  const supabase = backendMode === 'supabase' ? auth.backend : null
  if (backendMode === 'supabase' && !supabase)
    throw new Error('the Supabase session store was created before the backend connected')
  const viewerId = ref(supabase ? auth.user?.id ?? '' : initialViewer())
  // Client objects: raw, replaced (not mutated) when the viewer changes.
  const dataSource = shallowRef<DataSource>(markRaw(supabase?.dataSource ?? createDemoDataSource(viewerId.value)))
  // The write side of the case loop, for the same viewer over the same data.
  const caseLoop = shallowRef<CaseLoopSource>(markRaw(supabase?.caseLoop ?? createDemoCaseLoop(viewerId.value)))
  if (supabase) {
    watch(() => auth.user?.id, (id) => {
      viewerId.value = id ?? ''
    })
  }
  else {
    watch(viewerId, (id) => {
      globalThis.localStorage?.setItem(STORAGE_KEY, id)
      dataSource.value = markRaw(createDemoDataSource(id))
      caseLoop.value = markRaw(createDemoCaseLoop(id))
    })
  }
  /** Bumped after every write, so everything derived from the data (KPIs, lists, map) reloads. */
  const dataRevision = ref(0)
  return { viewerId, dataSource, caseLoop, dataRevision }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useSession, import.meta.hot))
