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
    expect(parseCoordinate('东岭村')).toEqual({ ok: false, problem: 'format', fault: { kind: 'unreadable' } })
    expect(parseCoordinate('120.1')).toEqual({ ok: false, problem: 'format', fault: { kind: 'unreadable' } })
    expect(parseCoordinate('1,2,3')).toEqual({ ok: false, problem: 'format', fault: { kind: 'unreadable' } })
    expect(parseCoordinate('200, 95')).toEqual({ ok: false, problem: 'range', fault: { kind: 'latitude', value: 95 } })
    expect(parseCoordinate('200, 45')).toEqual({ ok: false, problem: 'range', fault: { kind: 'longitude', value: 200 } })
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
    expect(parseCoordinate('29°52′N 30°10′N')).toEqual({ ok: false, problem: 'format', fault: { kind: 'sameAxis', axis: 'latitude' } })
    expect(parseCoordinate('119°36′E 120°E')).toEqual({ ok: false, problem: 'format', fault: { kind: 'sameAxis', axis: 'longitude' } })
    expect(parseCoordinate('119°36′E')).toEqual({ ok: false, problem: 'format', fault: { kind: 'unreadable' } })
    expect(parseCoordinate('119°75′E 29°52′N')).toEqual({ ok: false, problem: 'range', fault: { kind: 'minutes', value: 75 } })
    expect(parseCoordinate('119°36′60″E 29°52′N')).toEqual({ ok: false, problem: 'range', fault: { kind: 'seconds', value: 60 } })
    expect(parseCoordinate('119°36′E 95°52′N')).toEqual({ ok: false, problem: 'range', fault: { kind: 'latitude', value: 95 + 52 / 60 } })
    expect(parseCoordinate('29°52′N 190°E')).toEqual({ ok: false, problem: 'range', fault: { kind: 'longitude', value: 190 } })
    expect(parseCoordinate('-29°52′N 119°36′E')).toEqual({ ok: false, problem: 'format', fault: { kind: 'signAndHemisphere' } })
    expect(parseCoordinate('119°36′E 29°52′N 3')).toEqual({ ok: false, problem: 'format', fault: { kind: 'unreadable' } })
    expect(parseCoordinate('东岭村 29°N')).toEqual({ ok: false, problem: 'format', fault: { kind: 'unreadable' } })
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
    expect(parseCoordinate('119 60E 29 52N')).toEqual({ ok: false, problem: 'range', fault: { kind: 'minutes', value: 60 } })
    expect(parseCoordinate('119 36 75E 29 52N')).toEqual({ ok: false, problem: 'range', fault: { kind: 'seconds', value: 75 } })
    expect(parseCoordinate('119 36 30 5E 29 52N')).toEqual({ ok: false, problem: 'format', fault: { kind: 'unreadable' } })
  })
})

describe('parseCoordinate: what the brief of issue 15 lists', () => {
  const near = (text: string, lng: number, lat: number) => {
    const r = parseCoordinate(text)
    expect(r.ok, text).toBe(true)
    if (r.ok) {
      expect(r.value[0], text).toBeCloseTo(lng, 9)
      expect(r.value[1], text).toBeCloseTo(lat, 9)
    }
  }
  const LNG = 119 + 36 / 60
  const LAT = 29 + 52 / 60

  it('reads 119°36′E 29°52′N like the decimals it stands for', () => {
    expect(parseCoordinate('119°36′E 29°52′N')).toEqual(parseCoordinate(`${LNG}, ${LAT}`))
  })

  it('reads d/m/s letters as unit signs, the s of seconds kept apart from the S of south', () => {
    near('119d36m05sE 29d52m12sN', LNG + 5 / 3600, LAT + 12 / 3600)
    near('29d52mN 119d36mE', LNG, LAT)
    near('33d51mS 151d12mE', 151.2, -(33 + 51 / 60))
    near('33d51m12s S, 151d12m E', 151.2, -(33 + 51 / 60 + 12 / 3600))
    near('119D36M E 29D52M N', LNG, LAT)
  })

  it('reads ASCII minute and second signs, a doubled \' for seconds, and decimals at every level', () => {
    near('119°36\'05.5"E 29°52\'12"N', LNG + 5.5 / 3600, LAT + 12 / 3600)
    near('119°36\'05\'\'E 29°52\'N', LNG + 5 / 3600, LAT)
    near('119°36.5′E 29°52.25′N', 119 + 36.5 / 60, 29 + 52.25 / 60)
    near('119.6°E 29.87°N', 119.6, 29.87)
  })

  it('takes hemispheres on either side, or signs, and either order when the hemispheres say which is which', () => {
    near('E119°36′ N29°52′', LNG, LAT)
    near('N 29°52′ E 119°36′', LNG, LAT)
    near('29°52′N 119°36′E', LNG, LAT)
    near('-33°51′ 151°12′', 151.2, -(33 + 51 / 60))
    near('151°12′ -33°51′', 151.2, -(33 + 51 / 60))
    near('74°W 40°42′N', -74, 40.7)
  })

  it('refuses what it cannot place, saying what is wrong', () => {
    expect(parseCoordinate('119°36′E 29°60′N')).toMatchObject({ ok: false, fault: { kind: 'minutes', value: 60 } })
    expect(parseCoordinate('119d36m61sE 29d52mN')).toMatchObject({ ok: false, fault: { kind: 'seconds', value: 61 } })
    expect(parseCoordinate('119°E 91°N')).toMatchObject({ ok: false, problem: 'range', fault: { kind: 'latitude', value: 91 } })
    expect(parseCoordinate('N 29°52′ S 30°')).toMatchObject({ ok: false, fault: { kind: 'sameAxis', axis: 'latitude' } })
  })
})
