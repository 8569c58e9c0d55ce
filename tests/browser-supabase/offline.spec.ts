// The grid worker's phone on Supabase without a signal (issue 14): after a first visit the
// installed app's service worker opens it offline (the app shell and the last answers of the
// read RPCs it kept), and what was reported meanwhile reaches the real database exactly once.
// The context's routes see the service worker's own requests (Playwright ≥ 1.5x in Chromium),
// so the shim answers them as it answers the page's.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestDatabase } from '../../supabase/tests/harness/db'
import type { PostgrestShim } from '../../supabase/tests/harness/postgrest-shim'
import type { Exchange } from './harness'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_UNIT_HANDLER } from '~/data/demo/demoUsers'
import { demoUserEmail, toUuid } from '../../supabase/seed/ids'
import { DEMO_PASSWORD } from '../../supabase/seed/seedSql'
import { actionsOffered, drawerStatus } from '../browser/caseDrawer'
import { appUrl, launchBrowser, screenshot, waitForMapIdle } from '../browser/harness'
import { answerWithShim, rendered, seededProject, signIn } from './harness'
import { SUPABASE_TEST_URL } from './project'

// A grid worker on the township who also acts for its offices: reports cases and reports back.
const HANDLER = { id: toUuid(DEMO_UNIT_HANDLER), email: demoUserEmail(DEMO_UNIT_HANDLER) }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

let db: TestDatabase
let shim: PostgrestShim
let browser: Browser

beforeAll(async () => {
  ;({ db, shim } = await seededProject())
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await db?.drop()
})

