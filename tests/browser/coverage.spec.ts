import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

async function figure(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-figure=${key}] dd`).textContent()
  return Number(text!.replace(/[^\d.]/g, ''))
}

describe('the coverage page of the demo township', () => {
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser, { width: 1600, height: 900 }))
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    // From the grid page, where the map shows case counts, by the top bar.
    expect(await page.locator('[data-testid=legend]').count()).toBe(1)
    await page.getByRole('link', { name: '覆盖分析' }).click()
    await page.waitForURL(/\/coverage/)
    await waitForMapIdle(page)
  })

  function rendered(layer: string): Promise<number> {
    return page.evaluate(id => (window as unknown as MlWindow).__pinganMap.queryRenderedFeatures({ layers: [id] }).length, layer)
  }

  afterAll(async () => {
    await browser?.close()
  })

  it('colours the grids by coverage by default, not by case counts', async () => {
    expect(new URL(page.url()).searchParams.get('layers')?.split(',')).toContain('coverageFill')
    await expect.poll(() => page.locator('[data-testid=coverage-figures]').count(), { timeout: 60_000 }).toBe(1)
    await waitForMapIdle(page)
    await expect.poll(() => rendered('overlay-coverage-fill')).toBeGreaterThan(0)
    // The case-count key is gone; the coverage fill's is shown.
    expect(await page.locator('[data-testid=legend]').count()).toBe(0)
    expect(await page.locator('[data-testid=key-coverageFill]').count()).toBe(1)
    // The grids under the coverage fill are filled plainly, with no case-count colour.
    const fill = await page.evaluate(() => JSON.stringify((window as unknown as MlWindow).__pinganMap.getPaintProperty('grid-fill', 'fill-color')))
    expect(fill).toBe('"#24344d"')
    await screenshot(page, 'coverage-default')
    await page.locator('[data-layer=blindSpots]').check()
    await page.locator('[data-layer=patrols]').check()
  })

  it('shows the figures from the engine, with child grids and blind spots ranked', async () => {
    await expect.poll(() => page.locator('[data-testid=coverage-figures]').count(), { timeout: 60_000 }).toBe(1)
    const either = await figure(page, 'eitherArea')
    const patrol = await figure(page, 'patrolArea')
    const camera = await figure(page, 'cameraArea')
    expect(either).toBeGreaterThan(0)
    expect(either).toBeLessThanOrEqual(100)
    expect(either + 0.05).toBeGreaterThanOrEqual(Math.max(patrol, camera))
    expect(await page.locator('[data-testid=coverage-grids] tbody tr').count()).toBeGreaterThan(1)
    expect(await page.locator('[data-testid=coverage-blind-spots] tbody tr').count()).toBeGreaterThan(0)
    await waitForMapIdle(page)
    expect(await rendered('overlay-coverage-fill')).toBeGreaterThan(0)
    await screenshot(page, 'coverage-township')
  })

  it('draws patrol reach, camera views and hot spots from the same run', async () => {
    for (const layer of ['patrolReach', 'cameraSectors', 'hotSpots', 'density'])
      await page.locator(`[data-layer=${layer}]`).check()
    await waitForMapIdle(page)
    await expect.poll(() => rendered('overlay-patrol-reach')).toBeGreaterThan(0)
    await expect.poll(() => rendered('overlay-camera-sectors-line')).toBeGreaterThan(0)
    await expect.poll(() => rendered('overlay-hot-spots-fill')).toBeGreaterThan(0)
    await expect.poll(() => rendered('overlay-density')).toBeGreaterThan(0)
    expect(await page.locator('[data-testid=key-hotSpots] li').count()).toBe(6)
    await screenshot(page, 'coverage-overlays')
  })

  it('odd and even days change the volunteer patrol coverage, and the reach drawn', async () => {
    const routesDrawn = () => page.evaluate(() => {
      const fs = (window as unknown as MlWindow).__pinganMap.querySourceFeatures('overlay-patrol-reach')
      return new Set(fs.map(f => f.properties.id as string)).size
    })
    const all = await figure(page, 'patrolArea')
    const allRoutes = await routesDrawn()
    await page.locator('[data-testid=coverage-days]').selectOption('odd')
    await expect.poll(() => figure(page, 'patrolArea')).not.toBe(all)
    const odd = await figure(page, 'patrolArea')
    await page.locator('[data-testid=coverage-days]').selectOption('even')
    await expect.poll(() => figure(page, 'patrolArea')).not.toBe(odd)
    const even = await figure(page, 'patrolArea')
    // Each day type keeps only half of the volunteer rosters: less than all days together.
    expect(odd).toBeLessThan(all)
    expect(even).toBeLessThan(all)
    // The routes of odd-day rosters are no longer drawn within reach.
    await expect.poll(routesDrawn).toBeLessThan(allRoutes)
    await screenshot(page, 'coverage-even-days')
    await page.locator('[data-testid=coverage-days]').selectOption('')
    await expect.poll(() => figure(page, 'patrolArea')).toBe(all)
    await expect.poll(routesDrawn).toBe(allRoutes)
    for (const layer of ['patrolReach', 'cameraSectors', 'hotSpots', 'density'])
      await page.locator(`[data-layer=${layer}]`).uncheck()
  })

  it('opens the worst blind spot on the map', async () => {
    const before = await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.getZoom())
    await page.locator('[data-testid=coverage-blind-spots] tbody tr[data-spot="1"]').click()
    await expect.poll(() => page.evaluate(() => (window as unknown as MlWindow).__pinganMap.getZoom())).toBeGreaterThan(before + 1)
    await waitForMapIdle(page)
    const spots = await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.queryRenderedFeatures({ layers: ['overlay-blind-spots'] }).length)
    expect(spots).toBeGreaterThan(0)
    await screenshot(page, 'coverage-worst-blind-spot')
    expect(errors).toEqual([])
  })
})
