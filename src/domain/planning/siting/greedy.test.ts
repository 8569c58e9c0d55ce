import { describe, expect, it } from 'vitest'
import { greedyMaxCover } from './greedy'
import { compileSiting } from './instance'

describe('greedyMaxCover', () => {
  it('picks by largest newly covered weight, one orientation per site, and reports the curve', () => {
    const c = compileSiting({
      weights: [5, 1, 1, 1, 4, 2],
      sites: [
        { id: 'a', options: [{ id: 'a1', covers: [0, 1] }, { id: 'a2', covers: [4, 5] }] },
        { id: 'b', options: [{ id: 'b1', covers: [0, 2] }] },
        { id: 'c', options: [{ id: 'c1', covers: [3, 4] }] },
      ],
      covered: [1],
    })
    const r = greedyMaxCover(c, 2)
    // Point 1 is already seen, so a1 gains 5; a2 and b1 tie at 6 and the lower index wins; then b1 adds 6, c1 only 1.
    expect(r.picks.map(p => c.optionIds[p.option])).toEqual(['a2', 'b1'])
    expect(r.picks.map(p => p.gain)).toEqual([6, 6])
    expect(r.curve).toEqual([1, 7, 13])
    expect(r.covered).toBe(13)
    expect(r.exhausted).toBe(false)
  })

  it('stops short of the budget when nothing new can be covered', () => {
    const c = compileSiting({ weights: [1, 1], sites: [{ id: 'a', options: [{ id: 'a1', covers: [0] }] }, { id: 'b', options: [{ id: 'b1', covers: [0] }] }] })
    const r = greedyMaxCover(c, 5)
    expect(r.picks).toHaveLength(1)
    expect(r.curve).toEqual([0, 1])
    expect(r.exhausted).toBe(true)
  })

  it('agrees with plain (non-lazy) greedy on a random instance', () => {
    let seed = 3
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const weights = Array.from({ length: 300 }, () => Math.floor(rnd() * 9) + 1)
    const sites = Array.from({ length: 40 }, (_, s) => ({ id: `s${s}`, options: [0, 1, 2].map(k => ({ id: `s${s}/${k}`, covers: Array.from({ length: 12 }, () => Math.floor(rnd() * 300)) })) }))
    const c = compileSiting({ weights, sites })
    const lazy = greedyMaxCover(c, 10)
    const covered = new Set<number>()
    const used = new Set<number>()
    const plain: number[] = []
    for (let k = 0; k < 10; k++) {
      let best = -1
      let bestGain = 0
      c.optionIds.forEach((_, o) => {
        if (used.has(c.optionSite[o]!))
          return
        const g = [...new Set(sites[c.optionSite[o]!]!.options[o % 3]!.covers)].filter(d => !covered.has(d)).reduce((s, d) => s + weights[d]!, 0)
        if (g > bestGain) {
          best = o
          bestGain = g
        }
      })
      plain.push(bestGain)
      used.add(c.optionSite[best]!)
      sites[c.optionSite[best]!]!.options[best % 3]!.covers.forEach(d => covered.add(d))
    }
    expect(lazy.picks.map(p => p.gain)).toEqual(plain)
  })

  it('refuses a budget that is not a whole number', () => {
    const c = compileSiting({ weights: [1], sites: [{ id: 'a', options: [{ id: 'a1', covers: [0] }] }] })
    expect(() => greedyMaxCover(c, 1.5)).toThrow(/budget must be a whole number/)
  })
})
