import type { SupabaseBackend } from '~/data'
import type { DataError } from '~/data/DataSource'
import type { AuthUser } from '~/data/supabase/auth'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import { backendMode, loadSupabaseBackend } from '~/data'
import { asDataError } from '~/data/DataSource'

/** Sign-in state of the Supabase mode; in demo mode it stays idle and nobody needs to sign in. */
export const useAuth = defineStore('auth', () => {
  const user = ref<AuthUser | null>(null)
  /** False until the kept session (if any) has been read, so the sign-in screen does not flash. */
  const ready = ref(backendMode === 'demo')
  const error = ref<DataError | null>(null)
  const busy = ref(false)
  /** The connected backend; set before `ready`, so a signed-in app can use it synchronously. */
  const backend = shallowRef<SupabaseBackend | null>(null)

  if (backendMode === 'supabase') {
    void loadSupabaseBackend().then(async (b) => {
      backend.value = markRaw(b)
      user.value = await b.auth.currentUser()
      b.auth.onAuthChange((u) => {
        user.value = u
      })
    }).catch((e: unknown) => {
      error.value = asDataError(e, 'unavailable')
    }).finally(() => {
      ready.value = true
    })
  }

  async function signIn(email: string, password: string): Promise<void> {
    busy.value = true
    error.value = null
    try {
      const b = await loadSupabaseBackend()
      backend.value = markRaw(b)
      user.value = await b.auth.signInWithPassword(email, password)
    }
    catch (e) {
      error.value = asDataError(e)
    }
    finally {
      busy.value = false
    }
  }

  async function signOut(): Promise<void> {
    const b = await loadSupabaseBackend()
    await b.auth.signOut()
    user.value = null
  }

  return { user, ready, error, busy, backend, signIn, signOut }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useAuth, import.meta.hot))
