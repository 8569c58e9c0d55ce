import type { Locale } from '~/i18n'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, loadLocale, parseLocale } from '~/i18n'

const STORAGE_KEY = 'pingan-grid:locale'

/** Per-browser preferences: the interface language. */
export const usePreferences = defineStore('preferences', () => {
  const locale = ref<Locale>(parseLocale(globalThis.localStorage?.getItem(STORAGE_KEY)))
  watch(locale, async (value) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, value)
    // The interface switches once the messages are in, never to a screen of bare keys.
    await loadLocale(value)
    if (locale.value !== value)
      return
    i18n.global.locale.value = value
    document.documentElement.lang = value
  }, { immediate: true })
  return { locale }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(usePreferences, import.meta.hot))
