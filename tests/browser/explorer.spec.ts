import type { Browser, Page } from 'playwright-core'
import type { RenderedGrid } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, breadcrumb, childCodes, labelPixel, launchBrowser, openPage, rendered, screenshot, waitForMapIdle } from './harness'
import { compareWithReference, TOLERANCE } from './visualDiff'

/** The demo's "now" in the reference screenshot: a working-day morning, Beijing time. */
const REFERENCE_TIME = new Date('2026-03-10T02:00:00Z')

describe('grid explorer: drilling from the township into a village and down', () => {
  let browser: Browser
  let page: Page
  let external: string[]
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, external, errors } = await openPage(browser))
  })

  afterAll(async () => {
    await browser?.close()
  })

  let township = ''
  let village: RenderedGrid

  it('opens on the township with its villages drawn and labelled', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    township = new URL(page.url()).pathname.split('/').pop()!

    const fills = await rendered(page, 'grid-fill')
    const labels = await rendered(page, 'grid-label')
    const codes = await childCodes(page)
    expect(codes.length).toBeGreaterThanOrEqual(12)
    expect(codes.length).toBeLessThanOrEqual(20)
    // Every village in the panel is drawn, and every one carries its Chinese name as a label.
    expect(fills.map(f => f.code).sort()).toEqual([...codes].sort())
    expect(labels.map(f => f.code).sort()).toEqual([...codes].sort())
    for (const l of labels)
      expect(l.name).toMatch(/[\u4E00-\u9FFF]+(村|社区)$/)
    expect(new Set(fills.map(f => f.parentId)).size).toBe(1)

    expect(await breadcrumb(page)).toHaveLength(1)
    await expect.poll(() => page.locator('[data-kpi=total] .value').textContent()).toMatch(/^\d[\d,]*$/)
    await screenshot(page, 'township-1440x900')
    village = fills.find(f => f.code === codes[Math.floor(codes.length / 2)])!
  })

  it('drills into a village by clicking it on the map', async () => {
    const { x, y } = await labelPixel(page, village.code)
    await page.mouse.move(x, y)
    await expect.poll(() => page.locator('[data-testid=grid-tooltip]').textContent()).toContain(village.name)
    await page.mouse.click(x, y)
    await page.waitForURL(`**/grid/${village.code}**`)
    await waitForMapIdle(page)

    expect(await breadcrumb(page)).toEqual([expect.any(String), village.name])
    await expect.poll(() => page.locator('[data-testid=grid-name]').textContent()).toContain(village.name)
    const fills = await rendered(page, 'grid-fill')
    expect(fills.length).toBeGreaterThanOrEqual(2)
    expect(fills.every(f => f.parentId === village.id)).toBe(true)
    expect(fills.map(f => f.code).sort()).toEqual((await childCodes(page)).sort())
    await screenshot(page, 'village-1440x900')
  })

  it('drills further from the child table, then back up with the breadcrumb', async () => {
    const group = (await childCodes(page))[0]!
    await page.locator(`[data-testid=child-table] tr[data-grid-code="${group}"]`).click()
    await page.waitForURL(`**/grid/${group}**`)
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toHaveLength(3)

    await page.locator('[data-testid=breadcrumb] a').first().click()
    await page.waitForURL(`**/grid/${township}**`)
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toHaveLength(1)
    expect((await rendered(page, 'grid-fill')).some(f => f.code === village.code)).toBe(true)
  })

  it('goes back with the browser history', async () => {
    await page.goBack()
    await page.waitForURL(/\/grid\/\d{18}|\/grid\/\d{15}/)
    await waitForMapIdle(page)
    expect((await breadcrumb(page)).length).toBeGreaterThanOrEqual(2)
    await page.goBack()
    await page.waitForURL(`**/grid/${village.code}**`)
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toEqual([expect.any(String), village.name])
  })

  it('reloads on a deep URL and lands on the same grid', async () => {
    const group = (await childCodes(page)).at(-1)!
    await page.goto(appUrl(`/grid/${group}?period=90&measure=overdue`))
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toHaveLength(3)
    await expect.poll(() => page.locator('[data-testid=grid-code]').textContent()).toContain(group)
    expect(await page.locator('[data-testid=period]').inputValue()).toBe('90')
    expect(await page.locator('[data-testid=measure]').inputValue()).toBe('overdue')
  })

  it('tells the user when a grid code is unknown, keeps the shell and offers the way back to their top grid', async () => {
    for (const code of ['330122101999000', '999999999999999', 'abc']) {
      await page.goto(appUrl(`/grid/${code}?period=90`))
      await expect.poll(() => page.locator('[data-testid=grid-not-found]').textContent()).toContain(code)
      // The navigation and the breadcrumb stay, both leading to the viewer's own township.
      expect(await page.locator('[data-testid=case-nav] [data-nav=cases]').getAttribute('href')).toContain(`/grid/${township}/cases`)
      expect(await breadcrumb(page)).toHaveLength(1)
      expect(await page.locator('[data-testid=period]').inputValue()).toBe('90')
    }
    await screenshot(page, 'grid-not-found-1440x900')
    await page.locator('[data-testid=grid-not-found-home]').click()
    await page.waitForURL(`**/grid/${township}?**`)
    expect(new URL(page.url()).searchParams.get('period')).toBe('90')
    await waitForMapIdle(page)
    expect(await childCodes(page)).not.toHaveLength(0)
  })

  it('made no request outside the app and logged no error', () => {
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})

describe('the command-room sizes', () => {
  it('renders the township at 1920×1080 with every label, as the committed reference shows it', async () => {
    const browser = await launchBrowser()
    try {
      const { page } = await openPage(browser, { width: 1920, height: 1080 })
      // The demo's cases are generated relative to "now": a fixed clock makes the screen repeatable.
      await page.clock.setFixedTime(REFERENCE_TIME)
      await page.goto(appUrl('/?layers=roads,cases,patrols,cameras,keyPlaces'))
      await page.waitForURL(/\/grid\/\d{15}/)
      await waitForMapIdle(page)
      expect((await rendered(page, 'grid-label')).length).toBe((await childCodes(page)).length)
      await expect.poll(() => page.locator('[data-kpi=total] .value').textContent()).toMatch(/^\d[\d,]*$/)
      // The panel's trend chart loads after the figures: wait for its lines.
      await expect.poll(() => page.locator('[data-testid=grid-trend]').getAttribute('data-buckets')).toBe('30')
      await expect.poll(() => page.locator('[data-testid=grid-trend] svg path').count()).toBeGreaterThan(2)
      await waitForMapIdle(page)
      const shot = await screenshot(page, 'township-1920x1080')
      const diff = compareWithReference(shot, 'tests/browser/reference/township-1920x1080.png')
      expect(diff.ratio, `${diff.differing} pixels differ from the reference (diff: ${diff.diffPath}); tolerance ${TOLERANCE.maxRatio * 100} %`).toBeLessThanOrEqual(TOLERANCE.maxRatio)
    }
    finally {
      await browser.close()
    }
  })
})
