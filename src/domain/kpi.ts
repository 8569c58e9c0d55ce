// The figures every centre reports, with one definition each. Every formula is a pure function
// over case records so the grid panel, the choropleth, the rankings and the wall screen agree.
//
// Cases are judged as at `now` (casePredicates.ts): a case reported after `now` is left out and one
// closed after `now` counts as open (a reopening is not visible). Pass every case of the area, not only those reported in the period:
// each figure picks its own cohort (reported in the period, due in the period, closed in the
// period), and a case reported last month can be due, or closed, in this one.
import type { Period } from './period'
import type { CaseRecord, Grid, Millis } from './types'
import { isClosedAt, isOverdueAt } from './casePredicates'
import { getCategory, isCategoryCode } from './categories'

/** The figures every centre reports, for one grid over one period. Rates are null when undefined (0 ÷ 0). */
export interface GridKpis {
  /** Cases found: reported in the period, cancelled duplicates and invalid reports excluded. */
  total: number
  /** Of those, not yet closed. */
  open: number
  /** Of the open ones, past their deadline now. */
  overdue: number
  /** Of those found, closed. */
  closed: number
  /** Of those found, closed as resolved or successfully mediated (化解). */
  resolved: number
  /** 化解率 over all categories: resolved ÷ found. */
  resolutionRate: number | null
  /** 按期办结率 of the found cohort: closed by the deadline ÷ closed. */
  onTimeRate: number | null
}

/** GridKpis plus the closing, dispute and handling-time figures. */
export interface CaseKpis extends GridKpis {
  /**
   * 应结案数, cases due to close in the period: not cancelled, deadline (dueAt) within the
   * period, and either the deadline has passed by `now` or the case is already closed. A case
   * due later in a running period is not yet due — unless it was closed early, which counts.
   * Each case is due in exactly one period: the one its deadline falls in.
   */
  dueToClose: number
  /** Of those due to close, closed by `now` (on time or late). */
  closedOfDue: number
  /** 结案率: closedOfDue ÷ dueToClose. */
  closingRate: number | null
  /** Of those due to close, closed on or before the deadline. */
  closedOnTimeOfDue: number
  /** 按期结案率: closedOnTimeOfDue ÷ dueToClose (a case closed late or not at all counts against it). */
  onTimeClosingRate: number | null
  /** Disputes found: cases found whose category is a dispute (isDispute in categories.ts). */
  disputes: number
  /** Of the disputes found, closed as resolved or successfully mediated. */
  disputesResolved: number
  /** 矛盾纠纷化解率: disputesResolved ÷ disputes. */
  disputeResolutionRate: number | null
  /** Cases closed within the period (by closedAt, up to `now`). */
  closedInPeriod: number
  /** Mean wall-clock time from registration (reporting, if never registered) to closing, over closedInPeriod; ms. */
  avgHandlingMs: number | null
}

/** Half-open time range [from, to). */
export type KpiPeriod = Period

/** Options of the KPI functions. */
export interface KpiOptions {
  /** Whether a category counts as a dispute; defaults to the category tree's isDispute flag. */
  isDispute?: (categoryCode: string) => boolean
}

const RESOLVED_OUTCOMES = new Set(['resolved', 'mediated'])

/** The default dispute test: the built-in category tree's flag; unknown codes are not disputes. */
export function isDisputeCategory(categoryCode: string): boolean {
  return isCategoryCode(categoryCode) && getCategory(categoryCode).isDispute
}

