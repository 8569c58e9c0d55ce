// Messages between the page and the siting worker. The worker answers greedy at once, then streams
// HiGHS progress and improving answers, then the checked exact answer. Cancelling terminates the
// worker: HiGHS runs synchronously and cannot read a message while it works.
import type { ExactProgress, ExactResult } from './exact'
import type { GreedyPick } from './greedy'
import type { SitingChoice, SitingInstance } from './instance'

export type SitingProblem = { kind: 'budget', budget: number } | { kind: 'cover', required: number[] }

export interface SitingSolveRequest {
  type: 'solve'
  /** Chosen by the client; every reply carries it, so replies to a superseded request are dropped. */
  id: number
  instance: SitingInstance
  problem: SitingProblem
  /** Seconds HiGHS may take before answering with its best so far (default 60). */
  timeLimitS?: number
  /** Relative gap at which the optimum counts as proven (default 1e-6). */
  relGap?: number
}

/** An answer with its picks ordered by marginal gain and the resulting curve. */
export interface SitingAnswer {
  picks: GreedyPick[]
  /** Covered demand weight (existing cameras included) after 0, 1, … picks. */
  curve: number[]
  /** Covered weight (budget) or number of new cameras (cover). */
  objective: number
  /** Cover only: required points the answer leaves unseen (none can see them, or greedy stranded them). */
  unseen: number[]
}

export type SitingReply
  = | { type: 'greedy', id: number, answer: SitingAnswer }
    | { type: 'progress', id: number, progress: ExactProgress }
    | { type: 'incumbent', id: number, choices: SitingChoice[], objective: number }
    | { type: 'exact', id: number, result: ExactResult, answer: SitingAnswer | null }
    | { type: 'error', id: number, message: string }
