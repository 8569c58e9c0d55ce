import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { appUrl, launchBrowser, screenshot } from './harness'

// A grid worker's phone: 390 × 844, touch, a fixed GPS position granted.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const MIB = 1024 * 1024

async function phoneContext(browser: Browser): Promise<{ context: BrowserContext, page: Page, errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
  const page = await context.newPage()
  const origin = new URL(inject('baseUrl')).origin
  await page.route('**/*', route => new URL(route.request().url()).origin === origin || /^(?:blob|data):/.test(route.request().url()) ? route.continue() : route.abort())
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  return { context, page, errors }
}

describe('the grid worker\'s phone', () => {
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await phoneContext(browser))
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('scales a photo over 5 MiB down in the browser and keeps it, refusing only what cannot be read', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    const township = new URL(page.url()).pathname.split('/')[2]!
    await page.goto(appUrl(`/grid/${township}/cases/new`))
    const input = page.locator('[data-testid=intake-photos]')
    await input.waitFor({ state: 'attached' })
    // A real picture over the limit: random noise does not compress, so this PNG is ~8 MiB.
    const big = await page.evaluate(async () => {
      const c = document.createElement('canvas')
      c.width = 2000
      c.height = 1200
      const ctx = c.getContext('2d')!
      const img = ctx.createImageData(c.width, c.height)
      for (let i = 0; i < img.data.length; i++)
        img.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256)
      ctx.putImageData(img, 0, 0)
      const blob = await new Promise<Blob>(r => c.toBlob(b => r(b!), 'image/png'))
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let bin = ''
      for (let i = 0; i < bytes.length; i += 0x8000)
        bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return btoa(bin)
    })
    const buffer = Buffer.from(big, 'base64')
    expect(buffer.length).toBeGreaterThan(5 * MIB)
    await input.setInputFiles([
      { name: '现场.png', mimeType: 'image/png', buffer },
      { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(5 * MIB + 1) },
    ])
    const kept = page.locator('[data-testid=intake-photo-list] li')
    await expect.poll(() => kept.count(), { timeout: 30_000 }).toBe(1)
    expect(Number(await kept.first().getAttribute('data-bytes'))).toBeLessThanOrEqual(5 * MIB)
    expect(await kept.first().getAttribute('data-type')).toBe('image/jpeg')
    expect(await kept.first().locator('img').getAttribute('alt')).toBe('现场.jpg')
    // The unreadable one is refused beside the field, naming it and saying why.
    const refusals = page.locator('[data-problem=photoIds]')
    await expect.poll(() => refusals.count()).toBe(1)
    const text = await refusals.first().textContent()
    expect(text).toContain('"broken.jpg"')
    expect(text).toContain('could not be read')
    // On a touch screen the rear camera is offered, as a thumb-sized button.
    const camera = page.locator('[data-testid=intake-camera]')
    expect(await camera.getAttribute('capture')).toBe('environment')
    expect(await camera.getAttribute('accept')).toBe('image/*')
    const box = await page.locator('label.camera').boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(44)
    await page.locator('label.camera').scrollIntoViewIfNeeded()
    await screenshot(page, 'phone-intake-photos-390x844')
    expect(errors).toEqual([])
  }, 120_000)
})
