// @vitest-environment happy-dom
import type { LayerSpecification } from 'maplibre-gl'
import type { Ref } from 'vue'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, shallowRef } from 'vue'
import { LAYER, SOURCE } from './layerIds'
import { MAP_CONTEXT } from './mapContext'
import { createFakeMap } from './testing/fakeMap'
import { useGeoJsonSource, useMapLayer } from './useMapLayer'

const point = (x: number): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, 0] } }] })

function circle(paint: Record<string, unknown>, layout: Record<string, unknown> = {}): LayerSpecification {
  return { id: LAYER.casePoints, type: 'circle', source: SOURCE.cases, paint, layout } as LayerSpecification
}

/** One source and one layer on it, declared as the map features do. */
function setup(data: Ref<GeoJSON.GeoJSON | null>, spec: Ref<LayerSpecification>) {
  const fake = createFakeMap()
  const Probe = defineComponent({
    setup() {
      const added = useGeoJsonSource(SOURCE.cases, data)
      useMapLayer(spec, { source: added })
      return () => h('div')
    },
  })
  const wrapper = mount(Probe, { global: { provide: { [MAP_CONTEXT as symbol]: fake.context } } })
  return { fake, wrapper }
}

describe('useMapLayer applyDiff', () => {
  it('returns paint and layout keys the new spec no longer has to their defaults', async () => {
    const spec = shallowRef(circle({ 'circle-radius': 6, 'circle-blur': 0.5 }, { 'circle-sort-key': 1 }))
    const { fake } = setup(shallowRef(point(1)), spec)
    expect(fake.layers.get(LAYER.casePoints)!.paint).toEqual({ 'circle-radius': 6, 'circle-blur': 0.5 })
    spec.value = circle({ 'circle-radius': 8 })
    await nextTick()
    expect(fake.layers.get(LAYER.casePoints)!.paint).toEqual({ 'circle-radius': 8 })
    expect(fake.layers.get(LAYER.casePoints)!.layout).toEqual({ visibility: 'visible' })
    expect(fake.calls).toContainEqual({ method: 'setPaintProperty', args: [LAYER.casePoints, 'circle-blur', undefined] })
    expect(fake.calls).toContainEqual({ method: 'setLayoutProperty', args: [LAYER.casePoints, 'circle-sort-key', undefined] })
  })

  it('touches nothing for an equal spec', async () => {
    const spec = shallowRef(circle({ 'circle-radius': 6 }))
    const { fake } = setup(shallowRef(point(1)), spec)
    fake.calls.length = 0
    spec.value = circle({ 'circle-radius': 6 })
    await nextTick()
    expect(fake.calls.filter(c => c.method !== 'setLayoutProperty' || c.args[1] !== 'visibility')).toEqual([])
  })
})

describe('useGeoJsonSource', () => {
  it('empties the source when its data goes null, and fills it again when data returns', async () => {
    const data = shallowRef<GeoJSON.GeoJSON | null>(point(1))
    const { fake } = setup(data, shallowRef(circle({})))
    data.value = null
    await nextTick()
    expect(fake.sources.get(SOURCE.cases)!.data).toEqual({ type: 'FeatureCollection', features: [] })
    const back = point(2)
    data.value = back
    await nextTick()
    expect(fake.sources.get(SOURCE.cases)!.data).toBe(back)
  })

  it('pushes data only when it changed, not when the map becomes ready again', async () => {
    const { fake } = setup(shallowRef(point(1)), shallowRef(circle({})))
    fake.calls.length = 0
    fake.context.ready.value = false
    await nextTick()
    fake.context.ready.value = true
    await nextTick()
    expect(fake.calls.filter(c => c.method === 'setData')).toEqual([])
  })
})

describe('a map that survives', () => {
  it('re-adds its sources and layers with their latest data and spec after a style replacement', async () => {
    const data = shallowRef<GeoJSON.GeoJSON | null>(point(1))
    const spec = shallowRef(circle({ 'circle-radius': 6 }))
    const { fake } = setup(data, spec)
    await fake.replaceStyle()
    expect(fake.sources.get(SOURCE.cases)!.data).toBe(data.value)
    expect(fake.order).toEqual([LAYER.casePoints])
    expect(fake.layers.get(LAYER.casePoints)!.paint).toEqual({ 'circle-radius': 6 })
    expect(fake.layers.get(LAYER.casePoints)!.layout).toEqual({ visibility: 'visible' })
  })

  it('after a lost WebGL context, catches up with what changed while it was lost and adds nothing twice', async () => {
    const data = shallowRef<GeoJSON.GeoJSON | null>(point(1))
    const spec = shallowRef(circle({ 'circle-radius': 6 }))
    const { fake } = setup(data, spec)
    fake.calls.length = 0
    const newer = point(3)
    await fake.loseAndRestoreContext(() => {
      // While lost the map has no style: nothing may be sent to it.
      data.value = newer
      spec.value = circle({ 'circle-radius': 9 })
    })
    expect(fake.calls.filter(c => c.method === 'addSource' || c.method === 'addLayer')).toEqual([])
    expect(fake.sources.get(SOURCE.cases)!.data).toBe(newer)
    expect(fake.layers.get(LAYER.casePoints)!.paint).toEqual({ 'circle-radius': 9 })
  })

  it('unmounted while the context is lost: touches no style-less map, and removes its layer and source once restored', async () => {
    const { fake, wrapper } = setup(shallowRef(point(1)), shallowRef(circle({})))
    fake.calls.length = 0
    await fake.loseAndRestoreContext(() => {
      wrapper.unmount()
      expect(fake.calls).toEqual([])
    })
    expect(fake.order).toEqual([])
    expect(fake.sources.size).toBe(0)
  })
})
