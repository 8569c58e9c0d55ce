import type { GridDraft } from '~/domain/territoryImport/types'
import { describe, expect, it } from 'vitest'
import { crsOfChoice, importBBox } from './choices'

describe('crsOfChoice', () => {
  it('maps each choice to a system, and the user\'s word on GCJ-02/BD-09 to an offset', () => {
    expect(crsOfChoice('auto', '')).toBeUndefined()
    expect(crsOfChoice('wgs84', '')).toMatchObject({ kind: 'geographic', datum: 'WGS84', shift: null })
    expect(crsOfChoice('cgcs2000', '')).toMatchObject({ datum: 'CGCS2000', epsg: 4490 })
    expect(crsOfChoice('gcj02', '')).toMatchObject({ kind: 'geographic', shift: 'gcj02', epsg: null })
    expect(crsOfChoice('bd09', '')).toMatchObject({ shift: 'bd09' })
  })
  it('reads a typed EPSG code, and says what is wrong with a bad one', () => {
    expect(crsOfChoice('epsg', '')).toBeUndefined()
    expect(crsOfChoice('epsg', 'EPSG:4549')).toMatchObject({ kind: 'transverse-mercator', centralMeridian: 120, falseEasting: 500000 })
    expect(crsOfChoice('epsg', '4528')).toMatchObject({ centralMeridian: 120, falseEasting: 40_500_000 })
    expect(() => crsOfChoice('epsg', 'zone 40')).toThrow(/not an EPSG code/)
    expect(() => crsOfChoice('epsg', '3857')).toThrow(/EPSG:3857 is not a system we read/)
  })
})

describe('importBBox', () => {
  const d = (coords: number[][] | null): GridDraft => ({ index: 0, label: '', code: '', name: '', level: null, parentCode: null, declaredLevel: null, declaredParent: null, boundary: coords ? { type: 'MultiPolygon', coordinates: [[coords]] } : null })
  it('boxes the drafts that look like longitude/latitude and skips the rest', () => {
    expect(importBBox([d([[120, 30], [120.1, 30.2], [120, 30]]), d(null), d([[40500000, 3300000], [40500100, 3300000], [40500000, 3300000]])])).toEqual([120, 30, 120.1, 30.2])
    expect(importBBox([d(null)])).toBeNull()
  })
})
