import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

/** Each field's message as the form shows it, in DOM order (innerText: what is rendered, not what a closed <details> hides). */
async function shownProblems(page: Page): Promise<[string, string][]> {
  // eslint-disable-next-line unicorn/prefer-dom-node-text-content -- the rendered text is the point
  return page.locator('[data-problem]').evaluateAll(els => els.map(e => [e.getAttribute('data-problem')!, (e as HTMLElement).innerText.trim()] as [string, string]))
}

describe('intake: an empty submit', () => {
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

  it('shows every missing field at once, each beside its input, in Chinese and in English, with no developer text', async () => {
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    const township = new URL(page.url()).pathname.split('/').pop()!
    await page.goto(appUrl(`/grid/${township}/cases/new`))
    await page.locator('[data-testid=intake-submit]').waitFor()
    await page.locator('[data-testid=intake-submit]').click()
    await expect.poll(() => page.locator('[data-problem]').count()).toBe(4)
    expect(await shownProblems(page)).toEqual([
      ['location', '请在地图上点选事发位置，或输入经纬度、地名'],
      ['categoryCode', '请选择事件类别'],
      ['title', '请填写事件标题'],
      ['description', '请写明发生了什么'],
    ])
    // Each message sits in its field's box, under its own input.
    for (const [field, input] of [['title', 'intake-title'], ['description', 'intake-description']]) {
      const box = page.locator('.field', { has: page.locator(`[data-testid=${input}]`) })
      expect(await box.locator(`[data-problem=${field}]`).count(), field).toBe(1)
      expect(await page.locator(`[data-testid=${input}]`).getAttribute('aria-invalid')).toBe('true')
    }
    // What the user sees: hidden developer detail (data-detail, a closed <details>) does not count.
    // eslint-disable-next-line unicorn/prefer-dom-node-text-content -- the rendered text is the point
    const formText = await page.locator('[data-testid=intake-form]').innerText()
    expect(formText).not.toMatch(/is required|blank|categoryCode|must be one of/)
    await screenshot(page, 'intake-empty-submit-zh-1440x900')

    await page.locator('[data-testid=locale]').selectOption('en')
    await page.locator('[data-testid=intake-submit]').click()
    await expect.poll(() => shownProblems(page)).toEqual([
      ['location', 'Pick where it happened on the map, or type a coordinate or a place name'],
      ['categoryCode', 'Choose the case category'],
      ['title', 'Give the case a title'],
      ['description', 'Describe what happened'],
    ])
    // eslint-disable-next-line unicorn/prefer-dom-node-text-content -- the rendered text is the point
    expect(await page.locator('[data-testid=intake-form]').innerText()).not.toMatch(/is required|blank|categoryCode|must be one of|请/)

    // Typing a title clears its message and leaves the others.
    await page.locator('[data-testid=intake-title]').fill('路灯不亮')
    await expect.poll(async () => (await shownProblems(page)).map(p => p[0])).toEqual(['location', 'categoryCode', 'description'])
    await page.locator('[data-testid=locale]').selectOption('zh-CN')
    expect(errors).toEqual([])
  })
})
