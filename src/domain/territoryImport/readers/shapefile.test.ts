import type { MultiPolygon, Polygon } from 'geojson'
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { distanceM } from '../../geometry'
import { chineseFeatureCollection } from '../__fixtures__/files'
import { ogrShapefileParts, ogrShapefileZip } from '../__fixtures__/ogr'
import { syntheticTerritory } from '../__fixtures__/territory'
import { ImportError } from '../limits'
import { gridsToCommit, prepareImport } from '../pipeline'
import { readTerritoryFile } from './index'
import { readShapefileParts, readShapefileZip } from './shapefile'

// Near Hangzhou: 3-degree zone 40, central meridian 120°E.
const grids = syntheticTerritory({ origin: [120.05, 30.25] })
const fc = chineseFeatureCollection(grids)

function worstShiftM(a: MultiPolygon, b: MultiPolygon): number {
  let worst = 0
  a.coordinates.forEach((poly, i) => poly.forEach((ring, j) => ring.forEach((p, k) => {
    worst = Math.max(worst, distanceM(p, b.coordinates[i]![j]![k]!))
  })))
  return worst
}

// Each test runs ogr2ogr (a process start and a GDAL load, several seconds on a loaded 2-core CI
// machine), so the default 5 s is too tight for a real external tool.
describe('a zipped Shapefile from ogr2ogr in a CGCS2000 Gauss-Krüger zone with a GBK table', { timeout: 60_000 }, () => {
  it.each([
    [4549, 'central meridian 120°E, no zone number (EPSG:4549)'],
    [4528, 'zone 40 in the false easting (EPSG:4528)'],
  ])('ePSG:%i: reads the .prj, the GBK names and the boundaries to the centimetre', (epsg, _label) => {
    const zip = ogrShapefileZip(fc, { epsg, encoding: 'GBK', folder: '东岭乡网格' })
    const read = readTerritoryFile('东岭乡.zip', zip)
    expect(read.format).toBe('shapefile')
    expect(read.declaredCrs).toMatchObject({ kind: 'transverse-mercator', datum: 'CGCS2000', centralMeridian: 120, falseEasting: epsg === 4528 ? 40_500_000 : 500_000 })
    expect(read.encoding).toEqual({ name: 'gbk', source: 'cpg' })
    expect(read.fields).toEqual(['网格编码', '网格名称', '层级', '上级编码'])
    expect(read.features[1]!.properties).toMatchObject({ 网格编码: grids[1]!.code, 网格名称: '一镇一村' })
    // The raw numbers really are projected metres, not degrees.
    const raw = read.features[0]!.geometry as Polygon
    expect(raw.type).toBe('Polygon')
    expect(raw.coordinates[0]![0]![1]).toBeGreaterThan(3_000_000)

    const preview = prepareImport(read)
    expect(preview.problems).toEqual([])
    const imported = gridsToCommit(preview)
    const byCode = new Map(grids.map(g => [g.code, g]))
    expect(imported).toHaveLength(grids.length)
    for (const g of imported) {
      const original = byCode.get(g.code)!
      expect([g.name, g.level, g.parentCode]).toEqual([original.name, original.level, original.parentCode])
      // GDAL (PROJ) projected it, proj4js brings it back: the two must agree to the centimetre.
      expect(worstShiftM(g.boundary, original.boundary)).toBeLessThan(0.01)
    }
  })

  it('reads a UTF-8 table by its .cpg, and a table with no .cpg by detection or by the user\'s choice', () => {
    const utf8 = readShapefileZip('u.zip', ogrShapefileZip(fc, { epsg: 4549, encoding: 'UTF-8' }))
    expect(utf8.encoding).toEqual({ name: 'utf-8', source: 'cpg' })
    // GDAL cuts UTF-8 field names at 10 bytes, mid-character; the cut names are still recognised.
    expect(utf8.fields).toEqual(['网格编', '网格名', '层级', '上级编'])
    expect(utf8.features[0]!.properties.网格名).toBe('一镇')
    expect(prepareImport(utf8).mapping).toEqual({ code: '网格编', name: '网格名', level: '层级', parent: '上级编' })

    const noCpg = readShapefileZip('g.zip', ogrShapefileZip(fc, { epsg: 4549, encoding: 'GBK', omit: ['cpg'] }))
    expect(noCpg.encoding).toEqual({ name: 'gbk', source: 'detected' })
    expect(noCpg.notes[0]).toMatch(/names no encoding.*read as GBK/)
    expect(noCpg.features[0]!.properties.网格名称).toBe('一镇')

    // The user's choice wins, even when wrong: the names show it and they can choose again.
    const forced = readShapefileZip('g.zip', ogrShapefileZip(fc, { epsg: 4549, encoding: 'GBK' }), { encoding: 'utf-8' })
    expect(forced.encoding).toEqual({ name: 'utf-8', source: 'user' })
    expect(forced.features[0]!.properties.网格名称).not.toBe('一镇')
  })

  it('keeps 18-digit numeric codes exact (a double would round them)', () => {
    const sub = { type: 'FeatureCollection' as const, features: [{ ...fc.features[0]!, properties: { MC: '一组一号' } }] }
    // ogr2ogr writes the number as N(18,0); make sure the stored text is the exact code.
    const parts = ogrShapefileParts(sub, { epsg: 4549, encoding: 'GBK', args: ['-sql', 'SELECT CAST(\'330110001001001001\' AS integer64) AS BM, MC FROM "in"', '-dialect', 'SQLite'] })
    const read = readShapefileParts('s', parts)
    expect(read.features[0]!.properties.BM).toBe('330110001001001001')
  })

  it('refuses a Shapefile whose parts do not belong together, or lack the table, with what to do', () => {
    const parts = ogrShapefileParts(fc, { epsg: 4549, encoding: 'GBK' })
    const fewer = ogrShapefileParts(chineseFeatureCollection(grids.slice(0, 3)), { epsg: 4549, encoding: 'GBK' })
    const mixed = new Map(parts)
    mixed.set('grids.dbf', fewer.get('grids.dbf')!)
    expect(() => readShapefileParts('m.zip', mixed)).toThrow(/grids\.shp has 21 shapes but grids\.dbf has 3 records/)
    const noDbf = new Map(parts)
    noDbf.delete('grids.dbf')
    expect(() => readShapefileParts('n.zip', noDbf)).toThrow(/no \.dbf beside it/)
    expect(() => readTerritoryFile('grids.shp', parts.get('grids.shp')!)).toThrow(/zip the \.shp with its \.shx, \.dbf, \.prj/)
    expect(() => readShapefileZip('e.zip', zipSync({ 'readme.txt': new TextEncoder().encode('x') }))).toThrow(ImportError)
    const beijing = new Map(parts)
    beijing.set('grids.prj', new TextEncoder().encode('GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'))
    expect(() => readShapefileParts('b.zip', beijing)).toThrow(/grids\.prj: .*Beijing_1954.*7-parameter/)
  })

  it('guesses the zone from the eastings when the .prj is missing, and says so', () => {
    const read = readShapefileParts('z', ogrShapefileParts(fc, { epsg: 4528, encoding: 'GBK', omit: ['prj'] }))
    expect(read.declaredCrs).toBeNull()
    const preview = prepareImport(read)
    expect(preview.crsSource).toBe('guessed')
    expect(preview.crs).toMatchObject({ epsg: 4528 })
    expect(preview.notes.join(' ')).toMatch(/declares no coordinate system; eastings start with 40/)
    expect(preview.problems).toEqual([])
  })

  it('without a .prj or zone number, asks for the central meridian instead of guessing', () => {
    const read = readShapefileParts('z', ogrShapefileParts(fc, { epsg: 4549, encoding: 'GBK', omit: ['prj'] }))
    const preview = prepareImport(read)
    expect(preview.notes.join(' ')).toMatch(/without a zone number: choose the zone/)
    expect(preview.problems.filter(p => p.kind === 'coordinates-projected-in-geographic')).toHaveLength(grids.length)
  })
})
