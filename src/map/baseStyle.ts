import type { StyleSpecification } from 'maplibre-gl'
import { LAYER } from './layerIds'

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