describe('the phone on Supabase without a signal', () => {
  let context: BrowserContext
  let page: Page
  const exchanges: Exchange[] = []
  const external: string[] = []
  const errors: string[] = []
  const offline = { on: false }
  const stamp = Date.now().toString(36)
  let township = ''
  let followUp = { id: '', code: '' }
  let startedAt = ''

  async function setOffline(on: boolean): Promise<void> {
    offline.on = on
    await context.setOffline(on)
  }

  beforeAll(async () => {
    startedAt = (await db.admin.query<{ now: string }>('select now()::text as now')).rows[0]!.now
    context = await browser.newContext({ ...PHONE, locale: 'zh-CN', serviceWorkers: 'allow' })
    // Tests keep the worker off unless they opt in (src/pwa/register.ts).
    await context.addInitScript(() => localStorage.setItem('pingan.sw', 'on'))
    const app = new URL(inject('baseUrl')).origin
    const supabase = new URL(SUPABASE_TEST_URL).origin
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url())
      if (url.protocol === 'blob:' || url.protocol === 'data:')
        return route.continue()
      // Without a signal nothing answers, not even the stand-in for the project.
      if (offline.on)
        return route.abort('internetdisconnected')
      if (url.origin === app)
        return route.continue()
      if (url.origin === supabase)
        return route.fulfill(await answerWithShim(shim, route.request(), exchanges))
      external.push(url.href)
      return route.abort()
    })
    page = await context.newPage()
    page.on('pageerror', e => errors.push(`${e.message} @ ${page.url()}`))
  })

  it('opens offline after a first visit: the worker\'s grid from what the service worker kept', async () => {
    await page.goto(appUrl('/'))
    await signIn(page, HANDLER.email, DEMO_PASSWORD)
    // The very first visit: signed in, a phone-sized screen opens the phone's layout.
    await page.waitForURL(/\/m\/grid\/\d{15}/)
    township = /\/grid\/(\d{15})/.exec(new URL(page.url()).pathname)![1]!
    await page.locator('[data-testid=phone-shell]').waitFor()
    await waitForMapIdle(page)
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated' && !!navigator.serviceWorker.controller, null, { timeout: 30_000 })
    // Reads made before the worker took control are made again through it (src/pwa/warmCache).
    await page.waitForLoadState('networkidle')
    const crumbs = await page.locator('[data-testid=breadcrumb]').textContent()
    const drawn = (await rendered(page, 'grid-fill')).map(g => g.code).sort()
    expect(drawn.length).toBeGreaterThan(0)

    // The follow-up: a case of the handler's in progress, reported back on without a signal.
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(appUrl(`/grid/${township}/cases?status=in_progress&mine=1`))
    const first = page.locator('[data-testid=case-list] [data-case-id]').first()
    await first.waitFor()
    followUp = { id: (await first.getAttribute('data-case-id'))!, code: (await first.getAttribute('data-case-code'))! }
    await first.click()
    await expect.poll(() => actionsOffered(page)).toContain('report_back')
    await setOffline(true)
    expect(await page.evaluate(() => navigator.onLine)).toBe(false)
    await page.locator('[data-testid=drawer-actions] [data-action=report_back]').click()
    const form = page.locator('[data-testid=action-form][data-action=report_back]')
    await form.locator('[data-field=outcome]').selectOption('resolved')
    await form.locator('[data-field=resultText]').fill(`离线反馈 ${stamp}`)
    await form.locator('[data-testid=action-submit]').click()
    await expect.poll(() => page.locator('[data-testid=action-queued]').getAttribute('data-state')).toBe('waiting')
    expect(await drawerStatus(page)).toBe('in_progress')

    // A new page load with no signal: the phone opens on the worker's grid, drawn as before.
    await page.setViewportSize(PHONE.viewport)
    const asked = exchanges.length
    await page.goto(appUrl(`/m/grid/${township}`))
    await page.locator('[data-testid=phone-shell]').waitFor({ timeout: 30_000 })
    await waitForMapIdle(page)
    await expect.poll(() => page.locator('[data-testid=breadcrumb]').textContent()).toBe(crumbs)
    expect((await rendered(page, 'grid-fill')).map(g => g.code).sort()).toEqual(drawn)
    expect(await page.getByTestId('sign-in').count()).toBe(0)
    // Nothing reached the project: the grids came from the worker's cache; the follow-up still waits.
    expect(exchanges.length).toBe(asked)
    await expect.poll(() => page.locator('[data-testid=offline-queue-badge]').textContent()).toContain('1')
    await screenshot(page, 'phone-supabase-offline-390x844')
  })

  it('three reports and one follow-up made offline arrive exactly once each, in order', async () => {
    const spot = await page.evaluate(() => {
      const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
      const f = m.querySourceFeatures('grid-labels').find(x => x.properties.level === 2 && x.geometry.type === 'Point')!
      return (f.geometry as GeoJSON.Point).coordinates as [number, number]
    })
    await page.locator('[data-testid=phone-report]').tap()
    await page.waitForURL(`**/m/grid/${township}/report**`)
    await page.locator('[data-testid=intake-coord]').fill(`${spot[0].toFixed(6)}, ${spot[1].toFixed(6)}`)
    await page.locator('[data-testid=intake-coord-go]').tap()
    await page.locator('[data-testid=intake-grid]').waitFor()
    await page.locator('[data-testid=category-major]').selectOption('03')
    await page.locator('[data-testid=category-sub]').selectOption('0301')
    for (const n of [1, 2, 3]) {
      await page.locator('[data-testid=intake-title]').fill(`离线上报 ${stamp} 第${n}件`)
      await page.locator('[data-testid=intake-description]').fill(`巡查第${n}处。`)
      await page.locator('[data-testid=intake-submit]').tap()
      await page.locator('[data-testid=intake-queued]').waitFor()
      await expect.poll(() => page.locator('[data-testid=offline-queue-badge]').textContent()).toContain(String(n + 1))
    }
    // Still nothing in the database.
    const none = await db.admin.query('select 1 from public.cases where title like $1', [`%${stamp}%`])
    expect(none.rows).toEqual([])

    await setOffline(false)
    await expect.poll(() => page.locator('[data-testid=offline-queue-badge]').count(), { timeout: 30_000 }).toBe(0)
    // A flapping signal and more 'online' events send nothing again.
    await setOffline(true)
    await setOffline(false)
    await page.evaluate(() => {
      for (let i = 0; i < 3; i++) window.dispatchEvent(new Event('online'))
    })
    await page.waitForTimeout(2000)

    const { rows } = await db.admin.query<{ title: string, kind: string, case_id: string }>(
      `select c.title, e.kind, c.id::text as case_id
         from public.case_events e join public.cases c on c.id = e.case_id
        where e.at >= $3 and ((c.title like $1 and e.kind = 'create') or (c.id::text = $2 and e.kind = 'report_back'))
        order by e.id`,
      [`%${stamp}%`, followUp.id, startedAt],
    )
    // In the order they were made: the follow-up first, then the three reports.
    expect(rows.map(r => [r.kind, r.kind === 'create' ? r.title : r.case_id])).toEqual([
      ['report_back', followUp.id],
      ['create', `离线上报 ${stamp} 第1件`],
      ['create', `离线上报 ${stamp} 第2件`],
      ['create', `离线上报 ${stamp} 第3件`],
    ])
    const cases = await db.admin.query('select 1 from public.cases where title like $1', [`%${stamp}%`])
    expect(cases.rows).toHaveLength(3)
    expect(exchanges.filter(e => e.fn === 'create_case' && e.status === 200).every(e => e.claims?.sub === HANDLER.id)).toBe(true)
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})

