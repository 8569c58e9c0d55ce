// The Supabase-mode page: every request the app's supabase-js makes to its project URL is answered
// by the PostgREST/Auth shim of the database tests (so RLS on the real database decides what the
// browser gets), and every other request outside the app is aborted and recorded.
import type { Browser, Page, Request } from 'playwright-core'
import type { TestDatabase } from '../../supabase/tests/harness/db'
import type { PostgrestShim } from '../../supabase/tests/harness/postgrest-shim'
import type { TestClaims } from '~/data/supabase/__fixtures__/jwt'
import { join } from 'node:path'
import { inject } from 'vitest'
import { jwtClaims } from '~/data/supabase/__fixtures__/jwt'
import { createTestDatabase } from '../../supabase/tests/harness/db'
import { runSqlFile, SUPABASE_DIR } from '../../supabase/tests/harness/postgres'
import { createPostgrestShim } from '../../supabase/tests/harness/postgrest-shim'
import { SUPABASE_TEST_URL } from './project'

export { breadcrumb, childCodes, labelPixel, rendered } from '../browser/harness'
export type { RenderedGrid } from '../browser/harness'

/** A database of its own with the committed seed, loaded the way `supabase db reset` loads it, and the PostgREST/Auth shim over it. */
export async function seededProject(): Promise<{ db: TestDatabase, shim: PostgrestShim }> {
  const pg = inject('pg')
  const db = await createTestDatabase(pg)
  runSqlFile({ host: pg.host, port: pg.port, binDir: pg.binDir }, db.name, join(SUPABASE_DIR, 'seed.sql'), { singleTransaction: false })
  return { db, shim: createPostgrestShim(db) }
}

/** One request to the Supabase project and the shim's answer to it. */
export interface Exchange {
  method: string
  path: string
  search: string
  /** RPC name for /rest/v1/rpc/<fn>, else null. */
  fn: string | null
  /** Parsed JSON body of the request (an RPC's arguments). */
  args: unknown
  /** Claims of the bearer token the browser sent; null without one. */
  claims: TestClaims | null
  status: number
  /** Parsed JSON answer; undefined for an empty one. */
  response: unknown
}

/** A page of the Supabase build with its request log. */
export interface SupabasePage {
  page: Page
  /** Requests to anywhere but the app and the Supabase project: aborted. */
  external: string[]
  /** Page errors and console errors, each with the URL it came from. */
  errors: string[]
  exchanges: Exchange[]
}

function parseJson(text: string): unknown {
  return text === '' ? undefined : JSON.parse(text) as unknown
}

/** Answers one browser request with the shim, adding the CORS headers Supabase's gateway sends. */
export async function answerWithShim(shim: PostgrestShim, request: Request, exchanges: Exchange[]): Promise<{ status: number, headers: Record<string, string>, body: string }> {
  const url = new URL(request.url())
  const headers = request.headers()
  const body = request.postData()
  const response = await shim.fetch(url.href, { method: request.method(), headers, ...(body === null ? {} : { body }) })
  const text = await response.text()
  const responseHeaders: Record<string, string> = {}
  response.headers.forEach((value, key) => {
    responseHeaders[key] = value
  })
  // The page is on another origin: without these the browser would hide the answer from supabase-js.
  responseHeaders['access-control-allow-origin'] = '*'
  responseHeaders['access-control-expose-headers'] = Object.keys(responseHeaders).join(', ')
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1]
  const rpc = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(url.pathname)
  exchanges.push({
    method: request.method(),
    path: url.pathname,
    search: url.search,
    fn: rpc ? decodeURIComponent(rpc[1]!) : null,
    args: body === null ? undefined : parseJson(body),
    claims: bearer ? jwtClaims(bearer) : null,
    status: response.status,
    response: parseJson(text),
  })
  return { status: response.status, headers: responseHeaders, body: text }
}

/** A fresh browser context (no kept session) on the Supabase build, its project served by `shim`. */
export async function openSupabasePage(browser: Browser, shim: PostgrestShim, viewport = { width: 1440, height: 900 }): Promise<SupabasePage> {
  // No service worker: one answering from its cache would hide requests from page.route.
  const context = await browser.newContext({ viewport, locale: 'zh-CN', serviceWorkers: 'block' })
  const page = await context.newPage()
  const app = new URL(inject('baseUrl')).origin
  const supabase = new URL(SUPABASE_TEST_URL).origin
  const external: string[] = []
  const errors: string[] = []
  const exchanges: Exchange[] = []
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.origin === app || url.protocol === 'blob:' || url.protocol === 'data:')
      return route.continue()
    if (url.origin === supabase)
      return route.fulfill(await answerWithShim(shim, route.request(), exchanges))
    external.push(url.href)
    return route.abort()
  })
  page.on('pageerror', e => errors.push(`${e.message} @ ${page.url()}`))
  page.on('console', (m) => {
    if (m.type() === 'error')
      errors.push(`${m.text()} @ ${m.location().url}`)
  })
  return { page, external, errors, exchanges }
}

/** Fills in the sign-in form and submits it. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByTestId('sign-in')
  await form.locator('input[type=email]').fill(email)
  await form.locator('input[type=password]').fill(password)
  await form.locator('button[type=submit]').click()
}

/** supabase-js's kept session in localStorage (key sb-<project ref>-auth-token), or null. */
export async function keptSession(page: Page): Promise<{ user: { id: string, email: string } } | null> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find(k => /^sb-.+-auth-token$/.test(k))
    return key ? JSON.parse(localStorage.getItem(key)!) as { user: { id: string, email: string } } : null
  })
}

/** A grid as the map's grid layers carry it. */
/** The KPI cards' texts by key (total, open, overdue, closed, resolutionRate, onTimeRate). */
export async function kpiTexts(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-testid=kpis] [data-kpi]').evaluateAll(cards => Object.fromEntries(cards.map(c => [c.getAttribute('data-kpi')!, c.querySelector('.value')!.textContent!.trim()])))
}
