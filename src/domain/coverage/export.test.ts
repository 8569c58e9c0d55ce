import { area as turfArea } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { toXlsx } from '../ledger'
import { camera, DAILY, route, square, team } from './__fixtures__/planar'
import { blindSpotsGeoJson, coverageSheet } from './export'
import { CoverageModel } from './model'
import { summarize } from './summary'

const m = CoverageModel.create({
  grids: [square('town', null, 1, -500, -500, 1000)],
  teams: [team('p', 'police')],
  routes: [route('r', 'p', DAILY, -800, 0, 800, 0)],
  cameras: [camera('c', 200, 250, 0, 360, 60)],
})
const s = summarize(m)

describe('exports', () => {
  it('the coverage table has a row per grid with percentages', async () => {
    const sheet = coverageSheet(s.grids, ['town', 'missing'], new Map([['town', { code: '330100001', name: '城关镇' }]]))
    expect(sheet.rows).toHaveLength(1)
    const row = sheet.rows[0]!
    expect(row[0]).toBe('330100001')
    expect(row[3]).toBeCloseTo(10, 0)
    expect(row.length).toBe(sheet.columns.length)
    const bytes = await toXlsx(sheet, { sheetName: '覆盖', compress: false })
    const text = new TextDecoder().decode(bytes)
    // Numbers are numeric cells, not strings.
    expect(text).toMatch(/<c r="D2"><v>10(\.\d)?<\/v><\/c>/)
  })

  it('blind spots as GeoJSON polygons whose area is the reported area', () => {
    const fc = blindSpotsGeoJson(s.blindSpots, s.blindSpotShapes, s.grids.ids)
    expect(fc.features).toHaveLength(2)
    for (const f of fc.features) {
      const ring = f.geometry.coordinates[0]!
      expect(ring[0]).toEqual(ring[ring.length - 1])
      expect(Math.abs(turfArea(f) - f.properties!.areaM2) / f.properties!.areaM2).toBeLessThan(0.003)
      expect(f.properties!.gridId).toBe('town')
    }
    expect(fc.features[0]!.geometry.coordinates.length + fc.features[1]!.geometry.coordinates.length).toBe(3)
  })
})
