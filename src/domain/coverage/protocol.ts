import type { Camera, PatrolRoute } from '../types'
// The coverage worker's messages. A build runs in slices and reports progress; a newer build
// supersedes a running one; edits queue behind a build and, when several wait, are applied
// together and answered once (the earlier ones are told they were superseded).
import type { CoverageOptions } from './input'
import type { DutyFilter } from './schedule'
import type { CoverageSummary } from './summary'
import type { WireInput } from './wire'

/** One incremental change to the model. */
export type CoverageEdit
  = | { kind: 'camera', camera: Camera }
    | { kind: 'removeCamera', id: string }
    | { kind: 'route', route: PatrolRoute }
    | { kind: 'removeRoute', id: string }
    | { kind: 'filter', filter: DutyFilter | undefined }

/** Page → worker. Ids are chosen by the page, increasing. */
export type CoverageRequest
  = | { type: 'build', id: number, input: WireInput, options?: CoverageOptions }
    | { type: 'edit', id: number, edits: CoverageEdit[] }
    | { type: 'assign', id: number, points: Float64Array }
    | { type: 'cancel', id: number }

/** Worker → page. */
export type CoverageResponse
  = | { type: 'progress', id: number, stage: string, done: number, total: number }
    | { type: 'result', id: number, summary: CoverageSummary, ms: number }
    | { type: 'assigned', id: number, grids: Int32Array, ms: number }
    | { type: 'cancelled', id: number }
    | { type: 'superseded', id: number, by: number }
    | { type: 'error', id: number, message: string, where: string | null }
