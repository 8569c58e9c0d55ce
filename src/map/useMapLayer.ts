import type { FilterSpecification, GeoJSONSource, GeoJSONSourceSpecification, LayerSpecification, MapLayerMouseEvent, Map as MlMap } from 'maplibre-gl'
import type { MaybeRefOrGetter, Ref, WatchSource } from 'vue'
import type { LayerId, SourceId } from './layerIds'
import { onScopeDispose, ref, toValue, watch } from 'vue'
import { beforeIdFor } from './layerIds'
import { useMapContext } from './mapContext'

/**
 * Declares a GeoJSON source: added once when the map is ready, then updated in place with
 * `setData`, removed when the declaring component unmounts.
 */
export function useGeoJsonSource(id: SourceId, data: WatchSource<GeoJSON.GeoJSON | null>, options: Omit<GeoJSONSourceSpecification, 'type' | 'data'> = {}): Readonly<Ref<boolean>> {
  const { map, ready, coords } = useMapContext()
  const added = ref(false)
  // Data is WGS 84; it is drawn in the basemap's coordinates, and redrawn when the basemap changes.
  watch([ready, data, coords], ([isReady, value, c]) => {
    const m = map.value
    if (!isReady || !m || !value)
      return
    const drawn = c.geoJsonToMap(value)
    const existing = m.getSource(id) as GeoJSONSource | undefined
    if (existing)
      existing.setData(drawn)
    else
      m.addSource(id, { ...options, type: 'geojson', data: drawn })
    added.value = true
  }, { immediate: true })
  onScopeDispose(() => {
    const m = map.value
    if (m?.getSource(id)) {
      for (const layer of m.getStyle().layers) {
        if ('source' in layer && layer.source === id)
          m.removeLayer(layer.id)
      }
      m.removeSource(id)
    }
  })
  return added
}

/**
 * Declares a layer. The spec is added once; later changes to filter, paint and layout are applied
 * in place, so geometry is never re-uploaded for a style change.
 */
export function useMapLayer(spec: MaybeRefOrGetter<LayerSpecification | null>, opts: { source?: Readonly<Ref<boolean>>, visible?: WatchSource<boolean> } = {}): void {
  const { map, ready } = useMapContext()
  let current: LayerSpecification | null = null
  const visible = opts.visible ?? (() => true)
  const sourceAdded = opts.source ?? ref(true)

  watch([ready, sourceAdded, () => toValue(spec), visible], ([isReady, hasSource, next, isVisible]) => {
    const m = map.value
    if (!isReady || !hasSource || !m || !next)
      return
    if (!m.getLayer(next.id))
      m.addLayer(next, beforeIdFor(next.id as LayerId, id => !!m.getLayer(id)))
    else if (current)
      applyDiff(m, current, next)
    current = next
    m.setLayoutProperty(next.id, 'visibility', isVisible ? 'visible' : 'none')
  }, { immediate: true })

  onScopeDispose(() => {
    const m = map.value
    if (current && m?.getLayer(current.id))
      m.removeLayer(current.id)
  })
}

function applyDiff(m: MlMap, prev: LayerSpecification, next: LayerSpecification): void {
  const filterOf = (l: LayerSpecification) => ('filter' in l ? l.filter : undefined) as FilterSpecification | undefined
  if (JSON.stringify(filterOf(prev)) !== JSON.stringify(filterOf(next)))
    m.setFilter(next.id, filterOf(next) ?? null)
  const prevPaint = (prev.paint ?? {}) as Record<string, unknown>
  for (const [k, v] of Object.entries(next.paint ?? {})) {
    if (JSON.stringify(prevPaint[k]) !== JSON.stringify(v))
      m.setPaintProperty(next.id, k as never, v as never)
  }
  const prevLayout = (prev.layout ?? {}) as Record<string, unknown>
  for (const [k, v] of Object.entries(next.layout ?? {})) {
    if (k !== 'visibility' && JSON.stringify(prevLayout[k]) !== JSON.stringify(v))
      m.setLayoutProperty(next.id, k as never, v as never)
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
