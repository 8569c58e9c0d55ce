import type { Explorer } from '~/composables/useExplorer'
// @vitest-environment happy-dom
import type { GeoJsonOverlaySource } from '~/map/features/GeoJsonOverlay.vue'
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, reactive, shallowRef } from 'vue'
import { createFreshness } from '~/composables/freshness'
import { createAppClock } from '~/composables/useAppClock'
import GeoJsonOverlay from '~/map/features/GeoJsonOverlay.vue'
import { LAYER } from '~/map/layerIds'
import { MAP_CONTEXT } from '~/map/mapContext'
import { createFakeMap } from '~/map/testing/fakeMap'
import { checked } from '.'
import OverlayLayers from './OverlayLayers.vue'
import { defineOverlay } from './types'
import { useOverlayData } from './useOverlayData'

// What a new overlay costs: this definition is all of it (plus its words in the locale files).
// Blind spots: cells no camera sees, loaded by the overlay, drawn under the case points.
const NOW = Date.UTC(2026, 2, 10, 2)
function cells(n: number): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [120 + i / 100, 30] } })),
  }
}
const load = vi.fn(async () => cells(3))
const blindSpots = defineOverlay<GeoJSON.FeatureCollection | null>({
  id: 'blindSpots',
  order: 60,
  switches: [{ id: 'blindSpots', legend: [{ label: 'legend.blindSpot', color: '#ff00aa', shape: 'dot' }] }],
  scope: 'grid',
  follows: null,
  load,
  empty: null,
  component: GeoJsonOverlay,
  props: (data): { sources: GeoJsonOverlaySource[] } => ({
    sources: [{
      id: 'overlay-blind-spots',
      data,
      layers: [{ spec: { id: 'overlay-blind-spots', type: 'circle', source: 'overlay-blind-spots', paint: { 'circle-color': '#ff00aa' } }, below: LAYER.casePoints }],
    }],
  }),
})

const session = reactive({ dataSource: { now: () => NOW } })
vi.mock('~/stores/session', () => ({ useSession: () => session }))

describe('a new overlay in one file', () => {
  it('is loaded when switched on, drawn below the layer it names, and updated in place', async () => {
    const fake = createFakeMap()
    const layers = shallowRef<ReadonlySet<string>>(new Set())
    const selected = shallowRef({ id: 'g1' })
    const explorer = { layers, selected, periodDays: shallowRef(30), active: () => true } as unknown as Explorer
    const overlays = checked([blindSpots])
    const Host = defineComponent({
      setup() {
        const loads = useOverlayData(overlays, explorer, createFreshness({}), createAppClock(() => NOW))
        return () => h(OverlayLayers, { overlays, loads, layers: layers.value, locale: 'zh-CN' })
      },
    })
    // The case points are on the map already: the new layer goes under them.
    fake.map.addSource('cases-clustered', { data: cells(0) })
    fake.map.addLayer({ id: LAYER.casePoints, type: 'circle', source: 'cases-clustered' })
    mount(Host, { global: { provide: { [MAP_CONTEXT as symbol]: fake.context } } })
    const settle = async () => {
      for (let i = 0; i < 5; i++) {
        await new Promise(r => setTimeout(r, 0))
        await nextTick()
      }
    }
    await settle()
    expect(load).not.toHaveBeenCalled()

    layers.value = new Set(['blindSpots'])
    await settle()
    expect(load).toHaveBeenCalledTimes(1)
    expect(fake.calls.filter(c => c.method === 'addLayer' && c.args[0] === 'overlay-blind-spots')).toEqual([{ method: 'addLayer', args: ['overlay-blind-spots', LAYER.casePoints] }])
    expect(fake.order.indexOf('overlay-blind-spots')).toBeLessThan(fake.order.indexOf(LAYER.casePoints))
    expect(fake.sources.get('overlay-blind-spots')).toBeDefined()

    // A new grid reloads it (grid scope) and pushes the new data into the same source.
    load.mockResolvedValueOnce(cells(5))
    fake.calls.length = 0
    selected.value = { id: 'g2' }
    await settle()
    expect(fake.calls.filter(c => c.method === 'setData').map(c => c.args[0])).toEqual(['overlay-blind-spots'])
    expect(fake.calls.filter(c => c.method === 'addLayer')).toEqual([])

    layers.value = new Set()
    await settle()
    expect(fake.sources.has('overlay-blind-spots')).toBe(false)
    expect(fake.order).toEqual([LAYER.casePoints])
  })
})
