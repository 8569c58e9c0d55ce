import type { SupportedStorage } from '@supabase/supabase-js'
import type { RecordedRequest, Reply } from './__fixtures__/recordingFetch'
import type { AuthChange, AuthUser } from './auth'
import { describe, expect, it, vi } from 'vitest'
import { TEST_ANON_KEY, testJwt } from './__fixtures__/jwt'
import { recordingFetch } from './__fixtures__/recordingFetch'
import { MY_ACCESS_ROW } from './__fixtures__/rows'
import { testClientOptions } from './__fixtures__/testClient'
import { createSupabaseAuth } from './auth'
import { createSupabaseClient } from './client'

const URL_BASE = 'https://pingan-test.supabase.co'
const USER_ID = MY_ACCESS_ROW.userId
const EMAIL = 'u-worker@example.com'
const TOKEN = testJwt({ role: 'authenticated', sub: USER_ID, email: EMAIL, exp: Math.floor(Date.now() / 1000) + 3600 })
const SESSION = {
  access_token: TOKEN,
  token_type: 'bearer',
  expires_in: 3600,
  expires_at: Math.floor(Date.now() / 1000) + 3600,
  refresh_token: 'refresh-1',
  user: { id: USER_ID, aud: 'authenticated', role: 'authenticated', email: EMAIL, app_metadata: {}, user_metadata: {}, created_at: '2026-01-01T00:00:00Z' },
}

/** Supabase Auth as far as a password sign-in goes: one login, logout, and the my_access RPC. */
function authServer(r: RecordedRequest): Reply {
  const body = r.body as { email?: string, password?: string } | undefined
  if (r.url.pathname === '/auth/v1/token' && r.url.searchParams.get('grant_type') === 'password') {
    return body?.email === EMAIL && body.password === 'right'
      ? { json: SESSION }
      : { status: 400, json: { code: 'invalid_credentials', message: 'Invalid login credentials' }, headers: { 'X-Supabase-Api-Version': '2024-01-01' } }
  }
  if (r.url.pathname === '/auth/v1/logout')
    return { status: 204 }
  if (r.url.pathname === '/rest/v1/rpc/my_access')
    return { json: MY_ACCESS_ROW }
  return { status: 404, json: { message: 'not here' } }
}

function memoryStorage(): SupportedStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getItem: key => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: key => void items.delete(key),
  }
}

function setup(handler: (r: RecordedRequest) => Reply = authServer, storage = memoryStorage()) {
  const rec = recordingFetch(handler)
  const client = createSupabaseClient({ url: URL_BASE, anonKey: TEST_ANON_KEY }, testClientOptions(rec.fetch, { storage }))
  return { rec, storage, auth: createSupabaseAuth(client) }
}

describe('signInWithPassword', () => {
  it('posts the email and password to Supabase Auth and answers the user', async () => {
    const { rec, auth } = setup()
    expect(await auth.signInWithPassword(` ${EMAIL} `, 'right')).toEqual({ id: USER_ID, email: EMAIL })
    const [r] = rec.requests
    expect(r!.method).toBe('POST')
    expect(`${r!.url.pathname}${r!.url.search}`).toBe('/auth/v1/token?grant_type=password')
    expect(r!.body).toMatchObject({ email: EMAIL, password: 'right' })
    expect(r!.headers.apikey).toBe(TEST_ANON_KEY)
  })

  it('keeps the session in storage, so a reload (a new client on the same storage) is still signed in', async () => {
    const first = setup()
    await first.auth.signInWithPassword(EMAIL, 'right')
    expect([...first.storage.items.keys()]).toContain('sb-pingan-test-auth-token')
    const reloaded = setup(authServer, first.storage)
    expect(await reloaded.auth.currentUser()).toEqual({ id: USER_ID, email: EMAIL })
    expect(reloaded.rec.requests).toEqual([])
  })

  it('a wrong password is forbidden, with words for the sign-in screen', async () => {
    const { auth } = setup()
    await expect(auth.signInWithPassword(EMAIL, 'wrong')).rejects.toMatchObject({ name: 'DataError', kind: 'forbidden', message: 'Signing in failed: wrong email or password' })
    expect(await auth.currentUser()).toBeNull()
  })

  it('an empty field is invalid and sends nothing', async () => {
    const { rec, auth } = setup()
    await expect(auth.signInWithPassword('  ', 'x')).rejects.toMatchObject({ kind: 'invalid' })
    await expect(auth.signInWithPassword(EMAIL, '')).rejects.toMatchObject({ kind: 'invalid' })
    expect(rec.requests).toEqual([])
  })

  it('an unreachable server is unavailable', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const { auth } = setup(() => new TypeError('fetch failed'))
      await expect(auth.signInWithPassword(EMAIL, 'right')).rejects.toMatchObject({ kind: 'unavailable', message: 'Signing in failed: the server could not be reached' })
    }
    finally {
      quiet.mockRestore()
    }
  })
})

