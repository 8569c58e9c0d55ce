import { describe, expect, it } from 'vitest'
import { distanceM } from '~/domain/geometry'
import { bboxAround, gridPathOf, parseCoordinate } from './intake'

describe('parseCoordinate', () => {
  it('reads lng, lat with various separators', () => {
    for (const text of ['120.1, 30.2', '120.1 30.2', '120.1，30.2', ' 120.1;30.2 '])
      expect(parseCoordinate(text)).toEqual({ ok: true, value: [120.1, 30.2] })
  })

  it('swaps a lat, lng pair copied from a phone map', () => {
    expect(parseCoordinate('30.2, 120.1')).toEqual({ ok: true, value: [120.1, 30.2] })
  })

  it('refuses text that is not two numbers, and numbers out of range', () => {
    expect(parseCoordinate('东岭村')).toEqual({ ok: false, problem: 'format' })
    expect(parseCoordinate('120.1')).toEqual({ ok: false, problem: 'format' })
    expect(parseCoordinate('1,2,3')).toEqual({ ok: false, problem: 'format' })
    expect(parseCoordinate('200, 95')).toEqual({ ok: false, problem: 'range' })
  })
})

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
