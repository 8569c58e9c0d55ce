import { describe, expect, it } from 'vitest'
import { hash128, hashInts01, Rng, stableUuid } from './random'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next())
}

describe('rng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    expect(draws(new Rng('qingshan'), 50)).toEqual(draws(new Rng('qingshan'), 50))
    expect(draws(new Rng('qingshan'), 50)).not.toEqual(draws(new Rng('qingshan2'), 50))
  })

  it('forks independent streams keyed by label', () => {
    const root = new Rng('s')
    expect(draws(root.fork('a'), 5)).toEqual(draws(new Rng('s').fork('a'), 5))
    expect(draws(root.fork('a'), 5)).not.toEqual(draws(root.fork('b'), 5))
  })

  it('draws uniformly in [0, 1)', () => {
    const xs = draws(new Rng('uniform'), 20000)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean).toBeGreaterThan(0.49)
    expect(mean).toBeLessThan(0.51)
    const buckets = Array.from({ length: 10 }, () => 0)
    for (const x of xs) buckets[Math.floor(x * 10)]!++
    for (const b of buckets) expect(Math.abs(b - 2000)).toBeLessThan(200)
  })

  it('keeps int within its inclusive bounds and reaches both ends', () => {
    const rng = new Rng('int')
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 7)
      expect(v).toBeGreaterThanOrEqual(3)
      expect(v).toBeLessThanOrEqual(7)
      seen.add(v)
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7])
    expect(() => rng.int(5, 4)).toThrow(RangeError)
  })

  it('picks by weight and never picks a zero weight', () => {
    const rng = new Rng('w')
    const counts = [0, 0, 0]
    for (let i = 0; i < 10000; i++) counts[rng.weightedIndex([1, 0, 3])]!++
    expect(counts[1]).toBe(0)
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.6)
    expect(counts[2]! / counts[0]!).toBeLessThan(3.4)
    expect(() => rng.weightedIndex([0, 0])).toThrow(/positive total/)
    expect(() => rng.pick([])).toThrow(RangeError)
  })

  it('draws normals with the requested mean and spread', () => {
    const rng = new Rng('n')
    const xs = Array.from({ length: 20000 }, () => rng.normal(10, 2))
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length)
    expect(mean).toBeCloseTo(10, 1)
    expect(sd).toBeGreaterThan(1.9)
    expect(sd).toBeLessThan(2.1)
  })

  it('shuffles into a permutation without touching the input', () => {
    const input = Array.from({ length: 20 }, (_, i) => i)
    const out = new Rng('sh').shuffle(input)
    expect(out).not.toEqual(input)
    expect([...out].sort((a, b) => a - b)).toEqual(input)
    expect(input[0]).toBe(0)
  })

  it('makes uuid-shaped ids', () => {
    const rng = new Rng('u')
    const ids = Array.from({ length: 100 }, () => rng.uuid())
    for (const id of ids) expect(id).toMatch(UUID)
    expect(new Set(ids).size).toBe(100)
  })
})

describe('stable hashing', () => {
  it('derives the same uuid from the same parts only', () => {
    expect(stableUuid('qingshan', 'grid', '330122101001000')).toBe(stableUuid('qingshan', 'grid', '330122101001000'))
    expect(stableUuid('qingshan', 'grid', '330122101001000')).toMatch(UUID)
    expect(stableUuid('a', 'bc')).not.toBe(stableUuid('ab', 'c'))
  })

  it('hashes integers to [0, 1) deterministically', () => {
    const h = hash128('x')[0]
    expect(hashInts01(h, 1, 2)).toBe(hashInts01(h, 1, 2))
    expect(hashInts01(h, 1, 2)).not.toBe(hashInts01(h, 2, 1))
    const xs = Array.from({ length: 5000 }, (_, i) => hashInts01(h, i % 71, Math.floor(i / 71)))
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean).toBeGreaterThan(0.48)
    expect(mean).toBeLessThan(0.52)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
  })
})
