// The grid panel's trend of the period: cases found per day (per week for long periods) and, of
// those, how many were closed on each day. The same cohort as the KPI cards (kpi.ts: found in the
// period; of those found, closed), so the two lines sum to the cards' 事件数 and 已结案.
import type { Period } from './period'
import type { CaseRecord, Millis } from './types'
import { CHINA_UTC_OFFSET_MIN, localDayStart } from './wall'

const DAY = 86_400_000

/** Periods longer than this are drawn per week, so a year stays a readable line (52 points, not 365). */
export const DAILY_TREND_MAX_DAYS = 90

/** Cases found and closed per bucket of a period. */
export interface PeriodTrend {
  /** 1 (per day) or 7 (per week). */
  bucketDays: 1 | 7
  /** Start of each bucket (local day start), oldest first; the last one holds `now`. */
  starts: Millis[]
  /** Cases reported in each bucket (cancelled ones left out, as the KPIs do). */
  reported: number[]
  /** Of the cases found in the period, those closed in each bucket (by closedAt, up to now). */
  closed: number[]
}

/**
 * The trend of `period` (ending at `now`) from the cases of the area; cases reported outside the
 * period are ignored. Buckets are local days counted back from today, so the last bucket is today
 * (or the week ending today) and the first may be partly outside the period.
 */
export function periodTrend(cases: Iterable<CaseRecord>, period: Period, now: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): PeriodTrend {
  const days = Math.max(1, Math.round((period.to - period.from) / DAY))
  const bucketDays = days > DAILY_TREND_MAX_DAYS ? 7 : 1
  const count = Math.ceil(days / bucketDays)
  const today = localDayStart(now, utcOffsetMinutes)
  // The last bucket ends with today; the others step back a bucket at a time.
  const first = today - (count * bucketDays - 1) * DAY
  const reported = Array.from({ length: count }, () => 0)
  const closed = Array.from({ length: count }, () => 0)
  const slot = (t: Millis) => Math.min(count - 1, Math.max(0, Math.floor((localDayStart(t, utcOffsetMinutes) - first) / (bucketDays * DAY))))
  for (const c of cases) {
    if (c.status === 'cancelled' || c.reportedAt < period.from || c.reportedAt >= period.to || c.reportedAt > now)
      continue
    reported[slot(c.reportedAt)]!++
    if (c.status === 'closed' && c.closedAt !== null && c.closedAt <= now)
      closed[slot(c.closedAt)]!++
  }
  return { bucketDays, starts: Array.from({ length: count }, (_, i) => first + i * bucketDays * DAY), reported, closed }
}
