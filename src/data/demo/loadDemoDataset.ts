import type { DemoDataset } from '~/demo'

const TEN_MINUTES = 600_000

/**
 * Generates the demo township in a Web Worker so the page stays responsive. The anchor ("now"
 * of the data) is the current time rounded down to ten minutes: the data always looks fresh,
 * and reloads within the same ten minutes see identical data.
 */
export function loadDemoDataset(now: number = Date.now()): Promise<DemoDataset> {
  const anchor = Math.floor(now / TEN_MINUTES) * TEN_MINUTES
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./demoWorker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (e: MessageEvent<DemoDataset>) => {
      resolve(e.data)
      worker.terminate()
    }
    worker.onerror = (e) => {
      reject(new Error(`demo township generation failed: ${e.message}`))
      worker.terminate()
    }
    worker.postMessage({ anchor })
  })
}
