import { describe, expect, it } from 'vitest'
import { compileSiting } from './instance'
import { greedySetCover, openRequired } from './setCover'

const one = (id: string, covers: number[]): { id: string, options: Array<{ id: string, covers: number[] }> } => ({ id, options: [{ id: `${id}1`, covers }] })

describe('greedySetCover', () => {
  it('drops a pick that later picks made redundant (greedy takes C first; A and B alone cover all)', () => {
    const c = compileSiting({ weights: [1, 1, 1, 1, 1, 1], sites: [one('A', [0, 1, 2]), one('B', [3, 4, 5]), one('C', [0, 1, 3, 4])] })
    const r = greedySetCover(c, { required: [0, 1, 2, 3, 4, 5] })
    expect(r.picks.map(p => c.siteIds[p.site]).sort()).toEqual(['A', 'B'])
    expect(r.uncoverable).toEqual([])
    expect(r.stranded).toEqual([])
  })

  it('needs no camera for points existing cameras already see, and names the ones nobody can see', () => {
    const c = compileSiting({ weights: [1, 1, 1, 1], sites: [one('A', [0, 1])], covered: [2] })
    expect(openRequired(c, [2, 0, 0, 3])).toEqual([0, 3])
    const r = greedySetCover(c, { required: [0, 2, 3] })
    expect(r.picks.map(p => c.siteIds[p.site])).toEqual(['A'])
    expect(r.uncoverable).toEqual([3])
  })

  it('reports points stranded by its own one-orientation-per-site choice', () => {
    const c = compileSiting({
      weights: [1, 1, 1],
      sites: [{ id: 'X', options: [{ id: 'X1', covers: [0, 1] }, { id: 'X2', covers: [2] }] }, one('Y', [0]), one('Z', [1])],
    })
    const r = greedySetCover(c, { required: [0, 1, 2] })
    expect(r.picks.map(p => c.optionIds[p.option])).toEqual(['X1'])
    expect(r.stranded).toEqual([2])
  })

  it('refuses a required index outside the demand', () => {
    const c = compileSiting({ weights: [1], sites: [one('A', [0])] })
    expect(() => greedySetCover(c, { required: [1] })).toThrow(/required demand 1 is not one of the 1 demand points/)
  })
})
