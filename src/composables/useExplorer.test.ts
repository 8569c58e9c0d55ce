// @vitest-environment happy-dom
import type { GridKpiReport, Period } from '~/data'
import type { Grid } from '~/domain/types'
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, nextTick, reactive, ref } from 'vue'
import { DataError } from '~/data'
import { computeKpis } from '~/domain/kpi'
import { createFreshness } from './freshness'
import { fakeRouter } from './testing/fakeRouter'
import { createAppClock } from './useAppClock'
import { createExplorer } from './useExplorer'
import { createViewState } from './useViewState'

const NOW = Date.UTC(2026, 2, 10, 2)
const DAY = 86_400_000

function grid(id: string, code: string, parentId: string | null, households = 100): Grid {
  const ring: [number, number][] = [[120, 30], [120.1, 30], [120.1, 30.1], [120, 30]]
  return { id, code, level: parentId ? 2 : 1, parentId, name: id, nameEn: id, boundary: { type: 'MultiPolygon', coordinates: [[ring]] }, labelPoint: [120.05, 30.05], areaKm2: 1, chiefId: null, workerIds: [], households, population: households * 3 }
}
// A township with two villages; the second has a group under it. The viewer sees all of it.
const GRIDS = [
  grid('town', '330122101000000', null),
  grid('v1', '330122101001000', 'town', 50),
  grid('v2', '330122101002000', 'town', 200),
  grid('v2g1', '330122101002001', 'v2'),
]
const EMPTY = computeKpis([], { from: NOW - 30 * DAY, to: NOW }, NOW)
const row = (gridId: string, total: number) => ({ gridId, kpis: { ...EMPTY, total, open: total - 1 } })

/** A data source answering from the tables above, each call recorded; `hold` keeps gridKpis answers until released. */
function fakeSource() {
  const calls: string[] = []
  const held: (() => void)[] = []
  let hold = false
  let fail = false
  const ds = {
    mode: 'demo' as const,
    now: () => NOW,
    listGrids: vi.fn(async () => {
      calls.push('listGrids')
      return GRIDS
    }),
    gridKpis: vi.fn(async (gridId: string, period: Period): Promise<GridKpiReport> => {
      calls.push(`gridKpis ${gridId} ${(period.to - 1 - period.from) / DAY}d`)
      const answer: GridKpiReport = { grid: row(gridId, 10), children: GRIDS.filter(g => g.parentId === gridId).map((g, i) => row(g.id, 4 + i * 6)) }
      if (fail)
        throw new DataError('unavailable', 'the KPIs are down')
      if (hold)
        await new Promise<void>(resolve => held.push(resolve))
      return answer
    }),
  }
  return {
    ds,
    calls,
    hold: (on: boolean) => {
      hold = on
    },
    fail: (on: boolean) => {
      fail = on
    },
    release: (i: number) => held[i]!(),
  }
}

const session = reactive<{ dataSource: ReturnType<typeof fakeSource>['ds'] }>({ dataSource: fakeSource().ds })
vi.mock('~/stores/session', () => ({ useSession: () => session }))

async function settle() {
  for (let i = 0; i < 6; i++) {
    await new Promise(r => setTimeout(r, 0))
    await nextTick()
  }
}

function setup(path: { name: string, code?: string, query?: Record<string, string> }, active: () => boolean = () => true) {
  const source = fakeSource()
  session.dataSource = source.ds
  const router = fakeRouter({ name: path.name, params: path.code ? { code: path.code } : {}, query: path.query ?? {} })
  const view = createViewState(router, { ids: ['cases', 'roads'], defaults: ['roads'] })
  const freshness = createFreshness({ batchMs: 0 })
  let explorer!: ReturnType<typeof createExplorer>
  mount(defineComponent({
    setup() {
      explorer = createExplorer(view, freshness, createAppClock(() => NOW), active)
      freshness.setParents(id => explorer.byId.value.get(id)?.parentId ?? null)
      return () => null
    },
  }))
  return { source, router, view, freshness, explorer }
}

