// @vitest-environment happy-dom
import type { KpiComparison } from '~/composables/useKpiComparison'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { computeKpis, EMPTY_KPIS, kpiChange } from '~/domain/kpi'
import { i18n } from '~/i18n'
import KpiCards from './KpiCards.vue'

describe('kpiCards', () => {
  it('shows 同比 and 环比 beside each KPI once they are known', async () => {
    setActivePinia(createPinia())
    const kpis = computeKpis([], { from: 0, to: 1 }, 1)
    const wrapper = mount(KpiCards, { props: { kpis, periodDays: 30, comparison: null }, global: { plugins: [i18n] } })
    expect(wrapper.findAll('[data-testid=kpi-change]')).toHaveLength(0)
    const change = { ...kpiChange(EMPTY_KPIS, EMPTY_KPIS), total: 0.25, closingRate: -0.05 }
    const comparison: KpiComparison = { yoy: change, mom: { ...change, total: -0.1 } }
    await wrapper.setProps({ comparison })
    expect(wrapper.findAll('[data-testid=kpi-change]')).toHaveLength(8)
    expect(wrapper.find('[data-kpi=total] [data-change=yoy]').text()).toBe('同比 +25%')
    expect(wrapper.find('[data-kpi=total] [data-change=mom]').text()).toBe('环比 −10%')
    expect(wrapper.find('[data-kpi=closingRate] [data-change=yoy]').text()).toBe('同比 −5个百分点')
  })
})
