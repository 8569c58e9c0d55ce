import type { CasePage, DataSource, GridFilter, GridKpiReport, Period, PlacedFilter } from '../DataSource'
import type { DemoCaseLoopDataset } from './demoUsers'
import type { DemoDataset } from '~/demo'
import type { CaseFilter, Handler } from '~/domain/casePredicates'
import type { BBox, CaseRecord, Grid, LngLat, Millis } from '~/domain/types'
import { visibleGridIds } from '~/domain/access'
import { caseMatcher } from '~/domain/casePredicates'
import { bboxOfMultiPolygon, inBBox } from '~/domain/geometry'
import { computeKpis } from '~/domain/kpi'
import { CASE_LIST_CAP, DataError } from '../DataSource'
import { demoStaffIdsOf, demoUnitIdsOf } from './demoUsers'

/** Lookups built once per dataset and viewer, so every query is a filter over small arrays. */
interface Index {
  data: DemoDataset
  grids: Grid[]
  byId: Map<string, Grid>
  byCode: Map<string, Grid>
  children: Map<string, Grid[]>
  /** Child ids over every grid, visible or not, to resolve subtrees whose root is hidden. */
  allChildren: Map<string, string[]>
  bboxes: Map<string, BBox>
  visible: Set<string>
  /** Who the viewer is as a handler: their login and staff records (assignees), and the units they act for. */
  viewer: Handler
  /** The county codes the viewer holds a membership in, and the county of each road. */
  memberCounties: Set<string>
  roadCounties: Map<string, string>
}

/**
 * The embedded demo township behind the DataSource contract. It applies the same visibility
 * rule as row-level security does in Supabase, so "view as" shows what each role would see.
 */
export class DemoDataSource implements DataSource {
  readonly mode = 'demo' as const
  private index: Promise<Index>

  constructor(dataset: Promise<DemoDataset>, readonly viewerId: string, private clock: () => Millis = Date.now) {
    this.index = dataset.then(data => buildIndex(data, viewerId))
  }

  now = (): Millis => this.clock()

  async listGrids(filter: GridFilter = {}): Promise<Grid[]> {
    const ix = await this.index
    const subtree = filter.subtreeOf ? subtreeIds(ix, filter.subtreeOf) : null
    const ids = filter.ids ? new Set(filter.ids) : null
    return ix.grids.filter(g =>
      (filter.level === undefined || g.level === filter.level)
      && (filter.parentId === undefined || g.parentId === filter.parentId)
      && (!subtree || subtree.has(g.id))
      && (!ids || ids.has(g.id))
      && (!filter.bbox || bboxesIntersect(ix.bboxes.get(g.id)!, filter.bbox)),
    )
  }

  async getGridByCode(code: string): Promise<Grid | null> {
    const ix = await this.index
    return ix.byCode.get(code) ?? null
  }

  async getGridLineage(gridId: string): Promise<Grid[]> {
    const ix = await this.index
    const lineage: Grid[] = []
    let g = ix.byId.get(gridId)
    if (!g)
      throw new DataError('not_found', `grid ${gridId} does not exist or is not visible to you`)
    while (g) {
      lineage.unshift(g)
      g = g.parentId ? ix.byId.get(g.parentId) : undefined
    }
    return lineage
  }

