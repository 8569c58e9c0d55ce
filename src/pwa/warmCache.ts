// The service worker only sees requests made once it controls the page, but an installed app's
// very first visit makes its reads before that (the worker installs after the load). This fetch
// keeps those read RPCs and makes them once more when the worker takes control, through it, so
// their answers are kept and the worker's grids open offline after that first visit.
import { READ_RPCS } from './serviceWorkerSource'

/** The most reads kept for the replay: a first screen makes a few dozen. */
const KEPT_MAX = 200

/** `base`, remembering read RPCs to `restUrl` until a service worker controls the page, then replaying them once. */
export function warmingFetch(base: typeof fetch, restUrl: string, container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker): typeof fetch {
  if (!container || container.controller)
    return base
  const rpcPrefix = `${restUrl.replace(/\/+$/, '')}/rpc/`
  let kept: Array<[string, RequestInit]> | null = []
  container.addEventListener('controllerchange', () => {
    const replay = kept ?? []
    kept = null
    for (const [url, init] of replay)
      void base(url, init).catch(() => {})
  }, { once: true })
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const fn = url.startsWith(rpcPrefix) ? url.slice(rpcPrefix.length).split('?')[0]! : null
    if (kept && kept.length < KEPT_MAX && fn && (READ_RPCS as readonly string[]).includes(fn) && init?.method === 'POST' && typeof init.body === 'string')
      kept.push([url, { method: 'POST', headers: init.headers, body: init.body }])
    return base(input, init)
  }
}
