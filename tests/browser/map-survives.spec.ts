import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, childCodes, launchBrowser, openPage, rendered, waitForMapIdle } from './harness'

type Win = Window & { __pinganMap: import('maplibre-gl').Map, __lose?: WEBGL_lose_context }

/** What the map shows right now: its layer ids, the villages filled, and the choropleth values they carry. */
async function drawn(page: Page): Promise<{ layers: string[], fills: number, valued: number }> {
  const fills = await rendered(page, 'grid-fill')
  return page.evaluate((ids) => {
    const m = (window as unknown as Win).__pinganMap
    return {
      layers: m.getStyle().layers.map(l => l.id),
      fills: ids.length,
      valued: ids.filter(id => typeof m.getFeatureState({ source: 'grids', id }).value === 'number').length,
    }
  }, fills.map(f => f.id))
}

describe('a map that survives a lost WebGL context', () => {
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

  it('comes back with every layer, the choropleth and the cases after loseContext/restoreContext', async () => {
    await page.goto(appUrl('/?layers=roads,cases'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    const before = await drawn(page)
    expect(before.fills).toBe((await childCodes(page)).length)
    expect(before.valued).toBeGreaterThan(0)
    expect(before.layers).toEqual(expect.arrayContaining(['roads-main', 'grid-fill', 'grid-label', 'case-points']))

    await page.evaluate(() => {
      const w = window as unknown as Win
      const gl = w.__pinganMap.getCanvas().getContext('webgl2') ?? w.__pinganMap.getCanvas().getContext('webgl')
      w.__lose = gl!.getExtension('WEBGL_lose_context')!
      w.__lose.loseContext()
    })
    await page.waitForFunction(() => (window as unknown as Win).__pinganMap.painter.context.gl.isContextLost())
    // While lost, a layer toggle must not throw into the page.
    await page.locator('[data-layer=roads]').uncheck()
    await page.evaluate(() => (window as unknown as Win).__lose!.restoreContext())
    await waitForMapIdle(page)

    const after = await drawn(page)
    // Everything as before, except the roads switched off while the context was lost: gone, not
    // brought back by MapLibre's snapshot of the lost style.
    expect(after.layers).toEqual(before.layers.filter(id => !id.startsWith('roads-')))
    expect(after.fills).toBe(before.fills)
    expect(after.valued).toBe(before.valued)
    expect((await rendered(page, 'case-points')).length + (await rendered(page, 'case-clusters')).length).toBeGreaterThan(0)
    // Pixels, not only state: the canvas draws the grids again (not just the background).
    const colours = await page.evaluate(() => {
      const c = (window as unknown as Win).__pinganMap.getCanvas()
      const copy = document.createElement('canvas')
      copy.width = c.width
      copy.height = c.height
      const ctx = copy.getContext('2d')!
      ctx.drawImage(c, 0, 0)
      const px = ctx.getImageData(0, 0, c.width, c.height).data
      const seen = new Set<number>()
      for (let i = 0; i < px.length; i += 4 * 97)
        seen.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!)
      return seen.size
    })
    expect(colours).toBeGreaterThan(20)
    expect(errors).toEqual([])
  })
})
