import { describe, expect, it } from 'vitest'
import { compileSiting, coverageOf, demandToOptions } from './instance'

const sites = [
  { id: 'a', options: [{ id: 'a@0', covers: [0, 1, 1] }, { id: 'a@180', covers: [2] }] },
  { id: 'b', options: [{ id: 'b@90', covers: [1, 3] }] },
]

describe('compileSiting', () => {
  it('flattens sites and orientations, deduplicating what each sees', () => {
    const c = compileSiting({ weights: [1, 2, 3, 4], sites, covered: [3] })
    expect(c.siteIds).toEqual(['a', 'b'])
    expect(c.optionIds).toEqual(['a@0', 'a@180', 'b@90'])
    expect([...c.siteStart]).toEqual([0, 2, 3])
    expect([...c.optionSite]).toEqual([0, 0, 1])
    expect([...c.optionStart]).toEqual([0, 2, 3, 5])
    expect([...c.optionDemand]).toEqual([0, 1, 2, 1, 3])
    expect(c.totalWeight).toBe(10)
    expect(c.preCoveredWeight).toBe(4)
    const { demandStart, demandOptions } = demandToOptions(c)
    expect([...demandStart]).toEqual([0, 1, 3, 4, 5])
    expect([...demandOptions]).toEqual([0, 0, 2, 1, 2])
    expect(coverageOf(c, [{ site: 0, option: 1 }]).weight).toBe(3 + 4)
  })

  it.each([
    [{ weights: [1, -1], sites }, /demand weight 1 must be a finite number ≥ 0, got -1/],
    [{ weights: [1, Number.NaN], sites }, /demand weight 1/],
    [{ weights: [1, 2], sites }, /orientation "a@180" of site "a" refers to demand 2, but there are 2 demand points/],
    [{ weights: [1, 2, 3, 4], sites, covered: [4] }, /covered refers to demand 4/],
    [{ weights: [1, 2, 3, 4], sites: [...sites, { id: 'a', options: [{ id: 'x', covers: [] }] }] }, /site 2 repeats the id "a"/],
    [{ weights: [1, 2, 3, 4], sites: [{ id: 'c', options: [] }] }, /site "c" has no orientation/],
    [{ weights: [1, 2, 3, 4], sites: [...sites, { id: 'c', options: [{ id: 'b@90', covers: [] }] }] }, /orientation id "b@90" \(site "c"\) is used twice/],
  ])('refuses bad input with what and where (%#)', (instance, message) => {
    expect(() => compileSiting(instance)).toThrow(message)
  })
})
