import { Script } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { wantsServiceWorker } from './register'
import { serviceWorkerSource } from './serviceWorkerSource'

const ORIGIN = 'https://app.example'
const PROJECT = 'https://x.supabase.co'

/** A token whose payload names `sub` (unsigned: the worker only partitions its cache by it). */
function token(sub: string): string {
  return `h.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.s`
}

/**
 * The generated worker run in a small stand-in for its global scope: an in-memory Cache API
 * (keyed by method and URL, as the real one is for GET) and a network that is up or down.
 */
function runWorker(supabaseUrl: string | null) {
  const stores = new Map<string, Map<string, Response>>()
  const network = { up: true, calls: [] as string[] }
  const listeners: Record<string, (e: unknown) => void> = {}
  const open = async (name: string) => {
    const store = stores.get(name) ?? new Map<string, Response>()
    stores.set(name, store)
    const keyOf = (r: Request | string) => typeof r === 'string' ? new URL(r, ORIGIN).href : r.url
    return {
      put: async (r: Request | string, res: Response) => void store.set(keyOf(r), res),
      addAll: async (urls: string[]) => urls.forEach(u => store.set(new URL(u, ORIGIN).href, new Response(`file ${u}`))),
      keys: async () => [...store.keys()],
      match: async (r: Request | string) => store.get(keyOf(r))?.clone(),
    }
  }
  const caches = {
    open,
    keys: async () => [...stores.keys()],
    delete: async (n: string) => stores.delete(n),
    match: async (r: Request | string) => {
      for (const name of stores.keys()) {
        const hit = await (await open(name)).match(r)
        if (hit)
          return hit
      }
      return undefined
    },
  }
  const fetch = async (r: Request) => {
    network.calls.push(`${r.method} ${r.url}`)
    if (!network.up)
      throw new TypeError('Failed to fetch')
    return new Response(`answer ${network.calls.length}`)
  }
  const self = { addEventListener: (t: string, f: (e: unknown) => void) => listeners[t] = f, location: new URL(ORIGIN), skipWaiting: async () => {}, clients: { claim: async () => {} } }
  new Script(serviceWorkerSource({ version: 'v1', precache: ['/assets/index-1.js'], supabaseUrl })).runInNewContext({ self, caches, fetch, Request, Response, URL, TextEncoder, crypto, atob, console })
  /** What the worker does with a request: null when it lets it through, else its answer's text (or the error). */
  async function request(url: string, init: RequestInit & { mode?: RequestMode } = {}): Promise<string | null> {
    const { mode, ...rest } = init
    const r = new Request(url, rest)
    if (mode === 'navigate')
      Object.defineProperty(r, 'mode', { value: 'navigate' })
    let answer: Promise<Response> | null = null
    listeners.fetch!({ request: r, respondWith: (p: Promise<Response>) => answer = p })
    if (!answer)
      return null
    return (answer as Promise<Response>).then(res => res.text(), (e: Error) => `error: ${e.message}`)
  }
  async function install(): Promise<void> {
    let done: Promise<unknown> = Promise.resolve()
    listeners.install!({ waitUntil: (p: Promise<unknown>) => done = p })
    await done
  }
  return { request, install, network, stores }
}

const rpc = (fn: string, sub: string, args: unknown) => [`${PROJECT}/rest/v1/rpc/${fn}`, { method: 'POST', body: JSON.stringify(args), headers: { authorization: `Bearer ${token(sub)}` } }] as const

describe('the service worker', () => {
  it('is valid JavaScript listing the shell to precache under a versioned cache', () => {
    const src = serviceWorkerSource({ version: 'abc', precache: ['/assets/index-1.js'], supabaseUrl: null })
    expect(() => new Script(src)).not.toThrow()
    expect(src).toContain('"pingan-shell-abc"')
    expect(src).toContain('"rest":null')
  })

  it('opens the app shell offline from what it precached', async () => {
    const sw = runWorker(null)
    await sw.install()
    sw.network.up = false
    expect(await sw.request(`${ORIGIN}/m/grid/330122101000000`, { mode: 'navigate' })).toBe('file /index.html')
    expect(await sw.request(`${ORIGIN}/assets/index-1.js`)).toBe('file /assets/index-1.js')
    expect(await sw.request(`${ORIGIN}/assets/never-fetched.js`)).toBe('error: Failed to fetch')
  })

  it('asks the network first for a page, so an online visit never gets a stale index', async () => {
    const sw = runWorker(null)
    await sw.install()
    expect(await sw.request(`${ORIGIN}/`, { mode: 'navigate' })).toMatch(/^answer/)
    // ... and keeps that fresh index for the next offline visit.
    sw.network.up = false
    expect(await sw.request(`${ORIGIN}/grid/1`, { mode: 'navigate' })).toMatch(/^answer/)
  })

  it('answers a read RPC offline with its last answer, for the same user and arguments only', async () => {
    const sw = runWorker(`${PROJECT}/`)
    expect(await sw.request(...rpc('grids_geojson', 'worker-a', { p_parent: 1 }))).toBe('answer 1')
    sw.network.up = false
    expect(await sw.request(...rpc('grids_geojson', 'worker-a', { p_parent: 1 }))).toBe('answer 1')
    expect(await sw.request(...rpc('grids_geojson', 'worker-a', { p_parent: 2 }))).toBe('error: Failed to fetch')
    expect(await sw.request(...rpc('grids_geojson', 'worker-b', { p_parent: 1 }))).toBe('error: Failed to fetch')
  })

  it('never touches writes, sign-in, storage or the reporter\'s contact', async () => {
    const sw = runWorker(PROJECT)
    for (const fn of ['create_case', 'case_transition', 'case_contact'])
      expect(await sw.request(...rpc(fn, 'worker-a', {}))).toBeNull()
    expect(await sw.request(`${PROJECT}/auth/v1/token?grant_type=password`, { method: 'POST', body: '{}' })).toBeNull()
    expect(await sw.request(`${PROJECT}/storage/v1/object/case-photos/a.jpg`)).toBeNull()
    expect(await sw.request(`https://tiles.example/1/2/3.png`)).toBeNull()
    expect([...(sw.stores.get('pingan-data')?.keys() ?? [])]).toEqual([])
  })
})

describe('wantsServiceWorker', () => {
  const base = { prod: true, webdriver: false, optIn: null, supported: true }
  it('registers in production, not in dev, not where unsupported', () => {
    expect(wantsServiceWorker(base)).toBe(true)
    expect(wantsServiceWorker({ ...base, prod: false })).toBe(false)
    expect(wantsServiceWorker({ ...base, supported: false })).toBe(false)
  })
  it('stays off under automation unless a test opts in', () => {
    expect(wantsServiceWorker({ ...base, webdriver: true })).toBe(false)
    expect(wantsServiceWorker({ ...base, webdriver: true, optIn: 'on' })).toBe(true)
  })
})
