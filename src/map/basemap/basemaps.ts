// The basemaps a deployment may offer, read from build-time configuration: none (the offline
// default), Tianditu vector or imagery with labels (CGCS2000, drawn as WGS 84), a GCJ-02 XYZ
// tile service (Gaode-style), any XYZ raster template, and a raster PMTiles file served with the
// app. Nothing is listed, so nothing is fetched, unless it is configured.
import type { LayerSpecification, RasterSourceSpecification } from 'maplibre-gl'
import type { LayerId, SourceId } from '../layerIds'
import type { ShiftedSystem } from '~/domain/chinaCoords/shifted'
import { LAYER, SOURCE } from '../layerIds'

export type BasemapId = 'none' | 'tianditu-vector' | 'tianditu-imagery' | 'gcj02' | 'xyz' | 'pmtiles'

/** One choice of the basemap switcher. */
export interface Basemap {
  id: BasemapId
  /** The web-map offset its tiles carry: overlays are drawn shifted into it and clicks shifted back. */
  shift: ShiftedSystem | null
  sources: Array<{ id: SourceId, spec: RasterSourceSpecification }>
  /** Bottom to top; ids from LAYER. */
  layers: Array<LayerSpecification & { id: LayerId }>
}

/** The settings that configure basemaps (import.meta.env in the app). */
export interface BasemapEnv {
  VITE_BASEMAP_TILES?: string
  VITE_BASEMAP_GCJ02_TILES?: string
  VITE_TIANDITU_KEY?: string
  /** Tianditu's tile host template, `{s}` for the subdomain 0–7; only tests and mirrors change it. */
  VITE_TIANDITU_HOST?: string
  VITE_BASEMAP_PMTILES?: string
}

const TIANDITU_HOST = 'https://t{s}.tianditu.gov.cn'

/** Tianditu's WMTS tile URLs for one layer (vec, cva, img, cia) in Web Mercator, over its 8 subdomains. */
export function tiandituTiles(layer: 'vec' | 'cva' | 'img' | 'cia', key: string, host = TIANDITU_HOST): string[] {
  return Array.from({ length: 8 }, (_, s) => `${host.replace('{s}', String(s))}/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`)
}

/** `{s}` or `{a-d}`-style subdomains expanded, as MapLibre takes a list of URLs and no template for them. */
export function expandSubdomains(template: string): string[] {
  const m = /\{([a-z0-9])-([a-z0-9])\}/i.exec(template)
  if (!m)
    return [template]
  const [from, to] = [m[1]!.charCodeAt(0), m[2]!.charCodeAt(0)]
  const out: string[] = []
  for (let c = from; c <= to; c++) out.push(template.replace(m[0], String.fromCharCode(c)))
  return out
}

const raster = (tiles: string[], attribution: string, maxzoom = 18): RasterSourceSpecification => ({ type: 'raster', tiles, tileSize: 256, maxzoom, attribution })

// Basemaps are dimmed and desaturated so grids and cases stay the loudest thing on the wall screen.
const BASE_PAINT = { 'raster-opacity': 0.7, 'raster-saturation': -0.5 }
const LABEL_PAINT = { 'raster-opacity': 0.9 }

function pair(id: BasemapId, shift: ShiftedSystem | null, base: RasterSourceSpecification, labels?: RasterSourceSpecification): Basemap {
  const sources: Basemap['sources'] = [{ id: SOURCE.basemap, spec: base }]
  const layers: Basemap['layers'] = [{ id: LAYER.basemap, type: 'raster', source: SOURCE.basemap, paint: BASE_PAINT }]
  if (labels) {
    sources.push({ id: SOURCE.basemapLabels, spec: labels })
    layers.push({ id: LAYER.basemapLabels, type: 'raster', source: SOURCE.basemapLabels, paint: LABEL_PAINT })
  }
  return { id, shift, sources, layers }
}

/** The "no basemap" choice: nothing is fetched. */
export const NO_BASEMAP: Basemap = { id: 'none', shift: null, sources: [], layers: [] }

/** Every basemap the configuration enables, `none` first. */
export function configuredBasemaps(env: BasemapEnv): Basemap[] {
  const out: Basemap[] = [NO_BASEMAP]
  const key = env.VITE_TIANDITU_KEY?.trim()
  if (key) {
    const host = env.VITE_TIANDITU_HOST?.trim() || TIANDITU_HOST
    const attribution = '© 天地图 Tianditu'
    out.push(pair('tianditu-vector', null, raster(tiandituTiles('vec', key, host), attribution), raster(tiandituTiles('cva', key, host), attribution)))
    out.push(pair('tianditu-imagery', null, raster(tiandituTiles('img', key, host), attribution), raster(tiandituTiles('cia', key, host), attribution)))
  }
  const gcj = env.VITE_BASEMAP_GCJ02_TILES?.trim()
  if (gcj)
    out.push(pair('gcj02', 'gcj02', raster(expandSubdomains(gcj), '')))
  const xyz = env.VITE_BASEMAP_TILES?.trim()
  if (xyz)
    out.push(pair('xyz', null, raster(expandSubdomains(xyz), '')))
  const pm = env.VITE_BASEMAP_PMTILES?.trim()
  if (pm)
    out.push(pair('pmtiles', null, { type: 'raster', url: `pmtiles://${pm}`, tileSize: 256, attribution: '' }))
  return out
}

/** The basemap to show: the remembered choice when it is still configured, else none. */
export function pickBasemap(options: readonly Basemap[], remembered: string | null | undefined): Basemap {
  return options.find(b => b.id === remembered) ?? NO_BASEMAP
}
