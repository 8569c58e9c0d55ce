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

  it('reads degrees-minutes(-seconds) with hemisphere letters, in either order', () => {
    const near = (text: string, lng: number, lat: number) => {
      const r = parseCoordinate(text)
      expect(r.ok, text).toBe(true)
      if (r.ok) {
        expect(r.value[0], text).toBeCloseTo(lng, 6)
        expect(r.value[1], text).toBeCloseTo(lat, 6)
      }
    }
    near('119°36′E 29°52′N', 119.6, 29 + 52 / 60)
    near('29°52′N 119°36′E', 119.6, 29 + 52 / 60)
    near('29°52\'12"N 119°36\'05"E', 119 + 36 / 60 + 5 / 3600, 29 + 52 / 60 + 12 / 3600)
    near('29°52′12″N, 119°36′05″E', 119 + 36 / 60 + 5 / 3600, 29 + 52 / 60 + 12 / 3600)
    near('N29°52′ E119°36′', 119.6, 29 + 52 / 60)
    near('北纬29°52′ 东经119°36′', 119.6, 29 + 52 / 60)
    near('29.87N 119.6E', 119.6, 29.87)
    near('33°51′S 151°12′E', 151.2, -(33 + 51 / 60))
    near('119°36′ 29°52′', 119.6, 29 + 52 / 60)
  })

  it('refuses degrees-minutes that are malformed or out of range', () => {
    expect(parseCoordinate('29°52′N 30°10′N')).toEqual({ ok: false, problem: 'format' })
    expect(parseCoordinate('119°36′E')).toEqual({ ok: false, problem: 'format' })
    expect(parseCoordinate('119°75′E 29°52′N')).toEqual({ ok: false, problem: 'range' })
    expect(parseCoordinate('119°36′E 29°52′N 3')).toEqual({ ok: false, problem: 'format' })
    expect(parseCoordinate('东岭村 29°N')).toEqual({ ok: false, problem: 'format' })
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
