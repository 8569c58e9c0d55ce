import type { Map as MlMap } from 'maplibre-gl'
import type { InjectionKey, Ref, ShallowRef } from 'vue'
import type { MapCoords } from './basemap/mapCoords'
import { inject } from 'vue'

/** What MapCanvas hands to the layer components inside it. */
export interface MapContext {
  /** The one MapLibre map; raw, never made reactive. */
  map: ShallowRef<MlMap | null>
  /** True while the style is loaded and layers may be added; false while a style loads or the WebGL context is lost. */
  ready: Ref<boolean>
  /**
   * Counts the styles the map has had. It moves when a new style replaced the old one (a basemap
   * change, a WebGL context restored): sources, layers and feature-state may be gone, and every
   * declaration re-applies itself to the map as it is now.
   */
  generation: Ref<number>
  /**
   * Runs `fn` on the map now if its style is usable, else once the next style has loaded: a
   * component unmounted while the context was lost still gets its layers removed, instead of
   * MapLibre's restored snapshot bringing them back.
   */
  withStyle: (fn: (m: MlMap) => void) => void
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
