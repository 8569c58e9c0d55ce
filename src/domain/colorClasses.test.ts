import { describe, expect, it } from 'vitest'
import { classify, classIndex, jenksBreaks, rampFor, RAMPS } from './colorClasses'

describe('classify', () => {
  it('makes up to five quantile classes with increasing, rounded breaks', () => {
    const values = Array.from({ length: 100 }, (_, i) => i * 1.37)
    const c = classify(values, RAMPS.heat, { method: 'quantile' })
    expect(c.method).toBe('quantile')
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

  it('uses natural breaks by default, so one outlier does not swallow everyone', () => {
    // 青山社区 with ten times the cases of a village.
    const villages = [8, 9, 10, 11, 12, 14, 15, 17, 18, 20, 22, 25]
    const c = classify([...villages, 210], RAMPS.heat, { integer: true })
    expect(c.method).toBe('jenks')
    expect(c.colors).toHaveLength(5)
    // The outlier alone in the top class, the villages spread over the other four.
    expect(classIndex(c, 210)).toBe(4)
    expect(new Set(villages.map(v => classIndex(c, v))).size).toBe(4)
    // Equal-interval classes would put every village in class 0.
    expect(villages.filter(v => classIndex(c, v) === 0).length).toBeLessThan(villages.length / 2)
  })

  it('finds the exact natural breaks of clustered values', () => {
    expect(jenksBreaks([1, 2, 3, 10, 11, 12, 30, 31], 3)).toEqual([10, 30])
    expect(jenksBreaks([5], 3)).toEqual([])
  })

  it('uses ramps whose order reads without hue, and no green at all', () => {
    const rgb = (hex: string) => [1, 3, 5].map(i => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
    const lum = (hex: string) => {
      const [r, g, b] = rgb(hex)
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    for (const ramp of Object.values(RAMPS)) {
      // Lightness rises along each ramp, so a colour-blind eye still reads the order.
      for (let i = 1; i < ramp.length; i++)
        expect(lum(ramp[i]!)).toBeGreaterThan(lum(ramp[i - 1]!))
      // No colour where green dominates: nothing to confuse with red.
      for (const c of ramp) {
        const [r, g, b] = rgb(c)
        expect(g > r && g > b, c).toBe(false)
      }
    }
  })

  it('puts the bright end of the ramp where the values need attention', () => {
    expect(rampFor('worse')).toEqual(RAMPS.heat)
    expect(rampFor('better')).toEqual([...RAMPS.heat].reverse())
    expect(rampFor('neutral')).toEqual(RAMPS.calm)
  })

  it('collapses duplicate breaks when most values are equal', () => {
    const c = classify([0, 0, 0, 0, 0, 0, 0, 0, 4], RAMPS.heat, { integer: true })
    expect(c.breaks).toEqual([4])
    expect(c.colors).toEqual([RAMPS.heat[0], RAMPS.heat[4]])
    expect(classIndex(c, 0)).toBe(0)
    expect(classIndex(c, 4)).toBe(1)
  })

  it('gives a single class when all values are the same, and no data for null', () => {
    const c = classify([7, 7, 7, null], RAMPS.calm)
    expect(c.breaks).toEqual([])
    expect(c.colors).toEqual([RAMPS.calm[2]])
    expect(classIndex(c, 7)).toBe(0)
    expect(classIndex(c, null)).toBe(-1)
  })

  it('handles no values at all', () => {
    const c = classify([null, null], RAMPS.heat)
    expect(c.ranges).toEqual([])
    expect(classIndex(c, null)).toBe(-1)
  })

  it('rounds rate breaks to two significant digits', () => {
    const c = classify([0.912, 0.934, 0.951, 0.967, 0.973, 0.988, 1], rampFor('better'))
    for (const b of c.breaks)
      expect(String(b).replace(/^0\.0*/, '').length).toBeLessThanOrEqual(2)
  })
})
