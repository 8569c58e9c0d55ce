// @vitest-environment happy-dom
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
vi.mock('maplibre-gl', () => ({ Map: FakeMlMap, NavigationControl: class {}, ScaleControl: class {}, setWorkerUrl: () => {} }))
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

  it('replaces the style whole for a new basemap, and removes the window handle with the map', async () => {
    const wrapper = mount(MapCanvas, { props: { bounds: [1, 2, 3, 4] } })
    const m = made.at(-1)!
    expect(m.options.bounds).toEqual([1, 2, 3, 4])
    m.fire('style.load')
    expect((window as { __pinganMap?: unknown }).__pinganMap).toBe(m)
    await wrapper.setProps({ basemapTiles: 'http://tiles.invalid/{z}/{x}/{y}.png' })
    expect(m.setStyle).toHaveBeenCalledTimes(1)
    expect(m.setStyle.mock.calls[0]![1]).toEqual({ diff: false })
    expect(JSON.stringify(m.setStyle.mock.calls[0]![0])).toContain('tiles.invalid')
    wrapper.unmount()
    expect(m.remove).toHaveBeenCalled()
    expect('__pinganMap' in window).toBe(false)
  })
})
