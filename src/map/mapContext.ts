import type { Map as MlMap } from 'maplibre-gl'
import type { InjectionKey, Ref, ShallowRef } from 'vue'
import type { MapCoords } from './basemap/mapCoords'
import { inject } from 'vue'

/** What MapCanvas hands to the layer components inside it. */
export interface MapContext {
  /** The one MapLibre map; raw, never made reactive. */
  map: ShallowRef<MlMap | null>
  /** True once the style has loaded and layers may be added. */
  ready: Ref<boolean>
  /** WGS 84 ↔ the basemap's coordinates; every source, camera move and click goes through it. */
  coords: ShallowRef<MapCoords>
  /** True while a basemap is drawn under the overlays. */
  hasBasemap: Ref<boolean>
}

export const MAP_CONTEXT: InjectionKey<MapContext> = Symbol('map-context')

/** The map context of the enclosing MapCanvas; throws outside one, which is a programming error. */
export function useMapContext(): MapContext {
  const ctx = inject(MAP_CONTEXT, null)
  if (!ctx)
    throw new Error('useMapContext() called outside <MapCanvas>')
  return ctx
}
