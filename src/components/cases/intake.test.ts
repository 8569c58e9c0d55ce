import type { Grid } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { distanceM } from '~/domain/geometry'
import { bboxAround, deepestGridAt, gridPathOf } from './intake'

describe('bboxAround', () => {
  it('reaches at least the radius in every direction', () => {
    const p: [number, number] = [120.1, 30.2]
    const [w, s, e, n] = bboxAround(p, 200)
    expect(distanceM(p, [w, p[1]])).toBeGreaterThanOrEqual(199)
    expect(distanceM(p, [e, p[1]])).toBeGreaterThanOrEqual(199)
    expect(distanceM(p, [p[0], s])).toBeGreaterThanOrEqual(199)
    expect(distanceM(p, [p[0], n])).toBeGreaterThanOrEqual(199)
  })
})

describe('gridPathOf', () => {
  it('walks up to the top visible grid', () => {
    const byId = new Map([
      ['t', { id: 't', parentId: null }],
      ['v', { id: 'v', parentId: 't' }],
      ['g', { id: 'g', parentId: 'v' }],
    ])
    expect(gridPathOf('g', byId)).toEqual(['t', 'v', 'g'])
    expect(gridPathOf('unknown', byId)).toEqual(['unknown'])
  })
})

describe('deepestGridAt', () => {
  const square = (x0: number, y0: number, x1: number, y1: number): Grid['boundary'] => ({ type: 'MultiPolygon', coordinates: [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]] })
  const grid = (id: string, level: number, boundary: Grid['boundary']) => ({ id, level, boundary }) as Grid
  const grids = [grid('group', 3, square(0, 0, 1, 1)), grid('township', 1, square(0, 0, 10, 10)), grid('village', 2, square(0, 0, 5, 5))]

  it('answers the deepest loaded grid containing the point, whatever the order', () => {
    expect(deepestGridAt(grids, [0.5, 0.5])?.id).toBe('group')
    expect(deepestGridAt(grids, [3, 3])?.id).toBe('village')
    expect(deepestGridAt(grids, [8, 8])?.id).toBe('township')
  })

  it('answers null outside every grid', () => {
    expect(deepestGridAt(grids, [20, 20])).toBeNull()
    expect(deepestGridAt([], [0.5, 0.5])).toBeNull()
  })
})
