import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

/** A village's label point (certainly inside it) at township zoom. */
async function aVillage(page: Page): Promise<{ code: string, name: string, lngLat: [number, number] }> {
  return page.evaluate(() => {
    const m = (window as unknown as MlWindow).__pinganMap
    const f = m.querySourceFeatures('grid-labels').filter(f => f.properties.level === 2 && f.geometry.type === 'Point').sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)))[3]!
    return { code: f.properties.code as string, name: f.properties.name as string, lngLat: (f.geometry as GeoJSON.Point).coordinates as [number, number] }
  })
}

/** Degrees, minutes and seconds (to 0.01″) of a positive angle. */
function dms(deg: number): [number, number, string] {
  const d = Math.floor(deg)
  const m = Math.floor((deg - d) * 60)
  const s = ((deg - d) * 60 - m) * 60
  return [d, m, s.toFixed(2)]
}

async function typeCoordinate(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid=intake-coord]').fill(text)
  await page.locator('[data-testid=intake-coord-go]').click()
}

describe('intake: coordinates typed as degrees-minutes-seconds', () => {
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

  it('locates a case from 119°36′E 29°52′N-style text, and says beside the field what is wrong with a bad one, in each language', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    const v = await aVillage(page)
    const township = new URL(page.url()).pathname.split('/').pop()!
    await page.goto(appUrl(`/grid/${township}/cases/new`))
    await page.locator('[data-testid=intake-coord]').waitFor()
    const [lngD, lngM, lngS] = dms(v.lngLat[0])
    const [latD, latM, latS] = dms(v.lngLat[1])

    // Latitude first, with the typographic signs, as a reader copies it from a document.
    await typeCoordinate(page, `${latD}°${latM}′${latS}″N ${lngD}°${lngM}′${lngS}″E`)
    const located = page.locator('[data-testid=intake-grid]')
    await expect.poll(() => located.textContent()).toContain(v.name)
    expect(await page.locator('[data-problem=location]').count()).toBe(0)
    // Typed in degrees-minutes-seconds, shown back as the decimals it stands for.
    const shown = (await page.locator('[data-testid=intake-coord]').inputValue()).split(/[,\s]+/).map(Number)
    expect(shown[0]).toBeCloseTo(v.lngLat[0], 4)
    expect(shown[1]).toBeCloseTo(v.lngLat[1], 4)

    // The same place with ASCII signs and d/m/s letters.
    await typeCoordinate(page, `E${lngD}d${lngM}m${lngS}s N${latD}d${latM}m${latS}s`)
    await expect.poll(() => located.textContent()).toContain(v.name)

    const refusal = page.locator('[data-problem=location]')
    await typeCoordinate(page, `${lngD}°75′E ${latD}°${latM}′N`)
    await expect.poll(() => refusal.getAttribute('data-reason')).toBe('out_of_range')
    expect(await refusal.textContent()).toContain('分应小于 60')
    expect(await page.locator('[data-testid=intake-coord]').getAttribute('aria-invalid')).toBe('true')
    // The point placed before is gone with it: no case can be sent there by mistake.
    expect(await located.count()).toBe(0)
    await page.locator('[data-testid=intake-submit]').click()
    expect(new URL(page.url()).pathname).toMatch(/\/cases\/new$/)
    await screenshot(page, 'intake-coordinate-minutes-1440x900')

    await typeCoordinate(page, `${lngD}°E 95°N`)
    await expect.poll(() => refusal.textContent()).toContain('纬度 95° 超出范围')

    await typeCoordinate(page, `${latD}°N ${latD + 1}°N`)
    await expect.poll(() => refusal.textContent()).toContain('两个数都标了 N/S')
    expect(await refusal.getAttribute('data-reason')).toBe('invalid')

    await page.locator('[data-testid=locale]').selectOption('en')
    await typeCoordinate(page, `${lngD} ${lngM} 61E ${latD} ${latM}N`)
    await expect.poll(() => refusal.textContent()).toContain('seconds must be less than 60')
    await typeCoordinate(page, `${lngD}°E 95°N`)
    await expect.poll(() => refusal.textContent()).toContain('Latitude 95° is out of range')

    // A good coordinate clears the error.
    await typeCoordinate(page, `${lngD}°${lngM}′${lngS}″E ${latD}°${latM}′${latS}″N`)
    await expect.poll(() => refusal.count()).toBe(0)
    await expect.poll(() => located.getAttribute('data-grid-code')).toMatch(new RegExp(`^${v.code.slice(0, 12)}`))
    await page.locator('[data-testid=locale]').selectOption('zh-CN')
    expect(errors).toEqual([])
  })
})
