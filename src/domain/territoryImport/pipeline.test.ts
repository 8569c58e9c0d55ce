import { describe, expect, it } from 'vitest'
import { WGS84 } from '../chinaCoords/crs'
import { wgs84ToGcj02 } from '../chinaCoords/shifted'
import { distanceM } from '../geometry'
import { defectiveTerritory } from './__fixtures__/defects'
import { chineseFeatureCollection, jsonBytes } from './__fixtures__/files'
import { syntheticTerritory } from './__fixtures__/territory'
import { applyAllRepairs, applyRepairs, excludeFeatures, gridsToCommit, isImportable, prepareImport, withShift } from './pipeline'
import { readGeoJson } from './readers'

function summary(problems: Array<{ kind: string, feature: number | null, repair?: unknown }>): string[] {
  return problems.map(p => `${p.feature} ${p.kind}${p.repair ? ' (repair)' : ''}`).sort()
}

describe('a GeoJSON with every kind of defect', () => {
  const { fc, expected, intact } = defectiveTerritory()
  const read = readGeoJson('defects.geojson', jsonBytes(fc))
  const preview = prepareImport(read)

  it('reports each planted defect, on its feature, and nothing else', () => {
    expect(summary(preview.problems)).toEqual(summary(expected.map(e => ({ ...e, repair: e.repair || undefined }))))
    expect(new Set(preview.problems.map(p => p.kind)).size).toBe(22)
  })

  it('names the feature, the reason and a place for every problem that has a geometry', () => {
    for (const p of preview.problems) {
      expect(p.message.length).toBeGreaterThan(10)
      expect(p.subject).not.toBe('')
      const f = fc.features[p.feature!]!
      if (f.geometry && !['coordinates-projected-in-geographic', 'geometry-not-polygon', 'coordinates-outside-china'].includes(p.kind)) {
        expect(p.location, p.kind).not.toBeNull()
        // Every marker lands in China (the swapped one where the grid really is).
        expect(p.location![0]).toBeGreaterThan(119.9)
        expect(p.location![1]).toBeGreaterThan(30.2)
      }
    }
    const byKind = new Map(preview.problems.map(p => [p.kind, p]))
    expect(byKind.get('siblings-overlap')!.message).toMatch(/330110002002001 .* and 330110002002002 .* overlap by \d+ m²/)
    // Two lattice steps of 50 m along a 200 m side: about 20,000 m².
    expect(byKind.get('siblings-overlap')!.params.areaM2).toBeGreaterThan(15_000)
    expect(byKind.get('siblings-overlap')!.params.areaM2).toBeLessThan(25_000)
    expect(byKind.get('child-outside-parent')!.params.areaM2).toBeGreaterThan(15_000)
    expect(byKind.get('gap-in-parent')!).toMatchObject({ severity: 'warning', subject: expect.stringMatching(/^330110002003000/) })
    expect(byKind.get('level-skipped')!.message).toMatch(/sits under 330110001000000 with no grid 330110001009000 in between/)
    expect(byKind.get('coordinates-projected-in-geographic')!.message).toMatch(/Gauss-Krüger metres without a zone number/)
    expect(byKind.get('ring-self-intersection')!.message).toMatch(/crosses itself at 120\.\d+, 30\.\d+/)
    expect(byKind.get('ring-duplicate-vertex')!.severity).toBe('warning')
  })

  it('repairs what is safe to repair, and the repaired grids are the intended ones', () => {
    const repaired = applyAllRepairs(preview)
    const left = summary(repaired.problems)
    expect(left).toEqual(summary(expected.filter(e => !e.repair && !e.untilRepaired)))
    const original = new Map(syntheticTerritory({ townships: [2, 1] }).map(g => [g.code, g.boundary]))
    for (const code of ['330110001001001', '330110001001002', '330110001001003', '330110001001004', '330110001002004']) {
      const d = repaired.drafts.find(x => x.code === code)!
      expect(d.boundary, code).toEqual(original.get(code))
    }
  })

  it('a single repair fixes its own feature only', () => {
    const swap = preview.problems.find(p => p.kind === 'coordinates-swapped')!
    const after = applyRepairs(preview, [swap])
    expect(after.problems.some(p => p.kind === 'coordinates-swapped')).toBe(false)
    // The swap and the hole it left in its village go; nothing else changes.
    const gone = summary(preview.problems).filter(s => !summary(after.problems).includes(s))
    expect(gone).toEqual([`${swap.feature} coordinates-swapped (repair)`, '6 gap-in-parent'].sort())
    expect(after.problems.length).toBe(preview.problems.length - 2)
  })

  it('commits nothing while errors remain, and the good grids once the bad ones are left out', () => {
    expect(isImportable(preview)).toBe(false)
    expect(() => gridsToCommit(preview)).toThrow(/still has \d+ errors, first: /)
    const repaired = applyAllRepairs(preview)
    const bad = [...new Set(repaired.problems.filter(p => p.severity === 'error').map(p => p.feature!))]
    const chosen = excludeFeatures(repaired, bad)
    expect(isImportable(chosen)).toBe(true)
    // Leaving grids out opens gaps in their villages: warnings, shown but not blocking.
    expect(chosen.problems.every(p => p.kind === 'gap-in-parent')).toBe(true)
    const committed = gridsToCommit(chosen).map(g => g.code).sort()
    const repairedCodes = ['330110001001001', '330110001001002', '330110001001003', '330110001001004', '330110001002004']
    expect(committed).toEqual([...intact, ...repairedCodes].sort())
    // Bringing a feature back validates it again.
    expect(isImportable(excludeFeatures(chosen, bad.slice(1)))).toBe(false)
  })
})

