// @vitest-environment happy-dom
import type { FeatureCollection, Point } from 'geojson'
import type { LngLat } from '~/domain/types'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, shallowRef } from 'vue'
import { wgs84ToGcj02 } from '~/domain/chinaCoords/shifted'
import { distanceM } from '~/domain/geometry'
import PickLocation from '../features/PickLocation.vue'
import { SOURCE } from '../layerIds'
import { MAP_CONTEXT } from '../mapContext'
import { createFakeMap } from '../testing/fakeMap'
import { useGeoJsonSource } from '../useMapLayer'
import { mapCoordsFor } from './mapCoords'

const P: LngLat = [119.58, 29.86]

function fakeWithClicks() {
  const fake = createFakeMap()
  const clicks: Array<(e: unknown) => void> = []
  Object.assign(fake.map, {
    getContainer: () => document.createElement('div'),
    on: (_t: string, fn: (e: unknown) => void) => clicks.push(fn),
    off: () => {},
  })
  return { ...fake, click: (p: LngLat) => clicks.forEach(fn => fn({ lngLat: { lng: p[0], lat: p[1] } })) }
}

describe('under a GCJ-02 basemap', () => {
  it('draws sources shifted into GCJ-02, and again in WGS 84 when the basemap changes back', async () => {
    const fake = createFakeMap()
    const data = shallowRef<FeatureCollection>({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: P } }] })
    fake.context.coords.value = mapCoordsFor('gcj02')
    const Host = defineComponent({
      setup() {
        useGeoJsonSource(SOURCE.cases, data)
        return () => h('div')
      },
    })
    mount(Host, { global: { provide: { [MAP_CONTEXT as symbol]: fake.context } } })
    const drawn = () => ((fake.sources.get(SOURCE.cases)!.data as FeatureCollection).features[0]!.geometry as Point).coordinates
    expect(drawn()).toEqual(wgs84ToGcj02(P))
    fake.context.coords.value = mapCoordsFor(null)
    await nextTick()
    expect(drawn()).toEqual(P)
  })

  it('turns a click on the basemap into the WGS 84 point under it', () => {
    const fake = fakeWithClicks()
    fake.context.coords.value = mapCoordsFor('gcj02')
    const picks: LngLat[] = []
    mount(PickLocation, { props: { active: true, location: null, radiusM: null, onPick: (p: LngLat) => picks.push(p) }, global: { provide: { [MAP_CONTEXT as symbol]: fake.context } } })
    fake.click(wgs84ToGcj02(P))
    expect(picks).toHaveLength(1)
    expect(distanceM(picks[0]!, P)).toBeLessThan(0.01)
  })
})
