// Entry of the coverage worker: the only file that touches worker globals.
import type { CoverageRequest } from '~/domain/coverage/protocol'
import { createCoverageServer } from '~/domain/coverage/server'

const server = createCoverageServer({
  post: (message, transfer) => globalThis.postMessage(message, { transfer }),
  defer: fn => setTimeout(fn, 0),
  now: () => performance.now(),
})

globalThis.addEventListener('message', (e: MessageEvent<CoverageRequest>) => server.receive(e.data))
