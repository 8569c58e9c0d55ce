// @vitest-environment happy-dom
import type { Grid } from '~/domain/types'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { classify, RAMPS } from '~/domain/colorClasses'
import { LAYER, SOURCE } from '../layerIds'
import { MAP_CONTEXT } from '../mapContext'
import { createFakeMap } from '../testing/fakeMap'
import GridLayers from './GridLayers.vue'

function square(x: number, y: number): Grid['boundary'] {
  return { type: 'MultiPolygon', coordinates: [[[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]] }
}

function grid(id: string, parentId: string | null, level: Grid['level'], x: number): Grid {
  return { id, code: id, level, parentId, name: `网格${id}`, nameEn: id, boundary: square(x, 0), labelPoint: [x + 0.5, 0.5], areaKm2: 1, chiefId: null, workerIds: [], households: 100, population: 300 }
}

const township = grid('t', null, 1, 0)
const villages = [grid('a', 't', 2, 0), grid('b', 't', 2, 1)]
const groups = [grid('a1', 'a', 3, 0)]
const grids = [township, ...villages, ...groups]

function setup() {
  const fake = createFakeMap()
  const values = new Map<string, number | null>([['a', 3], ['b', null]])
  const wrapper = mount(GridLayers, {
    props: { grids, selected: township, hasChildren: true, values, classification: classify([3], RAMPS.heat), locale: 'zh-CN', paddingRight: 440 },
    global: { provide: { [MAP_CONTEXT as symbol]: fake.context } },
  })
  return { fake, wrapper }
}

describe('gridLayers on a fake map', () => {
  it('adds its sources and layers once, in draw order', () => {
    const { fake } = setup()
    expect([...fake.sources.keys()].sort()).toEqual([SOURCE.gridLabels, SOURCE.grids].sort())
    expect(fake.order).toEqual([LAYER.gridFill, LAYER.gridContextOutline, LAYER.gridOutline, LAYER.gridSelectedOutline, LAYER.gridLabel])
    expect(fake.calls.filter(c => c.method === 'addLayer')).toHaveLength(5)
  })

  it('puts measure values in feature-state and clears the ones no longer shown', async () => {
    const { fake, wrapper } = setup()
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'a' })).toEqual({ value: 3 })
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'b' })).toEqual({ value: null })
    fake.calls.length = 0
    await wrapper.setProps({ values: new Map([['a1', 7]]) })
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'a' })).toEqual({})
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'a1' })).toEqual({ value: 7 })
    // A new measure re-uploads no geometry.
    expect(fake.calls.some(c => c.method === 'setData' || c.method === 'addSource')).toBe(false)
  })

  it('drilling in changes filters in place and frames the new grid', async () => {
    const { fake, wrapper } = setup()
    fake.calls.length = 0
    await wrapper.setProps({ selected: villages[0]!, values: new Map([['a1', 1]]) })
    await nextTick()
    expect(fake.layers.get(LAYER.gridFill)!.filter).toEqual(['==', ['get', 'parentId'], 'a'])
    expect(fake.layers.get(LAYER.gridSelectedOutline)!.filter).toEqual(['==', ['get', 'id'], 'a'])
    expect(fake.calls.filter(c => c.method === 'addLayer' || c.method === 'setData')).toEqual([])
    const fit = fake.calls.find(c => c.method === 'fitBounds')!
    expect(fit.args[0]).toEqual([0, 0, 1, 1])
    expect((fit.args[1] as { padding: { right: number } }).padding.right).toBe(440 + 48)
  })

  it('highlights the hovered grid with feature-state and emits select on click', async () => {
    const { fake, wrapper } = setup()
    fake.fire('mousemove', LAYER.gridFill, [{ properties: { id: 'b' } }])
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'b' })).toMatchObject({ hover: true })
    fake.fire('mousemove', LAYER.gridFill, [{ properties: { id: 'a' } }])
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'b' })).toMatchObject({ hover: false })
    expect(wrapper.emitted('hover')!.at(-1)![0]).toMatchObject({ id: 'a' })
    fake.fire('click', LAYER.gridFill, [{ properties: { id: 'a' } }])
    expect(wrapper.emitted('select')![0]![0]).toMatchObject({ id: 'a' })
  })

  it('drops the hover (tooltip and highlight) when the selection moves, with no mouseleave', async () => {
    const { fake, wrapper } = setup()
    fake.fire('mousemove', LAYER.gridFill, [{ properties: { id: 'a' } }])
    expect(wrapper.emitted('hover')!.at(-1)![0]).toMatchObject({ id: 'a' })
    await wrapper.setProps({ selected: villages[0]! })
    expect(wrapper.emitted('hover')!.at(-1)).toEqual([null, null])
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'a' })).toMatchObject({ hover: false })
  })

  it('frames the grid again when the map is resized, unless the user has moved it since', async () => {
    const { fake, wrapper } = setup()
    const fits = () => fake.calls.filter(c => c.method === 'fitBounds')
    const before = fits().length
    fake.fireMap('resize')
    expect(fits()).toHaveLength(before + 1)
    expect((fits().at(-1)!.args[1] as { duration: number, padding: { right: number } })).toMatchObject({ duration: 0, padding: { right: 440 + 48 } })
    fake.fireMap('movestart', { originalEvent: {} })
    fake.fireMap('resize')
    expect(fits()).toHaveLength(before + 1)
    // A new framing (a drill) takes over again from the user's move.
    await wrapper.setProps({ selected: villages[0]! })
    fake.fireMap('resize')
    expect(fits()).toHaveLength(before + 3)
    wrapper.unmount()
    expect(fake.handlers.filter(h => h.layer === '')).toEqual([])
  })

  it('leaves a click on a case point drawn above the grid to that point', () => {
    const { fake, wrapper } = setup()
    fake.map.addSource(SOURCE.casesClustered, {})
    fake.map.addLayer({ id: LAYER.casePoints, source: SOURCE.casesClustered })
    fake.renderedUnderPointer.set(LAYER.casePoints, [{ properties: { id: 'case-1' } }])
    fake.fire('click', LAYER.gridFill, [{ properties: { id: 'a' } }])
    expect(wrapper.emitted('select')).toBeUndefined()
    fake.renderedUnderPointer.clear()
    fake.fire('click', LAYER.gridFill, [{ properties: { id: 'a' } }])
    expect(wrapper.emitted('select')).toHaveLength(1)
  })

  it('comes back whole after a style replacement and after a lost WebGL context: layers in order, choropleth repainted', async () => {
    const { fake } = setup()
    await fake.replaceStyle()
    expect(fake.order).toEqual([LAYER.gridFill, LAYER.gridContextOutline, LAYER.gridOutline, LAYER.gridSelectedOutline, LAYER.gridLabel])
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'a' })).toEqual({ value: 3 })
    await fake.loseAndRestoreContext()
    expect(fake.order).toHaveLength(5)
    expect(fake.map.getFeatureState({ source: SOURCE.grids, id: 'a' })).toEqual({ value: 3 })
  })

  it('removes its layers, sources and handlers on unmount', () => {
    const { fake, wrapper } = setup()
    wrapper.unmount()
    expect(fake.order).toEqual([])
    expect(fake.sources.size).toBe(0)
    expect(fake.handlers).toEqual([])
  })
})
