import { describe, expect, it } from 'vitest'
import { compileSiting } from './instance'
import { lscpModel, mclpModel, startVector } from './model'

const c = compileSiting({
  weights: [1, 2, 3, 4, 5],
  sites: [
    { id: 'a', options: [{ id: 'a1', covers: [0, 1] }, { id: 'a2', covers: [2] }] },
    { id: 'b', options: [{ id: 'b1', covers: [0, 1, 3] }] },
    { id: 'c', options: [{ id: 'c1', covers: [4] }] },
  ],
  covered: [4],
})

function rows(m: ReturnType<typeof mclpModel>): Array<{ lo: number, hi: number, terms: string }> {
  return Array.from({ length: m.rowLower.length }, (_, r) => ({
    lo: m.rowLower[r]!,
    hi: m.rowUpper[r]!,
    terms: Array.from({ length: m.rowStart[r + 1]! - m.rowStart[r]! }, (_, k) => `${m.rowValue[m.rowStart[r]! + k]}·${m.rowIndex[m.rowStart[r]! + k]}`).join(' '),
  }))
}

describe('mclpModel', () => {
  it('merges points seen by the same options, drops seen and unseeable ones, and bounds sites and budget', () => {
    const m = mclpModel(c, 2)
    expect(m.sense).toBe('max')
    expect(m.offset).toBe(5)
    // Columns: 4 orientations, then groups {0,1} (weight 3, seen by a1 and b1), {2} (3), {3} (4).
    expect(m.nOptionCols).toBe(4)
    expect([...m.colCost]).toEqual([0, 0, 0, 0, 3, 3, 4])
    expect([...m.integer]).toEqual([1, 1, 1, 1, 0, 0, 0])
    // c1 sees only an already-covered point: fixed at 0.
    expect([...m.colUpper]).toEqual([1, 1, 1, 0, 1, 1, 1])
    expect(rows(m)).toEqual([
      { lo: -Infinity, hi: 0, terms: '1·4 -1·0 -1·2' },
      { lo: -Infinity, hi: 0, terms: '1·5 -1·1' },
      { lo: -Infinity, hi: 0, terms: '1·6 -1·2' },
      { lo: -Infinity, hi: 1, terms: '1·0 1·1' },
      { lo: -Infinity, hi: 2, terms: '1·0 1·1 1·2 1·3' },
    ])
    expect([...startVector(m, [{ option: 2 }])]).toEqual([0, 0, 1, 0, 1, 0, 1])
  })
})

describe('lscpModel', () => {
  it('asks each open required group to be seen once, with one orientation per site', () => {
    const m = lscpModel(c, [0, 1, 3, 4])
    expect(m.sense).toBe('min')
    expect([...m.colCost]).toEqual([1, 1, 1, 1])
    expect(rows(m)).toEqual([
      { lo: 1, hi: Infinity, terms: '1·0 1·2' },
      { lo: 1, hi: Infinity, terms: '1·2' },
      { lo: -Infinity, hi: 1, terms: '1·0 1·1' },
    ])
    expect([...m.colUpper]).toEqual([1, 0, 1, 0])
  })

  it('refuses when a required point cannot be seen from any site', () => {
    const blind = compileSiting({ weights: [1, 1], sites: [{ id: 'a', options: [{ id: 'a1', covers: [0] }] }] })
    expect(() => lscpModel(blind, [0, 1])).toThrow(/no candidate orientation sees required demand 1/)
  })
})
