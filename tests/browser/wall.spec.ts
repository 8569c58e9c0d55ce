import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, screenshot } from './harness'
import { compareWithReference } from './visualDiff'

type WallWindow = Window & {
  __pinganMap: import('maplibre-gl').Map
  __pinganWall: {
    cases: () => Array<{ id: string, status: string, urgent: boolean, registeredAt: number | null, location: [number, number] }>
    applied: () => number
    territory: () => [number, number, number, number] | null
  }
}

// A fixed Beijing morning, so the demo township (anchored at the page's clock) and every figure
// come out the same on every run: the screenshots can be compared with their references.
const FIXED_TIME = Date.parse('2026-06-16T10:00:00+08:00')
/**
 * The page clock runs on from FIXED_TIME, so the clock and "data as of" glyphs may differ by a
 * second between runs: up to 0.2 % of pixels beyond pixelmatch's 0.02. A moved panel, a missing
 * layer or a recoloured grid changes several percent.
 */
const WALL_TOLERANCE = { threshold: 0.02, maxRatio: 0.002 }

/** Waits until the wall has its data and its map has drawn the grids and case points and stopped moving. */
async function waitForWall(page: Page): Promise<void> {
  await page.locator('[data-testid=wall-title]').waitFor({ timeout: 60_000 })
  await page.waitForFunction(() => {
    const m = (window as unknown as WallWindow).__pinganMap
    return !!m && m.loaded() && !m.isMoving() && !!m.getLayer('grid-fill') && !!m.getLayer('case-points') && m.isSourceLoaded('grids')
  }, undefined, { timeout: 60_000, polling: 200 })
  await page.evaluate(() => new Promise<void>((resolve) => {
    const m = (window as unknown as WallWindow).__pinganMap
    m.triggerRepaint()
    m.once('idle', () => resolve())
  }))
}

/** Font sizes in CSS pixels of every element of the wall that holds text, as drawn (scale included). */
async function textSizes(page: Page): Promise<Array<{ text: string, px: number }>> {
  return page.evaluate(() => {
    const out: Array<{ text: string, px: number }> = []
    const frame = document.querySelector('[data-testid=wall] > .frame') as HTMLElement
    const scale = frame.getBoundingClientRect().width / frame.offsetWidth
    for (const el of frame.querySelectorAll<HTMLElement>('*')) {
      const own = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent!.trim()).join('')
      if (own)
        out.push({ text: own, px: Number.parseFloat(getComputedStyle(el).fontSize) * scale })
    }
    // The charts' SVG text.
    for (const el of frame.querySelectorAll<SVGTextElement>('svg text')) {
      if (el.textContent?.trim())
        out.push({ text: el.textContent.trim(), px: el.getBoundingClientRect().height > 0 ? Number.parseFloat(getComputedStyle(el).fontSize) * scale : 99 })
    }
    return out
  })
}

