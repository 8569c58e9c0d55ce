import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RAMPS } from '~/domain/colorClasses'
import { THEME } from '~/theme/palette'
import { appUrl, labelPixel, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

/** A working-day morning, so the demo's data (generated around "now") is the same every run. */
const FIXED_TIME = new Date('2026-03-10T02:00:00Z')
/** 青山社区, the town community: eight groups, at least one without a case in the period. */
const COMMUNITY = '330122101001000'

function rgba(hex: string): string {
  const [r, g, b] = [1, 3, 5].map(i => Number.parseInt(hex.slice(i, i + 2), 16))
  return `rgba(${r},${g},${b},1)`
}

/** The fill colour MapLibre evaluated for each drawn grid (feature-state included), by code. */
async function fills(page: Page): Promise<Map<string, string>> {
  const pairs = await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.queryRenderedFeatures({ layers: ['grid-fill'] }).map(f => [f.properties.code as string, String((f.layer.paint as Record<string, unknown>)['fill-color'])] as [string, string]))
  return new Map(pairs)
}

/** Codes of the child grids the panel lists with no case in the period. */
async function childrenWithoutCases(page: Page): Promise<string[]> {
  return page.locator('[data-testid=child-table] tbody tr').evaluateAll(rows => rows
    .filter(r => r.querySelectorAll('td')[1]?.textContent?.trim() === '0')
    .map(r => r.getAttribute('data-grid-code')!))
}

describe('the choropleth does not mislead', () => {
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser))
    await page.clock.setFixedTime(FIXED_TIME)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('draws a grid without cases in the no-data grey for 按期结案率 and the average handling time, with its own legend entry', async () => {
    await page.goto(appUrl(`/grid/${COMMUNITY}`))
    await waitForMapIdle(page)
    await expect.poll(() => page.locator('[data-testid=child-table] tbody tr').count()).toBeGreaterThan(3)
    const empty = await childrenWithoutCases(page)
    expect(empty.length).toBeGreaterThan(0)
    const grey = rgba(THEME.noData)
    const ramp = new Set(RAMPS.heat.map(rgba))

    for (const [measure, title] of [['onTimeClosingRate', '按期结案率'], ['avgHandlingDays', '平均办理时长']] as const) {
      await page.locator('[data-testid=measure]').selectOption(measure)
      await expect.poll(() => page.locator('[data-testid=legend] .title').textContent()).toContain(title)
      expect(new URL(page.url()).searchParams.get('measure')).toBe(measure)
      await waitForMapIdle(page)
      const drawn = await fills(page)
      for (const code of empty)
        expect(drawn.get(code), `${measure}: ${code} has no case`).toBe(grey)
      // The grids with cases are coloured from the ramp, never the grey (nor the grey from it).
      const coloured = [...drawn].filter(([code]) => !empty.includes(code)).map(([, fill]) => fill)
      expect(coloured.filter(f => ramp.has(f)).length).toBeGreaterThan(0)
      expect(ramp.has(grey)).toBe(false)
      // The legend states "no data" beside the same grey, the classes' bounds and how they were cut.
      const noData = page.locator('[data-testid=legend-nodata]')
      await expect.poll(() => noData.textContent()).toContain('无数据')
      expect(await noData.locator('.swatch').evaluate(e => getComputedStyle(e).backgroundColor)).toBe(`rgb(${grey.slice(5, -3).replaceAll(',', ', ')})`)
      expect(await page.locator('[data-testid=legend-direction]').count() + await page.locator('[data-testid=legend-class]').count()).toBeGreaterThan(1)
      // The hover says it in words as well.
      const { x, y } = await labelPixel(page, empty[0]!)
      await page.mouse.move(x, y)
      await expect.poll(() => page.locator('[data-testid=grid-tooltip]').textContent()).toContain('无数据')
      await page.mouse.move(5, 400)
    }
    await screenshot(page, 'choropleth-no-data-1440x900')
    expect(errors).toEqual([])
  })

  it('colours the township\'s cases per 1,000 households by default, states the method and bounds, and can show counts', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    const legend = page.locator('[data-testid=legend]')
    await expect.poll(() => legend.getAttribute('data-basis')).toBe('households')
    expect(await legend.locator('.title').textContent()).toContain('每千户')
    expect(await page.locator('[data-testid=legend-method]').textContent()).toContain('自然断点')
    const perHouseholds = await legend.locator('[data-testid=legend-class]').allTextContents()
    expect(perHouseholds.length).toBeGreaterThanOrEqual(3)
    // Bounds run upwards, class after class.
    const lows = perHouseholds.map(t => Number.parseFloat(t.trim()))
    expect(lows).toEqual([...lows].sort((a, b) => a - b))
    await screenshot(page, 'choropleth-township-1440x900')

    await page.locator('[data-testid=legend-basis]').uncheck()
    await expect.poll(() => legend.getAttribute('data-basis')).toBe('absolute')
    expect(new URL(page.url()).searchParams.get('basis')).toBe('absolute')
    expect(await legend.locator('.title').textContent()).not.toContain('每千户')
    await page.locator('[data-testid=legend-basis]').check()
    await expect.poll(() => new URL(page.url()).searchParams.get('basis')).toBeNull()
    expect(errors).toEqual([])
  })
})
