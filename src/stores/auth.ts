import type { AuthUser } from '~/data/supabase/auth'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import { backendMode, loadSupabaseBackend } from '~/data'
import { DataError } from '~/data/DataSource'

/** Sign-in state of the Supabase mode; in demo mode it stays idle and nobody needs to sign in. */
export const useAuth = defineStore('auth', () => {
  const user = ref<AuthUser | null>(null)
  /** False until the kept session (if any) has been read, so the sign-in screen does not flash. */
  const ready = ref(backendMode === 'demo')
  const error = ref<DataError | null>(null)
  const busy = ref(false)

  if (backendMode === 'supabase') {
    void loadSupabaseBackend().then(async (backend) => {
      user.value = await backend.auth.currentUser()
      backend.auth.onAuthChange((u) => {
        user.value = u
      })
    }).catch((e: unknown) => {
      error.value = e instanceof DataError ? e : new DataError('unavailable', String(e))
    }).finally(() => {
      ready.value = true
    })
  }

  async function signIn(email: string, password: string): Promise<void> {
    busy.value = true
    error.value = null
    try {
      const backend = await loadSupabaseBackend()
      user.value = await backend.auth.signInWithPassword(email, password)
    }
    catch (e) {
      error.value = e instanceof DataError ? e : new DataError('unknown', String(e))
    }
    finally {
      busy.value = false
    }
  }

  async function signOut(): Promise<void> {
    const backend = await loadSupabaseBackend()
    await backend.auth.signOut()
    user.value = null
  }

  return { user, ready, error, busy, signIn, signOut }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useAuth, import.meta.hot))
