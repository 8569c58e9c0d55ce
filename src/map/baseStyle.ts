import type { StyleSpecification } from 'maplibre-gl'
import { THEME } from '~/theme/palette'
import { LAYER, SOURCE } from './layerIds'

/**
 * The base style: a dark background and, only if configured, a raster basemap. No glyph or
 * sprite URL: labels are drawn from local fonts so the map renders fully offline.
 */
export function baseStyle(basemapTiles?: string): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: LAYER.background, type: 'background', paint: { 'background-color': THEME.background } }],
  }
  if (basemapTiles) {
    style.sources[SOURCE.basemap] = { type: 'raster', tiles: [basemapTiles], tileSize: 256, attribution: '' }
    style.layers.push({ id: LAYER.basemap, type: 'raster', source: SOURCE.basemap, paint: { 'raster-opacity': 0.55, 'raster-saturation': -0.6 } })
  }
  return style
}
