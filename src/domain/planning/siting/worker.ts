// Worker entry for camera siting: `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
// HiGHS's WebAssembly is located through Vite's asset URL, and imported only when the first solve starts.
import type { Highs } from 'highs'
import type { SitingSolveRequest } from './protocol'
import wasmUrl from 'highs/runtime?url'
import { handleSitingRequest } from './handler'

let highs: Promise<Highs> | undefined
function loadHighs(): Promise<Highs> {
  highs ??= import('highs').then(m => m.default({ locateFile: () => wasmUrl }))
  return highs
}

globalThis.onmessage = (e: MessageEvent<SitingSolveRequest>) => {
  void handleSitingRequest(e.data, reply => globalThis.postMessage(reply), loadHighs)
}
