import { describe, expect, it } from 'vitest'
import { bboxOfMultiPolygon, inBBox, unionBBox } from './geometry'

describe('bounding boxes', () => {
  it('spans every polygon of a MultiPolygon', () => {
    expect(bboxOfMultiPolygon({
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [2, 0], [2, 1], [0, 0]]],
        [[[5, -3], [6, -3], [6, 4], [5, -3]]],
      ],
    })).toEqual([0, -3, 6, 4])
  })

  it('refuses an empty geometry', () => {
    expect(() => bboxOfMultiPolygon({ type: 'MultiPolygon', coordinates: [] })).toThrow(/empty/)
  })

  it('unions and tests containment', () => {
    const u = unionBBox([[0, 0, 1, 1], [-1, 0.5, 0.5, 3]])
    expect(u).toEqual([-1, 0, 1, 3])
    expect(inBBox([0, 2], u)).toBe(true)
    expect(inBBox([2, 2], u)).toBe(false)
    expect(() => unionBBox([])).toThrow()
  })
})
