import { describe, expect, it } from 'vitest'
import { quarticDensity, silvermanBandwidth } from './kde'
import { frameCovering } from './raster'

describe('quartic kernel density', () => {
  it('integrates to the number of points and peaks at 3/(πh²) over a lone point', () => {
    const f = frameCovering(-500, -500, 500, 500, 5)
    const d = quarticDensity([2.5, 302.5], [2.5, -297.5], f, 150)
    let total = 0
    for (const v of d)
      total += v * 25 / 1e6
    expect(total).toBeCloseTo(2, 3)
    const peak = d[Math.floor((2.5 + 500) / 5) + Math.floor((2.5 + 500) / 5) * f.width]!
    expect(peak).toBeCloseTo(3 / (Math.PI * 150 * 150) * 1e6, 1)
  })

  it('weighs (1 − d²/h²)² and nothing beyond h', () => {
    const f = frameCovering(0, 0, 400, 10, 10)
    const d = quarticDensity([5], [5], f, 100)
    const at = (col: number) => d[col]!
    expect(at(5) / at(0)).toBeCloseTo((1 - 0.25) ** 2, 5)
    expect(at(10)).toBe(0)
  })

  it('chooses the bandwidth by the spatial Silverman rule', () => {
    // Four points on a circle of radius 100 around their mean: SD = Dm = 100.
    const h = silvermanBandwidth([100, -100, 0, 0], [0, 0, 100, -100])
    expect(h.rule).toBe('silverman')
    expect(h.metres).toBeCloseTo(0.9 * 100 * 4 ** -0.2, 6)
    expect(silvermanBandwidth([1], [1]).rule).toBe('fallback')
    expect(silvermanBandwidth([1, 1], [1, 1]).rule).toBe('fallback')
  })
})
