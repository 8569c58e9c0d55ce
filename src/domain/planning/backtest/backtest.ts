// Which hot-spot method predicts best in this territory: hold out the last k weeks, let each
// predictor (a KDE bandwidth, Gi*, …, passed as a function) build its surface from the weeks
// before, and score every surface on the held-out events, week by week and pooled.
import type { HitRateAndPai } from './pai'
import { hitRateAndPai } from './pai'

export interface BacktestEvent {
  cell: number
  /** Week index, ascending in time. */
  week: number
}

export interface Predictor {
  name: string
  /** A score per cell from the training events. */
  predict: (training: readonly BacktestEvent[]) => ArrayLike<number>
}

export interface BacktestInput {
  cells: number
  /** Cell areas, or one area for every cell (default 1). */
  areas?: ArrayLike<number> | number
  events: readonly BacktestEvent[]
  holdOutWeeks: number
  /** Area fractions to report (default 1 %, 5 %, 10 %); the first decides the winner. */
  fractions?: readonly number[]
  predictors: readonly Predictor[]
}

export interface PredictorScore {
  name: string
  /** Pooled over the held-out weeks, one per fraction. */
  pooled: HitRateAndPai[]
  /** Per held-out week, one array per fraction. */
  weekly: Array<{ week: number, results: HitRateAndPai[] }>
}

export interface BacktestResult {
  trainingWeeks: [number, number]
  testWeeks: number[]
  scores: PredictorScore[]
  /** Highest pooled PAI at the first fraction (then hit rate, then input order). */
  best: string
}

export function backtest(input: BacktestInput): BacktestResult {
  const fractions = input.fractions ?? [0.01, 0.05, 0.1]
  const areas = input.areas ?? 1
  if (input.predictors.length === 0)
    throw new RangeError('a backtest needs at least one predictor')
  if (!(Number.isInteger(input.holdOutWeeks) && input.holdOutWeeks >= 1))
    throw new RangeError(`hold-out must be a whole number of weeks ≥ 1, got ${input.holdOutWeeks}`)
  if (fractions.length === 0)
    throw new RangeError('a backtest needs at least one area fraction')
  const weeks = [...new Set(input.events.map(e => e.week))].sort((a, b) => a - b)
  const last = weeks.at(-1)
  const first = weeks[0]
  if (last === undefined || first === undefined)
    throw new RangeError('a backtest needs events')
  const firstTest = last - input.holdOutWeeks + 1
  if (firstTest <= first)
    throw new RangeError(`holding out ${input.holdOutWeeks} weeks leaves no earlier week to learn from (weeks ${first}–${last})`)
  const training = input.events.filter(e => e.week < firstTest)
  const testWeeks = Array.from({ length: input.holdOutWeeks }, (_, k) => firstTest + k)
  const test = input.events.filter(e => e.week >= firstTest)
  const scores = input.predictors.map((p) => {
    const surface = p.predict(training)
    if (surface.length !== input.cells)
      throw new RangeError(`predictor ${p.name} returned ${surface.length} scores for ${input.cells} cells`)
    return {
      name: p.name,
      pooled: fractions.map(f => hitRateAndPai(surface, areas, test.map(e => e.cell), f)),
      weekly: testWeeks.map(week => ({ week, results: fractions.map(f => hitRateAndPai(surface, areas, test.filter(e => e.week === week).map(e => e.cell), f)) })),
    }
  })
  const key = (s: PredictorScore): [number, number] => [s.pooled[0]!.pai ?? -Infinity, s.pooled[0]!.hitRate ?? -Infinity]
  const best = scores.reduce((a, b) => {
    const [pa, ha] = key(a)
    const [pb, hb] = key(b)
    return pb > pa || (pb === pa && hb > ha) ? b : a
  })
  return { trainingWeeks: [first, firstTest - 1], testWeeks, scores, best: best.name }
}
