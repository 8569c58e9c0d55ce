import type { GridKpiRow } from '~/data'
import type { CaseKpis } from '~/domain/kpi'
import type { Grid } from '~/domain/types'

export const CHILD_COLUMNS = ['name', 'total', 'open', 'overdue', 'closingRate', 'disputeResolutionRate'] as const
export type ChildColumn = typeof CHILD_COLUMNS[number]

export interface ChildRow {
  grid: Grid
  kpis: CaseKpis | null
}

/** Joins child grids with their KPI rows; a grid without a row keeps null KPIs (still loading). */
export function childRows(grids: readonly Grid[], rows: readonly GridKpiRow[]): ChildRow[] {
  const byId = new Map(rows.map(r => [r.gridId, r.kpis]))
  return grids.map(grid => ({ grid, kpis: byId.get(grid.id) ?? null }))
}

/**
 * Sorts rows by a column. Names sort by grid code (the order villages are numbered in), numbers
 * numerically; missing values always go last, whatever the direction, so "no data" never tops a ranking.
 */
export function sortChildRows(rows: readonly ChildRow[], column: ChildColumn, descending: boolean): ChildRow[] {
  const value = (r: ChildRow): number | string | null => column === 'name' ? r.grid.code : r.kpis?.[column] ?? null
  return [...rows].sort((a, b) => {
    const va = value(a)
    const vb = value(b)
    if (va === null || vb === null)
      return va === vb ? 0 : va === null ? 1 : -1
    const cmp = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number)
    return descending ? -cmp : cmp
  })
}