describe('the phone on Supabase killed while it sends', () => {
  let context: BrowserContext
  const exchanges: Exchange[] = []
  const errors: string[] = []
  const offline = { on: false }
  const stamp = `k${Date.now().toString(36)}`
  /** While set, the first create_case is applied by the database but its answer never reaches the page. */
  let holdFirstCreate = false
  let applied: () => void = () => {}
  const firstApplied = new Promise<void>(resolve => applied = resolve)

  beforeAll(async () => {
    // No service worker here: this is about the queue, and the page's own requests are routed.
    context = await browser.newContext({ ...PHONE, locale: 'zh-CN', serviceWorkers: 'block' })
    const app = new URL(inject('baseUrl')).origin
    const supabase = new URL(SUPABASE_TEST_URL).origin
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url())
      if (url.protocol === 'blob:' || url.protocol === 'data:')
        return route.continue()
      if (offline.on)
        return route.abort('internetdisconnected')
      if (url.origin === app)
        return route.continue()
      if (url.origin !== supabase)
        return route.abort()
      const answer = await answerWithShim(shim, route.request(), exchanges)
      if (holdFirstCreate && url.pathname.endsWith('/rpc/create_case')) {
        holdFirstCreate = false
        applied()
        // The page is closed before it hears that the case was made.
        return
      }
      return route.fulfill(answer).catch(() => {})
    })
  })

  async function newPage(): Promise<Page> {
    const page = await context.newPage()
    page.on('pageerror', e => errors.push(`${e.message} @ ${page.url()}`))
    return page
  }

  const stamped = async () => (await db.admin.query<{ title: string }>('select title from public.cases where title like $1 order by reported_at, code', [`%${stamp}%`])).rows.map(r => r.title)

  it('a page closed after the database applied its first report, reopened, leaves exactly three cases', async () => {
    const page = await newPage()
    await page.goto(appUrl('/'))
    await signIn(page, HANDLER.email, DEMO_PASSWORD)
    await page.waitForURL(/\/grid\/\d{15}/)
    const township = /\/grid\/(\d{15})/.exec(new URL(page.url()).pathname)![1]!
    await page.goto(appUrl(`/m/grid/${township}/report`))
    await waitForMapIdle(page)
    const spot = await page.evaluate(() => {
      const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
      const f = m.querySourceFeatures('grid-labels').find(x => x.properties.level === 2 && x.geometry.type === 'Point')!
      return (f.geometry as GeoJSON.Point).coordinates as [number, number]
    })
    offline.on = true
    await context.setOffline(true)
    await page.locator('[data-testid=intake-coord]').fill(`${spot[0].toFixed(6)}, ${spot[1].toFixed(6)}`)
    await page.locator('[data-testid=intake-coord-go]').tap()
    await page.locator('[data-testid=intake-grid]').waitFor()
    await page.locator('[data-testid=category-major]').selectOption('03')
    await page.locator('[data-testid=category-sub]').selectOption('0301')
    for (const n of [1, 2, 3]) {
      await page.locator('[data-testid=intake-title]').fill(`断点上报 ${stamp} 第${n}件`)
      await page.locator('[data-testid=intake-description]').fill(`巡查第${n}处。`)
      await page.locator('[data-testid=intake-submit]').tap()
      await page.locator('[data-testid=intake-queued]').waitFor()
      await expect.poll(() => page.locator('[data-testid=offline-queue-badge]').textContent()).toContain(String(n))
    }

    // The signal returns; the first report reaches the database, and the page dies before the answer.
    holdFirstCreate = true
    offline.on = false
    await context.setOffline(false)
    await firstApplied
    expect(await stamped()).toEqual([`断点上报 ${stamp} 第1件`])
    await page.close()

    // Reopened: the queue finds the first item still 'sending', waits out the dead page's lease,
    // and sends it again with the same key; the database answers with the case it already made.
    const again = await newPage()
    await again.goto(appUrl(`/m/grid/${township}`))
    await again.locator('[data-testid=phone-shell]').waitFor()
    // What waits is listed again (the badge appears once the queue is read back) ...
    await again.locator('[data-testid=offline-queue-badge]').waitFor()
    // ... and, the lease out, sent.
    await expect.poll(stamped, { timeout: 120_000, interval: 1000 }).toEqual([1, 2, 3].map(n => `断点上报 ${stamp} 第${n}件`))
    // The first item waits out the dead page's lease (60 s) before it is sent again.
    await expect.poll(() => again.locator('[data-testid=offline-queue-badge]').count(), { timeout: 120_000, interval: 1000 }).toBe(0)
    await again.waitForTimeout(2000)
    expect(await stamped()).toHaveLength(3)
    const creates = exchanges.filter(e => e.fn === 'create_case')
    const keys = creates.map(e => (e.args as { p_idempotency_key?: string }).p_idempotency_key)
    // The first key went twice (the dead page's send, and the resend once its lease ran out), each of the others once.
    expect(keys).toHaveLength(4)
    expect(keys[0]).toBeTruthy()
    expect(keys.filter(k => k === keys[0])).toHaveLength(2)
    expect(new Set(keys).size).toBe(3)
    expect(creates.every(e => e.status === 200)).toBe(true)
    expect(errors).toEqual([])
  }, 240_000)
})
