import type { WorkerLike } from './client'
import type { SitingReply, SitingSolveRequest } from './protocol'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { randomInstance } from './__fixtures__/randomInstance'
import { SitingClient } from './client'

/** A real thread running the worker's handler, shaped like a browser Worker. */
function nodeWorker(started: Worker[]): WorkerLike {
  const w = new Worker(new URL('./__fixtures__/nodeSitingWorker.mjs', import.meta.url))
  started.push(w)
  const like: WorkerLike = {
    postMessage: (m: SitingSolveRequest) => w.postMessage(m),
    terminate: () => void w.terminate(),
    onmessage: null,
    onerror: null,
  }
  w.on('message', (data: SitingReply) => like.onmessage?.({ data }))
  w.on('error', e => like.onerror?.({ message: e.message }))
  return like
}

const started: Worker[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map(w => w.terminate()))
})

// Dense random coverage: HiGHS needs seconds on its root relaxation alone, so a cancel lands mid-solve.
const hard = randomInstance(11, 300, 3000, 40)
const small = randomInstance(5, 30, 200, 4)
const seeable = [...new Set(small.sites.flatMap(s => s.options.flatMap(o => o.covers)))]

describe('sitingClient with the worker on a real thread', () => {
  it('answers greedy first, then the proven optimum, never worse than greedy', async () => {
    const client = new SitingClient(() => nodeWorker(started))
    const job = client.solve({ instance: small, problem: { kind: 'budget', budget: 5 } })
    const greedy = await job.greedy
    expect(greedy.picks).toHaveLength(5)
    expect(greedy.curve).toHaveLength(6)
    const exact = await job.exact
    expect(exact.status).toBe('done')
    if (exact.status !== 'done')
      return
    expect(exact.result.status).toBe('optimal')
    expect(exact.answer!.objective).toBeGreaterThanOrEqual(greedy.objective)
    expect(exact.answer!.curve.at(-1)).toBe(exact.answer!.objective)
    client.dispose()
  }, 30_000)

  it('cancel stops the thread and settles at once with the best answer reported so far', async () => {
    const client = new SitingClient(() => nodeWorker(started))
    const incumbents: number[] = []
    const job = client.solve({ instance: hard, problem: { kind: 'budget', budget: 40 } }, { onIncumbent: v => incumbents.push(v) })
    const greedy = await job.greedy
    await new Promise(resolve => setTimeout(resolve, 200))
    const exited = new Promise(resolve => started[0]!.once('exit', resolve))
    const t = Date.now()
    job.cancel()
    const out = await job.exact
    expect(Date.now() - t).toBeLessThan(100)
    expect(out.status).toBe('cancelled')
    await exited
    if (out.status === 'cancelled') {
      expect(out.incumbent!.objective).toBe(Math.max(greedy.objective, ...incumbents))
      expect(out.incumbent!.choices).toHaveLength(40)
    }
    client.dispose()
  }, 30_000)

  it('a new solve supersedes the running one, whose exact stage settles as cancelled', async () => {
    const client = new SitingClient(() => nodeWorker(started))
    const first = client.solve({ instance: hard, problem: { kind: 'budget', budget: 40 } })
    await first.greedy
    const second = client.solve({ instance: small, problem: { kind: 'cover', required: seeable.slice(0, 6) } })
    expect((await first.exact).status).toBe('cancelled')
    const out = await second.exact
    expect(out.status === 'done' && out.result.status).toBe('optimal')
    expect(started).toHaveLength(2)
    client.dispose()
  }, 30_000)

  it('passes a bad instance back as an error naming the problem', async () => {
    const client = new SitingClient(() => nodeWorker(started))
    const job = client.solve({ instance: { weights: [1, -2], sites: [] }, problem: { kind: 'budget', budget: 1 } })
    await expect(job.exact).rejects.toThrow(/demand weight 1 must be a finite number ≥ 0, got -2/)
    await expect(job.greedy).rejects.toThrow(/demand weight 1/)
    client.dispose()
  }, 30_000)
})
