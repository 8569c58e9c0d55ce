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
    const code = new URL(page.url()).pathname.split('/')[2]!
    await page.goto(appUrl(`/grid/${code}/coverage?layers=coverageFill,blindSpots,patrols`))
    await waitForMapIdle(page)
  })

  afterAll(async () => {
    await browser?.close()
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
    const fill = await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.queryRenderedFeatures({ layers: ['overlay-coverage-fill'] }).length)
    expect(fill).toBeGreaterThan(0)
    await screenshot(page, 'coverage-township')
  })

  it('odd and even days change the volunteer patrol coverage', async () => {
    const all = await figure(page, 'patrolArea')
    await page.locator('[data-testid=coverage-days]').selectOption('odd')
    await expect.poll(() => figure(page, 'patrolArea')).not.toBe(all)
    const odd = await figure(page, 'patrolArea')
    await page.locator('[data-testid=coverage-days]').selectOption('even')
    await expect.poll(() => figure(page, 'patrolArea')).not.toBe(odd)
    const even = await figure(page, 'patrolArea')
    // Each day type keeps only half of the volunteer rosters: less than all days together.
    expect(odd).toBeLessThan(all)
    expect(even).toBeLessThan(all)
    await screenshot(page, 'coverage-even-days')
    await page.locator('[data-testid=coverage-days]').selectOption('')
    await expect.poll(() => figure(page, 'patrolArea')).toBe(all)
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
