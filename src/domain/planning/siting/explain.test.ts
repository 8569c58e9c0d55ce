import { describe, expect, it } from 'vitest'
import { explainPicks } from './explain'
import { sequenceByGain } from './greedy'
import { compileSiting } from './instance'

describe('explainPicks', () => {
  it('newly covers 17 cases, 3 of them thefts, and lifts 东岭村 from 61 % to 78 %', () => {
    // 100 cases in 东岭村, 61 already in view; a new camera sees 17 more there (3 thefts) plus 0 elsewhere.
    // 20 cases in 西岗村, none in view; the same camera sees 0 of them. A second camera sees 5 of 西岗村 and
    // 2 of 东岭村 the first already saw.
    const n = 120
    const grid = (d: number): string => (d < 100 ? '东岭村' : '西岗村')
    const category = (d: number): string => ([61, 62, 63].includes(d) ? 'theft' : d % 2 === 0 ? 'dispute' : 'noise')
    const first = Array.from({ length: 17 }, (_, k) => 61 + k)
    const c = compileSiting({
      weights: Array.from({ length: n }, () => 1),
      sites: [
        { id: 'a', options: [{ id: 'a1', covers: [0, 1, ...first] }] },
        { id: 'b', options: [{ id: 'b1', covers: [61, 62, 100, 101, 102, 103, 104] }] },
      ],
      covered: Array.from({ length: 61 }, (_, k) => k),
    })
    const [a, b] = explainPicks(c, [{ site: 0, option: 0 }, { site: 1, option: 1 }], { grid, category })
    expect(a!.newlyCovered).toBe(17)
    expect(a!.byCategory.find(x => x.category === 'theft')).toEqual({ category: 'theft', count: 3, weight: 3 })
    expect(a!.byCategory.map(x => x.count)).toEqual([7, 7, 3])
    expect(a!.grids).toEqual([{ gridId: '东岭村', before: 0.61, after: 0.78, newlyCovered: 17 }])
    expect(b!.newlyCovered).toBe(5)
    expect(b!.grids).toEqual([{ gridId: '西岗村', before: 0, after: 0.25, newlyCovered: 5 }])
  })

  it('works without lookups, and on an exact answer ordered by gain', () => {
    const c = compileSiting({ weights: [1, 1, 1, 1], sites: [{ id: 'a', options: [{ id: 'a1', covers: [0] }] }, { id: 'b', options: [{ id: 'b1', covers: [1, 2, 3] }] }] })
    const seq = sequenceByGain(c, [{ site: 0, option: 0 }, { site: 1, option: 1 }])
    expect(seq.picks.map(p => p.option)).toEqual([1, 0])
    expect(seq.curve).toEqual([0, 3, 4])
    const [first] = explainPicks(c, seq.picks)
    expect(first).toEqual({ site: 1, option: 1, newlyCovered: 3, newlyWeight: 3, byCategory: [], grids: [] })
  })
})