describe('signOut, currentUser, onAuthChange', () => {
  it('tells listeners about sign-in and sign-out until they unsubscribe', async () => {
    const { rec, auth } = setup()
    const seen: Array<[AuthUser | null, AuthChange]> = []
    const stop = auth.onAuthChange((user, change) => void seen.push([user, change]))
    await auth.signInWithPassword(EMAIL, 'right')
    await auth.signOut()
    expect(await auth.currentUser()).toBeNull()
    const logout = rec.requests.find(r => r.url.pathname === '/auth/v1/logout')!
    expect(logout.headers.authorization).toBe(`Bearer ${TOKEN}`)
    stop()
    await auth.signInWithPassword(EMAIL, 'right')
    expect(seen.filter(([, c]) => c !== 'initial_session')).toEqual([[{ id: USER_ID, email: EMAIL }, 'signed_in'], [null, 'signed_out']])
  })

  it('when the server cannot be reached, signing out rejects and the session is kept', async () => {
    let online = true
    const { auth } = setup(r => online ? authServer(r) : new TypeError('fetch failed'))
    await auth.signInWithPassword(EMAIL, 'right')
    online = false
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      await expect(auth.signOut()).rejects.toMatchObject({ kind: 'unavailable' })
    }
    finally {
      quiet.mockRestore()
    }
    expect(await auth.currentUser()).toEqual({ id: USER_ID, email: EMAIL })
  })
})

describe('myAccess', () => {
  it('asks my_access with the user\'s token and maps it', async () => {
    const { rec, auth } = setup()
    await auth.signInWithPassword(EMAIL, 'right')
    expect(await auth.myAccess()).toEqual({ ...MY_ACCESS_ROW, unitIds: [] })
    const r = rec.requests.at(-1)!
    expect(r.url.pathname).toBe('/rest/v1/rpc/my_access')
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })

  it('a refusal is a DataError', async () => {
    const { auth } = setup(() => ({ status: 401, json: { code: '42501', message: 'permission denied for function my_access', details: null, hint: null } }))
    await expect(auth.myAccess()).rejects.toMatchObject({ kind: 'forbidden', message: 'Loading your access failed: permission denied for function my_access' })
  })
})

describe('ensureFreshSession', () => {
  function withSession(expiresAt: number) {
    const storage = memoryStorage()
    storage.items.set('sb-pingan-test-auth-token', JSON.stringify({ ...SESSION, expires_at: expiresAt }))
    const refreshed = testJwt({ role: 'authenticated', sub: USER_ID, email: EMAIL, exp: Math.floor(Date.now() / 1000) + 7200 })
    return setup((r) => {
      if (r.url.pathname === '/auth/v1/token' && r.url.searchParams.get('grant_type') === 'refresh_token')
        return { json: { ...SESSION, access_token: refreshed, refresh_token: 'refresh-2', expires_at: Math.floor(Date.now() / 1000) + 7200 } }
      return authServer(r)
    }, storage)
  }

  it('refreshes an expired token before the queue sends', async () => {
    const { rec, auth, storage } = withSession(Math.floor(Date.now() / 1000) - 60)
    await auth.ensureFreshSession()
    expect(rec.requests.some(r => r.url.pathname === '/auth/v1/token' && r.url.searchParams.get('grant_type') === 'refresh_token')).toBe(true)
    expect(storage.items.get('sb-pingan-test-auth-token')).toContain('refresh-2')
  })

  it('sends nothing while the token is fresh, and rejects when signed out', async () => {
    const { rec, auth } = withSession(Math.floor(Date.now() / 1000) + 3600)
    await auth.ensureFreshSession()
    expect(rec.requests).toEqual([])
    const out = setup()
    await expect(out.auth.ensureFreshSession()).rejects.toMatchObject({ kind: 'forbidden' })
  })
})