/** Computes the KPIs of `cases` for a period, measured at `now` (see CaseKpis for each definition). */
export function computeKpis(cases: Iterable<CaseRecord>, period: KpiPeriod, now: Millis, options: KpiOptions = {}): CaseKpis {
  const isDispute = options.isDispute ?? isDisputeCategory
  let total = 0
  let closed = 0
  let resolved = 0
  let overdue = 0
  let onTime = 0
  let dueToClose = 0
  let closedOfDue = 0
  let closedOnTimeOfDue = 0
  let disputes = 0
  let disputesResolved = 0
  let closedInPeriod = 0
  let handlingSum = 0
  for (const c of cases) {
    // A case reported after `now` did not exist yet at that moment (this is what lets last year be measured as it stood then).
    if (c.status === 'cancelled' || c.reportedAt > now)
      continue
    const isClosed = isClosedAt(c, now)
    const wasResolved = isClosed && c.outcome !== null && RESOLVED_OUTCOMES.has(c.outcome)
    const inTime = isClosed && c.closedAt !== null && c.closedAt <= c.dueAt
    if (c.reportedAt >= period.from && c.reportedAt < period.to) {
      total++
      if (isClosed) {
        closed++
        if (wasResolved)
          resolved++
        if (inTime)
          onTime++
      }
      else if (isOverdueAt(c, now)) {
        overdue++
      }
      if (isDispute(c.categoryCode)) {
        disputes++
        if (wasResolved)
          disputesResolved++
      }
    }
    if (c.dueAt >= period.from && c.dueAt < period.to && (c.dueAt <= now || isClosed)) {
      dueToClose++
      if (isClosed)
        closedOfDue++
      if (inTime)
        closedOnTimeOfDue++
    }
    if (isClosed && c.closedAt !== null && c.closedAt >= period.from && c.closedAt < period.to) {
      closedInPeriod++
      handlingSum += c.closedAt - (c.registeredAt ?? c.reportedAt)
    }
  }
  return {
    total,
    open: total - closed,
    overdue,
    closed,
    resolved,
    resolutionRate: ratio(resolved, total),
    onTimeRate: ratio(onTime, closed),
    dueToClose,
    closedOfDue,
    closingRate: ratio(closedOfDue, dueToClose),
    closedOnTimeOfDue,
    onTimeClosingRate: ratio(closedOnTimeOfDue, dueToClose),
    disputes,
    disputesResolved,
    disputeResolutionRate: ratio(disputesResolved, disputes),
    closedInPeriod,
    avgHandlingMs: closedInPeriod === 0 ? null : handlingSum / closedInPeriod,
  }
}

/** a ÷ b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b
}

/** The empty KPI set, for grids with no cases. */
export const EMPTY_KPIS: Readonly<CaseKpis> = Object.freeze(computeKpis([], { from: 0, to: 0 }, 0))

// ── Year on year ────────────────────────────────────────────────────────────────────────────

const DAY = 86_400_000

/**
 * The same local wall-clock moment `years` years earlier (negative: later), in a fixed UTC
 * offset (China: +480 minutes); 29 February becomes 28 February.
 */
export function shiftYears(t: Millis, years: number, utcOffsetMinutes = 480): Millis {
  const offset = utcOffsetMinutes * 60_000
  const local = new Date(t + offset)
  const y = local.getUTCFullYear() - years
  const m = local.getUTCMonth()
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  const d = Math.min(local.getUTCDate(), lastDay)
  const timeOfDay = (t + offset) - Math.floor((t + offset) / DAY) * DAY
  return Date.UTC(y, m, d) + timeOfDay - offset
}

/** The same period one year earlier (同期). */
export function samePeriodLastYear(period: KpiPeriod, utcOffsetMinutes = 480): KpiPeriod {
  return { from: shiftYears(period.from, 1, utcOffsetMinutes), to: shiftYears(period.to, 1, utcOffsetMinutes) }
}

/** KPI fields that are rates (compared in percentage points), as opposed to counts and times. */
export const RATE_KEYS = ['resolutionRate', 'onTimeRate', 'closingRate', 'onTimeClosingRate', 'disputeResolutionRate'] as const satisfies readonly (keyof CaseKpis)[]

