// What a re-import changes: grids added, removed and changed, and the cases whose location now
// falls in another grid (or in none), so the person importing sees it before committing.
import type { MultiPolygon, Position } from 'geojson'
import type { CaseRecord, Grid, LngLat } from '../types'
import type { TerritoryGrid } from './pipeline'
import Flatbush from 'flatbush'
import { bboxOfMultiPolygon } from '../geometry'
import { isInSubtree } from '../gridCode'
import { areaM2 } from './measure'
import { polygonContains, ringArea } from './planar'

/** A grid present before and after whose attributes or boundary differ. */
export interface GridChange {
  code: string
  name: string
  changes: Array<'name' | 'parent' | 'boundary'>
  /** Present when the boundary changed. */
  areaM2?: { before: number, after: number }
}

/** A case whose grid changes with the import. */
export interface CaseMove {
  caseId: string
  caseCode: string
  fromCode: string
  /** The deepest new grid containing the case; null when it falls in none. */
  toCode: string | null
  /** Why: its grid is gone, or the boundary moved, or it is now outside every grid. */
  reason: 'grid-removed' | 'boundary-moved' | 'outside-territory'
}

export interface TerritoryDiff {
  added: TerritoryGrid[]
  removed: Array<{ code: string, name: string }>
  changed: GridChange[]
  unchanged: number
  caseMoves: CaseMove[]
}

export interface DiffOptions {
  /**
   * Codes of the subtrees the import replaces (e.g. the one township re-imported); grids of the
   * current territory outside them are kept and not reported removed. Default: the whole territory.
   */
  scope?: readonly string[]
}

/** The current territory as TerritoryGrids (parent ids resolved to codes). */
export function territoryOf(grids: readonly Grid[]): TerritoryGrid[] {
  const codeById = new Map(grids.map(g => [g.id, g.code]))
  return grids.map(g => ({ code: g.code, name: g.name, level: g.level, parentCode: g.parentId ? codeById.get(g.parentId) ?? null : null, boundary: g.boundary }))
}

// Vertices equal to 1e-9° (0.1 mm) are equal: an export read back, or the same file re-read.
const EPS = 1e-9

/** Rings oriented (shells counter-clockwise), opened, started at their smallest vertex, polygons sorted. */
function normalise(m: MultiPolygon): Position[][][] {
  const ring = (r: Position[], shell: boolean): Position[] => {
    let open = r.length > 1 && r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1] ? r.slice(0, -1) : [...r]
    if ((ringArea(open) > 0) !== shell)
      open = open.reverse()
    let k = 0
    open.forEach((p, i) => {
      const q = open[k]!
      if (p[0]! < q[0]! || (p[0] === q[0] && p[1]! < q[1]!))
        k = i
    })
    return [...open.slice(k), ...open.slice(0, k)]
  }
  const key = (poly: Position[][]): number[] => [poly[0]![0]![0]!, poly[0]![0]![1]!]
  return m.coordinates
    .map(poly => poly.map((r, i) => ring(r, i === 0)))
    .sort((a, b) => key(a)[0]! - key(b)[0]! || key(a)[1]! - key(b)[1]!)
}

/** True when two boundaries cover the same ground vertex for vertex (ring start and direction aside). */
export function sameBoundary(a: MultiPolygon, b: MultiPolygon): boolean {
  const x = normalise(a)
  const y = normalise(b)
  return x.length === y.length && x.every((poly, i) => {
    const other = y[i]!
    return poly.length === other.length && poly.every((r, j) => {
      const s = other[j]!
      return r.length === s.length && r.every((p, k) => Math.abs(p[0]! - s[k]![0]!) <= EPS && Math.abs(p[1]! - s[k]![1]!) <= EPS)
    })
  })
}

/** Finds the deepest grid containing a point among many, by a bounding-box index. */
export function gridLocator(grids: readonly TerritoryGrid[]): (p: LngLat) => TerritoryGrid | null {
  if (grids.length === 0)
    return () => null
  const index = new Flatbush(grids.length)
  for (const g of grids) {
    const b = bboxOfMultiPolygon(g.boundary)
    index.add(b[0], b[1], b[2], b[3])
  }
  index.finish()
  return (p) => {
    let best: TerritoryGrid | null = null
    for (const i of index.search(p[0], p[1], p[0], p[1])) {
      const g = grids[i]!
      if ((!best || g.level > best.level) && g.boundary.coordinates.some(poly => polygonContains(poly, p)))
        best = g
    }
    return best
  }
}

/**
 * The difference a re-import makes to the current territory, and the cases that would change
 * grid. `current` is the territory as it is (Grid rows), `incoming` the grids to commit.
 */
export function diffTerritory(current: readonly Grid[], incoming: readonly TerritoryGrid[], cases: ReadonlyArray<Pick<CaseRecord, 'id' | 'code' | 'location' | 'gridId'>>, options: DiffOptions = {}): TerritoryDiff {
  const before = territoryOf(current)
  const inScope = (code: string): boolean => !options.scope || options.scope.some(s => isInSubtree(code, s))
  const beforeByCode = new Map(before.map(g => [g.code, g]))
  const incomingCodes = new Set(incoming.map(g => g.code))
  const added: TerritoryGrid[] = []
  const changed: GridChange[] = []
  let unchanged = 0
  for (const g of incoming) {
    const old = beforeByCode.get(g.code)
    if (!old) {
      added.push(g)
      continue
    }
    const changes: GridChange['changes'] = []
    if (old.name !== g.name)
      changes.push('name')
    if (old.parentCode !== g.parentCode)
      changes.push('parent')
    const boundaryChanged = !sameBoundary(old.boundary, g.boundary)
    if (boundaryChanged)
      changes.push('boundary')
    if (changes.length === 0)
      unchanged++
    else
      changed.push({ code: g.code, name: g.name, changes, ...(boundaryChanged ? { areaM2: { before: Math.round(areaM2(old.boundary)), after: Math.round(areaM2(g.boundary)) } } : {}) })
  }
  const removed = before.filter(g => inScope(g.code) && !incomingCodes.has(g.code)).map(g => ({ code: g.code, name: g.name }))
  // The territory after the commit: what is kept outside the scope, and everything imported.
  const after = [...before.filter(g => !inScope(g.code) && !incomingCodes.has(g.code)), ...incoming]
  const locate = gridLocator(after)
  const codeById = new Map(current.map(g => [g.id, g.code]))
  const caseMoves: CaseMove[] = []
  for (const c of cases) {
    const fromCode = codeById.get(c.gridId)
    if (!fromCode)
      continue
    const to = locate(c.location)
    if (to?.code === fromCode)
      continue
    const reason: CaseMove['reason'] = !to ? 'outside-territory' : incomingCodes.has(fromCode) || !inScope(fromCode) ? 'boundary-moved' : 'grid-removed'
    caseMoves.push({ caseId: c.id, caseCode: c.code, fromCode, toCode: to?.code ?? null, reason })
  }
  return { added, removed, changed, unchanged, caseMoves }
}
