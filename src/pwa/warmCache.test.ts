import { describe, expect, it } from 'vitest'
import { warmingFetch } from './warmCache'

const REST = 'https://x.supabase.co/rest/v1/'

function fakeContainer(controlled: boolean) {
  const target = new EventTarget()
  return Object.assign(target, { controller: controlled ? {} : null }) as unknown as ServiceWorkerContainer & { controller: unknown }
}

describe('warmingFetch', () => {
  it('makes the reads of the first load once more when the worker takes control, and nothing else', async () => {
    const calls: string[] = []
    const base = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(`${String(input)} ${String(init?.body ?? '')}`)
      return new Response('{}')
    }) as typeof fetch
    const sw = fakeContainer(false)
    const f = warmingFetch(base, REST, sw)
    await f(`${REST}rpc/grids_geojson`, { method: 'POST', body: '{"p":1}', headers: { authorization: 'Bearer t' } })
    await f(`${REST}rpc/create_case`, { method: 'POST', body: '{"w":1}' })
    await f(`${REST}rpc/case_contact`, { method: 'POST', body: '{"c":1}' })
    await f('https://x.supabase.co/auth/v1/token', { method: 'POST', body: '{}' })
    expect(calls).toHaveLength(4)
    ;(sw as unknown as { controller: unknown }).controller = {}
    sw.dispatchEvent(new Event('controllerchange'))
    sw.dispatchEvent(new Event('controllerchange'))
    await Promise.resolve()
    expect(calls.slice(4)).toEqual([`${REST}rpc/grids_geojson {"p":1}`])
    // Once controlled, nothing is kept: the worker sees every request itself.
    await f(`${REST}rpc/grids_geojson`, { method: 'POST', body: '{"p":2}' })
    expect(calls).toHaveLength(6)
  })

  it('is the plain fetch when a worker already controls the page, or there is none', () => {
    const base = (async () => new Response('')) as unknown as typeof fetch
    expect(warmingFetch(base, REST, fakeContainer(true))).toBe(base)
    expect(warmingFetch(base, REST, undefined)).toBe(base)
  })
})
