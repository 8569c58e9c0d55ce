import { describe, expect, it } from 'vitest'
import { classify, classIndex, RAMPS } from './colorClasses'

describe('classify', () => {
  it('makes up to five quantile classes with increasing, rounded breaks', () => {
    const values = Array.from({ length: 100 }, (_, i) => i * 1.37)
    const c = classify(values, RAMPS.heat)
    expect(c.breaks).toHaveLength(4)
    expect(c.colors).toEqual([...RAMPS.heat])
    for (let i = 1; i < c.breaks.length; i++)
      expect(c.breaks[i]!).toBeGreaterThan(c.breaks[i - 1]!)
    for (const b of c.breaks)
      expect(b.toPrecision(2)).toBe(Number(b.toPrecision(2)).toPrecision(2))
    expect(c.ranges[0]![0]).toBe(0)
    expect(c.ranges.at(-1)![1]).toBeCloseTo(99 * 1.37)
  })

  it('puts every value in a class whose range contains it', () => {
    const values = [0, 0, 0, 1, 2, 3, 5, 8, 13, 21, 34, 55]
    const c = classify(values, RAMPS.heat, { integer: true })
    for (const v of values) {
      const i = classIndex(c, v)
      const [lo, hi] = c.ranges[i]!
      expect(v).toBeGreaterThanOrEqual(lo)
      expect(v).toBeLessThanOrEqual(hi)
    }
  })

  it('gives counts inclusive, non-overlapping integer ranges', () => {
    const c = classify([0, 1, 2, 3, 5, 8, 13, 21, 34], RAMPS.heat, { integer: true })
    for (let i = 1; i < c.ranges.length; i++)
      expect(c.ranges[i]![0]).toBe(c.ranges[i - 1]![1] + 1)
    expect(c.ranges.at(-1)![1]).toBe(34)
  })

  it('collapses duplicate breaks when most values are equal', () => {
    const c = classify([0, 0, 0, 0, 0, 0, 0, 0, 4], RAMPS.heat, { integer: true })
    expect(c.breaks).toEqual([4])
    expect(c.colors).toEqual([RAMPS.heat[0], RAMPS.heat[4]])
    expect(classIndex(c, 0)).toBe(0)
    expect(classIndex(c, 4)).toBe(1)
  })

  it('gives a single class when all values are the same, and no data for null', () => {
    const c = classify([7, 7, 7, null], RAMPS.good)
    expect(c.breaks).toEqual([])
    expect(classIndex(c, 7)).toBe(0)
    expect(classIndex(c, null)).toBe(-1)
  })

  it('handles no values at all', () => {
    const c = classify([null, null], RAMPS.heat)
    expect(c.ranges).toEqual([])
    expect(classIndex(c, null)).toBe(-1)
  })

  it('rounds rate breaks to two significant digits', () => {
    const c = classify([0.912, 0.934, 0.951, 0.967, 0.973, 0.988, 1], RAMPS.good)
    for (const b of c.breaks)
      expect(String(b).replace(/^0\.0*/, '').length).toBeLessThanOrEqual(2)
  })
})
