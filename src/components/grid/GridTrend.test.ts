// @vitest-environment happy-dom
import type { CaseRecord } from '~/domain/types'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { reactive, ref, shallowRef } from 'vue'
import { i18n } from '~/i18n'
import GridTrend from './GridTrend.vue'

const NOW = Date.parse('2026-12-04T10:30:00+08:00')
const H = 3_600_000

function mk(id: string, reportedAt: number, closedAt: number | null): CaseRecord {
  return { id, code: id, categoryCode: '0101', title: id, description: 'd', source: 'patrol', status: closedAt ? 'closed' : 'in_progress', outcome: null, urgent: false, location: [120, 30], gridId: 'g', escalationLevel: 0, leadUnitId: null, assigneeId: null, reportedAt, registeredAt: null, dispatchedAt: null, reportedBackAt: null, closedAt, dueAt: reportedAt + 72 * H, supervised: false, version: 1 }
}

// A fake chart in place of ECharts, recording what the component asks of it.
const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }
vi.mock('./echarts', () => ({ initChart: vi.fn(() => chart) }))
const periodDays = ref(7)
const explorer = { selected: shallowRef({ id: 'town' }), periodDays, report: shallowRef({}) }
vi.mock('~/composables/useExplorer', () => ({ useExplorer: () => explorer }))
vi.mock('~/composables/useAppClock', () => ({ useAppClock: () => ({ read: () => NOW }) }))
const listCases = vi.fn(async () => ({ cases: [mk('a', NOW - 2 * H, NOW - H), mk('b', NOW - 30 * H, null)], total: 2, truncated: false }))
const session = reactive({ dataSource: { listCases } })
vi.mock('~/stores/session', () => ({ useSession: () => session }))
globalThis.ResizeObserver ??= class { observe() {} disconnect() {} } as unknown as typeof ResizeObserver

describe('gridTrend', () => {
  it('draws the period\'s cases in one chart, merges a new period into it, and disposes of it on unmount', async () => {
    const w = mount(GridTrend, { global: { plugins: [i18n] } })
    await flushPromises()
    expect(listCases).toHaveBeenCalledWith({ subtreeOf: 'town', period: { from: NOW - 7 * 24 * H, to: NOW + 1 } })
    expect(chart.setOption).toHaveBeenCalledTimes(1)
    const [first, ...flags] = chart.setOption.mock.calls[0]!
    // Merged, never replaced: no notMerge flag.
    expect(flags).toEqual([])
    const series = (first as { series: Array<{ data: number[] }> }).series
    expect(series[0]!.data).toEqual([0, 0, 0, 0, 0, 1, 1])
    expect(series[1]!.data).toEqual([0, 0, 0, 0, 0, 0, 1])
    expect(w.find('[role=img]').attributes('aria-label')).toContain('本期新增 2 件，其中已结案 1 件')

    periodDays.value = 365
    await flushPromises()
    expect(chart.setOption).toHaveBeenCalledTimes(2)
    expect((chart.setOption.mock.calls[1]![0] as { series: Array<{ data: number[] }> }).series[0]!.data).toHaveLength(53)
    expect(w.find('[data-testid=grid-trend]').attributes('data-bucket-days')).toBe('7')

    expect(chart.dispose).not.toHaveBeenCalled()
    w.unmount()
    expect(chart.dispose).toHaveBeenCalledTimes(1)
  })
})
