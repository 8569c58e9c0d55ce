import type { Map as MlMap } from 'maplibre-gl'
import type { MapContext } from '../mapContext'
import { markRaw, nextTick, ref, shallowRef } from 'vue'
import { mapCoordsFor } from '../basemap/mapCoords'

/** One call the component made on the map, for assertions. */
export interface MapCall {
  method: string
  args: unknown[]
}

/**
 * A stand-in for a MapLibre map that records calls and keeps just enough state (sources, layers,
 * feature-state, handlers) for components to behave as on a real map. Component tests inject it
 * instead of rendering WebGL.
 */
export function createFakeMap() {
  const calls: MapCall[] = []
  const sources = new Map<string, { spec: unknown, data: unknown }>()
  const layers = new Map<string, { spec: Record<string, unknown>, layout: Record<string, unknown>, paint: Record<string, unknown>, filter: unknown }>()
  const order: string[] = []
  const featureState = new Map<string, Record<string, unknown>>()
  const images = new Set<string>()
  const handlers: Array<{ type: string, layer: string, fn: (e: unknown) => void }> = []
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args })
  /** What queryRenderedFeatures finds under the pointer, per layer; tests set it. */
  const renderedUnderPointer = new Map<string, unknown[]>()

  const map = {
    addSource(id: string, spec: { data?: unknown }) {
      record('addSource', id, spec)
      if (sources.has(id))
        throw new Error(`source ${id} already exists`)
      sources.set(id, { spec, data: spec.data })
    },
    getSource(id: string) {
      const s = sources.get(id)
      return s && {
        setData: (data: unknown) => {
          record('setData', id)
          s.data = data
        },
      }
    },
    removeSource(id: string) {
      record('removeSource', id)
      sources.delete(id)
    },
    addLayer(spec: Record<string, unknown> & { id: string, source?: string }, beforeId?: string) {
      record('addLayer', spec.id, beforeId)
      if (layers.has(spec.id))
        throw new Error(`layer ${spec.id} already exists`)
      if (spec.source && !sources.has(spec.source))
        throw new Error(`layer ${spec.id} uses missing source ${spec.source}`)
      layers.set(spec.id, { spec, layout: { ...(spec.layout as object) }, paint: { ...(spec.paint as object) }, filter: spec.filter })
      const at = beforeId ? order.indexOf(beforeId) : -1
      order.splice(at < 0 ? order.length : at, 0, spec.id)
    },
    getLayer: (id: string) => layers.get(id)?.spec,
    hasImage: (id: string) => images.has(id),
    addImage(id: string, _image: unknown, options?: unknown) {
      record('addImage', id, options)
      if (images.has(id))
        throw new Error(`image ${id} already exists`)
      images.add(id)
    },
    removeLayer(id: string) {
      record('removeLayer', id)
      layers.delete(id)
      order.splice(order.indexOf(id), 1)
    },
    getStyle: () => ({ layers: order.map(id => layers.get(id)!.spec) }),
    setFilter(id: string, filter: unknown) {
      record('setFilter', id, filter)
      layers.get(id)!.filter = filter
    },
    // As in MapLibre, setting a property to undefined returns it to the style spec's default.
    setPaintProperty(id: string, k: string, v: unknown) {
      record('setPaintProperty', id, k, v)
      const paint = layers.get(id)!.paint
      if (v === undefined)
        delete paint[k]
      else
        paint[k] = v
    },
    setLayoutProperty(id: string, k: string, v: unknown) {
      record('setLayoutProperty', id, k, v)
      const layout = layers.get(id)!.layout
      if (v === undefined)
        delete layout[k]
      else
        layout[k] = v
    },
    setLayerZoomRange(id: string, min: number, max: number) {
      record('setLayerZoomRange', id, min, max)
    },
    setFeatureState(target: { source: string, id: string }, state: Record<string, unknown>) {
      record('setFeatureState', target, state)
      const key = `${target.source}/${target.id}`
      featureState.set(key, { ...featureState.get(key), ...state })
    },
    removeFeatureState(target: { source: string, id: string }, key?: string) {
      record('removeFeatureState', target, key)
      const k = `${target.source}/${target.id}`
      if (key) {
        const s = { ...featureState.get(k) }
        delete s[key]
        featureState.set(k, s)
      }
      else {
        featureState.delete(k)
      }
    },
    getFeatureState: (target: { source: string, id: string }) => featureState.get(`${target.source}/${target.id}`) ?? {},
    // Layer events (type, layer, fn) and map events (type, fn), the latter kept under layer ''.
    on(type: string, layerOrFn: string | ((e: unknown) => void), maybeFn?: (e: unknown) => void) {
      const [layer, fn] = typeof layerOrFn === 'string' ? [layerOrFn, maybeFn!] : ['', layerOrFn]
      handlers.push({ type, layer, fn })
    },
    off(type: string, layerOrFn: string | ((e: unknown) => void), maybeFn?: (e: unknown) => void) {
      const [layer, fn] = typeof layerOrFn === 'string' ? [layerOrFn, maybeFn!] : ['', layerOrFn]
      const i = handlers.findIndex(h => h.type === type && h.layer === layer && h.fn === fn)
      if (i >= 0)
        handlers.splice(i, 1)
    },
    fitBounds(bounds: unknown, options: unknown) {
      record('fitBounds', bounds, options)
    },
    getCanvas: () => ({ style: {} as Record<string, string> }),
    queryRenderedFeatures: (_point: unknown, options: { layers: string[] }) => options.layers.flatMap(l => renderedUnderPointer.get(l) ?? []),
  }

  /** Fires a layer event as MapLibre would, with the given features under the pointer. */
  function fire(type: string, layer: string, features: Array<{ properties: Record<string, unknown> }> = []): void {
    for (const h of handlers.filter(h => h.type === type && h.layer === layer))
      h.fn({ features, point: { x: 10, y: 20 } })
  }

  /** Fires a map event (not a layer's), e.g. 'resize' or a user's 'movestart'. */
  function fireMap(type: string, e: Record<string, unknown> = {}): void {
    for (const h of handlers.filter(h => h.type === type && h.layer === ''))
      h.fn(e)
  }

  let waiting: Array<(m: MlMap) => void> = []
  const context: MapContext = {
    map: shallowRef(markRaw(map) as unknown as MlMap),
    ready: ref(true),
    generation: ref(0),
    coords: shallowRef(mapCoordsFor(null)),
    hasBasemap: ref(false),
    withStyle: (fn) => {
      if (context.ready.value)
        fn(context.map.value!)
      else
        waiting.push(fn)
    },
  }
  function styleLoaded(): void {
    const queued = waiting
    waiting = []
    for (const fn of queued)
      fn(context.map.value!)
    context.generation.value++
    context.ready.value = true
  }

  /** A full style replacement (setStyle with diff: false): every source, layer and feature-state is gone. */
  async function replaceStyle(): Promise<void> {
    context.ready.value = false
    await nextTick()
    sources.clear()
    layers.clear()
    order.length = 0
    featureState.clear()
    styleLoaded()
    await nextTick()
  }

  /**
   * A lost WebGL context and its restoration as MapLibre 6 does it: while lost there is no style;
   * restored, the style is rebuilt from a snapshot (sources with their data, layers as they were)
   * but feature-state is gone.
   */
  async function loseAndRestoreContext(whileLost: () => Promise<void> | void = () => {}): Promise<void> {
    context.ready.value = false
    await nextTick()
    await whileLost()
    await nextTick()
    featureState.clear()
    styleLoaded()
    await nextTick()
  }

  return { map, context, calls, sources, layers, order, featureState, handlers, fire, fireMap, renderedUnderPointer, replaceStyle, loseAndRestoreContext }
}