/** Year-on-year comparison (同比). */
export interface YearOnYear {
  current: CaseKpis
  /** The same period a year earlier, measured as at `now` a year earlier. */
  previous: CaseKpis
  /**
   * Per field: for rates, the difference in rate (0.05 = up 5 percentage points); for counts
   * and times, the relative change ((current − previous) ÷ previous; 0.1 = up 10%). Null when
   * either side is null or the previous count is 0.
   */
  change: Record<keyof CaseKpis, number | null>
}

/**
 * KPIs for a period and for the same period one year earlier, compared like with like: last
 * year's side is measured as at the same moment a year earlier, so for a period still running
 * both sides cover the same stretch and have had the same time to close their cases.
 */
export function computeKpisYoY(cases: readonly CaseRecord[], period: KpiPeriod, now: Millis, options: KpiOptions & { utcOffsetMinutes?: number } = {}): YearOnYear {
  const offset = options.utcOffsetMinutes ?? 480
  const cur = computeKpis(cases, period, now, options)
  const prev = computeKpis(cases, samePeriodLastYear(period, offset), shiftYears(now, 1, offset), options)
  return { current: cur, previous: prev, change: kpiChange(cur, prev) }
}

/** Per field, how `current` differs from `previous`: rates in points, counts and times relatively (see YearOnYear.change). */
export function kpiChange(current: CaseKpis, previous: CaseKpis): Record<keyof CaseKpis, number | null> {
  const rates = new Set<string>(RATE_KEYS)
  return Object.fromEntries((Object.keys(current) as (keyof CaseKpis)[]).map((k) => {
    const a = current[k]
    const b = previous[k]
    if (a === null || b === null)
      return [k, null]
    return [k, rates.has(k) ? a - b : b === 0 ? null : (a - b) / b]
  })) as Record<keyof CaseKpis, number | null>
}

// ── Rankings ────────────────────────────────────────────────────────────────────────────────

/** One entry of a ranking. */
export interface Ranked<T> {
  item: T
  value: number | null
  /** Competition rank (1, 2, 2, 4); null for entries without a value, which come last. */
  rank: number | null
  /** Among the lowest three (ties included) — the ones that get a reminder letter. */
  flagged: boolean
}

/** Options of rankBy. */
export interface RankOptions {
  /** True (default) when a larger value is better. */
  higherIsBetter?: boolean
  /** How many from the bottom are flagged; default 3. */
  flagLowest?: number
}

/**
 * Ranks items best first. Ties share a rank (1, 2, 2, 4). The lowest `flagLowest` are flagged,
 * widened to everyone tied with them; nobody is flagged when the ranking has no more entries
 * than that, and never those tied with the best (an all-equal ranking singles out nobody).
 * Items without a value are listed last, unranked and unflagged.
 */
export function rankBy<T>(items: readonly T[], value: (item: T) => number | null, options: RankOptions = {}): Ranked<T>[] {
  const sign = (options.higherIsBetter ?? true) ? -1 : 1
  const flagLowest = options.flagLowest ?? 3
  const valued = items.map(item => ({ item, value: value(item) }))
  const ranked = valued.filter((e): e is { item: T, value: number } => e.value !== null && Number.isFinite(e.value))
  const unranked = valued.filter(e => e.value === null || !Number.isFinite(e.value))
  ranked.sort((a, b) => sign * (a.value - b.value))
  const n = ranked.length
  const best = ranked[0]?.value
  const out: Ranked<T>[] = []
  let rank = 0
  ranked.forEach((e, i) => {
    if (i === 0 || e.value !== ranked[i - 1]!.value)
      rank = i + 1
    const worse = ranked.filter(o => sign * (o.value - e.value) > 0).length
    out.push({ item: e.item, value: e.value, rank, flagged: n > flagLowest && worse < flagLowest && e.value !== best })
  })
  for (const e of unranked)
    out.push({ item: e.item, value: null, rank: null, flagged: false })
  return out
}

