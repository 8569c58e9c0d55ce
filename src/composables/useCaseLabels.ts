import { getCategory, getMajorCategory, isCategoryCode } from '~/domain/categories'
import { getUnit, isUnitId } from '~/domain/units'
import { useExplorer } from './useExplorer'
import { useLocalName } from './useLocalName'

/** Display names of categories and units in the interface language; unknown codes show as themselves. */
export function useCaseLabels() {
  const name = useLocalName()

  function category(code: string): string {
    if (!isCategoryCode(code))
      return code
    const c = getCategory(code)
    return name(c)
  }
  /** "Major / sub", for places with room for both. */
  function categoryPath(code: string): string {
    if (!isCategoryCode(code))
      return code
    const c = getCategory(code)
    const m = getMajorCategory(c.majorCode)
    return `${name(m)} / ${name(c)}`
  }
  function unit(id: string): string {
    if (!isUnitId(id))
      return id
    const u = getUnit(id)
    return name(u)
  }

  return { category, categoryPath, unit }
}

/** A grid's name with its ancestors below the top grid, e.g. "东岭村 › 三组", from the explorer's grids. */
export function useGridLabel(): (gridId: string) => string {
  const name = useLocalName()
  const explorer = useExplorer()
  return (id: string) => {
    const byId = explorer.byId.value
    const names: string[] = []
    let g = byId.get(id)
    if (g && g.parentId === null)
      return name(g)
    while (g && g.parentId !== null) {
      names.unshift(name(g))
      g = byId.get(g.parentId)
    }
    return names.length > 0 ? names.join(' › ') : id
  }
}
