import { getCategory, getMajorCategory, isCategoryCode } from '~/domain/categories'
import { getUnit, isUnitId } from '~/domain/units'
import { usePreferences } from '~/stores/preferences'
import { useExplorer } from './useExplorer'

/** Display names of categories, units and grids in the interface language; unknown codes show as themselves. */
export function useCaseLabels() {
  const prefs = usePreferences()
  const explorer = useExplorer()
  const en = () => prefs.locale === 'en'

  function category(code: string): string {
    if (!isCategoryCode(code))
      return code
    const c = getCategory(code)
    return en() ? c.nameEn : c.name
  }
  /** "Major / sub", for places with room for both. */
  function categoryPath(code: string): string {
    if (!isCategoryCode(code))
      return code
    const c = getCategory(code)
    const m = getMajorCategory(c.majorCode)
    return en() ? `${m.nameEn} / ${c.nameEn}` : `${m.name} / ${c.name}`
  }
  function unit(id: string): string {
    if (!isUnitId(id))
      return id
    const u = getUnit(id)
    return en() ? u.nameEn : u.name
  }
  function grid(id: string): string {
    const g = explorer.byId.value.get(id)
    return g ? (en() ? g.nameEn : g.name) : id
  }
  /** The grid with its ancestors below the top grid, e.g. "东岭村 › 三组". */
  function gridPath(id: string): string {
    const names: string[] = []
    let g = explorer.byId.value.get(id)
    while (g && g.parentId !== null) {
      names.unshift(en() ? g.nameEn : g.name)
      g = explorer.byId.value.get(g.parentId)
    }
    return names.length > 0 ? names.join(' › ') : grid(id)
  }

  return { category, categoryPath, unit, grid, gridPath }
}
