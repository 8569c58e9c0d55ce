import type { StyleSpecification } from 'maplibre-gl'
import { LAYER, SOURCE } from './layerIds'

/** Colours of the dark command-room theme, shared by map layers. */
export const THEME = {
  background: '#0b1626',
  text: '#e8f1ff',
  textHalo: '#06101d',
  outline: '#7fb8ff',
  selected: '#ffd166',
  context: '#3d5a80',
  road: '#5a6b82',
  roadMain: '#8a9bb3',
  noData: '#24344d',
} as const

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