describe('coordinate systems on the user\'s word', () => {
  const grids = syntheticTerritory({ origin: [116.3, 39.9] })

  it('takes a KML drawn on a GCJ-02 map back to WGS 84 when told', () => {
    const shifted = grids.map(g => ({ ...g, boundary: { type: 'MultiPolygon' as const, coordinates: g.boundary.coordinates.map(p => p.map(r => r.map(q => wgs84ToGcj02([q[0]!, q[1]!])))) } }))
    const read = readGeoJson('gcj.geojson', jsonBytes(chineseFeatureCollection(shifted)))
    const asIs = gridsToCommit(prepareImport(read))
    const told = gridsToCommit(prepareImport(read, { crs: withShift(WGS84, 'gcj02') }))
    const original = new Map(grids.map(g => [g.code, g.boundary.coordinates[0]![0]![0]!]))
    for (const g of told)
      expect(distanceM(g.boundary.coordinates[0]![0]![0]!, original.get(g.code)!)).toBeLessThan(0.01)
    // Read as plain WGS 84, the same file is hundreds of metres off.
    expect(distanceM(asIs[0]!.boundary.coordinates[0]![0]![0]!, original.get(asIs[0]!.code)!)).toBeGreaterThan(300)
  })

  it('refuses an offset on a projected system', () => {
    expect(() => withShift({ kind: 'transverse-mercator', datum: 'CGCS2000', centralMeridian: 117, falseEasting: 500000, falseNorthing: 0, scale: 1, latitudeOfOrigin: 0, epsg: 4548 }, 'gcj02')).toThrow(/web-map offset applies to longitude\/latitude/)
  })

  it('finds parents in the territory when one township is imported again', () => {
    const villages = grids.filter(g => g.level === 3)
    const read = readGeoJson('v.geojson', jsonBytes(chineseFeatureCollection(villages)))
    expect(prepareImport(read).problems.map(p => p.kind)).toContain('parent-missing')
    const existing = new Set(grids.filter(g => g.level < 3).map(g => g.code))
    expect(prepareImport(read, { existingCodes: existing }).problems).toEqual([])
    expect(prepareImport(read, { existingCodes: existing, countyCode: '330111' }).problems.every(p => p.kind === 'code-malformed' && /belongs to county 330110, not to 330111/.test(p.message))).toBe(true)
  })
})
