import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { act, actionsOffered, drawer, drawerStatus, timeline } from './caseDrawer'
import { appUrl, launchBrowser, screenshot, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

// A valid 2×2 RGB PNG: a photo chosen offline waits in the queue and goes up with its report.
const PNG_2X2 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DA8B+MgBgAHfAD/dPQfSYAAAAASUVORK5CYII=', 'base64')

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png' }

/**
 * The app's own files: from the preview server while online; while the context is offline (every
 * request fails with ERR_INTERNET_DISCONNECTED, and navigator.onLine is false) they are answered
 * from dist/ here, standing in for the app-shell cache of a service worker (another issue's part),
 * so a reload without a signal opens the app. Everything else is refused.
 */
async function serveApp(context: BrowserContext, offline: { on: boolean }): Promise<void> {
  const origin = new URL(inject('baseUrl')).origin
  await context.route('**/*', async (route: Route) => {
    const url = new URL(route.request().url())
    if (/^(?:blob|data):/.test(url.href))
      return route.continue()
    if (url.origin !== origin)
      return route.abort()
    if (!offline.on)
      return route.continue()
    const file = extname(url.pathname) ? url.pathname : '/index.html'
    try {
      return await route.fulfill({ body: await readFile(`dist${file}`), contentType: TYPES[extname(file)] ?? 'application/octet-stream' })
    }
    catch {
      return route.fulfill({ status: 404, body: '' })
    }
  })
}

const badge = (page: Page) => page.locator('[data-testid=offline-queue-badge]')
const queueItems = (page: Page) => page.locator('[data-testid=offline-queue-item]')

/** The badge's count, or null when it is hidden (nothing waits). */
async function badgeCount(page: Page): Promise<number | null> {
  if (await badge(page).count() === 0)
    return null
  return Number((await badge(page).textContent())!.replace(/\D/g, ''))
}

/** The queue's items as the list shows them: [what, state]. */
async function listed(page: Page): Promise<[string, string][]> {
  return queueItems(page).evaluateAll(els => els.map(e => [e.querySelector('.what')!.textContent!.trim(), e.getAttribute('data-state')!] as [string, string]))
}

async function openQueue(page: Page): Promise<void> {
  if (await page.locator('[data-testid=offline-queue-panel]').count() === 0)
    await badge(page).click()
  await page.locator('[data-testid=offline-queue-panel]').waitFor()
}

async function closeQueue(page: Page): Promise<void> {
  if (await page.locator('[data-testid=offline-queue-panel]').count() > 0)
    await badge(page).click()
}

/** The ledger's rows whose title contains `text`, searched in the page (no reload: demo writes live in memory). */
async function ledgerRows(page: Page, text: string): Promise<string[]> {
  await page.locator('[data-nav=cases]').click()
  await page.locator('[data-testid=filter-search]').fill(text)
  await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(text)}`)
  await expect.poll(() => page.locator('[data-testid=case-count]').textContent()).not.toContain('…')
  return page.locator('[data-testid=case-list] [data-case-id]').evaluateAll(els => els.map(e => e.getAttribute('data-case-id')!))
}

describe('reports and follow-ups made without a signal (issue 14), on the demo', () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const errors: string[] = []
  const offline = { on: false }
  const stamp = Date.now().toString(36)
  const title = `离线上报 ${stamp}`
  let township = ''
  /** The in-progress case the unit handler reports back on while offline. */
  let followUp = { id: '', code: '' }
  let spot: [number, number] = [0, 0]

  async function setOffline(on: boolean): Promise<void> {
    offline.on = on
    await context.setOffline(on)
    expect(await page.evaluate(() => navigator.onLine)).toBe(!on)
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', serviceWorkers: 'block' })
    await serveApp(context, offline)
    page = await context.newPage()
    page.on('pageerror', e => errors.push(e.message))
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    township = /\/grid\/(\d{15})/.exec(new URL(page.url()).pathname)![1]!
    // A point inside a village, for the report.
    spot = await page.evaluate(() => {
      const m = (window as unknown as MlWindow).__pinganMap
      const f = m.querySourceFeatures('grid-labels').find(x => x.properties.level === 2 && x.geometry.type === 'Point')!
      return (f.geometry as GeoJSON.Point).coordinates as [number, number]
    })
    // The unit handler: a grid worker on the township who also acts for its offices, so one
    // person both reports cases and reports back on those dispatched to them.
    await page.locator('[data-testid=view-as]').selectOption('demo-unit-handler')
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('queues a follow-up and a report visibly while offline, the photo kept with the report', async () => {
    await page.goto(appUrl(`/grid/${township}/cases?status=in_progress&mine=1`))
    const first = page.locator('[data-testid=case-list] [data-case-id]').first()
    await first.waitFor()
    followUp = { id: (await first.getAttribute('data-case-id'))!, code: (await first.getAttribute('data-case-code'))! }
    await first.click()
    await expect.poll(() => drawerStatus(page)).toBe('in_progress')
    await expect.poll(() => actionsOffered(page)).toContain('report_back')
    expect(await badgeCount(page)).toBeNull()

    await setOffline(true)
    await page.locator('[data-testid=drawer-actions] [data-action=report_back]').click()
    const form = page.locator('[data-testid=action-form][data-action=report_back]')
    await form.locator('[data-field=outcome]').selectOption('resolved')
    await form.locator('[data-field=resultText]').fill(`离线反馈 ${stamp}：现场已处理。`)
    await form.locator('[data-testid=action-submit]').click()
    // The drawer says it waits; the case keeps its last known state; nothing says "done".
    const queued = page.locator('[data-testid=action-queued]')
    await expect.poll(() => queued.getAttribute('data-state')).toBe('waiting')
    expect(await queued.textContent()).toContain('联网后自动发送')
    expect(await drawerStatus(page)).toBe('in_progress')
    expect(await page.locator('[data-testid=action-done]').count()).toBe(0)
    await expect.poll(() => badgeCount(page)).toBe(1)

    // A report, by the SPA's own link (no page load).
    await page.locator('[data-testid=new-case]').click()
    await page.waitForURL(`**/grid/${township}/cases/new**`)
    await page.locator('[data-testid=intake-coord]').fill(`${spot[0].toFixed(6)}, ${spot[1].toFixed(6)}`)
    await page.locator('[data-testid=intake-coord-go]').click()
    await page.locator('[data-testid=intake-grid]').waitFor()
    await page.locator('[data-testid=category-major]').selectOption('03')
    await page.locator('[data-testid=category-sub]').selectOption('0301')
    await page.locator('[data-testid=intake-title]').fill(title)
    await page.locator('[data-testid=intake-description]').fill('巡查发现，无信号时上报。')
    await page.locator('[data-testid=intake-photos]').setInputFiles([{ name: 'scene.png', mimeType: 'image/png', buffer: PNG_2X2 }])
    await expect.poll(() => page.locator('[data-testid=intake-photo-list] img').count()).toBe(1)
    await page.locator('[data-testid=intake-submit]').click()
    await page.locator('[data-testid=intake-queued]').waitFor()
    // The form stays for the next report: the words and the photo cleared, the place kept.
    expect(await page.locator('[data-testid=intake-title]').inputValue()).toBe('')
    expect(await page.locator('[data-testid=intake-photo-list] img').count()).toBe(0)
    expect(await page.locator('[data-testid=intake-grid]').count()).toBe(1)
    expect(new URL(page.url()).pathname).toBe(`/grid/${township}/cases/new`)
    await expect.poll(() => badgeCount(page)).toBe(2)

    await openQueue(page)
    expect(await listed(page)).toEqual([
      [`案件 ${followUp.code}：办结反馈`, 'waiting'],
      [`上报：${title} · 1 张照片`, 'waiting'],
    ])
    await screenshot(page, 'offline-queue-1440x900')
  })

  it('keeps them across a reload without a signal', async () => {
    await page.reload()
    await page.waitForURL(/\/grid\/\d{15}/)
    expect(await page.evaluate(() => navigator.onLine)).toBe(false)
    await expect.poll(() => badgeCount(page)).toBe(2)
    await openQueue(page)
    await expect.poll(() => listed(page)).toEqual([
      [`案件 ${followUp.code}：办结反馈`, 'waiting'],
      [`上报：${title} · 1 张照片`, 'waiting'],
    ])
    await closeQueue(page)
    // Nothing reached the data yet.
    expect(await ledgerRows(page, stamp)).toEqual([])
  })

  it('sends them once each when the signal returns', async () => {
    await setOffline(false)
    await expect.poll(() => badgeCount(page), { timeout: 30_000 }).toBeNull()
    // A flapping signal and more 'online' events send nothing again.
    await setOffline(true)
    await setOffline(false)
    await page.evaluate(() => {
      for (let i = 0; i < 3; i++) window.dispatchEvent(new Event('online'))
    })
    await page.waitForTimeout(1500)

    // The report: once in the ledger, with its photo; once on the map at its point.
    const rows = await ledgerRows(page, stamp)
    expect(rows).toHaveLength(1)
    await page.locator(`[data-testid=case-list] [data-case-id="${rows[0]}"]`).click()
    await expect.poll(() => drawerStatus(page)).toBe('reported')
    expect(await page.locator('[data-testid=drawer-title]').textContent()).toContain(title)
    await expect.poll(() => page.locator('[data-testid=drawer-photos] img[data-testid=drawer-photo]').count()).toBe(1)
    await waitForMapIdle(page)
    const onMap = await page.evaluate((at) => {
      const m = (window as unknown as MlWindow).__pinganMap
      const ids = new Set<string>()
      for (const f of m.queryRenderedFeatures({ layers: ['case-points'] })) {
        const [x, y] = (f.geometry as GeoJSON.Point).coordinates as [number, number]
        if (Math.abs(x - at[0]) < 1e-5 && Math.abs(y - at[1]) < 1e-5)
          ids.add(f.properties.id as string)
      }
      return [...ids]
    }, spot)
    expect(onMap).toEqual(rows)

    // The follow-up: reported back, one report_back in its timeline.
    await page.locator('[data-testid=drawer-close]').click()
    await page.locator('[data-testid=filter-search]').fill(followUp.code)
    await page.locator(`[data-testid=case-list] [data-case-id="${followUp.id}"]`).click()
    await expect.poll(() => drawerStatus(page)).toBe('reported_back')
    expect((await timeline(page)).filter(a => a === 'report_back')).toHaveLength(1)
    expect(await drawer(page).textContent()).toContain(`离线反馈 ${stamp}`)

    // Sent items stay listed as sent until cleared; nothing waits.
    expect(await badgeCount(page)).toBeNull()
  })

  it('shows a refusal on replay as an item with the reason, retries it never by itself, and resends it on the current version', async () => {
    // Another in-progress case of the unit's; the report back is queued offline ...
    await page.goto(appUrl(`/grid/${township}/cases?status=in_progress&mine=1`))
    const row = page.locator(`[data-testid=case-list] [data-case-id]:not([data-case-id="${followUp.id}"])`).first()
    await row.waitFor()
    const id = (await row.getAttribute('data-case-id'))!
    const code = (await row.getAttribute('data-case-code'))!
    await row.click()
    await expect.poll(() => actionsOffered(page)).toContain('report_back')
    await setOffline(true)
    await page.locator('[data-testid=drawer-actions] [data-action=report_back]').click()
    const form = page.locator('[data-testid=action-form][data-action=report_back]')
    await form.locator('[data-field=outcome]').selectOption('resolved')
    await form.locator('[data-field=resultText]').fill('离线反馈：已处理。')
    await form.locator('[data-testid=action-submit]').click()
    await expect.poll(() => badgeCount(page)).toBe(1)

    // ... and meanwhile the township commander, online, lists the case for supervision, which
    // makes the version the handler saw stale (a queue is per user: the handler's item waits in
    // the handler's queue while the commander works).
    await page.locator('[data-testid=view-as]').selectOption('demo-township-commander')
    await setOffline(false)
    await expect.poll(() => actionsOffered(page)).toContain('supervise')
    await act(page, 'supervise', 'in_progress', async (f) => {
      await f.locator('[data-field=reason]').fill('群众反映强烈，挂牌督办。')
    })

    // The handler is back: the queue sends, the data layer refuses (the case moved on) and the
    // item stays, red, with the reason, and is not tried again.
    await page.locator('[data-testid=view-as]').selectOption('demo-unit-handler')
    const refused = page.locator('[data-testid=action-queued][data-state=refused]')
    await refused.waitFor({ timeout: 30_000 })
    expect(await drawer(page).getAttribute('data-case-id')).toBe(id)
    expect(await refused.textContent()).toContain('被拒绝：该事件已被他人修改')
    expect(await badgeCount(page)).toBe(1)
    expect(await badge(page).getAttribute('class')).toContain('refused')
    await openQueue(page)
    expect(await listed(page)).toEqual([[`案件 ${code}：办结反馈`, 'refused']])
    const reason = page.locator('[data-testid=offline-queue-reason]')
    expect(await reason.getAttribute('data-reason')).toBe('stale_version')
    expect(await reason.textContent()).toContain('被拒绝：该事件已被他人修改')
    await screenshot(page, 'offline-queue-refused-1440x900')
    await setOffline(true)
    await setOffline(false)
    await page.waitForTimeout(3000)
    expect(await listed(page)).toEqual([[`案件 ${code}：办结反馈`, 'refused']])
    expect(await drawerStatus(page)).toBe('in_progress')
    expect(await timeline(page)).not.toContain('report_back')

    // The worker's words are not lost: sent again, it goes on the case as it is now (a new
    // request with a new key), and the data layer checks the move again.
    await page.locator('[data-testid=offline-queue-resend]').click()
    await expect.poll(() => listed(page)).toEqual([[`案件 ${code}：办结反馈`, 'sent']])
    await expect.poll(() => drawerStatus(page)).toBe('reported_back')
    expect((await timeline(page)).filter(a => a === 'report_back')).toHaveLength(1)
    await page.locator('[data-testid=offline-queue-clear]').click()
    await expect.poll(() => listed(page)).toEqual([])
    expect(await page.locator('[data-testid=offline-queue]').textContent()).toContain('没有待发送的内容')
    await closeQueue(page)
    expect(await badgeCount(page)).toBeNull()
    expect(errors).toEqual([])
  })
})

describe('reporting from the phone without a signal (390×844)', () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const errors: string[] = []
  const offline = { on: false }
  const stamp = Date.now().toString(36)

  async function setOffline(on: boolean): Promise<void> {
    offline.on = on
    await context.setOffline(on)
    expect(await page.evaluate(() => navigator.onLine)).toBe(!on)
  }

  /** The township's case count on the grid page's KPI card. */
  async function kpiTotal(): Promise<number> {
    const text = await page.locator('[data-kpi=total] .value').textContent()
    return Number((text ?? '').replace(/\D/g, ''))
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', serviceWorkers: 'block' })
    await serveApp(context, offline)
    page = await context.newPage()
    page.on('pageerror', e => errors.push(e.message))
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('queues three reports from the phone\'s report form and sends exactly three when the signal returns', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    const township = /\/grid\/(\d{15})/.exec(new URL(page.url()).pathname)![1]!
    // At this width '/' opens the phone; "view as" is in the console's top bar.
    await page.goto(appUrl(`/grid/${township}`))
    await page.locator('[data-testid=view-as]').selectOption('demo-unit-handler')
    await page.goto(appUrl(`/m/grid/${township}`))
    await page.locator('[data-testid=phone-shell]').waitFor()
    await waitForMapIdle(page)
    const spot = await page.evaluate(() => {
      const m = (window as unknown as MlWindow).__pinganMap
      const f = m.querySourceFeatures('grid-labels').find(x => x.properties.level === 2 && x.geometry.type === 'Point')!
      return (f.geometry as GeoJSON.Point).coordinates as [number, number]
    })
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-kpi=total] .value')?.textContent ?? ''))
    const before = await kpiTotal()
    expect(await badgeCount(page)).toBeNull()

    await setOffline(true)
    const report = page.locator('[data-testid=phone-report]')
    expect((await report.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await report.tap()
    await page.waitForURL(`**/m/grid/${township}/report**`)
    await page.locator('[data-testid=phone-shell]').waitFor()
    await page.locator('[data-testid=intake-coord]').fill(`${spot[0].toFixed(6)}, ${spot[1].toFixed(6)}`)
    await page.locator('[data-testid=intake-coord-go]').tap()
    await page.locator('[data-testid=intake-grid]').waitFor()
    await page.locator('[data-testid=category-major]').selectOption('03')
    await page.locator('[data-testid=category-sub]').selectOption('0301')
    for (const n of [1, 2, 3]) {
      await page.locator('[data-testid=intake-title]').fill(`手机离线上报 ${stamp} 第${n}件`)
      await page.locator('[data-testid=intake-description]').fill(`巡查第${n}处。`)
      await page.locator('[data-testid=intake-submit]').tap()
      await expect.poll(() => badgeCount(page)).toBe(n)
      await page.locator('[data-testid=intake-queued]').waitFor()
    }
    const badgeBox = (await badge(page).boundingBox())!
    expect(badgeBox.height).toBeGreaterThanOrEqual(44)
    await badge(page).tap()
    await page.locator('[data-testid=offline-queue-panel]').waitFor()
    expect(await listed(page)).toEqual([1, 2, 3].map(n => [`上报：手机离线上报 ${stamp} 第${n}件`, 'waiting']))
    const panel = (await page.locator('[data-testid=offline-queue-panel]').boundingBox())!
    expect(panel.x).toBeGreaterThanOrEqual(0)
    expect(panel.x + panel.width).toBeLessThanOrEqual(390)
    await screenshot(page, 'phone-offline-queue-390x844')

    await setOffline(false)
    await expect.poll(() => listed(page), { timeout: 30_000 }).toEqual([1, 2, 3].map(n => [`上报：手机离线上报 ${stamp} 第${n}件`, 'sent']))
    await screenshot(page, 'phone-offline-queue-sent-390x844')
    await badge(page).tap()
    expect(await badgeCount(page)).toBeNull()
    // Back on the grid page: the township counts exactly three more cases.
    await page.locator('[data-testid=intake-cancel]').tap()
    await page.waitForURL(new RegExp(`/m/grid/${township}(?:\\?|$)`))
    await expect.poll(() => kpiTotal()).toBe(before + 3)
    await page.waitForTimeout(1500)
    expect(await kpiTotal()).toBe(before + 3)
    expect(errors).toEqual([])
  })
})
