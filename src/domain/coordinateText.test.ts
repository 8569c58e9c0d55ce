import { describe, expect, it } from 'vitest'
import { parseCoordinate } from './coordinateText'

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

describe('parseCoordinate: degrees-minutes-seconds without signs', () => {
  it('reads numbers separated by spaces, each group closed by its hemisphere letter', () => {
    const r = parseCoordinate('119 36 30.5E 29 52N')
    expect(r.ok).toBe(true)
    const [lng, lat] = (r as { value: [number, number] }).value
    expect(lng).toBeCloseTo(119 + 36 / 60 + 30.5 / 3600, 9)
    expect(lat).toBeCloseTo(29 + 52 / 60, 9)
    expect(parseCoordinate('29 52 10N, 119 36 30.5E')).toEqual(parseCoordinate('119°36′30.5″E 29°52′10″N'))
    expect(parseCoordinate('119.6E 29.87N')).toEqual({ ok: true, value: [119.6, 29.87] })
  })

  it('reads the hemisphere letter before each group too', () => {
    expect(parseCoordinate('E 119 36 N 29 52')).toEqual(parseCoordinate('119°36′E 29°52′N'))
    expect(parseCoordinate('S 33 52 E 151 12')).toEqual(parseCoordinate('33°52′S 151°12′E'))
  })

  it('refuses minutes or seconds of 60 or more and groups of more than three numbers', () => {
    expect(parseCoordinate('119 60E 29 52N')).toEqual({ ok: false, problem: 'range' })
    expect(parseCoordinate('119 36 30 5E 29 52N')).toEqual({ ok: false, problem: 'format' })
  })
})
