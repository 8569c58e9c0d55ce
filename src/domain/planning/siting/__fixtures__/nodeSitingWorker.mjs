// Boots the TypeScript worker under Node's worker_threads: tsx compiles it in this thread.
import { register } from 'tsx/esm/api'

register()
void import('./nodeSitingWorker.ts')
