import type { BlindSpotShapes, CoverageInput, CoverageOptions, CoverageSummary, HotSpotFigures } from '~/domain/coverage'
// The page's handle on the coverage worker: promises per request, progress callbacks, and the
// hot-spot surfaces kept from the last answer that carried them (edits rarely change them), and
// the blind-spot outlines merged so every answer resolves with all of them, in table order.
import type { CoverageEdit, CoverageRequest, CoverageResponse } from '~/domain/coverage/protocol'
import { mergeShapes, packInput } from '~/domain/coverage'

/** Something that carries messages both ways: a Worker, or a test double. */
export interface CoveragePort {
  postMessage: (message: CoverageRequest, transfer: Transferable[]) => void
  addEventListener: (type: 'message', listener: (e: MessageEvent<CoverageResponse>) => void) => void
  terminate?: () => void
}

/** A request that did not finish: cancelled, or superseded by a newer one. */
export class CoverageAborted extends Error {
  override readonly name = 'CoverageAborted'
  constructor(readonly reason: 'cancelled' | 'superseded') {
    super(`coverage request ${reason}`)
  }
}

/** The worker refused the input or failed; `where` names the record for input errors. */
export class CoverageRemoteError extends Error {
  override readonly name = 'CoverageRemoteError'
  constructor(message: string, readonly where: string | null) {
    super(message)
  }
}

export interface BuildProgressEvent {
  stage: string
  /** 0…1 */
  fraction: number
}

interface Pending {
  resolve: (value: never) => void
  reject: (e: Error) => void
  onProgress?: (p: BuildProgressEvent) => void
}

export class CoverageClient {
  private next = 1
  private readonly pending = new Map<number, Pending>()
  private hot: HotSpotFigures | undefined
  private shapes: BlindSpotShapes | undefined

  constructor(private readonly port: CoveragePort) {
    port.addEventListener('message', e => this.receive(e.data))
  }

  private request<T>(make: (id: number) => [CoverageRequest, Transferable[]], onProgress?: (p: BuildProgressEvent) => void): { id: number, done: Promise<T> } {
    const id = this.next++
    const done = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject, onProgress })
    })
    const [msg, transfer] = make(id)
    this.port.postMessage(msg, transfer)
    return { id, done }
  }

  /** Builds the model from scratch; a later build supersedes this one. */
  build(input: CoverageInput, options?: CoverageOptions, onProgress?: (p: BuildProgressEvent) => void): { id: number, done: Promise<CoverageSummary> } {
    const wire = packInput(input)
    return this.request(id => [{ type: 'build', id, input: wire, options }, [wire.coords.buffer, wire.counts.buffer]], onProgress)
  }

  /** Applies edits to the built model; rapid edits may be answered together by the newest. */
  edit(edits: CoverageEdit[]): { id: number, done: Promise<CoverageSummary> } {
    return this.request(id => [{ type: 'edit', id, edits }, []])
  }

  /** Grid index (the summary's order) of each [lng, lat] pair, −1 outside every grid. */
  assign(points: Float64Array): { id: number, done: Promise<Int32Array> } {
    const copy = points.slice()
    return this.request(id => [{ type: 'assign', id, points: copy }, [copy.buffer]])
  }

  cancel(id: number): void {
    this.port.postMessage({ type: 'cancel', id }, [])
  }

  dispose(): void {
    for (const p of this.pending.values())
      p.reject(new CoverageAborted('cancelled'))
    this.pending.clear()
    this.port.terminate?.()
  }

  private receive(msg: CoverageResponse): void {
    const p = this.pending.get(msg.id)
    if (!p)
      return
    switch (msg.type) {
      case 'progress':
        p.onProgress?.({ stage: msg.stage, fraction: msg.total > 0 ? Math.min(1, msg.done / msg.total) : 0 })
        return
      case 'result': {
        this.pending.delete(msg.id)
        if (msg.summary.hotSpots)
          this.hot = msg.summary.hotSpots
        this.shapes = mergeShapes(this.shapes, msg.summary.blindSpotShapes, msg.summary.blindSpots.id)
        p.resolve({ ...msg.summary, hotSpots: msg.summary.hotSpots ?? this.hot, blindSpotShapes: this.shapes } as never)
        return
      }
      case 'assigned':
        this.pending.delete(msg.id)
        p.resolve(msg.grids as never)
        return
      case 'cancelled':
      case 'superseded':
        this.pending.delete(msg.id)
        p.reject(new CoverageAborted(msg.type))
        return
      case 'error':
        this.pending.delete(msg.id)
        p.reject(new CoverageRemoteError(msg.message, msg.where))
    }
  }
}

/** A client on a new coverage worker. */
export function createCoverageClient(): CoverageClient {
  return new CoverageClient(new Worker(new URL('./coverage.worker.ts', import.meta.url), { type: 'module' }) as unknown as CoveragePort)
}
