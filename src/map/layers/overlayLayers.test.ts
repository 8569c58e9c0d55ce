import type { StyleSpecification } from 'maplibre-gl'
import type { Camera, CaseRecord } from '~/domain/types'
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { describe, expect, it } from 'vitest'
import { classify, RAMPS } from '~/domain/colorClasses'
import { configuredBasemaps } from '../basemap/basemaps'
import { baseStyle } from '../baseStyle'
import { LAYER_ORDER, SOURCE } from '../layerIds'
import { pickLayerSpecs, selectedHaloSpec } from './caseLoopLayers'
import { choroplethColor, focusFilter, gridLayerSpecs } from './gridLayers'
import { importLayerSpecs } from './importLayers'
import { cameraLayerSpecs, cameraSectors, caseLayerSpecs, casePoints, keyPlaceLayerSpecs, patrolLayerSpec, patrolLines, roadLayerSpecs } from './overlayLayers'

const now = Date.UTC(2026, 10, 1)
const base = { status: 'registered', urgent: false, dueAt: now + 1000, closedAt: null } as CaseRecord

describe('case points', () => {
  it('puts the class and its rank on each point', () => {
    const fc = casePoints([{ ...base, id: 'a', location: [1, 2] }, { ...base, id: 'b', location: [1, 2], dueAt: 0 }], now)
    expect(fc.features.map(f => [f.properties.cls, f.properties.rank])).toEqual([['open', 1], ['overdue', 2]])
  })
})

describe('overlay sources', () => {
  it('drops routes whose team is not visible', () => {
    const route = { id: 'r', teamId: 't', name: 'x', path: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }
    expect(patrolLines([route as never], []).features).toHaveLength(0)
    expect(patrolLines([route as never], [{ id: 't', kind: 'police' } as never]).features[0]!.properties.kind).toBe('police')
  })

  it('draws one field-of-view sector per camera', () => {
    const cam = { id: 'c', location: [119.9, 29.9], bearing: 90, fov: 60, rangeM: 100, status: 'online' } as Camera
    const ring = cameraSectors([cam]).features[0]!.geometry.coordinates[0]!
    expect(ring[0]).toEqual([119.9, 29.9])
    expect(ring.length).toBeGreaterThan(10)
  })
})

describe('the full style', () => {
  it('validates against the MapLibre style spec with every layer present, in LAYER_ORDER', () => {
    const style: StyleSpecification = baseStyle()
    const tianditu = configuredBasemaps({ VITE_TIANDITU_KEY: 'key' }).find(b => b.id === 'tianditu-vector')!
    for (const s of tianditu.sources) style.sources[s.id] = s.spec
    style.layers.push(...tianditu.layers)
    const empty = { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } }
    for (const id of Object.values(SOURCE)) {
      if (!style.sources[id])
        style.sources[id] = id === SOURCE.casesClustered ? { ...empty, cluster: true } : empty
    }
    const c = classify([1, 2, 3], RAMPS.heat)
    style.layers.push(
      ...gridLayerSpecs({ focus: focusFilter('x', true), selectedId: 'x', contextFilter: ['==', ['get', 'level'], 1], fillColor: choroplethColor(c), locale: 'zh-CN' }),
      ...roadLayerSpecs(),
      ...caseLayerSpecs(),
      patrolLayerSpec(),
      ...cameraLayerSpecs(),
      ...keyPlaceLayerSpecs('en'),
      ...pickLayerSpecs(),
      selectedHaloSpec(),
      ...importLayerSpecs(),
    )
    style.layers.sort((a, b) => LAYER_ORDER.indexOf(a.id as never) - LAYER_ORDER.indexOf(b.id as never))
    expect(validateStyleMin(style as never)).toEqual([])
    expect(style.layers.map(l => l.id)).toEqual([...LAYER_ORDER])
  })
})
