import { describe, expect, it } from 'vitest'
import { formatKpiChange } from './kpiChange'

describe('formatKpiChange', () => {
  it('writes counts and times in per cent and rates in percentage points, with a true minus', () => {
    expect(formatKpiChange('total', 0.125, 'zh-CN')).toBe('+13%')
    expect(formatKpiChange('avgHandlingMs', -0.034, 'en')).toBe('−3.4%')
    expect(formatKpiChange('closingRate', 0.052, 'zh-CN')).toBe('+5.2个百分点')
    expect(formatKpiChange('closingRate', -0.2, 'en')).toBe('−20 pp')
    expect(formatKpiChange('open', 0, 'en')).toBe('±0%')
  })

  it('shows a dash when there is nothing to compare with', () => {
    expect(formatKpiChange('total', null, 'zh-CN')).toBe('—')
    expect(formatKpiChange('total', undefined, 'zh-CN')).toBe('—')
  })
})
