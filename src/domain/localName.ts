// Grids, categories, units, teams and places carry a Chinese name and a romanised one; which one a
// screen shows follows the interface language, decided here once.

/** Anything with a local (Chinese) name and an English one. */
export interface Named {
  name: string
  nameEn: string
}

/** The property holding the name for a UI locale: the Chinese name unless the interface is English. */
export function localNameKey(locale: string): 'name' | 'nameEn' {
  return locale.startsWith('en') ? 'nameEn' : 'name'
}

/** The name of `x` in the interface language. */
export function localName(x: Named, locale: string): string {
  return x[localNameKey(locale)]
}
