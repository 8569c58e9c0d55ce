import type { ExpressionSpecification } from 'maplibre-gl'
import type { Grid } from '~/domain/types'
import { expression } from '@maplibre/maplibre-gl-style-spec'
import { describe, expect, it } from 'vitest'
import { classify, RAMPS } from '~/domain/colorClasses'
import { THEME } from '~/theme/palette'
import { LAYER } from '../layerIds'
import { choroplethColor, focusFilter, gridLabelPoints, gridLayerSpecs, gridPolygons } from './gridLayers'

const grid: Grid = {
  id: 'g1',
  code: '330122101001000',
  level: 2,
  parentId: 'root',
  name: '东岭村',
  nameEn: 'Dongling Village',
  boundary: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] },
  labelPoint: [0.6, 0.3],
  areaKm2: 1,
  chiefId: null,
  workerIds: [],
  households: 10,
  population: 30,
}

/** Evaluates a paint expression the way MapLibre does, with a given feature-state. */
function evalColor(spec: unknown, state: Record<string, unknown>): string {
  const parsed = expression.createExpression(spec, { 'type': 'color', 'property-type': 'data-driven', 'expression': { interpolated: false, parameters: ['zoom', 'feature'] }, 'transition': false } as never)
  if (parsed.result !== 'success')
    throw new Error(JSON.stringify(parsed.value))
  const c = parsed.value.evaluate({ zoom: 12 }, { type: 1, properties: {}, geometry: [] } as never, state as never) as { toString: () => string }
  return c.toString()
}

describe('grid sources', () => {
  it('carries ids and parent ids as strings for filters and feature-state', () => {
    const fc = gridPolygons([grid, { ...grid, id: 'root', parentId: null }])
    expect(fc.features[0]!.properties).toMatchObject({ id: 'g1', parentId: 'root', name: '东岭村' })
    expect(fc.features[1]!.properties.parentId).toBe('')
    expect(gridLabelPoints([grid]).features[0]!.geometry.coordinates).toEqual([0.6, 0.3])
  })
})

describe('choroplethColor', () => {
  const c = classify([0, 1, 2, 5, 9, 14, 20, 33], RAMPS.heat, { integer: true })

  it('colours a value by its class and missing values as no data', () => {
    const spec = choroplethColor(c)
    const rgb = (hex: string) => evalColor(hex, {})
    expect(evalColor(spec, { value: 0 })).toBe(rgb(c.colors[0]!))
    expect(evalColor(spec, { value: 33 })).toBe(rgb(c.colors.at(-1)!))
    expect(evalColor(spec, { value: c.breaks[1]! })).toBe(rgb(c.colors[2]!))
    expect(evalColor(spec, {})).toBe(rgb(THEME.noData))
    expect(evalColor(spec, { value: null })).toBe(rgb(THEME.noData))
  })

  it('handles a single class', () => {
    const single = classify([4, 4], RAMPS.calm)
    expect(evalColor(choroplethColor(single), { value: 4 })).toBe(evalColor(single.colors[0]!, {}))
  })
})

describe('gridLayerSpecs', () => {
  it('produces valid layers in the documented order, filtered to the focus', () => {
    const focus = focusFilter('root', true)
    const specs = gridLayerSpecs({ focus, selectedId: 'root', contextFilter: ['==', ['get', 'level'], 1], fillColor: '#fff', locale: 'zh-CN' })
    expect(specs.map(s => s.id)).toEqual([LAYER.gridFill, LAYER.gridContextOutline, LAYER.gridOutline, LAYER.gridSelectedOutline, LAYER.gridLabel])
    const label = specs.find(s => s.id === LAYER.gridLabel)!
    expect(label.type === 'symbol' && label.layout?.['text-field']).toEqual(['get', 'name'])
    for (const s of specs) {
      if (s.id !== LAYER.gridSelectedOutline && s.id !== LAYER.gridContextOutline)
        expect((s as { filter?: ExpressionSpecification }).filter).toEqual(['==', ['get', 'parentId'], 'root'])
    }
  })

  it('shows a leaf grid itself when it has no children', () => {
    expect(focusFilter('leaf', false)).toEqual(['==', ['get', 'id'], 'leaf'])
  })

  it('washes the choropleth out over a basemap, so the basemap stays legible', () => {
    const opacity = (overBasemap: boolean) => {
      const fill = gridLayerSpecs({ focus: ['==', ['get', 'level'], 1], selectedId: 'x', contextFilter: ['==', ['get', 'level'], 1], fillColor: '#fff', locale: 'zh-CN', overBasemap }).find(l => l.id === 'grid-fill')!
      return (fill.paint as Record<string, unknown>)['fill-opacity']
    }
    expect(opacity(false)).toEqual(['case', ['boolean', ['feature-state', 'hover'], false], 0.92, 0.72])
    expect(opacity(true)).toEqual(['case', ['boolean', ['feature-state', 'hover'], false], 0.55, 0.35])
  })

  it('labels in English only for English locales', () => {
    const label = (locale: string) => gridLayerSpecs({ focus: ['==', 1, 1], selectedId: 'x', contextFilter: ['==', 1, 1], fillColor: '#000', locale }).find(l => l.id === 'grid-label')!
    expect((label('en').layout as Record<string, unknown>)['text-field']).toEqual(['get', 'nameEn'])
    expect((label('zh-CN').layout as Record<string, unknown>)['text-field']).toEqual(['get', 'name'])
  })
})
