import { describe, expect, it } from 'vitest'
import { bhThreshold, erfc, fdrBins, giStar, neighboursFromPairs, twoSidedP } from './gistar'

// A 10×10 lattice with rook and diagonal neighbours.
function lattice(n: number) {
  const pairs: number[] = []
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const i = y * n + x
      if (x + 1 < n)
        pairs.push(i, i + 1)
      if (y + 1 < n)
        pairs.push(i, i + n)
      if (x + 1 < n && y + 1 < n)
        pairs.push(i, i + n + 1)
      if (x > 0 && y + 1 < n)
        pairs.push(i, i + n - 1)
    }
  }
  return neighboursFromPairs(n * n, pairs)
}

describe('gi* with FDR', () => {
  it('normal tail probabilities', () => {
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6)
    expect(twoSidedP(2.575829)).toBeCloseTo(0.01, 6)
    expect(erfc(0)).toBeCloseTo(1, 7)
    expect(erfc(-1)).toBeCloseTo(1.8427008, 6)
  })

  it('computes Gi* by its formula on a small case', () => {
    // Three features in a line, x = 1, 2, 6; feature 0's neighbours {0, 1}.
    const nb = neighboursFromPairs(3, [0, 1, 1, 2])
    const z = giStar([1, 2, 6], nb)
    const mean = 3
    const s = Math.sqrt((1 + 4 + 36) / 3 - 9)
    expect(z[0]).toBeCloseTo((3 - mean * 2) / (s * Math.sqrt((3 * 2 - 4) / 2)), 9)
    expect(z[1]).toBe(0)
  })

  it('finds a planted cluster and nothing in flat noise after the FDR correction', () => {
    const nb = lattice(10)
    let seed = 3
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647)
    const x = Float64Array.from({ length: 100 }, () => Math.floor(rand() * 3))
    for (const i of [44, 45, 54, 55])
      x[i] = 20
    const bins = fdrBins(giStar(x, nb))
    expect(bins[44]).toBe(3)
    expect(bins[55]).toBe(3)
    expect(Math.min(...bins)).toBeGreaterThanOrEqual(-1)
    const noise = Float64Array.from({ length: 100 }, () => Math.floor(rand() * 3))
    expect(Array.from(fdrBins(giStar(noise, nb))).every(b => b === 0)).toBe(true)
  })

  it('the BH threshold is the largest p(k) ≤ k·q/n', () => {
    expect(bhThreshold([0.001, 0.008, 0.039, 0.041, 0.6], 0.05)).toBe(0.008)
    expect(bhThreshold([0.2, 0.3], 0.05)).toBe(-1)
    expect(Array.from(fdrBins([0, 0, 0]))).toEqual([0, 0, 0])
  })
})
