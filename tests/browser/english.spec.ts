import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, waitForMapIdle } from './harness'

/** The map's own controls as MapLibre labels them: zoom titles, the scale's text, the canvas's label. */
async function mapControls(page: Page): Promise<{ zoomIn: string | null, zoomOut: string | null, scale: string, canvas: string | null }> {
  return {
    zoomIn: await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title'),
    zoomOut: await page.locator('.maplibregl-ctrl-zoom-out').getAttribute('title'),
    scale: (await page.locator('.maplibregl-ctrl-scale').textContent())!.trim(),
    canvas: await page.locator('.maplibregl-canvas').getAttribute('aria-label'),
  }
}

describe('the interface language reaches the map and the place search', () => {
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser))
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('labels MapLibre\'s controls in Chinese, then in English, then in Chinese again', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    const zh = await mapControls(page)
    expect(zh).toMatchObject({ zoomIn: '放大', zoomOut: '缩小', canvas: '地图' })
    expect(zh.scale).toMatch(/^\d+\s(?:公里|米)$/)

    await page.locator('[data-testid=locale]').selectOption('en')
    await expect.poll(() => mapControls(page)).toMatchObject({ zoomIn: 'Zoom in', zoomOut: 'Zoom out', canvas: 'Map' })
    // The scale redraws its unit on the next move.
    await page.locator('.maplibregl-ctrl-zoom-in').click()
    await waitForMapIdle(page)
    expect((await mapControls(page)).scale).toMatch(/^\d+\s(?:km|m)$/)

    await page.locator('[data-testid=locale]').selectOption('zh-CN')
    await expect.poll(() => mapControls(page)).toMatchObject({ zoomIn: '放大', canvas: '地图' })
    // One zoom control, not one per language switch.
    expect(await page.locator('.maplibregl-ctrl-zoom-in').count()).toBe(1)
  })

  it('lists place-name search results in English in English mode, in Chinese in Chinese mode', async () => {
    const township = new URL(page.url()).pathname.split('/').pop()!
    await page.goto(appUrl(`/grid/${township}/cases/new`))
    /** Name and context of each suggestion for a typed name; roads carry no English name in the data, so they are left out. */
    const search = async (text: string) => {
      await page.locator('[data-testid=intake-coord]').fill(text)
      await page.locator('[data-testid=intake-coord-go]').click()
      await page.locator('[data-testid=place-suggestions]').waitFor()
      return page.locator('[data-testid=place-suggestions] button:not([data-kind=road])').evaluateAll(els => els.map(e => `${e.querySelector('strong')!.textContent!.trim()} | ${e.querySelector('small')?.textContent?.trim() ?? ''}`))
    }
    const cjk = /[\u4E00-\u9FFF]/
    const zh = await search('村')
    expect(zh.length).toBeGreaterThan(2)
    expect(zh.every(n => cjk.test(n))).toBe(true)

    await page.locator('[data-testid=locale]').selectOption('en')
    const en = await search('村')
    expect(en).toHaveLength(zh.length)
    expect(en.filter(n => cjk.test(n))).toEqual([])
    expect(en.some(n => /Village|Community/.test(n))).toBe(true)
    // Typed in English, found too, and named in English.
    const first = en[0]!.split(' | ')[0]!
    expect((await search(first.toLowerCase()))[0]).toMatch(new RegExp(`^${first} \\|`))
    await page.locator('[data-testid=locale]').selectOption('zh-CN')
    expect(errors).toEqual([])
  })
})