async function checkScreen(browser: Browser, width: number, height: number): Promise<void> {
  const { page, errors, external } = await openPage(browser, { width, height })
  try {
    await page.clock.install({ time: FIXED_TIME })
    await page.goto(appUrl('/wall?feed=0'))
    await waitForWall(page)

    // Full screen: no top bar, no panel, no map controls.
    expect(await page.locator('header.topbar, aside.panel, .maplibregl-ctrl').count()).toBe(0)
    // The map draws at the screen's real resolution.
    const canvas = await page.evaluate(() => {
      const c = (window as unknown as WallWindow).__pinganMap.getCanvas()
      return { w: c.width, h: c.height, dpr: devicePixelRatio }
    })
    expect(canvas).toEqual({ w: width, h: height, dpr: 1 })

    const scale = height / 1080
    const sizes = await textSizes(page)
    expect(sizes.length).toBeGreaterThan(40)
    const small = sizes.filter(s => s.px < 20 * scale - 0.01)
    expect(small).toEqual([])
    for (const sel of ['[data-kpi] .num', '.rate-value', '[data-testid=wall-clock]']) {
      const px = await page.locator(sel).first().evaluate(el => Number.parseFloat(getComputedStyle(el).fontSize))
      expect(px * scale, sel).toBeGreaterThanOrEqual(48 * scale)
    }
    // The figures are there and read as numbers.
    for (const k of ['newToday', 'open', 'overdue', 'closedToday'])
      expect(await page.locator(`[data-kpi=${k}] .num`).textContent()).toMatch(/^\d+$/)
    expect(await page.locator('[data-testid=wall-ranking] li').count()).toBeGreaterThanOrEqual(5)
    expect(await page.locator('[data-testid=wall-events] li').count()).toBeGreaterThanOrEqual(5)
    expect(await page.locator('[data-testid=wall-trend] svg path').count()).toBeGreaterThan(2)
    expect(await page.locator('[data-testid=wall-asof]').textContent()).toMatch(/\d\d:\d\d:\d\d/)
    // The grid colours have their key, and the camera count is not cut off.
    expect(await page.locator('[data-testid=wall-legend] .lg-row').count()).toBeGreaterThanOrEqual(2)
    expect(await page.locator('[data-testid=wall-cameras]').evaluate(el => el.scrollWidth <= el.clientWidth)).toBe(true)
    expect(await page.locator('[data-testid=wall-cameras]').textContent()).toMatch(/\d+\/\d+/)

    // The cursor goes after a few idle seconds and comes back with the mouse.
    await page.mouse.move(width / 2, height / 2)
    await expect.poll(() => page.locator('.wall.cursor-idle').count(), { timeout: 8000 }).toBe(1)
    await page.mouse.move(width / 2 + 20, height / 2)
    expect(await page.locator('.wall.cursor-idle').count()).toBe(0)
    await expect.poll(() => page.locator('.wall.cursor-idle').count(), { timeout: 8000 }).toBe(1)

    const name = `wall-${width}x${height}`
    const shot = await screenshot(page, name)
    const diff = compareWithReference(shot, `tests/browser/reference/${name}.png`, WALL_TOLERANCE)
    console.log(`${name}: ${diff.differing} pixels (${(diff.ratio * 100).toFixed(3)} %) differ from the reference`)
    expect(diff.ratio, diff.diffPath ?? '').toBeLessThanOrEqual(WALL_TOLERANCE.maxRatio)
    expect(errors).toEqual([])
    expect(external).toEqual([])
  }
  finally {
    await page.context().close()
  }
}

