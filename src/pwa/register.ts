// Registers the service worker in production builds. Under automation (browser tests) it stays
// off unless a test asks for it (localStorage 'pingan.sw' = 'on'): a worker answering from its
// cache would hide requests from Playwright's page.route and could serve another build's files.
import { DATA_CACHE } from './serviceWorkerSource'

export const SW_OPT_IN_KEY = 'pingan.sw'

/** Whether this page should register /sw.js. */
export function wantsServiceWorker(env: { prod: boolean, webdriver: boolean, optIn: string | null, supported: boolean }): boolean {
  return env.prod && env.supported && (!env.webdriver || env.optIn === 'on')
}

/** Whether this page registers the service worker (wantsServiceWorker on this browser). */
export function serviceWorkerWanted(): boolean {
  if (typeof navigator === 'undefined')
    return false
  let optIn: string | null = null
  try {
    optIn = localStorage.getItem(SW_OPT_IN_KEY)
  }
  catch {}
  return wantsServiceWorker({ prod: import.meta.env.PROD, webdriver: navigator.webdriver, optIn, supported: 'serviceWorker' in navigator })
}

/** Registers /sw.js once the page has loaded, when serviceWorkerWanted says so. */
export function registerServiceWorker(): void {
  if (!serviceWorkerWanted())
    return
  const register = (): void => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without a worker the app still works online; nothing to tell the user.
    })
  }
  // After the load, so precaching does not compete with the first screen; the load may be over
  // already (a module awaiting at its top level can run after it: the Supabase build does).
  if (document.readyState === 'complete')
    register()
  else
    addEventListener('load', register, { once: true })
}

/** Drops the kept Supabase answers (on sign-out: the next user of this phone must not read them offline). */
export async function forgetCachedData(): Promise<void> {
  if (typeof caches !== 'undefined')
    await caches.delete(DATA_CACHE)
}
