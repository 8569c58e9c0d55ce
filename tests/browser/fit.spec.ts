import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, waitForMapIdle } from './harness'

/** Screen box of the selected grid as drawn, and the part of the map the panel leaves free, px. */
interface Framing {
  grid: { left: number, top: number, right: number, bottom: number }
  free: { left: number, top: number, right: number, bottom: number }
}

async function framing(page: Page, code: string): Promise<Framing> {
  return page.evaluate((c) => {
    const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
    const features = m.querySourceFeatures('grids', { filter: ['==', ['get', 'code'], c] })
    if (features.length === 0)
      throw new Error(`grid ${c} is not in the grids source`)
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const f of features) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : []
      for (const ring of polys.flat()) {
        for (const [x, y] of ring as Array<[number, number]>) {
          w = Math.min(w, x)
          e = Math.max(e, x)
          s = Math.min(s, y)
          n = Math.max(n, y)
        }
      }
    }
    const canvas = m.getCanvas().getBoundingClientRect()
    const nw = m.project([w, n])
    const se = m.project([e, s])
    const panel = document.querySelector('aside.panel')?.getBoundingClientRect()
    return {
      grid: { left: canvas.left + nw.x, top: canvas.top + nw.y, right: canvas.left + se.x, bottom: canvas.top + se.y },
      free: { left: canvas.left, top: canvas.top, right: panel ? panel.left : canvas.right, bottom: canvas.bottom },
    }
  }, code)
}

/** The grid is inside the free area and fills it: centred, and touching (nearly) its binding side. */
function expectFramed(f: Framing): void {
  const gw = f.grid.right - f.grid.left
  const gh = f.grid.bottom - f.grid.top
  const fw = f.free.right - f.free.left
  const fh = f.free.bottom - f.free.top
  expect(f.grid.left).toBeGreaterThanOrEqual(f.free.left - 1)
  expect(f.grid.right).toBeLessThanOrEqual(f.free.right + 1)
  expect(f.grid.top).toBeGreaterThanOrEqual(f.free.top - 1)
  expect(f.grid.bottom).toBeLessThanOrEqual(f.free.bottom + 1)
  // MapLibre zooms in fractional steps: the binding side fills the free area less its padding (~150 px).
  expect(Math.max(gw / fw, gh / fh)).toBeGreaterThan(0.75)
  const dx = (f.grid.left + f.grid.right) / 2 - (f.free.left + f.free.right) / 2
  expect(Math.abs(dx)).toBeLessThan(fw * 0.06)
}

async function townshipCode(page: Page): Promise<string> {
  return new URL(page.url()).pathname.split('/').pop()!
}

describe('every fit frames the grid in the map area the panel leaves free', () => {
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page } = await openPage(browser))
  })

  afterAll(async () => {
    await browser?.close()
  })

  let township = ''

  it('on opening', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    township = await townshipCode(page)
    expectFramed(await framing(page, township))
  })

  it('after drilling in, switching viewer and going back up by the breadcrumb', async () => {
    await page.locator('[data-testid=child-table] tbody tr').nth(3).click()
    await page.waitForURL(url => !url.pathname.endsWith(township))
    await waitForMapIdle(page)
    await page.locator('[data-testid=view-as]').selectOption('demo-county-admin')
    await waitForMapIdle(page)
    await page.locator('[data-testid=view-as]').selectOption('demo-township-commander')
    await waitForMapIdle(page)
    await page.locator('[data-testid=breadcrumb] a').first().click()
    await page.waitForURL(`**/grid/${township}**`)
    await waitForMapIdle(page)
    expectFramed(await framing(page, township))
  })

  it('after viewing as the wall screen and as a village chief, and back', async () => {
    for (const viewer of ['demo-wall-viewer', 'demo-village-chief']) {
      await page.locator('[data-testid=view-as]').selectOption(viewer)
      await page.waitForTimeout(1500)
      await page.goto(appUrl(`/grid/${township}`))
      await page.locator('[data-testid=view-as]').selectOption('demo-township-commander')
      await page.waitForTimeout(1500)
      const crumb = page.locator('[data-testid=breadcrumb] a').first()
      if (await crumb.count() > 0)
        await crumb.click()
      await page.waitForURL(`**/grid/${township}**`)
      await waitForMapIdle(page)
      expectFramed(await framing(page, township))
    }
  })

  it('after the window is resized', async () => {
    await page.setViewportSize({ width: 1100, height: 760 })
    await page.waitForTimeout(400)
    await waitForMapIdle(page)
    expectFramed(await framing(page, township))
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.waitForTimeout(400)
    await waitForMapIdle(page)
    expectFramed(await framing(page, township))
  })
})
