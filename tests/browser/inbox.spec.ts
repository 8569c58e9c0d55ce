// The notice inbox on the demo (issue 15, "Reminders reach someone"): a commander reminds a case
// led by one of the unit handler's offices; viewing as the unit handler, the top bar counts it;
// opening it goes to the case and the count drops back.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { act, drawer } from './caseDrawer'
import { appUrl, launchBrowser, openPage, screenshot, waitForMapIdle } from './harness'

const inbox = (page: Page) => page.locator('[data-testid=notice-inbox]')

/** The unread count once the inbox has loaded for the viewer now shown. */
async function unread(page: Page): Promise<number> {
  await page.waitForFunction(() => document.querySelector('[data-testid=notice-inbox]')?.getAttribute('data-loading') === 'false')
  return Number(await inbox(page).getAttribute('data-unread'))
}

async function viewAs(page: Page, viewer: string): Promise<void> {
  await page.locator('[data-testid=view-as]').selectOption(viewer)
}

describe('the notice inbox, on the demo', () => {
  let browser: Browser
  let page: Page
  let errors: string[]
  let township = ''

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors } = await openPage(browser))
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    township = new URL(page.url()).pathname.split('/')[2]!
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('a commander\'s 催办 reaches the lead unit\'s handler: counted in the top bar, opened, cleared', async () => {
    // A case in progress that one of the unit handler's offices leads ("my cases" of the handler).
    await viewAs(page, 'demo-unit-handler')
    await page.goto(appUrl(`/grid/${township}/cases?mine=1&status=in_progress`))
    const row = page.locator('[data-testid=case-list] .row').first()
    await row.waitFor()
    const caseId = (await row.getAttribute('data-case-id'))!
    const caseCode = (await row.getAttribute('data-case-code'))!
    const before = await unread(page)

    // The commander reminds it from the case drawer.
    await viewAs(page, 'demo-township-commander')
    await page.goto(appUrl(`/grid/${township}/cases?case=${caseId}`))
    await drawer(page).waitFor()
    await act(page, 'remind', 'in_progress', async (form) => {
      await form.locator('[data-field=message]').fill('请今天下班前反馈处置进展。')
    })
    // The sender is not notified of their own reminder.
    expect((await unread(page))).toBe(0)
    expect(await page.locator('[data-testid=notice-count]').count()).toBe(0)

    // The handler's next visit: the count in the top bar.
    await viewAs(page, 'demo-unit-handler')
    await expect.poll(() => unread(page)).toBe(before + 1)
    expect(Number(await page.locator('[data-testid=notice-count]').textContent())).toBe(before + 1)
    await inbox(page).click()
    const list = page.locator('[data-testid=notice-list]')
    const item = list.locator(`button[data-case="${caseId}"]`).first()
    await item.waitFor()
    expect(await item.getAttribute('data-read')).toBe('false')
    expect(await item.textContent()).toContain('催办')
    expect(await item.textContent()).toContain(caseCode)
    expect(await item.textContent()).toContain('请今天下班前反馈处置进展。')
    expect(await item.textContent()).toContain('乡镇指挥长')
    // The newest first.
    expect(await list.locator('button[data-notice]').first().getAttribute('data-case')).toBe(caseId)
    await screenshot(page, 'notice-inbox-1440x900')

    // Opening it goes to the case and marks it read.
    await item.click()
    await page.waitForURL(url => url.searchParams.get('case') === caseId)
    await expect.poll(() => drawer(page).getAttribute('data-case-id')).toBe(caseId)
    expect(await list.count()).toBe(0)
    await expect.poll(() => unread(page)).toBe(before)
    await inbox(page).click()
    expect(await list.locator(`button[data-case="${caseId}"]`).first().getAttribute('data-read')).toBe('true')

    // In English too.
    await page.locator('[data-testid=locale]').selectOption('en')
    await expect.poll(() => list.locator('header h2').textContent()).toBe('Reminders and supervision notices')
    expect(await list.locator(`button[data-case="${caseId}"] .kind`).first().textContent()).toBe('Reminder')
    await page.keyboard.press('Escape')
    expect(await list.count()).toBe(0)
    await page.locator('[data-testid=locale]').selectOption('zh-CN')
    expect(errors).toEqual([])
  })
})