/** KPI fields a ranking can use, and which direction is better. */
export const RANK_METRICS = {
  closingRate: { higherIsBetter: true },
  onTimeClosingRate: { higherIsBetter: true },
  resolutionRate: { higherIsBetter: true },
  disputeResolutionRate: { higherIsBetter: true },
  onTimeRate: { higherIsBetter: true },
  overdue: { higherIsBetter: false },
  avgHandlingMs: { higherIsBetter: false },
} as const satisfies Partial<Record<keyof CaseKpis, { higherIsBetter: boolean }>>

/** A KPI field a ranking can use. */
export type RankMetric = keyof typeof RANK_METRICS

/** One ranked row: whose figures, and the figures. */
export interface KpiRankRow {
  key: string
  kpis: CaseKpis
}

/** Groups cases by `keyOf` (null: left out) and computes KPIs per key; every key in `keys` gets a row, even without cases. */
export function kpisByKey(cases: Iterable<CaseRecord>, keys: readonly string[], keyOf: (c: CaseRecord) => string | null, period: KpiPeriod, now: Millis, options: KpiOptions = {}): Map<string, CaseKpis> {
  const buckets = new Map<string, CaseRecord[]>(keys.map(k => [k, []]))
  for (const c of cases) {
    const k = keyOf(c)
    if (k !== null)
      buckets.get(k)?.push(c)
  }
  return new Map([...buckets].map(([k, list]) => [k, computeKpis(list, period, now, options)]))
}

/** For every grid below `parentId`, the child of `parentId` it lies in (a child maps to itself). */
export function childOfIndex(grids: readonly Pick<Grid, 'id' | 'parentId'>[], parentId: string): Map<string, string> {
  const parent = new Map(grids.map(g => [g.id, g.parentId]))
  const out = new Map<string, string>()
  for (const g of grids) {
    const path: string[] = []
    let id: string | null = g.id
    let child: string | undefined
    while (id !== null && id !== undefined) {
      const known = out.get(id)
      if (known !== undefined) {
        child = known
        break
      }
      path.push(id)
      const up: string | null | undefined = parent.get(id)
      if (up === parentId) {
        child = id
        break
      }
      id = up ?? null
    }
    if (child !== undefined) {
      for (const p of path)
        out.set(p, child)
    }
  }
  return out
}

/** Ranks the children of `parentId` by a KPI over the cases in each child's subtree. */
export function rankChildGrids(
  cases: Iterable<CaseRecord>,
  grids: readonly Pick<Grid, 'id' | 'parentId'>[],
  parentId: string,
  period: KpiPeriod,
  now: Millis,
  options: KpiOptions & RankOptions & { metric?: RankMetric } = {},
): Ranked<KpiRankRow>[] {
  const childOf = childOfIndex(grids, parentId)
  const children = grids.filter(g => g.parentId === parentId).map(g => g.id)
  const byChild = kpisByKey(cases, children, c => childOf.get(c.gridId) ?? null, period, now, options)
  return rankRows(byChild, options)
}

/** Ranks grid workers by a KPI over the cases assigned to each (or attributed by `workerOf`). */
export function rankWorkers(
  cases: Iterable<CaseRecord>,
  workerIds: readonly string[],
  period: KpiPeriod,
  now: Millis,
  options: KpiOptions & RankOptions & { metric?: RankMetric, workerOf?: (c: CaseRecord) => string | null } = {},
): Ranked<KpiRankRow>[] {
  const byWorker = kpisByKey(cases, workerIds, options.workerOf ?? (c => c.assigneeId), period, now, options)
  return rankRows(byWorker, options)
}

function rankRows(byKey: Map<string, CaseKpis>, options: RankOptions & { metric?: RankMetric }): Ranked<KpiRankRow>[] {
  const metric = options.metric ?? 'closingRate'
  const rows = [...byKey].map(([key, kpis]) => ({ key, kpis }))
  return rankBy(rows, r => r.kpis[metric], { higherIsBetter: options.higherIsBetter ?? RANK_METRICS[metric].higherIsBetter, flagLowest: options.flagLowest })
}
