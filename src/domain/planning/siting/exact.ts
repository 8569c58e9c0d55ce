// The exact siting solvers: HiGHS (WebAssembly) on the models of model.ts, with progress (incumbent,
// bound, gap) while it works, a cooperative stop, and every answer checked before it is returned.
// HiGHS is 3.5 MB of WebAssembly: it is loaded on first use only, and in the app only in a worker.
import type { Highs, HighsCallbackMap, ModelData } from 'highs'
import type { CompiledSiting, SitingChoice } from './instance'
import type { MipModel } from './model'
import type { SitingConstraint } from './verify'
import { lscpModel, mclpModel, startVector } from './model'
import { blindRequired, openRequired } from './setCover'
import { checkAnswer } from './verify'

/** How the exact solve ended; only 'optimal' is a proof, and only after the answer checked out. */
export type ExactStatus = 'optimal' | 'time_limit' | 'interrupted' | 'infeasible' | 'rejected' | 'error'

/** Solver progress, objective values include the weight already seen by existing cameras. */
export interface ExactProgress {
  elapsedS: number
  /** Best answer found so far, null before the first one. */
  incumbent: number | null
  /** Best proven bound: no answer can beat it. */
  bound: number | null
  /** Relative gap between incumbent and bound, as HiGHS measures it (0.01 = 1 %). */
  gap: number | null
  nodes: number
}

export interface ExactResult {
  status: ExactStatus
  /** Picks of the best checked answer (empty when none). */
  choices: SitingChoice[]
  /** Objective recomputed from the picks; null when there is no checked answer. */
  objective: number | null
  /** Proven bound on the optimum; null when the solver gave none. */
  bound: number | null
  /** Relative gap |bound − objective| / max(|objective|, 1e-9) from the checked objective; 0 when optimal. */
  gap: number | null
  elapsedS: number
  /** What was wrong with a rejected answer, or the error. */
  problems: string[]
}

export interface ExactOptions {
  /** Stop after this many seconds with the best answer so far (default 60). */
  timeLimitS?: number
  /** Relative gap at which HiGHS may stop and call it optimal (default 1e-6). */
  relGap?: number
  /** A known answer (the greedy picks) to start from. */
  start?: readonly SitingChoice[]
  onProgress?: (p: ExactProgress) => void
  /** Called with each improving answer, already checked (integral, feasible, objective recomputed). */
  onIncumbent?: (choices: SitingChoice[], objective: number) => void
  /** Polled while HiGHS works; returning true stops it with the best answer so far. */
  shouldStop?: () => boolean
  /** Minimum interval between progress reports, ms (default 100). */
  progressEveryMs?: number
  /** Loads HiGHS; the default imports the npm package (in a browser, pass one that locates highs.wasm). */
  loadHighs?: () => Promise<Highs>
}

let defaultHighs: Promise<Highs> | undefined

/** HiGHS from the npm package, loaded once per thread. */
export function loadDefaultHighs(): Promise<Highs> {
  defaultHighs ??= import('highs').then(m => m.default())
  return defaultHighs
}

/** Exact MCLP (budget) or LSCP (cover) for a compiled instance. */
export async function solveSitingExact(c: CompiledSiting, constraint: SitingConstraint, options: ExactOptions = {}): Promise<ExactResult> {
  const t0 = Date.now()
  const elapsed = (): number => (Date.now() - t0) / 1000
  if (constraint.kind === 'cover') {
    const blind = blindRequired(c, openRequired(c, constraint.required))
    if (blind.length > 0)
      return { status: 'infeasible', choices: [], objective: null, bound: null, gap: null, elapsedS: elapsed(), problems: [`no candidate orientation sees required demand ${blind.join(', ')}`] }
  }
  const m = constraint.kind === 'budget' ? mclpModel(c, constraint.budget) : lscpModel(c, constraint.required)
  const highs = await (options.loadHighs ?? loadDefaultHighs)()
  return runHighs(highs, c, constraint, m, options, t0)
}

function toModelData(highs: Highs, m: MipModel): ModelData {
  const inf = (v: number): number => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v)
  const { integer, continuous } = highs.constants.variableType
  return {
    numCols: m.colCost.length,
    numRows: m.rowLower.length,
    sense: m.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: m.offset,
    colCost: m.colCost,
    colLower: new Float64Array(m.colCost.length),
    colUpper: m.colUpper,
    rowLower: m.rowLower.map(inf),
    rowUpper: m.rowUpper.map(inf),
    matrix: { format: 'csr', numRows: m.rowLower.length, numCols: m.colCost.length, starts: m.rowStart, indices: m.rowIndex, values: m.rowValue },
    integrality: Array.from(m.integer, v => (v ? integer : continuous)),
  }
}

