// The case drawer as the browser tests drive it, shared by the demo and the Supabase-mode suites.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** The open case drawer. */
export const drawer = (page: Page) => page.locator('[data-testid=case-drawer]')

/** The status the drawer shows. */
export async function drawerStatus(page: Page): Promise<string | null> {
  return drawer(page).getAttribute('data-status')
}

/** The actions in the case's timeline, oldest first. */
export async function timeline(page: Page): Promise<string[]> {
  return page.locator('[data-testid=timeline] > li').evaluateAll(els => els.map(e => e.getAttribute('data-action')!))
}

/** The actions the drawer offers the viewer. */
export async function actionsOffered(page: Page): Promise<string[]> {
  return page.locator('[data-testid=drawer-actions] [data-action]').evaluateAll(els => els.map(e => e.getAttribute('data-action')!))
}

/** Opens an action's form in the drawer, lets `fill` fill it, submits, and waits for the drawer to show `expectStatus`. */
export async function act(page: Page, action: string, expectStatus: string, fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => {}): Promise<void> {
  await page.locator(`[data-testid=drawer-actions] [data-action=${action}]`).click()
  const form = page.locator(`[data-testid=action-form][data-action=${action}]`)
  await form.waitFor()
  await fill(form)
  await form.locator('[data-testid=action-submit]').click()
  await page.locator('[data-testid=action-done]').waitFor()
  await expect.poll(() => drawerStatus(page)).toBe(expectStatus)
}
