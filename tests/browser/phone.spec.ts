import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { appUrl, launchBrowser, rendered, screenshot, waitForMapIdle } from './harness'

// A grid worker's phone: 390 × 844, touch, a fixed GPS position granted.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const MIB = 1024 * 1024

// `route`: abort every request off the app's origin. The offline test goes without it: request
// interception and a service worker answering the same requests do not mix in Chromium, and
// offline nothing reaches the network anyway.
async function phoneContext(browser: Browser, route = true): Promise<{ context: BrowserContext, page: Page, errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
  const page = await context.newPage()
  const origin = new URL(inject('baseUrl')).origin
  if (route)
    await page.route('**/*', route => new URL(route.request().url()).origin === origin || /^(?:blob|data):/.test(route.request().url()) ? route.continue() : route.abort())
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  return { context, page, errors }
}

describe('the grid worker\'s phone', () => {
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await phoneContext(browser))
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('scales a photo over 5 MiB down in the browser and keeps it, refusing only what cannot be read', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    const township = /\/grid\/(\d{15})/.exec(new URL(page.url()).pathname)![1]!
    await page.goto(appUrl(`/grid/${township}/cases/new`))
    const input = page.locator('[data-testid=intake-photos]')
    await input.waitFor({ state: 'attached' })
    // A real picture over the limit: random noise does not compress, so this PNG is ~8 MiB.
    const big = await page.evaluate(async () => {
      const c = document.createElement('canvas')
      c.width = 2000
      c.height = 1200
      const ctx = c.getContext('2d')!
      const img = ctx.createImageData(c.width, c.height)
      for (let i = 0; i < img.data.length; i++)
        img.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256)
      ctx.putImageData(img, 0, 0)
      const blob = await new Promise<Blob>(r => c.toBlob(b => r(b!), 'image/png'))
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let bin = ''
      for (let i = 0; i < bytes.length; i += 0x8000)
        bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return btoa(bin)
    })
    const buffer = Buffer.from(big, 'base64')
    expect(buffer.length).toBeGreaterThan(5 * MIB)
    await input.setInputFiles([
      { name: '现场.png', mimeType: 'image/png', buffer },
      { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(5 * MIB + 1) },
    ])
    const kept = page.locator('[data-testid=intake-photo-list] li')
    await expect.poll(() => kept.count(), { timeout: 30_000 }).toBe(1)
    expect(Number(await kept.first().getAttribute('data-bytes'))).toBeLessThanOrEqual(5 * MIB)
    expect(await kept.first().getAttribute('data-type')).toBe('image/jpeg')
    expect(await kept.first().locator('img').getAttribute('alt')).toBe('现场.jpg')
    // The unreadable one is refused beside the field, naming it and saying why.
    const refusals = page.locator('[data-problem=photoIds]')
    await expect.poll(() => refusals.count()).toBe(1)
    const text = await refusals.first().textContent()
    expect(text).toContain('"broken.jpg"')
    expect(text).toContain('could not be read')
    // On a touch screen the rear camera is offered, as a thumb-sized button.
    const camera = page.locator('[data-testid=intake-camera]')
    expect(await camera.getAttribute('capture')).toBe('environment')
    expect(await camera.getAttribute('accept')).toBe('image/*')
    const box = await page.locator('label.camera').boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(44)
    await page.locator('label.camera').scrollIntoViewIfNeeded()
    await screenshot(page, 'phone-intake-photos-390x844')
    expect(errors).toEqual([])
  }, 120_000)

  it('installs and opens offline after a first visit: the worker\'s grid from the service worker, a report queued', async () => {
    const { context, page: p, errors: errs } = await phoneContext(browser, false)
    // Tests keep the worker off unless they opt in (src/pwa/register.ts); this one is the demo's grid worker.
    await context.addInitScript(() => {
      localStorage.setItem('pingan.sw', 'on')
      localStorage.setItem('pingan-grid:view-as', 'demo-grid-worker')
    })
    await p.goto(appUrl('/'))
    await p.waitForURL(/\/grid\/\d{15}/)
    const home = /\/grid\/(\d{15})/.exec(new URL(p.url()).pathname)![1]!
    await p.goto(appUrl(`/m/grid/${home}`))
    await p.locator('[data-testid=phone-shell]').waitFor()
    await waitForMapIdle(p)
    // Installed, active and in control, the shell precached.
    await p.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated' && !!navigator.serviceWorker.controller, null, { timeout: 30_000 })
    const cached = await p.evaluate(async () => {
      const name = (await caches.keys()).find(k => k.startsWith('pingan-shell-'))
      return name ? (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname) : []
    })
    expect(cached).toContain('/index.html')
    expect(cached.some(u => /^\/assets\/index-.*\.js$/.test(u))).toBe(true)
    const manifest = await p.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href)).json())
    expect(manifest.name).toBe('平安网格')
    expect(manifest.display).toBe('standalone')
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toContain('512x512')
    const crumbs = await p.locator('[data-testid=breadcrumb]').textContent()

    // No signal: a reload still opens the phone on the worker's grid, drawn on the map.
    await context.setOffline(true)
    await p.reload()
    await p.locator('[data-testid=phone-shell]').waitFor({ timeout: 30_000 }).catch(async (e) => {
      throw new Error(`${e}\nerrors: ${errs.join('\n')}\nbody: ${(await p.content()).slice(0, 400)}`)
    })
    expect(await p.evaluate(() => navigator.onLine)).toBe(false)
    expect(new URL(p.url()).pathname).toBe(`/m/grid/${home}`)
    await waitForMapIdle(p)
    await expect.poll(() => p.locator('[data-testid=breadcrumb]').textContent()).toBe(crumbs)
    expect((await rendered(p, 'grid-fill')).length).toBeGreaterThan(0)
    await screenshot(p, 'phone-offline-390x844')

    // And a report made there waits in the queue.
    const spot = await p.evaluate((code) => {
      const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
      const f = m.querySourceFeatures('grid-labels').find(x => x.geometry.type === 'Point' && x.properties.code === code)
        ?? m.querySourceFeatures('grid-labels').find(x => x.geometry.type === 'Point')!
      return (f.geometry as GeoJSON.Point).coordinates as [number, number]
    }, home)
    await p.locator('[data-testid=phone-report]').tap()
    await p.waitForURL(`**/m/grid/${home}/report**`)
    await p.locator('[data-testid=intake-coord]').fill(`${spot[0].toFixed(6)}, ${spot[1].toFixed(6)}`)
    await p.locator('[data-testid=intake-coord-go]').tap()
    await p.locator('[data-testid=intake-grid]').waitFor()
    await p.locator('[data-testid=category-major]').selectOption('03')
    await p.locator('[data-testid=category-sub]').selectOption('0301')
    await p.locator('[data-testid=intake-title]').fill('离线打开后上报')
    await p.locator('[data-testid=intake-description]').fill('应用离线打开，上报进入队列。')
    await p.locator('[data-testid=intake-submit]').tap()
    await p.locator('[data-testid=intake-queued]').waitFor()
    await expect.poll(() => p.locator('[data-testid=offline-queue-badge]').textContent()).toMatch(/1/)
    expect(errs.filter(e => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([])
    await context.close()
  }, 180_000)

  it('places the report from GPS: a good fix fills the point, a 200 m fix asks first, a point outside the worker\'s grids is refused', async () => {
    const { context, page: p, errors: errs } = await phoneContext(browser)
    await context.addInitScript(() => localStorage.setItem('pingan-grid:view-as', 'demo-grid-worker'))
    await context.grantPermissions(['geolocation'], { origin: new URL(inject('baseUrl')).origin })
    await p.goto(appUrl('/'))
    await p.waitForURL(/\/grid\/\d{15}/)
    const home = /\/grid\/(\d{15})/.exec(new URL(p.url()).pathname)![1]!
    await p.goto(appUrl(`/m/grid/${home}/report`))
    await waitForMapIdle(p)
    const inside = await p.evaluate((code) => {
      const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
      const f = m.querySourceFeatures('grid-labels').find(x => x.geometry.type === 'Point' && x.properties.code === code)!
      return (f.geometry as GeoJSON.Point).coordinates as [number, number]
    }, home)
    const accuracyDrawn = () => p.evaluate(() => (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap.queryRenderedFeatures({ layers: ['case-pick-accuracy'] }).length)

    // The stated limit, and a thumb-sized button.
    const gps = p.locator('[data-testid=intake-gps]')
    expect((await gps.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    expect(await p.locator('[data-testid=intake-gps-limit]').textContent()).toContain('≤ 50 米')

    // A good fix (12 m) fills the point at once, in the worker's grid, the circle drawn.
    await context.setGeolocation({ longitude: inside[0], latitude: inside[1], accuracy: 12 })
    await gps.tap()
    await expect.poll(() => p.locator('[data-testid=intake-grid]').getAttribute('data-grid-code')).toMatch(new RegExp(`^${home}`))
    expect(await p.locator('[data-testid=intake-gps-accuracy]').getAttribute('data-accuracy')).toBe('12')
    expect(await p.locator('[data-testid=intake-gps-confirm]').count()).toBe(0)
    expect(await p.locator('[data-testid=intake-coord]').inputValue()).toContain(inside[1].toFixed(4))
    await waitForMapIdle(p)
    await expect.poll(accuracyDrawn).toBeGreaterThan(0)
    await screenshot(p, 'phone-gps-good-390x844')

    // A 200 m fix a little way off: asked first, the point placed before stays until the worker says.
    const near: [number, number] = [inside[0] + 0.0004, inside[1] + 0.0003]
    await context.setGeolocation({ longitude: near[0], latitude: near[1], accuracy: 200 })
    await gps.tap()
    const confirm = p.locator('[data-testid=intake-gps-confirm]')
    await confirm.waitFor()
    expect(await confirm.getAttribute('data-accuracy')).toBe('200')
    expect(await confirm.textContent()).toContain('200 米，超过 50 米')
    expect(await p.locator('[data-testid=intake-coord]').inputValue()).toContain(inside[1].toFixed(4))
    for (const b of ['intake-gps-accept', 'intake-gps-manual'])
      expect((await p.locator(`[data-testid=${b}]`).boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await waitForMapIdle(p)
    await confirm.scrollIntoViewIfNeeded()
    await screenshot(p, 'phone-gps-confirm-390x844')
    // "Place by hand" leaves the point as it was; asked again, "use it anyway" takes the fix.
    await p.locator('[data-testid=intake-gps-manual]').tap()
    expect(await confirm.count()).toBe(0)
    expect(await p.locator('[data-testid=intake-coord]').inputValue()).toContain(inside[1].toFixed(4))
    await gps.tap()
    await confirm.waitFor()
    await p.locator('[data-testid=intake-gps-accept]').tap()
    await expect.poll(() => p.locator('[data-testid=intake-gps-accuracy]').getAttribute('data-accuracy')).toBe('200')
    expect(await p.locator('[data-testid=intake-coord]').inputValue()).toContain(near[1].toFixed(4))
    await expect.poll(() => p.locator('[data-testid=intake-grid]').getAttribute('data-grid-code')).toMatch(new RegExp(`^${home}`))

    // A fix outside the worker's grids (5 km off): refused, with the reason; nothing is sent.
    await context.setGeolocation({ longitude: inside[0] + 0.05, latitude: inside[1] + 0.03, accuracy: 8 })
    await gps.tap()
    const refusal = p.locator('[data-testid=intake-location-error]')
    await expect.poll(() => refusal.textContent()).toContain('该位置不在您负责的网格内')
    expect(await p.locator('[data-testid=intake-grid]').count()).toBe(0)
    await p.locator('[data-testid=category-major]').selectOption('03')
    await p.locator('[data-testid=category-sub]').selectOption('0301')
    await p.locator('[data-testid=intake-title]').fill('网格外的GPS点')
    await p.locator('[data-testid=intake-description]').fill('不应上报。')
    await p.locator('[data-testid=intake-submit]').tap()
    await expect.poll(() => refusal.textContent()).toContain('该位置不在您负责的网格内')
    await p.waitForTimeout(500)
    expect(await p.locator('[data-testid=phone-report-sent], [data-testid=intake-queued]').count()).toBe(0)
    await p.locator('[data-testid=intake-gps]').scrollIntoViewIfNeeded()
    await screenshot(p, 'phone-gps-outside-390x844')
    expect(errs).toEqual([])
    await context.close()
  }, 180_000)

  it('opens on the worker\'s own tasks below 600 px: overdue first, with the countdown, thumb-sized', async () => {
    const { context, page: p, errors: errs } = await phoneContext(browser)
    // The unit handler: a grid worker on the township who also acts for its offices, so cases await them.
    await context.addInitScript(() => localStorage.setItem('pingan-grid:view-as', 'demo-unit-handler'))
    await p.goto(appUrl('/'))
    await p.waitForURL(/\/m\/grid\/\d{15}/)
    const home = /\/grid\/(\d{15})/.exec(new URL(p.url()).pathname)![1]!
    await p.locator('[data-testid=phone-shell]').waitFor()
    await p.locator('[data-testid=phone-tasks-count]').waitFor()
    const tasks = p.locator('[data-testid=phone-task]')
    await expect.poll(() => tasks.count()).toBeGreaterThan(1)
    // First on the sheet, above the grid's figures.
    const [tasksBox, panelBox] = [await p.locator('[data-testid=phone-tasks]').boundingBox(), await p.locator('[data-testid=grid-panel]').boundingBox()]
    expect(tasksBox!.y).toBeLessThan(panelBox!.y)
    const rows = await tasks.evaluateAll(els => els.map(e => ({ overdue: e.hasAttribute('data-overdue'), due: e.querySelector('[data-testid=phone-task-due]')!.textContent!.trim(), height: e.getBoundingClientRect().height, id: e.getAttribute('data-case-id')! })))
    // Overdue first: no overdue task after one that is not.
    const firstOnTime = rows.findIndex(r => !r.overdue)
    expect(rows.slice(Math.max(firstOnTime, 0)).some(r => r.overdue) && firstOnTime >= 0).toBe(false)
    expect(rows.some(r => r.overdue)).toBe(true)
    for (const r of rows) {
      expect(r.height).toBeGreaterThanOrEqual(44)
      expect(r.due).toMatch(r.overdue ? /^已超期 \d+ (?:天|小时|分)/ : /^剩 \d+ (?:天|小时|分)/)
    }
    await screenshot(p, 'phone-tasks-390x844')

    // Each is the way into its case, where the worker follows it up.
    await tasks.first().tap()
    await p.waitForURL(`**/grid/${home}/cases?**`)
    expect(new URL(p.url()).searchParams.get('case')).toBe(rows[0]!.id)
    await expect.poll(() => p.locator('[data-testid=case-drawer]').getAttribute('data-case-id')).toBe(rows[0]!.id)
    expect(errs).toEqual([])
    await context.close()
  }, 120_000)
})
