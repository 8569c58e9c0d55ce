import type { BacktestEvent } from './backtest'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { backtest } from './backtest'

// 100 cells; crime keeps coming back to cells 0–4 (60 % of events), the rest is scattered.
const rnd = seededRandom(3)
const events: BacktestEvent[] = []
for (let week = 0; week < 12; week++) {
  for (let k = 0; k < 40; k++)
    events.push({ week, cell: rnd() < 0.6 ? Math.floor(rnd() * 5) : Math.floor(rnd() * 100) })
}
function counts(training: readonly BacktestEvent[]): number[] {
  const c = Array.from({ length: 100 }, () => 0)
  for (const e of training) c[e.cell]!++
  return c
}

describe('backtest', () => {
  it('trains on the weeks before the hold-out, scores each week and pooled, and picks the predictor that knows the hot cells', () => {
    const seen: number[][] = []
    const r = backtest({
      cells: 100,
      events,
      holdOutWeeks: 3,
      fractions: [0.05, 0.1],
      predictors: [
        { name: 'flat', predict: () => Array.from({ length: 100 }, () => 1) },
        {
          name: 'counts',
          predict: (t) => {
            seen.push(t.map(e => e.week))
            return counts(t)
          },
        },
        { name: 'last-cells', predict: () => Array.from({ length: 100 }, (_, i) => i) },
      ],
    })
    expect(r.trainingWeeks).toEqual([0, 8])
    expect(r.testWeeks).toEqual([9, 10, 11])
    expect(Math.max(...seen[0]!)).toBe(8)
    expect(r.best).toBe('counts')
    const flat = r.scores.find(s => s.name === 'flat')!
    expect(flat.pooled[0]!.pai).toBeCloseTo(1, 12)
    const best = r.scores.find(s => s.name === 'counts')!
    expect(best.pooled[0]!.pai).toBeGreaterThan(8)
    expect(best.weekly.map(w => w.week)).toEqual([9, 10, 11])
    expect(best.weekly.reduce((s, w) => s + w.results[0]!.n, 0)).toBe(120)
  })

  it('refuses what cannot be backtested', () => {
    const flat = { name: 'flat', predict: () => Array.from({ length: 100 }, () => 1) }
    expect(() => backtest({ cells: 100, events, holdOutWeeks: 12, predictors: [flat] })).toThrow(/leaves no earlier week/)
    expect(() => backtest({ cells: 100, events: [], holdOutWeeks: 1, predictors: [flat] })).toThrow(/needs events/)
    expect(() => backtest({ cells: 100, events, holdOutWeeks: 1, predictors: [{ name: 'short', predict: () => [1] }] })).toThrow(/predictor short returned 1 scores for 100 cells/)
    expect(() => backtest({ cells: 100, events, holdOutWeeks: 1, predictors: [] })).toThrow(/at least one predictor/)
  })
})
