/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Supabase project URL; when unset the app runs on the embedded demo township. */
  readonly VITE_SUPABASE_URL?: string
  readonly VITE_SUPABASE_ANON_KEY?: string
  /** Optional raster basemap tile URL template ({z}/{x}/{y}); off by default so the app renders offline. */
  readonly VITE_BASEMAP_TILES?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
