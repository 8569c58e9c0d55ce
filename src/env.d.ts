/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Supabase project URL; when unset the app runs on the embedded demo township. */
  readonly VITE_SUPABASE_URL?: string
  readonly VITE_SUPABASE_ANON_KEY?: string
  /** Optional raster basemap tile URL template ({z}/{x}/{y}); off by default so the app renders offline. */
  readonly VITE_BASEMAP_TILES?: string
  /** Optional XYZ template of a basemap drawn in GCJ-02 (Gaode-style); overlays are shifted onto it. */
  readonly VITE_BASEMAP_GCJ02_TILES?: string
  /** Optional Tianditu key: enables the Tianditu vector and imagery basemaps with labels. */
  readonly VITE_TIANDITU_KEY?: string
  /** Tianditu's tile host template (default https://t{s}.tianditu.gov.cn); for mirrors and tests. */
  readonly VITE_TIANDITU_HOST?: string
  /** Optional path or URL of a raster PMTiles file served with the app, e.g. /basemap.pmtiles. */
  readonly VITE_BASEMAP_PMTILES?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
