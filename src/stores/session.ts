import type { CaseLoopSource, DataSource } from '~/data'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref, shallowRef, watch } from 'vue'
import { DEMO_VIEWERS } from '~/data'
import { useAuth } from './auth'

const STORAGE_KEY = 'pingan-grid:view-as'

function initialViewer(): string {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
  return DEMO_VIEWERS.some(v => v.id === stored) ? stored! : DEMO_VIEWERS[0]!.id
}

/**
 * Who is looking, and the sources that answer as them: a demo user chosen with "view as", or the
 * signed-in Supabase user (the app is only mounted once the backend has connected).
 */
export const useSession = defineStore('session', () => {
  const auth = useAuth()
  const backend = auth.backend
  if (!backend)
    throw new Error('the session store was created before the backend connected')
  const signedIn = backend.auth !== null
  const viewerId = ref(signedIn ? auth.user?.id ?? '' : initialViewer())
  // Client objects: raw, replaced (not mutated) when the viewer changes.
  const dataSource = shallowRef<DataSource>(markRaw(backend.dataSource(viewerId.value)))
  // The write side of the case loop, for the same viewer over the same data.
  const caseLoop = shallowRef<CaseLoopSource>(markRaw(backend.caseLoop(viewerId.value)))
  if (signedIn) {
    watch(() => auth.user?.id, (id) => {
      viewerId.value = id ?? ''
    })
  }
  else {
    watch(viewerId, (id) => {
      globalThis.localStorage?.setItem(STORAGE_KEY, id)
      dataSource.value = markRaw(backend.dataSource(id))
      caseLoop.value = markRaw(backend.caseLoop(id))
    })
  }
  return { viewerId, dataSource, caseLoop }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useSession, import.meta.hot))
