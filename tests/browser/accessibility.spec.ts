import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionsOffered, drawer } from './caseDrawer'
import { appUrl, breadcrumb, launchBrowser, openPage, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

/** The focused element: what it is, and whether its focus ring can be seen (a solid outline ≥ 2 px, or an inset one). */
async function focused(page: Page): Promise<{ tag: string, label: string, outline: string, width: number } | null> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null
    if (!e || e === document.body)
      return null
    const s = getComputedStyle(e)
    return { tag: e.tagName.toLowerCase(), label: (e.getAttribute('data-testid') ?? e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 30), outline: s.outlineStyle, width: Number.parseFloat(s.outlineWidth) }
  })
}

describe('accessibility: keyboard, focus, announcements', () => {
  let browser: Browser
  let page: Page
  let errors: string[]
  let township: string

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser))
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    township = new URL(page.url()).pathname.split('/').pop()!
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('shows a focus ring on everything Tab reaches', async () => {
    const seen: string[] = []
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press('Tab')
      const f = await focused(page)
      if (!f)
        continue
      seen.push(`${f.tag}:${f.label}`)
      expect(f.outline, `${f.tag} "${f.label}" after ${i + 1} Tabs`).not.toBe('none')
      expect(f.width, `${f.tag} "${f.label}"`).toBeGreaterThanOrEqual(2)
    }
    // The walk went through the top bar, the map's layer switches and into the panel's table.
    expect(seen.some(s => s.startsWith('select:'))).toBe(true)
    expect(seen.some(s => s.startsWith('input:'))).toBe(true)
    expect(seen.some(s => s.startsWith('tr:'))).toBe(true)
  })

  it('keeps a focused row clear of the table\'s sticky header', async () => {
    const rows = page.locator('[data-testid=child-table] tbody tr')
    const panel = page.locator('aside.panel')
    /**
     * Scrolls the panel so the first row sits just under the panel's top edge, where the stuck
     * header covers it though the row is "in view", focuses it, and says whether it shows below the header.
     */
    const rowClearOfHeader = async () => {
      await page.locator('body').focus()
      await panel.evaluate((e) => {
        const row = e.querySelector('[data-testid=child-table] tbody tr')!
        e.scrollTop += row.getBoundingClientRect().top - e.getBoundingClientRect().top - 4
      })
      // Tab from the last column header onto the first row, as a keyboard user arrives there.
      await page.locator('[data-testid=child-table] th button').last().focus()
      await page.keyboard.press('Tab')
      expect(await rows.nth(0).evaluate(e => e === document.activeElement)).toBe(true)
      const [row, head] = await Promise.all([rows.nth(0).boundingBox(), page.locator('[data-testid=child-table] th').first().boundingBox()])
      return row!.y >= head!.y + head!.height - 1
    }
    // Without the scroll padding the row would land under the header: the check can fail.
    await panel.evaluate((e) => {
      (e as HTMLElement).style.scrollPaddingTop = '0px'
    })
    expect(await rowClearOfHeader()).toBe(false)
    await panel.evaluate((e) => {
      (e as HTMLElement).style.scrollPaddingTop = ''
    })
    expect(await rowClearOfHeader()).toBe(true)
  })

  it('drills down into a village with Enter on its row, and the map moves there', async () => {
    const row = page.locator('[data-testid=child-table] tbody tr').nth(2)
    const code = (await row.getAttribute('data-grid-code'))!
    const name = (await row.locator('td').first().textContent())!.trim()
    const before = await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.getZoom())
    await row.focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`/grid/${code}`))
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toContain(name)
    expect(await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.getZoom())).toBeGreaterThan(before)
  })

  it('announces a refused send assertively and a done action politely', async () => {
    await page.goto(appUrl(`/grid/${township}/cases/new`))
    await page.locator('[data-testid=intake-submit]').click()
    const assertive = page.locator('[data-testid=live-assertive]')
    expect(await assertive.getAttribute('aria-live')).toBe('assertive')
    await expect.poll(() => assertive.textContent()).toContain('有 4 处需要更正')
    expect(await assertive.textContent()).toContain('请填写事件标题')
    // The keyboard is put on the first field to correct.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true')

    await page.goto(appUrl(`/grid/${township}/cases?status=in_progress`))
    const first = page.locator('[data-testid=case-list] [data-case-id]').first()
    await first.waitFor()
    await first.focus()
    await page.keyboard.press('Enter')
    await drawer(page).waitFor()
    await expect.poll(() => actionsOffered(page)).toContain('remind')
    await page.locator('[data-testid=drawer-actions] [data-action=remind]').click()
    await page.locator('[data-testid=action-form][data-action=remind] [data-testid=action-submit]').click()
    await page.locator('[data-testid=action-done]').waitFor()
    const polite = page.locator('[data-testid=live-polite]')
    expect(await polite.getAttribute('aria-live')).toBe('polite')
    await expect.poll(() => polite.textContent()).toContain('已催办')
    expect(errors).toEqual([])
  })

  it('gives touch screens 40 px targets: buttons and the map\'s zoom', async () => {
    const touch = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, isMobile: false })
    const p = await touch.newPage()
    try {
      await p.goto(appUrl('/'))
      await p.waitForURL(/\/grid\/\d{15}/)
      await waitForMapIdle(p)
      expect(await p.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true)
      const zoom = await p.locator('.maplibregl-ctrl-zoom-in').boundingBox()
      expect(zoom!.width).toBeGreaterThanOrEqual(40)
      expect(zoom!.height).toBeGreaterThanOrEqual(40)
      const small = await p.locator('button:visible, select:visible').evaluateAll(els => els.filter((e) => {
        const r = e.getBoundingClientRect()
        return r.width > 0 && (r.width < 40 || r.height < 40)
      }).map(e => e.outerHTML.slice(0, 100)))
      expect(small).toEqual([])
    }
    finally {
      await touch.close()
    }
  })
})
