import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

describe('grid panel: 同比, 环比 and the trend of the period', () => {
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser, { width: 1920, height: 1080 }))
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('shows both changes beside every KPI, and a chart of the period that follows the period and the grid', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    const cards = page.locator('[data-testid=kpis] [data-kpi]')
    expect(await cards.count()).toBe(8)
    await expect.poll(() => page.locator('[data-testid=kpi-change]').count()).toBe(8)
    for (const text of await page.locator('[data-testid=kpi-change]').allTextContents())
      expect(text).toMatch(/同比\s*(?:[+−±][\d.,]+(?:%|个百分点)|—)\s*环比\s*(?:[+−±][\d.,]+(?:%|个百分点)|—)/)
    // The case count has a figure to compare with in the demo's year of cases.
    expect(await page.locator('[data-kpi=total] [data-change=mom]').textContent()).toMatch(/[+−±]\d/)

    const trend = page.locator('[data-testid=grid-trend]')
    await expect.poll(() => trend.getAttribute('data-buckets')).toBe('30')
    expect(await trend.getAttribute('data-bucket-days')).toBe('1')
    // Two lines drawn, and their sum read out equals the cards' figures.
    await expect.poll(() => trend.locator('svg path').count()).toBeGreaterThan(2)
    const total = (await page.locator('[data-kpi=total] .value').textContent())!.trim().replace(/,/g, '')
    expect(await trend.locator('[role=img]').getAttribute('aria-label')).toContain(`本期新增 ${total} 件`)
    await page.locator('[data-testid=grid-panel]').screenshot({ path: 'test-results/screenshots/panel-trend-zh.png' })
    await screenshot(page, 'panel-trend-1920x1080')

    // A year is drawn per week, in the same chart (merged, not a second instance).
    await page.locator('[data-testid=period]').selectOption('365')
    await expect.poll(() => trend.getAttribute('data-buckets')).toBe('53')
    expect(await trend.getAttribute('data-bucket-days')).toBe('7')
    expect(await trend.locator('svg').count()).toBe(1)

    // English: the legend follows the language.
    await page.locator('[data-testid=locale]').selectOption('en')
    await expect.poll(() => trend.locator('svg').textContent()).toContain('New cases')
    expect(await page.locator('[data-kpi=closingRate] [data-change=yoy]').textContent()).toMatch(/YoY|year/i)
    await page.locator('[data-testid=locale]').selectOption('zh-CN')
    expect(errors).toEqual([])
  })
})
