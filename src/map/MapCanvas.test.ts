// @vitest-environment happy-dom
import type { Basemap } from './basemap/basemaps'
import type { MapContext } from './mapContext'
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { useMapContext } from './mapContext'

// MapLibre needs WebGL, which happy-dom has not: a stand-in records what MapCanvas asks of it
// and lets the test fire the map's events. Real context loss is tested in the browser.
const made: FakeMlMap[] = []
class FakeMlMap {
  handlers = new Map<string, Array<() => void>>()
  setStyle = vi.fn()
  remove = vi.fn()
  sources = new Map<string, unknown>()
  layers: string[] = []
  addSource = vi.fn((id: string, spec: unknown) => {
    this.sources.set(id, spec)
  })

  removeSource = vi.fn((id: string) => this.sources.delete(id))
  getSource(id: string): unknown { return this.sources.get(id) }
  addLayer = vi.fn((l: { id: string }) => {
    this.layers.push(l.id)
  })

  removeLayer = vi.fn((id: string) => {
    this.layers = this.layers.filter(l => l !== id)
  })

  getLayer(id: string): unknown { return this.layers.includes(id) ? { id } : undefined }
  touchZoomRotate = { disableRotation: vi.fn() }
  constructor(public options: Record<string, unknown>) {
    made.push(this)
  }

  on(type: string, fn: () => void): void {
    this.handlers.set(type, [...this.handlers.get(type) ?? [], fn])
  }

  addControl(): void {}
  fire(type: string): void {
    for (const fn of this.handlers.get(type) ?? [])
      fn()
  }
}
vi.mock('maplibre-gl', () => ({ addProtocol: () => {}, Map: FakeMlMap, NavigationControl: class {}, ScaleControl: class {}, setWorkerUrl: () => {} }))
vi.mock('maplibre-gl/dist/maplibre-gl-worker.mjs?url', () => ({ default: '/worker.js' }))
vi.mock('maplibre-gl/dist/maplibre-gl.css', () => ({}))

const { default: MapCanvas } = await import('./MapCanvas.vue')

let seen: MapContext | null = null
const Child = defineComponent({
  setup() {
    seen = useMapContext()
    return () => h('i', { class: 'child' })
  },
})

describe('mapCanvas', () => {
  it('starts without bounds, mounts its layers on the first style and keeps them through a lost context', async () => {
    const wrapper = mount(MapCanvas, { props: {}, slots: { default: () => h(Child) } })
    const m = made.at(-1)!
    expect(m.options.bounds).toBeUndefined()
    expect(wrapper.find('.child').exists()).toBe(false)
    m.fire('style.load')
    await nextTick()
    expect(wrapper.find('.child').exists()).toBe(true)
    expect(seen!.ready.value).toBe(true)
    expect(seen!.generation.value).toBe(0)
    m.fire('webglcontextlost')
    await nextTick()
    expect(seen!.ready.value).toBe(false)
    expect(wrapper.find('.child').exists()).toBe(true)
    // MapLibre rebuilds the style once the context is back.
    m.fire('style.load')
    expect(seen!.ready.value).toBe(true)
    expect(seen!.generation.value).toBe(1)
    wrapper.unmount()
  })

  it('swaps a new basemap in place, never replacing the style, and removes the window handle with the map', async () => {
    const wrapper = mount(MapCanvas, { props: { bounds: [1, 2, 3, 4] } })
    const m = made.at(-1)!
    expect(m.options.bounds).toEqual([1, 2, 3, 4])
    m.fire('style.load')
    expect((window as { __pinganMap?: unknown }).__pinganMap).toBe(m)
    const basemap: Basemap = { id: 'xyz', shift: null, sources: [{ id: 'basemap', spec: { type: 'raster', tiles: ['http://tiles.invalid/{z}/{x}/{y}.png'] } }], layers: [{ id: 'basemap', type: 'raster', source: 'basemap' }] }
    await wrapper.setProps({ basemap })
    await vi.waitFor(() => expect(m.layers).toContain('basemap'))
    expect(m.setStyle).not.toHaveBeenCalled()
    await wrapper.setProps({ basemap: undefined })
    await vi.waitFor(() => expect(m.layers).not.toContain('basemap'))
    expect(m.sources.has('basemap')).toBe(false)
    wrapper.unmount()
    expect(m.remove).toHaveBeenCalled()
    expect('__pinganMap' in window).toBe(false)
  })
})
