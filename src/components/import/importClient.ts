import type { ImportReply, ImportRequest, ImportResponses } from './importProtocol'

/** A promise per request to the import worker; one worker per /import screen, ended with `close`. */
export function createImportClient() {
  const worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' })
  const pending = new Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>()
  let next = 0
  worker.onmessage = (e: MessageEvent<ImportReply>) => {
    const p = pending.get(e.data.id)
    pending.delete(e.data.id)
    if (e.data.ok)
      p?.resolve(e.data.value)
    else
      p?.reject(new Error(e.data.message))
  }
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(`the import worker failed: ${e.message}`))
    pending.clear()
  }
  return {
    request<R extends ImportRequest>(req: R): Promise<ImportResponses[R['op']]> {
      const id = ++next
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        worker.postMessage({ id, req })
      })
    },
    close(): void {
      worker.terminate()
      for (const p of pending.values()) p.reject(new Error('the import was closed'))
      pending.clear()
    },
  }
}

export type ImportClient = ReturnType<typeof createImportClient>
