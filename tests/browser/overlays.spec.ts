import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

async function renderedCount(page: Page, layer: string): Promise<number> {
  return page.evaluate(id => (window as unknown as MlWindow).__pinganMap.queryRenderedFeatures({ layers: [id] }).length, layer)
}

async function layerVisible(page: Page, layer: string): Promise<boolean> {
  return page.evaluate((id) => {
    const m = (window as unknown as MlWindow).__pinganMap
    return !!m.getLayer(id) && m.getLayoutProperty(id, 'visibility') !== 'none'
  }, layer)
}

async function kpi(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-kpi=${key}] .value`).textContent()
  return Number(text!.replace(/[^\d.]/g, ''))
}

describe('layers, period, measure, language and roles', () => {
  let browser: Browser
  let page: Page
  let errors: string[]
  let external: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors, external } = await openPage(browser))
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('switches overlays on from the layer control and keeps them in the URL', async () => {
    for (const layer of ['cases', 'patrols', 'cameras', 'keyPlaces'])
      await page.locator(`[data-layer=${layer}]`).check()
    await waitForMapIdle(page)
    expect(new URL(page.url()).searchParams.get('layers')).toBe('cases,patrols,cameras,keyPlaces,roads')
    expect(await renderedCount(page, 'case-clusters') + await renderedCount(page, 'case-points')).toBeGreaterThan(0)
    expect(await renderedCount(page, 'patrol-routes')).toBeGreaterThan(0)
    expect(await renderedCount(page, 'camera-points')).toBeGreaterThan(50)
    expect(await renderedCount(page, 'key-place-points')).toBeGreaterThanOrEqual(20)
    // Sectors only from close zoom: at township zoom they would be specks.
    expect(await renderedCount(page, 'camera-sectors')).toBe(0)
    await expect.poll(() => page.locator('[data-testid=key-patrols]').textContent()).toContain('志愿者')

    await page.locator('[data-layer=heatmap]').check()
    await page.locator('[data-layer=cases]').uncheck()
    await waitForMapIdle(page)
    expect(await layerVisible(page, 'case-heatmap')).toBe(true)
    expect(await layerVisible(page, 'case-points')).toBe(false)
  })

  it('shows camera field-of-view sectors and single cases when zoomed in', async () => {
    await page.locator('[data-layer=cases]').check()
    await page.evaluate(() => {
      const m = (window as unknown as MlWindow).__pinganMap
      const f = m.queryRenderedFeatures({ layers: ['camera-points'] })[0]!
      m.jumpTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom: 16.5 })
    })
    await waitForMapIdle(page)
    expect(await renderedCount(page, 'camera-sectors')).toBeGreaterThan(0)
    await screenshot(page, 'zoomed-cameras-1440x900')
  })

  it('recomputes KPIs for the chosen period', async () => {
    await page.goto(appUrl('/?period=7'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    await expect.poll(() => kpi(page, 'total')).toBeGreaterThan(0)
    const week = await kpi(page, 'total')
    await page.locator('[data-testid=period]').selectOption('365')
    await expect.poll(() => kpi(page, 'total')).toBeGreaterThan(week * 10)
    expect(new URL(page.url()).searchParams.get('period')).toBe('365')
  })

  it('colours the children by the chosen measure with a matching legend', async () => {
    await page.locator('[data-testid=measure]').selectOption('resolutionRate')
    await expect.poll(() => page.locator('[data-testid=legend] .title').first().textContent()).toContain('化解率')
    await expect.poll(() => page.locator('[data-testid=legend] li').first().textContent()).toMatch(/%/)
  })

  it('ranks the child grids and the grid workers, the lowest three flagged', async () => {
    const ranking = page.locator('[data-testid=ranking]')
    const villages = await page.locator('[data-testid=child-table] tbody tr').count()
    await expect.poll(() => ranking.locator('li').count()).toBe(villages)
    const ranks = await ranking.locator('li .rank').allTextContents()
    const ranked = ranks.filter(r => r !== '—').map(Number)
    expect(ranked).toEqual([...ranked].sort((a, b) => a - b))
    expect(ranked[0]).toBe(1)
    const flags = await ranking.locator('li').evaluateAll(els => els.map(e => e.getAttribute('data-flagged') === 'true'))
    const flaggedCount = flags.filter(Boolean).length
    expect(flaggedCount).toBeGreaterThanOrEqual(3)
    // Flagged rows are the bottom of the ranked part, never above an unflagged ranked row.
    expect(flags.slice(0, ranked.length).indexOf(true)).toBe(ranked.length - flaggedCount)

    await ranking.locator('[data-tab=workers]').click()
    await expect.poll(() => ranking.locator('li').count()).toBeGreaterThan(villages)
    expect(await ranking.locator('li .name').first().textContent()).toMatch(/^[\u4E00-\u9FFF]{2,3}$/)
    await ranking.locator('[data-testid=ranking-metric]').selectOption('overdue')
    await expect.poll(() => ranking.locator('li .value').first().textContent()).toMatch(/^\d+$/)
    await ranking.locator('[data-tab=grids]').click()
  })

  it('switches the interface and the map labels to English', async () => {
    await page.locator('[data-testid=locale]').selectOption('en')
    await waitForMapIdle(page)
    await expect.poll(() => page.locator('[data-kpi=total] .label').textContent()).toBe('Cases')
    const labels = await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.queryRenderedFeatures({ layers: ['grid-label'] }).map(f => f.properties.nameEn as string))
    const layout = await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.getLayoutProperty('grid-label', 'text-field'))
    expect(layout).toEqual(['get', 'nameEn'])
    expect(labels.every(l => /^[\x20-\x7E]+$/.test(l))).toBe(true)
    await screenshot(page, 'township-english-1440x900')
    await page.locator('[data-testid=locale]').selectOption('zh-CN')
  })

  it('views as a village chief: only their village and what lies below it', async () => {
    await page.locator('[data-testid=view-as]').selectOption('demo-village-chief')
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    const crumbs = await page.locator('[data-testid=breadcrumb] li').count()
    expect(crumbs).toBe(1)
    await expect.poll(() => page.locator('[data-testid=grid-panel] .level').textContent()).toMatch(/村|社区/)
    const fills = await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.queryRenderedFeatures({ layers: ['grid-fill'] }).map(f => f.properties.level as number))
    expect(fills.length).toBeGreaterThan(0)
    expect(new Set(fills)).toEqual(new Set([3]))
    // The township is not visible to a village chief, even by URL.
    await page.goto(appUrl('/grid/330122101000000'))
    await expect.poll(() => page.locator('[data-testid=grid-not-found]').count()).toBe(1)
    await page.locator('[data-testid=view-as]').selectOption('demo-county-admin')
  })

  it('offers "new case" to those who may report, not to the wall screen', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await expect.poll(() => page.locator('[data-testid=new-case]').count()).toBe(1)
    await page.locator('[data-testid=view-as]').selectOption('demo-wall-viewer')
    await expect.poll(() => page.locator('[data-testid=grid-panel]').count()).toBe(1)
    await expect.poll(() => page.locator('[data-testid=new-case]').count()).toBe(0)
    await page.locator('[data-testid=view-as]').selectOption('demo-county-admin')
    await expect.poll(() => page.locator('[data-testid=new-case]').count()).toBe(1)
  })

  it('made no request outside the app and logged no error', () => {
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})
