import type { FilterSpecification, GeoJSONSource, GeoJSONSourceSpecification, LayerSpecification, MapLayerMouseEvent, Map as MlMap } from 'maplibre-gl'
import type { MaybeRefOrGetter, Ref, WatchSource } from 'vue'
import type { MapCoords } from './basemap/mapCoords'
import type { LayerId, OverlaySourceId, SourceId } from './layerIds'
import { computed, onScopeDispose, ref, toValue, watch } from 'vue'
import { beforeIdAt, beforeIdFor } from './layerIds'
import { useMapContext } from './mapContext'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

/**
 * Declares a GeoJSON source: added once when the map is ready, then updated in place with
 * `setData`, emptied when its data goes null, removed when the declaring component unmounts.
 * After a style replacement (see MapContext.generation) it is added again with its latest data.
 */
export function useGeoJsonSource(id: SourceId | OverlaySourceId, data: WatchSource<GeoJSON.GeoJSON | null>, options: Omit<GeoJSONSourceSpecification, 'type' | 'data'> = {}): Readonly<Ref<boolean>> {
  const { map, ready, generation, withStyle, coords } = useMapContext()
  // Which style generation holds the source: after a style replacement it reads false until the
  // source is back, whichever watcher the scheduler runs first.
  const addedIn = ref(-1)
  const added = computed(() => addedIn.value === generation.value)
  /** What the map's source holds now (data and the coordinates it was drawn in), so only new data is pushed. */
  let pushed: GeoJSON.GeoJSON | null | undefined
  let pushedIn: MapCoords | undefined
  // Data is WGS 84; it is drawn in the basemap's coordinates, and redrawn when the basemap changes.
  watch([ready, generation, data, coords], ([isReady, gen, value, c]) => {
    const m = map.value
    if (!isReady || !m)
      return
    const existing = m.getSource(id) as GeoJSONSource | undefined
    if (!existing) {
      if (!value)
        return
      m.addSource(id, { ...options, type: 'geojson', data: c.geoJsonToMap(value) })
    }
    else if (value !== pushed || c !== pushedIn) {
      // Data withdrawn empties the source: the map must not keep showing the last answer.
      existing.setData(value ? c.geoJsonToMap(value) : EMPTY)
    }
    pushed = value
    pushedIn = c
    addedIn.value = gen
  }, { immediate: true })
  onScopeDispose(() => withStyle((m) => {
    if (m.getSource(id)) {
      for (const layer of m.getStyle().layers) {
        if ('source' in layer && layer.source === id)
          m.removeLayer(layer.id)
      }
      m.removeSource(id)
    }
  }))
  return added
}

/**
 * Declares a layer. The spec is added once; later changes to filter, paint and layout are applied
 * in place, so geometry is never re-uploaded for a style change.
 */
export function useMapLayer(spec: MaybeRefOrGetter<LayerSpecification | null>, opts: { source?: Readonly<Ref<boolean>>, visible?: WatchSource<boolean>, below?: LayerId } = {}): void {
  const { map, ready, generation, withStyle } = useMapContext()
  let current: LayerSpecification | null = null
  const visible = opts.visible ?? (() => true)
  const sourceAdded = opts.source ?? ref(true)

  watch([ready, generation, sourceAdded, () => toValue(spec), visible], ([isReady, , hasSource, next, isVisible]) => {
    const m = map.value
    if (!isReady || !hasSource || !m || !next)
      return
    if (!m.getLayer(next.id))
      // An app layer has its place in LAYER_ORDER; an overlay's own layer names the one it sits below.
      m.addLayer(next, opts.below ? beforeIdAt(opts.below, id => !!m.getLayer(id)) : beforeIdFor(next.id as LayerId, id => !!m.getLayer(id)))
    else if (current)
      applyDiff(m, current, next)
    current = next
    m.setLayoutProperty(next.id, 'visibility', isVisible ? 'visible' : 'none')
  }, { immediate: true })

  onScopeDispose(() => withStyle((m) => {
    if (current && m.getLayer(current.id))
      m.removeLayer(current.id)
  }))
}

/** Applies what changed between two specs of one layer; a key the new spec no longer has returns to its default. */
export function applyDiff(m: MlMap, prev: LayerSpecification, next: LayerSpecification): void {
  const filterOf = (l: LayerSpecification) => ('filter' in l ? l.filter : undefined) as FilterSpecification | undefined
  if (JSON.stringify(filterOf(prev)) !== JSON.stringify(filterOf(next)))
    m.setFilter(next.id, filterOf(next) ?? null)
  const prevPaint = (prev.paint ?? {}) as Record<string, unknown>
  const nextPaint = (next.paint ?? {}) as Record<string, unknown>
  for (const k of new Set([...Object.keys(prevPaint), ...Object.keys(nextPaint)])) {
    if (JSON.stringify(prevPaint[k]) !== JSON.stringify(nextPaint[k]))
      m.setPaintProperty(next.id, k as never, nextPaint[k] as never)
  }
  const prevLayout = (prev.layout ?? {}) as Record<string, unknown>
  const nextLayout = (next.layout ?? {}) as Record<string, unknown>
  for (const k of new Set([...Object.keys(prevLayout), ...Object.keys(nextLayout)])) {
    if (k !== 'visibility' && JSON.stringify(prevLayout[k]) !== JSON.stringify(nextLayout[k]))
      m.setLayoutProperty(next.id, k as never, nextLayout[k] as never)
  }
  if (prev.minzoom !== next.minzoom || prev.maxzoom !== next.maxzoom)
    m.setLayerZoomRange(next.id, next.minzoom ?? 0, next.maxzoom ?? 24)
}

/** Binds mouse handlers to a layer for the lifetime of the declaring component. */
export function useLayerEvents(layerId: LayerId, handlers: Partial<Record<'click' | 'mousemove' | 'mouseleave', (e: MapLayerMouseEvent) => void>>): void {
  const { map } = useMapContext()
  const bound: Array<[string, (e: MapLayerMouseEvent) => void]> = Object.entries(handlers).filter((e): e is [string, (e: MapLayerMouseEvent) => void] => !!e[1])
  watch(map, (m, old) => {
    for (const [type, fn] of bound) {
      old?.off(type as 'click', layerId, fn)
      m?.on(type as 'click', layerId, fn)
    }
  }, { immediate: true })
  onScopeDispose(() => {
    for (const [type, fn] of bound)
      map.value?.off(type as 'click', layerId, fn)
  })
}
