import type { DisplaySystem } from '~/domain/chinaCoords/shifted'
import type { Locale } from '~/i18n'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, loadLocale, parseLocale } from '~/i18n'

const STORAGE_KEY = 'pingan-grid:locale'
const BASEMAP_KEY = 'pingan-grid:basemap'
const COORDS_KEY = 'pingan-grid:coordinate-system'

const DISPLAY_SYSTEMS: readonly DisplaySystem[] = ['wgs84', 'gcj02', 'bd09']

/** A stored coordinate-system choice, WGS 84 when absent or unknown. */
export function parseDisplaySystem(value: string | null | undefined): DisplaySystem {
  return DISPLAY_SYSTEMS.find(s => s === value) ?? 'wgs84'
}

/**
 * Per-browser preferences: the interface language, the basemap (an id of a configured one; the
 * map falls back to none when it is not configured) and the coordinate system typed coordinates
 * and the readout use.
 */
export const usePreferences = defineStore('preferences', () => {
  const storage = globalThis.localStorage
  const locale = ref<Locale>(parseLocale(storage?.getItem(STORAGE_KEY)))
  const basemap = ref<string>(storage?.getItem(BASEMAP_KEY) ?? 'none')
  const coordSystem = ref<DisplaySystem>(parseDisplaySystem(storage?.getItem(COORDS_KEY)))
  watch(locale, async (value) => {
    storage?.setItem(STORAGE_KEY, value)
    // The interface switches once the messages are in, never to a screen of bare keys.
    await loadLocale(value)
    if (locale.value !== value)
      return
    i18n.global.locale.value = value
    document.documentElement.lang = value
  }, { immediate: true })
  watch(basemap, value => storage?.setItem(BASEMAP_KEY, value))
  watch(coordSystem, value => storage?.setItem(COORDS_KEY, value))
  return { locale, basemap, coordSystem, displaySystems: DISPLAY_SYSTEMS }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(usePreferences, import.meta.hot))
