import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, waitForMapIdle } from './harness'

type Win = Window & { __pinganMap: import('maplibre-gl').Map, __first?: unknown }

/** Navigates inside the app (vue-router hears popstate), as a link would: no reload. */
async function navigate(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    history.pushState(null, '', p)
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }))
  }, path)
  await page.waitForURL(u => u.pathname === path.split('?')[0])
}

describe('shells around one persistent map', () => {
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser, { width: 430, height: 900 }))
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('switches console → phone → console keeping the same map, its layers and the page', async () => {
    await page.goto(appUrl('/?layers=roads,cases'))
    await page.waitForURL(/\/grid\/\d{15}/)
    // At 430 px '/' opens the phone's layout; this test starts from the console's.
    const code = /\/grid\/(\d{15})/.exec(new URL(page.url()).pathname)![1]!
    await page.goto(appUrl(`/grid/${code}?layers=roads,cases`))
    await waitForMapIdle(page)
    await page.evaluate(() => {
      const w = window as unknown as Win
      w.__first = w.__pinganMap
    })
    expect(await page.locator('[data-testid=layer-control]').count()).toBe(1)

    await navigate(page, `/m/grid/${code}?layers=roads,cases`)
    await page.locator('[data-testid=phone-shell]').waitFor()
    await waitForMapIdle(page)
    // The console's chrome is gone, the page is in the phone's sheet, the map is the same object.
    expect(await page.locator('[data-testid=layer-control]').count()).toBe(0)
    expect(await page.locator('.topbar').count()).toBe(0)
    expect(await page.locator('.sheet [data-testid=grid-panel]').count()).toBe(1)
    const same = await page.evaluate(() => {
      const w = window as unknown as Win
      return { same: w.__first === w.__pinganMap, layers: w.__pinganMap.getStyle().layers.map(l => l.id) }
    })
    expect(same.same).toBe(true)
    expect(same.layers).toEqual(expect.arrayContaining(['roads-main', 'grid-fill', 'case-points']))

    await navigate(page, `/grid/${code}?layers=roads,cases`)
    await page.locator('[data-testid=layer-control]').waitFor()
    expect(await page.evaluate(() => (window as unknown as Win).__first === (window as unknown as Win).__pinganMap)).toBe(true)
    expect(errors).toEqual([])
  })
})
