// The siting worker under Node's worker_threads, for tests of the real protocol: a separate thread
// that the client terminates mid-solve, as the browser's Worker would be.
import type { SitingSolveRequest } from '../protocol'
import { parentPort } from 'node:worker_threads'
import { handleSitingRequest } from '../handler'

parentPort!.on('message', (req: SitingSolveRequest) => {
  void handleSitingRequest(req, reply => parentPort!.postMessage(reply))
})
