// Sign-in for the Supabase mode: thin wrappers over supabase-js Auth that speak in DataErrors and a
// small user record, so the sign-in screen and the session store never touch supabase-js types.
import type { Session } from '@supabase/supabase-js'
import type { PinganSupabaseClient } from './client'
import type { MyAccess } from './mappers'
import { DataError } from '../DataSource'
import { dataErrorFromAuth, dataErrorFromPostgrest } from './errors'
import { myAccessFromJson } from './mappers'

/** The signed-in user as the app needs them. */
export interface AuthUser {
  /** auth.users id: the uuid memberships and RLS refer to. */
  id: string
  email: string | null
}

/** What changed about the session (supabase-js's AuthChangeEvent, minus the ones this app never causes). */
export type AuthChange = 'signed_in' | 'signed_out' | 'token_refreshed' | 'user_updated' | 'initial_session'

/** Email + password sign-in and the session around it. */
export interface SupabaseAuth {
  /** Signs in and keeps the session (localStorage); rejects with DataError 'forbidden' on a wrong password. */
  signInWithPassword: (email: string, password: string) => Promise<AuthUser>
  /** Ends the session on the server and here; when the server cannot be reached the session is kept and this rejects. */
  signOut: () => Promise<void>
  /** The user of the kept session, or null; reads local storage, no request. */
  currentUser: () => Promise<AuthUser | null>
  /** Calls `listener` on every session change; returns the function that stops it. */
  onAuthChange: (listener: (user: AuthUser | null, change: AuthChange) => void) => () => void
  /**
   * Before a write after being offline (the offline queue): a token that has expired, or expires
   * within a minute, is refreshed now; rejects (DataError) when it cannot be, so nothing is sent with a dead token.
   */
  ensureFreshSession: () => Promise<void>
  /** Who the signed-in user is to the database: staff records and memberships (RPC my_access). */
  myAccess: () => Promise<MyAccess>
}

function userOf(session: Session | null): AuthUser | null {
  return session ? { id: session.user.id, email: session.user.email ?? null } : null
}

const CHANGES: Record<string, AuthChange> = {
  SIGNED_IN: 'signed_in',
  SIGNED_OUT: 'signed_out',
  TOKEN_REFRESHED: 'token_refreshed',
  USER_UPDATED: 'user_updated',
  INITIAL_SESSION: 'initial_session',
}

/** The auth wrappers over one client. */
export function createSupabaseAuth(client: PinganSupabaseClient): SupabaseAuth {
  return {
    async signInWithPassword(email, password) {
      if (!email.trim() || !password)
        throw new DataError('invalid', 'Signing in failed: email and password are both required')
      let result: Awaited<ReturnType<typeof client.auth.signInWithPassword>>
      try {
        result = await client.auth.signInWithPassword({ email: email.trim(), password })
      }
      catch (error) {
        throw dataErrorFromAuth(error, 'Signing in')
      }
      if (result.error)
        throw dataErrorFromAuth(result.error, 'Signing in')
      const user = userOf(result.data.session)
      if (!user)
        throw new DataError('unknown', 'Signing in failed: the server returned no session')
      return user
    },

    async signOut() {
      let error: unknown = null
      try {
        error = (await client.auth.signOut()).error
      }
      catch (thrown) {
        error = thrown
      }
      // supabase-js ignores 401/403/404 (session already gone) and keeps the local session on any
      // other failure, so the user stays signed in and can try again.
      if (error)
        throw dataErrorFromAuth(error, 'Signing out')
    },

    async currentUser() {
      const { data, error } = await client.auth.getSession()
      if (error)
        throw dataErrorFromAuth(error, 'Reading the session')
      return userOf(data.session)
    },

    async ensureFreshSession() {
      const { data, error } = await client.auth.getSession()
      if (error)
        throw dataErrorFromAuth(error, 'Reading the session')
      const session = data.session
      if (!session)
        throw new DataError('forbidden', 'Sending failed: you are signed out; sign in again and the queue goes on')
      if ((session.expires_at ?? 0) * 1000 > Date.now() + 60_000)
        return
      let result: Awaited<ReturnType<typeof client.auth.refreshSession>>
      try {
        result = await client.auth.refreshSession()
      }
      catch (thrown) {
        throw dataErrorFromAuth(thrown, 'Refreshing the session')
      }
      if (result.error || !result.data.session)
        throw dataErrorFromAuth(result.error ?? new Error('no session returned'), 'Refreshing the session')
    },

    onAuthChange(listener) {
      const { data } = client.auth.onAuthStateChange((event, session) => {
        const change = CHANGES[event]
        if (change)
          listener(userOf(session), change)
      })
      return () => data.subscription.unsubscribe()
    },

    async myAccess() {
      let result: { data: unknown, error: { code?: string, message?: string } | null, status: number }
      try {
        result = await client.rpc('my_access')
      }
      catch (error) {
        throw new DataError('unavailable', 'Loading your access failed: the server could not be reached', undefined, { cause: error })
      }
      if (result.error)
        throw dataErrorFromPostgrest(result.error, result.status, 'Loading your access')
      return myAccessFromJson(result.data, 'my_access')
    },
  }
}
