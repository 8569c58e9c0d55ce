import { describe, expect, it } from 'vitest'
import { flaggedCells, hitRateAndPai } from './pai'

describe('hitRateAndPai', () => {
  // 10 cells of 1 km²; the top cell (score 9) holds 6 of 10 events, the second (score 5) 2.
  const scores = [9, 5, 1, 1, 0, 0, 0, 0, 0, 0]
  const events = [0, 0, 0, 0, 0, 0, 1, 1, 2, 7]

  it('counts hits in the top 10 % and 20 % of area: PAI = hit rate / area share', () => {
    const top = hitRateAndPai(scores, 1, events, 0.1)
    expect(top).toMatchObject({ fraction: 0.1, hits: 6, n: 10, hitRate: 0.6 })
    expect(top.pai).toBeCloseTo(6, 12)
    const r = hitRateAndPai(scores, 1, events, 0.2)
    expect(r.hits).toBe(8)
    expect(r.pai).toBeCloseTo(4, 12)
  })

  it('shares a tie at the cut: 30 % takes half of each of the two cells scored 1', () => {
    expect([...flaggedCells(scores, 1, 0.3)]).toEqual([1, 1, 0.5, 0.5, 0, 0, 0, 0, 0, 0])
    const r = hitRateAndPai(scores, 1, events, 0.3)
    expect(r.hits).toBe(8.5)
    expect(r.pai).toBeCloseTo(0.85 / 0.3, 12)
  })

  it('gives a flat surface PAI 1 whatever the events, and uses cell areas', () => {
    expect(hitRateAndPai(Array.from({ length: 10 }, () => 0), 1, events, 0.1).pai).toBeCloseTo(1, 12)
    // The top cell is 2 of 11 km²: flagging 2/11 of the area catches 6 of 10.
    const areas = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    expect(hitRateAndPai(scores, areas, events, 2 / 11).pai).toBeCloseTo(0.6 / (2 / 11), 12)
  })

  it('has no hit rate without events, and refuses bad input naming it', () => {
    expect(hitRateAndPai(scores, 1, [], 0.1)).toMatchObject({ hitRate: null, pai: null })
    expect(() => hitRateAndPai(scores, 1, [10], 0.1)).toThrow(/event 0 is in cell 10, but the surface has 10 cells/)
    expect(() => hitRateAndPai(scores, 1, events, 0)).toThrow(/area fraction must be in \(0, 1\]/)
    expect(() => hitRateAndPai([1, Number.NaN], 1, [], 0.5)).toThrow(/score of cell 1/)
  })
})