describe('the wall screen on the demo', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('fills a 1920×1080 screen, legible from 5 m, as its reference', async () => {
    await checkScreen(browser, 1920, 1080)
  })

  it('fills a 3840×2160 screen at twice the scale, the map at device resolution, as its reference', async () => {
    await checkScreen(browser, 3840, 2160)
  })

  it('tours the child grids most overdue first and returns to the whole territory', async () => {
    const { page, errors } = await openPage(browser, { width: 1920, height: 1080 })
    try {
      await page.clock.install({ time: FIXED_TIME })
      await page.goto(appUrl('/wall?feed=0&carousel=5'))
      await waitForWall(page)
      const ranking = await page.locator('[data-testid=wall-ranking] li').evaluateAll(els => els.map(e => ({
        code: e.getAttribute('data-grid-code')!,
        name: e.querySelector('.rk-name')!.textContent!.trim(),
        open: Number(e.querySelector('.rk-open')!.textContent),
        overdue: Number(e.querySelector('.rk-over')!.textContent),
      })))
      // Ranked most overdue first.
      for (let i = 1; i < ranking.length; i++)
        expect(ranking[i - 1]!.overdue).toBeGreaterThanOrEqual(ranking[i]!.overdue)
      const stop = page.locator('[data-testid=wall-stop]')
      for (const expected of ranking.slice(0, 2)) {
        await expect.poll(() => stop.textContent(), { timeout: 12_000 }).toContain(expected.name)
        expect(await page.locator('[data-testid=wall-ranking] li.current').getAttribute('data-grid-code')).toBe(expected.code)
        // The map zooms to the child grid: its children (groups) are drawn in focus.
        await expect.poll(() => page.evaluate((code) => {
          const m = (window as unknown as WallWindow).__pinganMap
          const id = m.querySourceFeatures('grids', { filter: ['==', ['get', 'code'], code] })[0]?.properties.id
          const fills = m.queryRenderedFeatures({ layers: ['grid-fill'] })
          return fills.length > 0 && fills.every(f => f.properties.parentId === id)
        }, expected.code)).toBe(true)
      }
      await screenshot(page, 'wall-carousel-stop')
      // After the last stop with open cases, the whole territory again.
      const stops = ranking.filter(r => r.open > 0).slice(0, 8).length
      await expect.poll(() => stop.count(), { timeout: (stops * 5 + 10) * 1000 }).toBe(0)
      expect(errors).toEqual([])
    }
    finally {
      await page.context().close()
    }
  })

  it('recovers its map with every layer after the WebGL context is lost', async () => {
    const { page, errors } = await openPage(browser, { width: 1920, height: 1080 })
    try {
      await page.clock.install({ time: FIXED_TIME })
      await page.goto(appUrl('/wall?feed=0'))
      await waitForWall(page)
      const drawn = () => page.evaluate(() => {
        const m = (window as unknown as WallWindow).__pinganMap
        const ids = (layers: string[]) => new Set(m.queryRenderedFeatures({ layers }).map(f => String(f.properties.id ?? f.properties.cluster_id))).size
        return { grids: ids(['grid-fill']), labels: ids(['grid-label']), cases: ids(['case-points', 'case-clusters']) }
      })
      /** Distinct colours in a row of the map canvas through the territory's middle. */
      const colours = () => page.evaluate(() => {
        const m = (window as unknown as WallWindow).__pinganMap
        const gl = m.getCanvas().getContext('webgl2')!
        const w = gl.drawingBufferWidth
        const px = new Uint8Array(w * 4)
        gl.readPixels(0, Math.floor(gl.drawingBufferHeight / 2), w, 1, gl.RGBA, gl.UNSIGNED_BYTE, px)
        const set = new Set<string>()
        for (let i = 0; i < px.length; i += 4) set.add(`${px[i]},${px[i + 1]},${px[i + 2]}`)
        return set.size
      })
      const before = await drawn()
      expect(before.grids).toBeGreaterThan(10)
      expect(await colours()).toBeGreaterThan(5)
      await page.evaluate(() => {
        const gl = (window as unknown as WallWindow).__pinganMap.getCanvas().getContext('webgl2')!
        const ext = gl.getExtension('WEBGL_lose_context')!
        ;(window as unknown as { __lose: WEBGL_lose_context }).__lose = ext
        ext.loseContext()
      })
      await expect.poll(() => page.evaluate(() => (window as unknown as WallWindow).__pinganMap.getCanvas().getContext('webgl2')!.isContextLost())).toBe(true)
      await page.evaluate(() => (window as unknown as { __lose: WEBGL_lose_context }).__lose.restoreContext())
      await expect.poll(() => page.evaluate(() => (window as unknown as WallWindow).__pinganMap.getCanvas().getContext('webgl2')!.isContextLost())).toBe(false)
      await waitForWall(page)
      expect(await drawn()).toEqual(before)
      expect(await colours()).toBeGreaterThan(5)
      await screenshot(page, 'wall-after-context-loss')
      expect(errors.filter(e => !/context/i.test(e))).toEqual([])
    }
    finally {
      await page.context().close()
    }
  })

  it('puts up an urgent case reported in another tab with the whole territory still in view, holds the carousel, and clears it once registered', async () => {
    const { page: wall, errors } = await openPage(browser, { width: 1920, height: 1080 })
    try {
      // The feed at 20× registers an urgent case 6 to 30 s after its report.
      await wall.goto(appUrl('/wall?speed=20&carousel=5'))
      await waitForWall(wall)
      const village = await wall.evaluate(() => {
        const f = (window as unknown as WallWindow).__pinganMap.querySourceFeatures('grid-labels').find(x => x.properties.level === 2)!
        return { name: f.properties.name as string, lngLat: (f.geometry as GeoJSON.Point).coordinates as [number, number] }
      })

      // The wall's title sampled in the page while the banner is up, so the carousel check below
      // covers the banner's whole time on screen however slowly this test's steps run.
      await wall.evaluate(() => {
        const samples: { t: number, title: string, pulses: number }[] = []
        ;(window as unknown as { __urgentSamples: typeof samples }).__urgentSamples = samples
        setInterval(() => {
          if (document.querySelector('[data-testid=wall-urgent]'))
            samples.push({ t: performance.now(), title: document.querySelector('[data-testid=wall-title]')?.textContent ?? '', pulses: document.querySelectorAll('[data-testid=case-pulse]').length })
        }, 250)
      })

      // Another tab of the same browser reports a fire as the township commander.
      const desk = await wall.context().newPage()
      await desk.route('**/*', route => new URL(route.request().url()).origin === new URL(appUrl('/')).origin ? route.continue() : route.abort())
      await desk.goto(appUrl('/'))
      await desk.waitForURL(/\/grid\/\d{15}/)
      await desk.locator('[data-testid=view-as]').selectOption('demo-township-commander')
      await desk.locator('[data-testid=new-case]').click()
      await desk.waitForURL('**/cases/new**')
      await desk.locator('[data-testid=intake-coord]').fill(`${village.lngLat[0].toFixed(6)}, ${village.lngLat[1].toFixed(6)}`)
      await desk.locator('[data-testid=intake-coord-go]').click()
      await desk.locator('[data-testid=intake-grid]').waitFor()
      await desk.locator('[data-testid=category-major]').selectOption('08')
      await desk.locator('[data-testid=category-sub]').selectOption('0802')
      await desk.locator('[data-testid=intake-title]').fill('仓库起火')
      await desk.locator('[data-testid=intake-description]').fill('村东仓库冒烟起火，报警人电话 13800000000。')
      await desk.locator('[data-testid=intake-submit]').click()
      await desk.waitForURL('**/cases?**')
      const caseId = new URL(desk.url()).searchParams.get('case')!

      const banner = wall.locator('[data-testid=wall-urgent]')
      await expect.poll(() => banner.getAttribute('data-case'), { timeout: 10_000 }).toBe(caseId)
      expect(await banner.textContent()).toContain(village.name)
      expect(await banner.textContent()).toContain('仓库起火')
      // The free text and the reporter's phone never reach the wall.
      expect(await wall.locator('body').textContent()).not.toMatch(/13800000000|冒烟/)
      expect(await wall.locator('[data-testid=wall-urgent-countdown]').textContent()).toMatch(/1[45]:\d\d/)
      // A pulse where it landed; the map stays on (or flies back to) the whole territory, so the
      // rest of the wall is not hidden while the banner is up.
      // The pulse is brief, so it is looked for in the page's samples, not at this step's moment.
      await expect.poll(() => wall.evaluate(() => (window as unknown as { __urgentSamples: { pulses: number }[] }).__urgentSamples.some(x => x.pulses >= 1)), { timeout: 5000 }).toBe(true)
      await expect.poll(() => wall.evaluate(() => {
        const w = window as unknown as WallWindow
        const [w0, s0, e0, n0] = w.__pinganWall.territory()!
        const b = w.__pinganMap.getBounds()
        return !w.__pinganMap.isMoving() && b.getWest() <= w0 && b.getSouth() <= s0 && b.getEast() >= e0 && b.getNorth() >= n0
      }), { timeout: 5000 }).toBe(true)
      expect(await wall.evaluate(() => (window as unknown as WallWindow).__pinganMap.getZoom())).toBeLessThan(14)
      await screenshot(wall, 'wall-urgent')
      // Back on the whole territory, not on a carousel stop.
      expect(await wall.locator('[data-testid=wall-stop]').count()).toBe(0)

      // The feed's township centre registers it within half a minute; the banner goes with it.
      await expect.poll(() => banner.count(), { timeout: 45_000 }).toBe(0)
      // The carousel (every 5 s) held still while the banner was up (at least 6 s by the feed).
      const samples = await wall.evaluate(() => (window as unknown as { __urgentSamples: { t: number, title: string, pulses: number }[] }).__urgentSamples)
      expect(samples.at(-1)!.t - samples[0]!.t).toBeGreaterThanOrEqual(5000)
      expect(new Set(samples.map(s => s.title)).size).toBe(1)
      const held = await wall.evaluate(id => (window as unknown as WallWindow).__pinganWall.cases().find(c => c.id === id)!, caseId)
      expect(held.registeredAt).not.toBeNull()
      expect(held.status).not.toBe('reported')
      expect(errors).toEqual([])
    }
    finally {
      await wall.context().close()
    }
  })
})
