import { describe, expect, it } from 'vitest'
import { distanceM } from '~/domain/geometry'
import { bboxAround, gridPathOf } from './intake'

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
