import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

interface Band { minutes: number, roadKm: number, areaKm2: number, hot: [number, number], places: [number, number], cases: [number, number] }

/** The response table as figures, row by row. */
async function bands(page: Page): Promise<Band[]> {
  return page.locator('[data-testid=plan-response-bands] tbody tr').evaluateAll(rows => rows.map((r) => {
    const cell = (f: string) => r.querySelector(`[data-field=${f}]`)!.textContent!
    const pair = (f: string) => cell(f).match(/(\d+) \/ (\d+)/)!.slice(1, 3).map(Number) as [number, number]
    return { minutes: Number(r.getAttribute('data-minutes')), roadKm: Number.parseFloat(cell('roadKm')), areaKm2: Number.parseFloat(cell('area')), hot: pair('hotSpots'), places: pair('keyPlaces'), cases: pair('cases') }
  }))
}

describe('the plan page\'s response circles (快反圈) on the demo township', () => {
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser, { width: 1600, height: 900 }))
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    const township = new URL(page.url()).pathname.split('/')[2]!
    await page.goto(appUrl(`/grid/${township}/plan`))
    await page.waitForSelector('[data-testid=plan-figures]', { timeout: 90_000 })
    await page.waitForSelector('[data-testid=plan-progress]', { state: 'detached', timeout: 90_000 })
    await waitForMapIdle(page)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('lists 1, 3 and 5 minutes from the police station by car, each reaching more, and draws them on the map', async () => {
    const table = page.locator('[data-testid=plan-response-bands]')
    await table.waitFor({ timeout: 60_000 })
    const car = await bands(page)
    expect(car.map(b => b.minutes)).toEqual([1, 3, 5])
    // 30 km/h for a minute is 500 m of travel: some road, but far from all of it.
    expect(car[0]!.roadKm).toBeGreaterThan(0)
    for (let k = 1; k < car.length; k++) {
      expect(car[k]!.roadKm).toBeGreaterThan(car[k - 1]!.roadKm)
      expect(car[k]!.areaKm2).toBeGreaterThan(car[k - 1]!.areaKm2)
      expect(car[k]!.hot[0]).toBeGreaterThanOrEqual(car[k - 1]!.hot[0])
      expect(car[k]!.cases[0]).toBeGreaterThanOrEqual(car[k - 1]!.cases[0])
      expect(car[k]!.places[0]).toBeGreaterThanOrEqual(car[k - 1]!.places[0])
    }
    // The station sits at the seat, where cases gather: five minutes reach some of the period's cases, not all.
    expect(car[2]!.cases[0]).toBeGreaterThan(0)
    expect(car[2]!.cases[0]).toBeLessThan(car[2]!.cases[1])
    // The period's cases are those the coverage figures count (cancelled reports left out): the backtest's total.
    const backtestTotal = Number((await page.locator('[data-testid=plan-backtest]').textContent())!.match(/(\d+) 件事件/)![1])
    expect(car[2]!.cases[1]).toBe(backtestTotal)
    // The seat's key places (government, centre, schools, market) lie within five minutes' drive.
    expect(car[2]!.places[0]).toBeGreaterThan(0)
    await expect.poll(() => page.evaluate(() => {
      const map = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
      return map.queryRenderedFeatures(undefined, { layers: ['overlay-plan-response'] }).map(f => f.properties.minutes as number)
    }).then(m => [...new Set(m)].sort((a, b) => a - b)), { timeout: 10_000 }).toEqual([1, 3, 5])
    await table.scrollIntoViewIfNeeded()
    await screenshot(page, 'plan-response')

    // On foot the same five minutes reach far less road than by car.
    await page.locator('[data-testid=plan-response-speed]').selectOption('5')
    await expect.poll(async () => (await bands(page))[2]!.roadKm, { timeout: 10_000 }).toBeLessThan(car[2]!.roadKm / 3)
    expect(await page.locator('[data-testid=plan-response]').textContent()).toContain('5 km/h')
    expect(errors).toEqual([])
  })

  it('starts from the patrol posts too: each start is drawn, and leaving the posts out reaches less', async () => {
    await page.locator('[data-testid=plan-response-speed]').selectOption('30')
    const sourcesText = await page.locator('[data-testid=plan-response-sources]').textContent()
    const stations = Number(sourcesText!.match(/派出所、警务室 (\d+) 处/)![1])
    const posts = Number(sourcesText!.match(/巡逻岗 (\d+) 处/)![1])
    expect(stations).toBe(1)
    // The township's teams share the seat crossroads; the school guard and each village's volunteers have their own.
    expect(posts).toBeGreaterThanOrEqual(3)
    const drawnStarts = () => page.evaluate(() => (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap.queryRenderedFeatures(undefined, { layers: ['overlay-plan-response-sources'] }).length)
    await expect.poll(drawnStarts, { timeout: 10_000 }).toBe(stations + posts)
    await expect.poll(async () => (await bands(page))[2]!.roadKm, { timeout: 10_000 }).toBeGreaterThan(0)
    const both = await bands(page)

    await page.locator('[data-testid=plan-response-posts]').uncheck()
    await expect.poll(drawnStarts, { timeout: 10_000 }).toBe(stations)
    await expect.poll(async () => (await bands(page))[2]!.roadKm, { timeout: 10_000 }).toBeLessThan(both[2]!.roadKm)
    const stationOnly = await bands(page)
    for (let k = 0; k < 3; k++) {
      expect(both[k]!.roadKm).toBeGreaterThan(stationOnly[k]!.roadKm)
      expect(both[k]!.cases[0]).toBeGreaterThanOrEqual(stationOnly[k]!.cases[0])
      expect(both[k]!.hot[0]).toBeGreaterThanOrEqual(stationOnly[k]!.hot[0])
    }
    // The village posts sit where the villages' cases are: five minutes from them reach more cases than from the station alone.
    expect(both[2]!.cases[0]).toBeGreaterThan(stationOnly[2]!.cases[0])

    // No start at all: said so, nothing drawn.
    await page.locator('[data-testid=plan-response-stations]').uncheck()
    await expect.poll(() => page.locator('[data-testid=plan-response]').textContent()).toContain('请至少选择一类出发点')
    await expect.poll(drawnStarts, { timeout: 10_000 }).toBe(0)
    await page.locator('[data-testid=plan-response-stations]').check()
    await page.locator('[data-testid=plan-response-posts]').check()
    await expect.poll(drawnStarts, { timeout: 10_000 }).toBe(stations + posts)
    await waitForMapIdle(page)
    await screenshot(page, 'plan-response-posts')
    expect(errors).toEqual([])
  })
})
