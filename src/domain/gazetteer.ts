import type { Grid, KeyPlace, LngLat, Road } from './types'
import { localNameKey } from './localName'

/** A named place an address typed at intake can resolve to. */
export interface PlaceMatch {
  kind: 'grid' | 'keyPlace' | 'road'
  id: string
  name: string
  /** Where the place is: a key place's point, a grid's label point, a road's middle vertex. */
  location: LngLat
  /** The grid path it lies in, e.g. 青山镇 › 东岭村, to tell same-named places apart. */
  context: string
}

interface Entry extends PlaceMatch {
  /** The English name and context, shown when the interface is English (a road has no English name: its own is kept). */
  nameEn: string
  contextEn: string
  /** Lower-cased, spaceless texts the query is matched against, best first. */
  keys: string[]
}

const normalise = (s: string): string => s.toLowerCase().replace(/[\s·•,，、()（）-]+/g, '')

/**
 * An offline gazetteer over the territory's own names: grids (with their full path, so "东岭村三组"
 * finds group 3 of 东岭村), key places and roads. No geocoding service is needed or called.
 */
export function buildGazetteer(data: { grids: readonly Grid[], keyPlaces: readonly KeyPlace[], roads: readonly Road[] }): Entry[] {
  const byId = new Map(data.grids.map(g => [g.id, g]))
  const pathOf = (gridId: string | null): Grid[] => {
    const out: Grid[] = []
    for (let g = gridId ? byId.get(gridId) : undefined; g; g = g.parentId ? byId.get(g.parentId) : undefined)
      out.unshift(g)
    return out
  }
  const entries: Entry[] = []
  for (const g of data.grids) {
    const path = pathOf(g.id)
    entries.push({
      kind: 'grid',
      id: g.id,
      name: g.name,
      nameEn: g.nameEn,
      location: g.labelPoint,
      context: path.slice(0, -1).map(p => p.name).join(' › '),
      contextEn: path.slice(0, -1).map(p => p.nameEn).join(' › '),
      keys: [normalise(g.name), normalise(path.map(p => p.name).join('')), normalise(path.slice(1).map(p => p.name).join('')), normalise(g.nameEn), normalise(path.slice(1).map(p => p.nameEn).join(''))],
    })
  }
  for (const p of data.keyPlaces) {
    const path = pathOf(p.gridId)
    entries.push({
      kind: 'keyPlace',
      id: p.id,
      name: p.name,
      nameEn: p.nameEn,
      location: p.location,
      context: path.map(g => g.name).join(' › '),
      contextEn: path.map(g => g.nameEn).join(' › '),
      keys: [normalise(p.name), normalise(p.nameEn)],
    })
  }
  for (const r of data.roads) {
    const coords = r.path.coordinates
    const mid = coords[Math.floor(coords.length / 2)]
    if (mid)
      entries.push({ kind: 'road', id: r.id, name: r.name, nameEn: r.name, location: [mid[0]!, mid[1]!], context: '', contextEn: '', keys: [normalise(r.name)] })
  }
  return entries
}

/**
 * Places whose name matches the query (in either language): exact names first, then names
 * starting with it, then names containing it; within a tier a match on the place's own name beats
 * one on its path, and key places come before grids before roads. At most `limit`, named in the
 * interface language `locale` (name and context English when it is English).
 */
export function searchPlaces(gazetteer: readonly Entry[], query: string, limit = 8, locale = 'zh-CN'): PlaceMatch[] {
  const q = normalise(query)
  if (q.length === 0)
    return []
  const KIND_ORDER = { keyPlace: 0, grid: 1, road: 2 }
  const scored: Array<{ e: Entry, score: number }> = []
  for (const e of gazetteer) {
    let score = Infinity
    e.keys.forEach((k, i) => {
      const tier = k === q ? 0 : k.startsWith(q) ? 1 : k.includes(q) ? 2 : null
      if (tier !== null)
        score = Math.min(score, tier * 100 + i * 10 + KIND_ORDER[e.kind])
    })
    if (score < Infinity)
      scored.push({ e, score })
  }
  scored.sort((a, b) => a.score - b.score || a.e.name.length - b.e.name.length || a.e.id.localeCompare(b.e.id))
  const english = localNameKey(locale) === 'nameEn'
  return scored.slice(0, limit).map(({ e }) => ({ kind: e.kind, id: e.id, name: english ? e.nameEn : e.name, location: e.location, context: english ? e.contextEn : e.context }))
}
