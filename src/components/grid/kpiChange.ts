// 同比 / 环比 beside a KPI card, in words: which field of the KPIs each card compares, and the
// change as the centres write it (counts and times in per cent, rates in percentage points).
import type { CaseKpis } from '~/domain/kpi'
import { RATE_KEYS } from '~/domain/kpi'

/** The KPI field behind each card of KpiCards. */
export const CARD_FIELD: Readonly<Record<string, keyof CaseKpis>> = {
  total: 'total',
  open: 'open',
  overdue: 'overdue',
  closed: 'closed',
  closingRate: 'closingRate',
  onTimeClosingRate: 'onTimeClosingRate',
  resolutionRate: 'disputeResolutionRate',
  avgHandling: 'avgHandlingMs',
}

/** A change as shown: "+12%", "−3.5 pp" / "+0%"; "—" when there is nothing to compare with. */
export function formatKpiChange(field: keyof CaseKpis, change: number | null | undefined, locale: string): string {
  if (change === null || change === undefined || !Number.isFinite(change))
    return '—'
  const rate = (RATE_KEYS as readonly string[]).includes(field)
  const value = change * 100
  const digits = Math.abs(value) < 10 ? 1 : 0
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(Math.abs(value))
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±'
  return `${sign}${text}${rate ? (locale.startsWith('zh') ? '个百分点' : ' pp') : '%'}`
}
