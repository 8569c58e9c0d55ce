import { describe, expect, it } from 'vitest'
import { seededRandom, shuffled } from './random'

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, and stays in [0, 1)', () => {
    const a = Array.from({ length: 1000 }, seededRandom(42))
    expect(Array.from({ length: 1000 }, seededRandom(42))).toEqual(a)
    expect(Array.from({ length: 1000 }, seededRandom(43))).not.toEqual(a)
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...a)).toBeLessThan(1)
    expect(a.reduce((s, x) => s + x, 0) / a.length).toBeCloseTo(0.5, 1)
  })

  it('shuffles into a permutation without touching the input', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8]
    const out = shuffled(items, seededRandom(1))
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect([...out].sort()).toEqual(items)
    expect(out).not.toEqual(items)
  })
})
