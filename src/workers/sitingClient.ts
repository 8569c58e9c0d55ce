// The page's handle on the camera-siting worker (greedy at once, then HiGHS in WebAssembly).
import type { WorkerLike } from '~/domain/planning'
import { SitingClient } from '~/domain/planning'

/** A siting client; its worker starts with the first solve and again after a cancel. */
export function createSitingClient(): SitingClient {
  return new SitingClient(() => new Worker(new URL('../domain/planning/siting/worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike)
}
