import type { CaseKpis } from '~/domain/kpi'
import type { Grid } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { childRows, sortChildRows } from './childRows'

const grid = (id: string, code: string) => ({ id, code }) as Grid
const kpis = (total: number, rate: number | null) => ({ total, disputeResolutionRate: rate }) as CaseKpis

const rows = childRows(
  [grid('a', '330122101002000'), grid('b', '330122101001000'), grid('c', '330122101003000'), grid('d', '330122101004000')],
  [{ gridId: 'a', kpis: kpis(5, 0.5) }, { gridId: 'b', kpis: kpis(9, null) }, { gridId: 'c', kpis: kpis(1, 0.9) }],
)

describe('child grid rows', () => {
  it('keeps grids without KPIs as loading rows', () => {
    expect(rows.find(r => r.grid.id === 'd')!.kpis).toBeNull()
  })

  it('sorts names by code and numbers numerically in both directions', () => {
    expect(sortChildRows(rows, 'name', false).map(r => r.grid.id)).toEqual(['b', 'a', 'c', 'd'])
    expect(sortChildRows(rows, 'total', true).map(r => r.grid.id)).toEqual(['b', 'a', 'c', 'd'])
    expect(sortChildRows(rows, 'total', false).map(r => r.grid.id)).toEqual(['c', 'a', 'b', 'd'])
  })

  it('puts missing values last whatever the direction', () => {
    expect(sortChildRows(rows, 'disputeResolutionRate', true).map(r => r.grid.id)).toEqual(['c', 'a', 'b', 'd'])
    expect(sortChildRows(rows, 'disputeResolutionRate', false).map(r => r.grid.id)).toEqual(['a', 'c', 'b', 'd'])
  })
})
