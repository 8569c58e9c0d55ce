// The grid worker's own tasks, first on the phone (issue 14): the open cases whose next step is
// theirs — assigned to them or to a unit they act for, or awaiting an action only they (their
// role on the case's grid) can take — overdue first, then by the deadline nearest.
import type { CaseRecord, Millis } from '../types'
import type { Actor, CaseAction, CaseLoopState } from './machine'
import { isOverdueAt } from '../casePredicates'
import { availableActions, TERMINAL_STATUSES } from './machine'

/**
 * Actions anyone covering a case may take at any time: they never make it the viewer's task
 * (or every open case of a township would be the commander's).
 */
const NOT_A_TASK: ReadonlySet<CaseAction> = new Set(['remind', 'supervise', 'end_supervision', 'cancel', 'escalate', 'assign'])

/** One task: the case, the actions awaiting the viewer, and how the deadline stands. */
export interface OwnTask<C> {
  case: C
  actions: CaseAction[]
  overdue: boolean
  /** dueAt − now: negative once overdue. */
  remainingMs: number
}

/** The viewer's tasks among `cases` at `now`, overdue first, then the nearest deadline first. */
export function ownTasks<C extends CaseRecord>(
  cases: readonly C[],
  /** `mine`: the case is assigned to the viewer or a unit they act for (the data layer's `mine` filter). */
  viewer: { actor: Actor, mine: (c: C) => boolean },
  gridPathOf: (gridId: string) => readonly string[],
  now: Millis,
): OwnTask<C>[] {
  const tasks: OwnTask<C>[] = []
  for (const c of cases) {
    if (TERMINAL_STATUSES.includes(c.status))
      continue
    const state: CaseLoopState = { ...c, gridPath: gridPathOf(c.gridId) }
    const actions = availableActions(state, viewer.actor).filter(a => !NOT_A_TASK.has(a))
    if (actions.length === 0 && !viewer.mine(c))
      continue
    tasks.push({ case: c, actions, overdue: isOverdueAt(c, now), remainingMs: c.dueAt - now })
  }
  return tasks.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.remainingMs - b.remainingMs || a.case.code.localeCompare(b.case.code))
}

/** A remaining (or overrun) time in whole days, hours and minutes, for the countdown. */
export function countdownParts(ms: number): { late: boolean, days: number, hours: number, minutes: number } {
  const total = Math.floor(Math.abs(ms) / 60_000)
  return { late: ms < 0, days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 }
}
