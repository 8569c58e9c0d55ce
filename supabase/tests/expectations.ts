import type { SeedDataset } from '../seed/seedSql'
// What the read RPCs should return for a viewer, computed in TypeScript from the dataset with the
// domain's own rules (src/domain/access.ts for visibility, computeKpis for the figures), with ids
// mapped to the database's uuids. Works on any SeedDataset: the hand-made fixture or the demo township.
import type { GridKpiReport, Period } from '~/data/DataSource'
import type { Grid, Millis } from '~/domain/types'
import { gridPath, pathWithin, visibleGridIds } from '~/domain/access'
import { computeKpis } from '~/domain/kpi'
import { toUuid } from '../seed/ids'

/** The uuids of the grids a user sees according to visibleGridIds(). */
export function expectedVisibleGrids(dataset: SeedDataset, userId: string): Set<string> {
  return new Set([...visibleGridIds(dataset.memberships, dataset.grids, userId)].map(toUuid))
}

/** The GridKpiReport the database should return for `gridId`, in uuids, for a user seeing `visible` grids. */
export function expectedKpiReport(dataset: SeedDataset, visible: ReadonlySet<string>, gridId: string, period: Period, now: Millis): GridKpiReport {
  const byId = new Map(dataset.grids.map(g => [toUuid(g.id), g]))
  const grid = byId.get(gridId)
  if (!grid)
    throw new Error(`no grid ${gridId} in the dataset`)
  const within = (g: Grid | undefined, root: Grid) => g !== undefined && pathWithin(gridPath(g.code), gridPath(root.code))
  const cases = dataset.cases.filter(c => visible.has(toUuid(c.gridId)) && within(byId.get(toUuid(c.gridId)), grid))
  const children = dataset.grids
    .filter(g => g.parentId !== null && toUuid(g.parentId) === gridId && visible.has(toUuid(g.id)))
    .sort((a, b) => (a.code < b.code ? -1 : 1))
  return {
    grid: { gridId, kpis: computeKpis(cases, period, now) },
    children: children.map(child => ({
      gridId: toUuid(child.id),
      kpis: computeKpis(cases.filter(c => within(byId.get(toUuid(c.gridId)), child)), period, now),
    })),
  }
}
