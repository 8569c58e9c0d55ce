import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, childCodes, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

/** Every layer a commander can switch on, bar the two that replace the case symbols by a density surface. */
const EVERY_LAYER = 'roads,cases,patrols,cameras,keyPlaces,patrolReach,cameraSectors,coverageFill,blindSpots,hotSpots'

/** The village names drawn on the map, and for each the clusters drawn over its text. */
async function namesAndClustersOverThem(page: Page): Promise<Array<{ code: string, name: string, covering: number }>> {
  return page.evaluate(() => {
    const m = (window as unknown as MlWindow).__pinganMap
    const out = new Map<string, { code: string, name: string, covering: number }>()
    for (const f of m.queryRenderedFeatures({ layers: ['grid-label'] })) {
      if (f.geometry.type !== 'Point')
        continue
      const p = m.project(f.geometry.coordinates as [number, number])
      // The text's box: a 2-3 character name at township zoom is about 50 × 20 px around its point.
      const covering = m.queryRenderedFeatures([[p.x - 24, p.y - 10], [p.x + 24, p.y + 10]], { layers: ['case-clusters'] }).length
      out.set(f.properties.code as string, { code: f.properties.code as string, name: f.properties.name as string, covering })
    }
    return [...out.values()]
  })
}

describe('labels: at township level with every layer on, village names win over case clusters', () => {
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

  it('draws every village name, none covered by a cluster, and still draws clusters elsewhere', async () => {
    await page.goto(appUrl(`/?layers=${EVERY_LAYER}`))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    // Coverage layers are computed in a worker: wait until the map has settled with them.
    await page.waitForTimeout(1500)
    await waitForMapIdle(page)
    const names = await namesAndClustersOverThem(page)
    const children = await childCodes(page)
    expect(names.map(n => n.code).sort()).toEqual([...children].sort())
    expect(names.filter(n => n.covering > 0)).toEqual([])
    // Clusters give way around the names rather than vanish: nearly all of the source's are drawn.
    const clusters = await page.evaluate(() => {
      const m = (window as unknown as MlWindow).__pinganMap
      const ids = (fs: Array<{ properties: Record<string, unknown> }>) => new Set(fs.filter(f => f.properties.point_count !== undefined).map(f => f.properties.cluster_id as number))
      return { drawn: ids(m.queryRenderedFeatures({ layers: ['case-clusters'] })).size, all: ids(m.querySourceFeatures('cases-clustered')).size }
    })
    expect(clusters.all).toBeGreaterThan(5)
    expect(clusters.drawn / clusters.all).toBeGreaterThanOrEqual(0.9)
    await screenshot(page, 'labels-township-every-layer-1920x1080')
    expect(errors).toEqual([])
  })
})
