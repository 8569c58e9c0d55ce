import type { BuildProgress } from './model'
// The worker's side of the protocol, free of worker globals so tests drive it directly: the
// entry file only wires postMessage and a zero-delay timer into it.
import type { CoverageEdit, CoverageRequest, CoverageResponse } from './protocol'
import { CoverageInputError } from './errors'
import { CoverageModel } from './model'
import { summarize, summaryTransferables } from './summary'
import { unpackInput } from './wire'

export interface ServerHost {
  post: (message: CoverageResponse, transfer: ArrayBuffer[]) => void
  /** Runs fn once messages already waiting have been received (a zero-delay timer in a worker). */
  defer: (fn: () => void) => void
  now: () => number
}

type Job = { type: 'edit', id: number, edits: CoverageEdit[] } | { type: 'assign', id: number, points: Float64Array }

export interface CoverageServer {
  receive: (message: CoverageRequest) => void
  /** The current model (for tests and diagnostics). */
  model: () => CoverageModel | null
}

/** A coverage server; `sliceMs` bounds each run of build work between looks at the mailbox. */
export function createCoverageServer(host: ServerHost, sliceMs = 25): CoverageServer {
  let model: CoverageModel | null = null
  let build: { id: number, steps: Generator<BuildProgress, CoverageModel>, started: number } | null = null
  let queue: Job[] = []
  // What the page already holds, so an answer carries only what changed.
  let known = { hotRevision: -1, shapesRevision: -1 }
  let scheduled = false

  const fail = (id: number, e: unknown) => {
    const where = e instanceof CoverageInputError ? e.where : null
    host.post({ type: 'error', id, message: e instanceof Error ? e.message : String(e), where }, [])
  }

  const schedule = () => {
    if (!scheduled) {
      scheduled = true
      host.defer(pump)
    }
  }

  const answer = (id: number, started: number) => {
    const summary = summarize(model!, known)
    known = { hotRevision: summary.hotSpots?.revision ?? known.hotRevision, shapesRevision: model!.revision }
    host.post({ type: 'result', id, summary, ms: host.now() - started }, summaryTransferables(summary))
  }

  function runBuild(): void {
    const b = build!
    const until = host.now() + sliceMs
    let last: BuildProgress | null = null
    try {
      for (;;) {
        const s = b.steps.next()
        if (s.done) {
          build = null
          model = s.value
          known = { hotRevision: -1, shapesRevision: -1 }
          answer(b.id, b.started)
          return
        }
        last = s.value
        if (host.now() >= until)
          break
      }
    }
    catch (e) {
      build = null
      queue = []
      fail(b.id, e)
      return
    }
    host.post({ type: 'progress', id: b.id, stage: last.stage, done: last.done, total: last.total }, [])
  }

  function runJobs(): void {
    while (queue.length > 0) {
      const job = queue[0]!
      if (job.type === 'assign') {
        queue.shift()
        const t = host.now()
        if (!model) {
          fail(job.id, new Error('no coverage model built yet'))
          continue
        }
        const grids = model.assignPoints(job.points)
        host.post({ type: 'assigned', id: job.id, grids, ms: host.now() - t }, [grids.buffer as ArrayBuffer])
        continue
      }
      // Consecutive edits are applied together and answered once, for the newest.
      const batch: Array<Extract<Job, { type: 'edit' }>> = []
      while (queue[0]?.type === 'edit')
        batch.push(queue.shift() as Extract<Job, { type: 'edit' }>)
      const t = host.now()
      if (!model) {
        for (const j of batch)
          fail(j.id, new Error('no coverage model built yet'))
        continue
      }
      let answered = -1
      const applied: number[] = []
      for (const j of batch) {
        try {
          for (const e of j.edits)
            apply(model, e)
          answered = j.id
          applied.push(j.id)
        }
        catch (e) {
          fail(j.id, e)
        }
      }
      // The earlier edits of the batch are in the answer to the newest one that applied.
      for (const id of applied) {
        if (id !== answered)
          host.post({ type: 'superseded', id, by: answered }, [])
      }
      if (answered >= 0)
        answer(answered, t)
    }
  }

  function pump(): void {
    scheduled = false
    if (build) {
      runBuild()
      if (build) {
        schedule()
        return
      }
    }
    runJobs()
  }

  return {
    model: () => model,
    receive(msg) {
      switch (msg.type) {
        case 'build': {
          if (build)
            host.post({ type: 'superseded', id: build.id, by: msg.id }, [])
          for (const j of queue)
            host.post({ type: 'superseded', id: j.id, by: msg.id }, [])
          queue = []
          try {
            build = { id: msg.id, steps: CoverageModel.build(unpackInput(msg.input), msg.options), started: host.now() }
          }
          catch (e) {
            build = null
            fail(msg.id, e)
            return
          }
          schedule()
          return
        }
        case 'edit':
        case 'assign':
          queue.push(msg)
          schedule()
          return
        case 'cancel': {
          if (build?.id === msg.id) {
            build = null
            for (const j of queue)
              host.post({ type: 'cancelled', id: j.id }, [])
            queue = []
            host.post({ type: 'cancelled', id: msg.id }, [])
            return
          }
          const before = queue.length
          queue = queue.filter(j => j.id !== msg.id)
          if (queue.length < before)
            host.post({ type: 'cancelled', id: msg.id }, [])
        }
      }
    },
  }
}

function apply(m: CoverageModel, e: CoverageEdit): void {
  switch (e.kind) {
    case 'camera': return m.upsertCamera(e.camera)
    case 'removeCamera': return m.removeCamera(e.id)
    case 'route': return m.upsertRoute(e.route)
    case 'removeRoute': return m.removeRoute(e.id)
    case 'filter': return m.setFilter(e.filter)
  }
}