describe('useExplorer against a fake data source', () => {
  beforeEach(() => {
    vi.useRealTimers()
  })

  it('selects the viewer\'s top grid on "/", with its lineage, children, KPIs and choropleth', async () => {
    const { explorer, source } = setup({ name: 'home' })
    expect(explorer.loading.value).toBe(true)
    await settle()
    expect(explorer.loading.value).toBe(false)
    expect(explorer.roots.value.map(g => g.id)).toEqual(['town'])
    expect(explorer.selected.value?.id).toBe('town')
    expect(explorer.children.value.map(g => g.id)).toEqual(['v1', 'v2'])
    expect(source.calls).toEqual(['listGrids', 'gridKpis town 30d'])
    // Counts per 1,000 households by default: v1 has 4 cases in 50 households, v2 10 in 200.
    expect([...explorer.values.value]).toEqual([['v1', 80], ['v2', 50]])
    expect(explorer.choropleth.value.basis).toBe('households')
    expect(explorer.classification.value.colors.length).toBeGreaterThan(0)
  })

  it('follows the URL: the grid, the period (one new request) and the measure (none)', async () => {
    const { explorer, source, view } = setup({ name: 'grid', code: '330122101002000' })
    await settle()
    expect(explorer.selected.value?.id).toBe('v2')
    expect(explorer.lineage.value.map(g => g.id)).toEqual(['town', 'v2'])
    source.calls.length = 0
    await view.update({ periodDays: 7 })
    await settle()
    expect(source.calls).toEqual(['gridKpis v2 7d'])
    source.calls.length = 0
    // v2g1 has 4 cases and 100 households.
    expect([...explorer.values.value]).toEqual([['v2g1', 40]])
    await view.update({ basis: 'absolute' })
    await settle()
    expect(source.calls).toEqual([])
    expect([...explorer.values.value]).toEqual([['v2g1', 4]])
    await view.update({ measure: 'open' })
    await settle()
    expect(source.calls).toEqual([])
    expect([...explorer.values.value]).toEqual([['v2g1', 3]])
    await view.update({ layers: new Set(['cases']) })
    await settle()
    expect(source.calls).toEqual([])
    expect([...explorer.layers.value]).toEqual(['cases'])
  })

  it('a leaf grid is coloured by its own KPIs', async () => {
    const { explorer } = setup({ name: 'grid', code: '330122101002001' })
    await settle()
    expect(explorer.children.value).toEqual([])
    expect([...explorer.values.value]).toEqual([['v2g1', 100]])
  })

  it('shows the KPIs of the grid chosen last, whatever order the answers come in', async () => {
    const { explorer, source, view } = setup({ name: 'grid', code: '330122101001000' })
    await settle()
    source.hold(true)
    await view.go({ grid: '330122101002000', keep: 'all' })
    await settle()
    await view.go({ grid: '330122101000000', keep: 'all' })
    await settle()
    source.release(1)
    await settle()
    expect(explorer.report.value?.grid.gridId).toBe('town')
    source.release(0)
    await settle()
    expect(explorer.report.value?.grid.gridId).toBe('town')
  })

  it('reloads the KPIs when a case below the selected grid changes, not for a change beside it', async () => {
    const { explorer, source, freshness } = setup({ name: 'grid', code: '330122101002000' })
    await settle()
    source.calls.length = 0
    freshness.wrote({ id: 'c1', gridId: 'v1', version: 2 })
    await settle()
    expect(source.calls).toEqual([])
    freshness.wrote({ id: 'c2', gridId: 'v2g1', version: 2 })
    await settle()
    expect(source.calls).toEqual(['gridKpis v2 30d'])
    expect(explorer.error.value).toBeNull()
  })

  it('a failed KPI load is the explorer\'s error; the next good answer clears it', async () => {
    const { explorer, source, view } = setup({ name: 'grid', code: '330122101002000' })
    await settle()
    source.fail(true)
    await view.update({ periodDays: 90 })
    await settle()
    expect(explorer.error.value?.message).toContain('the KPIs are down')
    source.fail(false)
    await view.update({ periodDays: 365 })
    await settle()
    expect(explorer.error.value).toBeNull()
  })

  it('drilling in keeps the page and the whole query', async () => {
    const { explorer, router } = setup({ name: 'cases', code: '330122101000000', query: { period: '90', status: 'closed', case: 'c-1' } })
    await settle()
    explorer.drillTo(GRIDS[2]!)
    expect(router.log.at(-1)).toEqual({ how: 'push', to: { name: 'cases', params: { code: '330122101002000' }, query: { period: '90', status: 'closed', case: 'c-1' } } })
    await settle()
    expect(explorer.selected.value?.id).toBe('v2')
  })

  it('loads nothing while it is not shown (the wall), and nothing on a write below it; loads once shown', async () => {
    const shown = ref(false)
    const { explorer, source, freshness } = setup({ name: 'home' }, () => shown.value)
    await settle()
    // (The explorers of the tests above, still mounted, follow the shared session to this source.)
    source.calls.length = 0
    expect(explorer.grids.value).toEqual([])
    expect(explorer.report.value).toBeNull()
    freshness.wrote({ id: 'c1', gridId: 'v1', version: 2 })
    await settle()
    expect(source.calls).toEqual([])
    shown.value = true
    await settle()
    expect(source.calls).toEqual(['listGrids', 'gridKpis town 30d'])
    expect(explorer.selected.value?.id).toBe('town')
  })
})
