import type { GridDraft, Problem } from '~/domain/territoryImport/types'
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { describe, expect, it } from 'vitest'
import { baseStyle } from '../baseStyle'
import { SOURCE } from '../layerIds'
import { draftFeatures, importLayerSpecs, problemFeatures } from './importLayers'

const square = { type: 'MultiPolygon' as const, coordinates: [[[[120, 30], [120.01, 30], [120.01, 30.01], [120, 30]]]] }
const draft = (index: number, boundary: GridDraft['boundary'] = square): GridDraft => ({ index, label: `record ${index}`, code: `33011000100${index}000`, name: 'x', level: 2, parentCode: null, declaredLevel: null, declaredParent: null, boundary })
const problem = (feature: number, severity: Problem['severity'], location: Problem['location'] = [120, 30]): Problem => ({ kind: 'ring-spike', severity, feature, subject: 's', message: 'm', params: {}, location })

describe('import preview layers', () => {
  it('colours each draft by its worst problem, shows excluded ones as such and skips those without geometry', () => {
    const fc = draftFeatures([draft(0), draft(1), draft(2), draft(3), draft(4, null)], [problem(1, 'warning'), problem(2, 'warning'), problem(2, 'error'), problem(2, 'warning')], [3])
    expect(fc.features.map(f => f.properties.status)).toEqual(['ok', 'warning', 'error', 'excluded'])
  })

  it('marks each located problem with its place in the list', () => {
    const fc = problemFeatures([problem(0, 'error'), problem(1, 'warning', null), problem(2, 'warning')])
    expect(fc.features.map(f => [f.properties.n, f.properties.severity])).toEqual([[0, 'error'], [2, 'warning']])
  })

  it('validates against the style spec', () => {
    const style = baseStyle()
    const empty = { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } }
    style.sources[SOURCE.importGrids] = empty
    style.sources[SOURCE.importProblems] = empty
    style.layers.push(...importLayerSpecs())
    expect(validateStyleMin(style as never)).toEqual([])
  })
})
