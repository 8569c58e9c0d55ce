import type { Browser, Page } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { inject } from 'vitest'

export { CHROMIUM_ARGS, launchBrowser } from '../support/chromium'

/**
 * A page whose every request outside the app's own origin (and the local fixture servers in
 * `allow`) fails, so a test can never reach the network.
 */
export async function openPage(browser: Browser, viewport = { width: 1440, height: 900 }, options: { baseUrl?: string, allow?: string[] } = {}): Promise<{ page: Page, external: string[], errors: string[] }> {
  // No service worker: one answering from its cache would hide requests from page.route.
  const context = await browser.newContext({ viewport, locale: 'zh-CN', serviceWorkers: 'block' })
  const page = await context.newPage()
  const origins = new Set([new URL(options.baseUrl ?? inject('baseUrl')).origin, ...(options.allow ?? []).map(u => new URL(u).origin)])
  const external: string[] = []
  const errors: string[] = []
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (origins.has(url.origin) || url.protocol === 'blob:' || url.protocol === 'data:')
      return route.continue()
    external.push(url.href)
    return route.abort()
  })
  page.on('pageerror', e => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error')
      errors.push(m.text())
  })
  return { page, external, errors }
}

/** Where a point (map coordinates) is on the screen. */
export async function pixelOf(page: Page, lngLat: [number, number]): Promise<{ x: number, y: number }> {
  return page.evaluate((ll) => {
    const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
    const p = m.project(ll)
    const r = m.getCanvas().getBoundingClientRect()
    return { x: r.left + p.x, y: r.top + p.y }
  }, lngLat)
}

export function appUrl(path: string): string {
  return inject('baseUrl') + path
}

/** Waits until the map has loaded its style and sources and is not moving. */
export async function waitForMapIdle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => {
    const m = (window as unknown as { __pinganMap?: import('maplibre-gl').Map }).__pinganMap
    return !!m && m.loaded() && m.isStyleLoaded() && !m.isMoving() && m.areTilesLoaded()
      && !!m.getLayer('grid-fill') && m.isSourceLoaded('grids')
  }, undefined, { timeout, polling: 200 })
  // One more idle after the last change, so the canvas shows the final frame.
  await page.evaluate(() => new Promise<void>((resolve) => {
    const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
    m.triggerRepaint()
    m.once('idle', () => resolve())
  }))
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync('test-results/screenshots', { recursive: true })
  const path = `test-results/screenshots/${name}.png`
  await page.screenshot({ path })
  return path
}

/** A grid feature as drawn on the map. */
export interface RenderedGrid {
  id: string
  code: string
  name: string
  parentId: string
}

/** Grids drawn in a layer right now (deduplicated: a polygon can span several tiles). */
export async function rendered(page: Page, layer: string): Promise<RenderedGrid[]> {
  return page.evaluate((layerId) => {
    const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
    const seen = new Map<string, RenderedGrid>()
    for (const f of m.queryRenderedFeatures({ layers: [layerId] }))
      seen.set(f.properties.id as string, f.properties as RenderedGrid)
    return [...seen.values()]
  }, layer)
}

/** Screen position of a grid's label point, where a click certainly lands inside the grid. */
export async function labelPixel(page: Page, code: string): Promise<{ x: number, y: number }> {
  return page.evaluate((c) => {
    const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
    const f = m.querySourceFeatures('grid-labels', { filter: ['==', ['get', 'code'], c] })[0]
    if (!f || f.geometry.type !== 'Point')
      throw new Error(`no label point for ${c}`)
    const p = m.project(f.geometry.coordinates as [number, number])
    const r = m.getCanvas().getBoundingClientRect()
    return { x: r.left + p.x, y: r.top + p.y }
  }, code)
}

export async function breadcrumb(page: Page): Promise<string[]> {
  return page.locator('[data-testid=breadcrumb] li').evaluateAll(els => els.map(e => e.textContent!.replace('›', '').trim()))
}

export async function childCodes(page: Page): Promise<string[]> {
  return page.locator('[data-testid=child-table] tbody tr').evaluateAll(rows => rows.map(r => r.getAttribute('data-grid-code')!))
}
