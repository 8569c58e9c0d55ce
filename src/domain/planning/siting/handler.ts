// The siting worker's logic, apart from the Worker global so Node tests drive it directly.
import type { ExactOptions } from './exact'
import type { SitingAnswer, SitingReply, SitingSolveRequest } from './protocol'
import { solveSitingExact } from './exact'
import { greedyMaxCover, sequenceByGain } from './greedy'
import { compileSiting } from './instance'
import { greedySetCover } from './setCover'

/** Handles one solve request: posts the greedy answer, progress, incumbents and the exact answer. */
export async function handleSitingRequest(req: SitingSolveRequest, post: (reply: SitingReply) => void, loadHighs?: ExactOptions['loadHighs']): Promise<void> {
  const { id } = req
  try {
    const c = compileSiting(req.instance)
    let greedy: SitingAnswer
    if (req.problem.kind === 'budget') {
      const g = greedyMaxCover(c, req.problem.budget)
      greedy = { picks: g.picks, curve: g.curve, objective: g.covered, unseen: [] }
    }
    else {
      const g = greedySetCover(c, { required: req.problem.required })
      const seq = sequenceByGain(c, g.picks)
      greedy = { picks: seq.picks, curve: seq.curve, objective: g.picks.length, unseen: [...g.uncoverable, ...g.stranded].sort((a, b) => a - b) }
    }
    post({ type: 'greedy', id, answer: greedy })
    const constraint = req.problem.kind === 'budget' ? { kind: 'budget' as const, budget: req.problem.budget } : { kind: 'cover' as const, required: req.problem.required }
    const result = await solveSitingExact(c, constraint, {
      // A stranded greedy cover is infeasible and cannot seed the solver.
      start: greedy.unseen.length === 0 ? greedy.picks : undefined,
      timeLimitS: req.timeLimitS,
      relGap: req.relGap,
      loadHighs,
      onProgress: progress => post({ type: 'progress', id, progress }),
      onIncumbent: (choices, objective) => post({ type: 'incumbent', id, choices, objective }),
    })
    let answer: SitingAnswer | null = null
    if (result.objective !== null) {
      const seq = sequenceByGain(c, result.choices)
      answer = { picks: seq.picks, curve: seq.curve, objective: result.objective, unseen: [] }
    }
    post({ type: 'exact', id, result, answer })
  }
  catch (e) {
    post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) })
  }
}