function runHighs(highs: Highs, c: CompiledSiting, constraint: SitingConstraint, m: MipModel, options: ExactOptions, t0: number): ExactResult {
  const elapsed = (): number => (Date.now() - t0) / 1000
  const better = (a: number, b: number): boolean => (m.sense === 'max' ? a > b + 1e-9 : a < b - 1e-9)
  const kept: { best: { choices: SitingChoice[], objective: number } | null } = { best: null }
  const offer = (values: ArrayLike<number>, report: boolean): void => {
    const checked = checkAnswer(c, values, constraint)
    if (checked.problems.length > 0 || (kept.best && !better(checked.objective, kept.best.objective)))
      return
    kept.best = { choices: checked.choices, objective: checked.objective }
    if (report)
      options.onIncumbent?.(checked.choices, checked.objective)
  }
  if (options.start && options.start.length > 0)
    offer(startVector(m, options.start).subarray(0, m.nOptionCols), true)

  const model = highs.createModel(toModelData(highs, m))
  try {
    model.options.set({
      output_flag: false,
      mip_rel_gap: options.relGap ?? 1e-6,
      time_limit: options.timeLimitS ?? 60,
    })
    if (kept.best)
      model.setSolution({ colValue: startVector(m, kept.best.choices) })
    const every = options.progressEveryMs ?? 100
    let lastReport = -Infinity
    const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) && Math.abs(v) < highs.infinity ? v : null)
    const callbacks: HighsCallbackMap = {
      [highs.constants.callbackType.mipImprovingSolution](event) {
        if (event.data.mip_solution)
          offer(event.data.mip_solution.subarray(0, m.nOptionCols), true)
      },
      [highs.constants.callbackType.mipInterrupt](event) {
        const now = Date.now()
        if (options.onProgress && now - lastReport >= every) {
          lastReport = now
          const d = event.data
          options.onProgress({ elapsedS: elapsed(), incumbent: finite(d.mip_primal_bound), bound: finite(d.mip_dual_bound), gap: finite(d.mip_gap), nodes: Number(d.mip_node_count ?? 0n) })
        }
        if (options.shouldStop?.())
          event.interrupt()
      },
    }
    model.run(callbacks)
    const s = highs.constants.modelStatus
    const status = model.getModelStatus()
    if (status === s.infeasible)
      return { status: 'infeasible', choices: [], objective: null, bound: null, gap: null, elapsedS: elapsed(), problems: ['HiGHS proved that no answer satisfies every constraint'] }
    const solution = model.getSolution()
    const bound = finite(Number(model.info.get('mip_dual_bound')))
    const final = checkAnswer(c, solution.colValue.subarray(0, m.nOptionCols), constraint)
    const ended: ExactStatus = status === s.optimal ? 'optimal' : status === s.timeLimit ? 'time_limit' : status === s.interrupted ? 'interrupted' : 'error'
    offer(solution.colValue.subarray(0, m.nOptionCols), false)
    const answer = kept.best
    if (ended === 'optimal' && final.problems.length > 0)
      return { status: 'rejected', choices: answer?.choices ?? [], objective: answer?.objective ?? null, bound, gap: null, elapsedS: elapsed(), problems: final.problems }
    if (ended === 'optimal' && answer) {
      const solverObjective = model.getObjectiveValue()
      // The recomputed objective must agree with what HiGHS claims, or the claim is not trusted.
      if (Math.abs(solverObjective - answer.objective) > 1e-6 * Math.max(1, Math.abs(answer.objective)))
        return { status: 'rejected', choices: answer.choices, objective: answer.objective, bound, gap: null, elapsedS: elapsed(), problems: [`HiGHS reports objective ${solverObjective}, the picks give ${answer.objective}`] }
    }
    const gap = answer && bound !== null ? Math.abs(bound - answer.objective) / Math.max(Math.abs(answer.objective), 1e-9) : null
    return {
      status: ended,
      choices: answer?.choices ?? [],
      objective: answer?.objective ?? null,
      bound,
      gap,
      elapsedS: elapsed(),
      problems: ended === 'error' ? [`HiGHS stopped with model status ${status}`] : [],
    }
  }
  finally {
    model.dispose()
  }
}
