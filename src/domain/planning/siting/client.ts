// The page's side of the siting worker: one job at a time. A new solve supersedes the running one;
// cancel terminates the worker (HiGHS cannot be interrupted by a message) and settles the job with
// the best checked answer it had reported. A fresh worker is started for the next solve.
import type { ExactProgress, ExactResult } from './exact'
import type { SitingAnswer, SitingProblem, SitingReply, SitingSolveRequest } from './protocol'

/** What the client needs of a Worker; a browser Worker fits, and so does an adapter over Node's worker_threads. */
export interface WorkerLike {
  postMessage: (message: SitingSolveRequest) => void
  terminate: () => void
  onmessage: ((e: { data: SitingReply }) => void) | null
  onerror: ((e: { message: string }) => void) | null
}

/** The exact stage's outcome as the page sees it: the worker's result, or a cancellation with the best answer so far. */
export type ExactOutcome
  = | { status: 'done', result: ExactResult, answer: SitingAnswer | null }
    | { status: 'cancelled', incumbent: { objective: number, choices: ExactResult['choices'] } | null, lastProgress: ExactProgress | null }

export interface SitingJob {
  /** Resolves as soon as greedy has answered. */
  greedy: Promise<SitingAnswer>
  /** Resolves when HiGHS has answered, or at once on cancel/supersede; rejects on an error in the worker. */
  exact: Promise<ExactOutcome>
  cancel: () => void
}

export interface SolveCallbacks {
  onProgress?: (p: ExactProgress) => void
  onIncumbent?: (objective: number) => void
}

export class SitingClient {
  private worker: WorkerLike | null = null
  private nextId = 1
  private running: (() => void) | null = null

  constructor(private readonly createWorker: () => WorkerLike) {}

  solve(request: Omit<SitingSolveRequest, 'type' | 'id'> & { problem: SitingProblem }, callbacks: SolveCallbacks = {}): SitingJob {
    this.running?.()
    const id = this.nextId++
    const worker = this.worker ??= this.createWorker()
    let settleGreedy!: { resolve: (a: SitingAnswer) => void, reject: (e: Error) => void }
    let settleExact!: { resolve: (o: ExactOutcome) => void, reject: (e: Error) => void }
    const greedy = new Promise<SitingAnswer>((resolve, reject) => (settleGreedy = { resolve, reject }))
    const exact = new Promise<ExactOutcome>((resolve, reject) => (settleExact = { resolve, reject }))
    // A superseded job's greedy may never come; nobody needs to hear about that.
    greedy.catch(() => {})
    let incumbent: { objective: number, choices: ExactResult['choices'] } | null = null
    // Greedy's answer is the first incumbent (a cover only if it sees everything), so a cancel right
    // after it still has an answer; later ones replace it only when better.
    const maximise = request.problem.kind === 'budget'
    const keep = (objective: number, choices: ExactResult['choices']): void => {
      if (!incumbent || (maximise ? objective > incumbent.objective : objective < incumbent.objective))
        incumbent = { objective, choices: choices.map(({ site, option }) => ({ site, option })) }
    }
    let lastProgress: ExactProgress | null = null
    let finished = false
    const finish = (): void => {
      finished = true
      worker.onmessage = null
      worker.onerror = null
      this.running = null
    }
    const cancel = (): void => {
      if (finished)
        return
      finish()
      worker.terminate()
      if (this.worker === worker)
        this.worker = null
      settleGreedy.reject(new Error('siting cancelled'))
      settleExact.resolve({ status: 'cancelled', incumbent, lastProgress })
    }
    worker.onmessage = ({ data }) => {
      if (data.id !== id)
        return
      switch (data.type) {
        case 'greedy':
          if (data.answer.unseen.length === 0)
            keep(data.answer.objective, data.answer.picks)
          settleGreedy.resolve(data.answer)
          break
        case 'progress':
          lastProgress = data.progress
          callbacks.onProgress?.(data.progress)
          break
        case 'incumbent':
          keep(data.objective, data.choices)
          callbacks.onIncumbent?.(data.objective)
          break
        case 'exact':
          finish()
          settleExact.resolve({ status: 'done', result: data.result, answer: data.answer })
          break
        case 'error':
          finish()
          settleGreedy.reject(new Error(data.message))
          settleExact.reject(new Error(data.message))
          break
      }
    }
    worker.onerror = (e) => {
      finish()
      worker.terminate()
      if (this.worker === worker)
        this.worker = null
      const error = new Error(`siting worker failed: ${e.message}`)
      settleGreedy.reject(error)
      settleExact.reject(error)
    }
    this.running = cancel
    worker.postMessage({ type: 'solve', id, ...request })
    return { greedy, exact, cancel }
  }

  /** Cancels any running job and stops the worker. */
  dispose(): void {
    this.running?.()
    this.worker?.terminate()
    this.worker = null
  }
}
