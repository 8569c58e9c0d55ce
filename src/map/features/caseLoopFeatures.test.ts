// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { h, nextTick } from 'vue'
import { LAYER, SOURCE } from '../layerIds'
import { MAP_CONTEXT } from '../mapContext'
import { createFakeMap } from '../testing/fakeMap'
import PickLocation from './PickLocation.vue'
import SelectedCase from './SelectedCase.vue'

/** The shared fake map plus what these components use beyond it: the container, camera moves, map-wide handlers. */
function fakeMap() {
  const fake = createFakeMap()
  const container = document.createElement('div')
  const flights: Array<Record<string, unknown>> = []
  const mapHandlers: Array<{ type: string, fn: (e: unknown) => void }> = []
  Object.assign(fake.map, {
    getContainer: () => container,
    getZoom: () => 12,
    flyTo: (o: Record<string, unknown>) => flights.push(o),
    on(type: string, fn: (e: unknown) => void) {
      mapHandlers.push({ type, fn })
    },
    off(type: string, fn: (e: unknown) => void) {
      const i = mapHandlers.findIndex(x => x.type === type && x.fn === fn)
      if (i >= 0)
        mapHandlers.splice(i, 1)
    },
  })
  const fire = (type: string, e: unknown) => [...mapHandlers].filter(x => x.type === type).forEach(x => x.fn(e))
  return { ...fake, container, flights, mapHandlers, fireMap: fire }
}

function mountOn<P extends Record<string, unknown>>(fake: ReturnType<typeof fakeMap>, component: object, props: P) {
  return mount({ render: () => h(component as never, props) }, { global: { provide: { [MAP_CONTEXT as symbol]: fake.context } } })
}

describe('pickLocation', () => {
  it('while active, turns a map click into a picked point and shows a crosshair', async () => {
    const fake = fakeMap()
    const picks: unknown[] = []
    const w = mount(PickLocation, {
      props: { active: true, location: null, radiusM: null, onPick: (p: unknown) => picks.push(p) },
      global: { provide: { [MAP_CONTEXT as symbol]: fake.context } },
    })
    expect(fake.container.classList.contains('case-pick-mode')).toBe(true)
    fake.fireMap('click', { lngLat: { lng: 120.1, lat: 30.2 } })
    expect(picks).toEqual([[120.1, 30.2]])

    await w.setProps({ active: false })
    expect(fake.container.classList.contains('case-pick-mode')).toBe(false)
    fake.fireMap('click', { lngLat: { lng: 1, lat: 2 } })
    expect(picks).toHaveLength(1)
  })

  it('draws the point and its search radius above the labels, and cleans up on unmount', async () => {
    const fake = fakeMap()
    const w = mount(PickLocation, {
      props: { active: true, location: [120, 30], radiusM: 200 },
      global: { provide: { [MAP_CONTEXT as symbol]: fake.context } },
    })
    await nextTick()
    const data = fake.sources.get(SOURCE.casePick)!.data as GeoJSON.FeatureCollection
    expect(data.features.map(f => f.geometry.type)).toEqual(['Polygon', 'Point'])
    expect(fake.order).toEqual([LAYER.casePickRadius, LAYER.casePickAccuracy, LAYER.casePickPoint])
    // A GPS fix adds its accuracy circle to the same source, under the point.
    await w.setProps({ fix: { location: [120, 30], accuracyM: 80 } })
    const withFix = fake.sources.get(SOURCE.casePick)!.data as GeoJSON.FeatureCollection
    expect(withFix.features.map(f => f.properties?.kind)).toEqual(['accuracy', 'radius', 'point'])
    w.unmount()
    expect(fake.sources.has(SOURCE.casePick)).toBe(false)
    expect(fake.layers.size).toBe(0)
    expect(fake.mapHandlers).toEqual([])
    expect(fake.container.classList.contains('case-pick-mode')).toBe(false)
  })
})

describe('selectedCase', () => {
  it('flies to the case, rings it, and marks its point selected in feature-state', async () => {
    const fake = fakeMap()
    fake.map.addSource(SOURCE.casesClustered, { data: null })
    const w = mount(SelectedCase, {
      props: { selected: { id: 'c1', location: [120, 30] }, paddingRight: 780 },
      global: { provide: { [MAP_CONTEXT as symbol]: fake.context } },
    })
    await nextTick()
    expect(fake.map.getFeatureState({ source: SOURCE.casesClustered, id: 'c1' })).toEqual({ selected: true })
    expect(fake.flights).toHaveLength(1)
    expect(fake.flights[0]).toMatchObject({ center: [120, 30], zoom: 15.5, padding: { right: 840 } })
    expect((fake.sources.get(SOURCE.caseSelected)!.data as GeoJSON.FeatureCollection).features).toHaveLength(1)

    await w.setProps({ selected: { id: 'c2', location: [121, 31] } })
    expect(fake.map.getFeatureState({ source: SOURCE.casesClustered, id: 'c1' })).toEqual({})
    expect(fake.map.getFeatureState({ source: SOURCE.casesClustered, id: 'c2' })).toEqual({ selected: true })

    await w.setProps({ selected: null })
    expect(fake.map.getFeatureState({ source: SOURCE.casesClustered, id: 'c2' })).toEqual({})
    expect(fake.flights).toHaveLength(2)
  })

  it('waits for the cases layer, then marks the case when its source arrives', async () => {
    const fake = fakeMap()
    mountOn(fake, SelectedCase, { selected: { id: 'c1', location: [120, 30] }, paddingRight: 440 })
    await nextTick()
    // No cases source yet: nothing set, nothing thrown.
    expect(fake.calls.some(c => c.method === 'setFeatureState')).toBe(false)
    fake.map.addSource(SOURCE.casesClustered, { data: null })
    fake.fireMap('sourcedata', { sourceId: SOURCE.casesClustered, sourceDataType: 'metadata' })
    expect(fake.map.getFeatureState({ source: SOURCE.casesClustered, id: 'c1' })).toEqual({ selected: true })
  })
})