  /** Capped as the database caps it: the first CASE_LIST_CAP matches by report time, then code. */
  async listCases(filter: CaseFilter = {}): Promise<CasePage> {
    const ix = await this.index
    const matches = filterCases(ix, filter, this.now())
      .sort((a, b) => a.reportedAt - b.reportedAt || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    return { cases: matches.slice(0, CASE_LIST_CAP), total: matches.length, truncated: matches.length > CASE_LIST_CAP }
  }

  async gridKpis(gridId: string, period: Period, at?: Millis): Promise<GridKpiReport> {
    const ix = await this.index
    const grid = ix.byId.get(gridId)
    if (!grid)
      throw new DataError('not_found', `grid ${gridId} does not exist or is not visible to you`)
    const now = at ?? this.now()
    const children = ix.children.get(gridId) ?? []
    // Every case of the subtree, not only those reported in the period: closing rates count the
    // cases due in the period, whenever they were reported (see computeKpis).
    const cases = filterCases(ix, { subtreeOf: gridId }, now)
    // Each case counts for the child on its path up to the selected grid.
    const buckets = new Map<string, CaseRecord[]>(children.map(c => [c.id, []]))
    for (const c of cases) {
      let g = ix.byId.get(c.gridId)
      while (g && g.parentId !== gridId)
        g = g.parentId ? ix.byId.get(g.parentId) : undefined
      if (g)
        buckets.get(g.id)?.push(c)
    }
    return {
      grid: { gridId, kpis: computeKpis(cases, period, now) },
      children: children.map(c => ({ gridId: c.id, kpis: computeKpis(buckets.get(c.id) ?? [], period, now) })),
    }
  }

  async listPatrolTeams(filter: PlacedFilter = {}) {
    const ix = await this.index
    const placed = placedIn(ix, filter)
    return ix.data.patrolTeams.filter(t => placed(t.gridId, null))
  }

  async listPatrolRoutes(filter: PlacedFilter = {}) {
    const ix = await this.index
    const placed = placedIn(ix, filter)
    const teams = new Map(ix.data.patrolTeams.map(t => [t.id, t]))
    return ix.data.patrolRoutes.filter((r) => {
      const team = teams.get(r.teamId)
      return !!team && placed(team.gridId, null)
        && (!filter.bbox || (r.path.coordinates as LngLat[]).some(p => inBBox(p, filter.bbox!)))
    })
  }

  async listCameras(filter: PlacedFilter = {}) {
    const ix = await this.index
    const placed = placedIn(ix, filter)
    return ix.data.cameras.filter(c => placed(c.gridId, c.location))
  }

  async listKeyPlaces(filter: PlacedFilter = {}) {
    const ix = await this.index
    const placed = placedIn(ix, filter)
    return ix.data.keyPlaces.filter(p => placed(p.gridId, p.location))
  }

  async listStaff(filter: PlacedFilter = {}) {
    const ix = await this.index
    const placed = placedIn(ix, filter)
    return ix.data.staff.filter(s => placed(s.gridId, null))
  }

  /** The roads of the counties the viewer is a member of, as the database scopes them. */
  async listRoads(filter: { bbox?: BBox } = {}) {
    const ix = await this.index
    return ix.data.roads.filter(r => ix.roadCounties.get(r.id) !== undefined && ix.memberCounties.has(ix.roadCounties.get(r.id)!)
      && (!filter.bbox || (r.path.coordinates as LngLat[]).some(p => inBBox(p, filter.bbox!))))
  }
}

function buildIndex(data: DemoDataset & Partial<Pick<DemoCaseLoopDataset, 'unitMemberships'>>, viewerId: string): Index {
  const visible = visibleGridIds(data.memberships, data.grids, viewerId)
  const grids = data.grids.filter(g => visible.has(g.id))
  const children = new Map<string, Grid[]>()
  for (const g of grids) {
    if (g.parentId !== null) {
      const list = children.get(g.parentId) ?? []
      list.push(g)
      children.set(g.parentId, list)
    }
  }
  for (const list of children.values())
    list.sort((a, b) => a.code.localeCompare(b.code))
  const allChildren = new Map<string, string[]>()
  for (const g of data.grids) {
    if (g.parentId !== null)
      allChildren.set(g.parentId, [...(allChildren.get(g.parentId) ?? []), g.id])
  }
  return {
    data,
    grids,
    byId: new Map(grids.map(g => [g.id, g])),
    byCode: new Map(grids.map(g => [g.code, g])),
    children,
    allChildren,
    bboxes: new Map(grids.map(g => [g.id, bboxOfMultiPolygon(g.boundary)])),
    visible,
    viewer: { personIds: new Set([viewerId, ...demoStaffIdsOf(data, viewerId)]), unitIds: new Set(demoUnitIdsOf(data, viewerId)) },
    memberCounties: new Set(data.memberships.filter(m => m.userId === viewerId).flatMap((m) => {
      const g = data.grids.find(x => x.id === m.gridId)
      return g ? [g.code.slice(0, 6)] : []
    })),
    roadCounties: roadCounties(data),
  }
}

/**
 * The visible grids at or below `rootId`. The root itself need not be visible: like a subtree
 * filter under row-level security, a village chief asking for the township gets their village.
 */
function subtreeIds(ix: Index, rootId: string): Set<string> {
  const out = new Set<string>()
  const stack = [rootId]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (ix.visible.has(id))
      out.add(id)
    for (const c of ix.allChildren.get(id) ?? [])
      stack.push(c)
  }
  return out
}

function filterCases(ix: Index, filter: CaseFilter, now: Millis): CaseRecord[] {
  const subtree = filter.subtreeOf ? subtreeIds(ix, filter.subtreeOf) : null
  const matches = caseMatcher(filter, { now, inSubtree: id => subtree!.has(id), viewer: ix.viewer })
  return ix.data.cases.filter(c => ix.visible.has(c.gridId) && matches(c))
}

/** A predicate for things placed in a grid, with the subtree resolved once per query. */
function placedIn(ix: Index, filter: PlacedFilter): (gridId: string, location: LngLat | null) => boolean {
  const subtree = filter.subtreeOf ? subtreeIds(ix, filter.subtreeOf) : null
  return (gridId, location) => ix.visible.has(gridId)
    && (!subtree || subtree.has(gridId))
    && (!filter.bbox || !location || inBBox(location, filter.bbox))
}

/**
 * The county of each road: that of the first grid (by code) whose box one of its vertices lies in —
 * the box test standing in for the database's exact "first grid the road crosses".
 */
function roadCounties(data: DemoDataset): Map<string, string> {
  const boxes = [...data.grids].sort((a, b) => a.code.localeCompare(b.code)).map(g => ({ county: g.code.slice(0, 6), bbox: bboxOfMultiPolygon(g.boundary) }))
  const out = new Map<string, string>()
  for (const r of data.roads) {
    const hit = boxes.find(b => (r.path.coordinates as LngLat[]).some(p => inBBox(p, b.bbox)))
    if (hit)
      out.set(r.id, hit.county)
  }
  return out
}

function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}
