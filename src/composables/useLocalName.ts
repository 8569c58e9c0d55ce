import type { Named } from '~/domain/localName'
import { localName } from '~/domain/localName'
import { usePreferences } from '~/stores/preferences'

/** The name of a grid, category, unit or place in the interface language (reactive through the locale). */
export function useLocalName(): (x: Named) => string {
  const prefs = usePreferences()
  return x => localName(x, prefs.locale)
}
