import type { AuthUser, Backend, DataError } from '~/data'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import { asDataError, loadBackend } from '~/data'
import { forgetCachedData } from '~/pwa/register'

/**
 * The connected backend and, on Supabase, who is signed in. `ready` turns true once the backend
 * has loaded and any kept session has been read, so the sign-in screen does not flash; on the
 * demo nobody signs in.
 */
export const useAuth = defineStore('auth', () => {
  const user = ref<AuthUser | null>(null)
  const ready = ref(false)
  const error = ref<DataError | null>(null)
  const busy = ref(false)
  /** The connected backend; set before `ready`, so a signed-in app can use it synchronously. */
  const backend = shallowRef<Backend | null>(null)

  void loadBackend().then(async (b) => {
    backend.value = markRaw(b)
    if (b.auth) {
      user.value = await b.auth.currentUser()
      b.auth.onAuthChange((u) => {
        user.value = u
      })
    }
  }).catch((e: unknown) => {
    error.value = asDataError(e, 'unavailable')
  }).finally(() => {
    ready.value = true
  })

  async function signIn(email: string, password: string): Promise<void> {
    busy.value = true
    error.value = null
    try {
      const b = await loadBackend()
      backend.value = markRaw(b)
      user.value = await b.auth!.signInWithPassword(email, password)
    }
    catch (e) {
      error.value = asDataError(e)
    }
    finally {
      busy.value = false
    }
  }

  async function signOut(): Promise<void> {
    const b = await loadBackend()
    await b.auth?.signOut()
    user.value = null
    await forgetCachedData()
  }

  return { user, ready, error, busy, backend, signIn, signOut }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useAuth, import.meta.hot))
