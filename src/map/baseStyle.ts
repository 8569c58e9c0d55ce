import type { StyleSpecification } from 'maplibre-gl'
import { THEME } from '~/theme/palette'
import { LAYER } from './layerIds'

/**
 * The base style: a dark background only; a configured basemap is added over it in place
 * (MapCanvas, basemap/basemaps.ts). No glyph or sprite URL: labels are drawn from local fonts so
 * the map renders fully offline.
 */
export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: LAYER.background, type: 'background', paint: { 'background-color': THEME.background } }],
  }
}
