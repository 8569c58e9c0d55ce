// What a case is at an instant — open, closed, overdue, due soon — and whether it matches a case
// filter, defined once. The KPIs, the deadline flags, the map's colours, both data layers' filters
// and the ledger all ask these functions, so the figures on one screen cannot disagree.
//
// A case is judged as at `t` from its current status and timestamps: one closed after `t` was
// still open at `t` (so last year's figures can be measured as they stood then, and a clock a
// little behind the server's shows a case just closed as still open, never as closed early).
import type { WorkingCalendar } from './caseLoop/workingTime'
import type { Period } from './period'
import type { BBox, CaseRecord, CaseSource, CaseStatus, Millis } from './types'
import { workingTimeBetween } from './caseLoop/workingTime'
import { inBBox } from './geometry'

type Timed = Pick<CaseRecord, 'status' | 'closedAt'>

/** Closed by `t`: closed, and its closing (when known) at or before `t`. */
export function isClosedAt(c: Timed, t: Millis): boolean {
  return c.status === 'closed' && (c.closedAt === null || c.closedAt <= t)
}

/** Open at `t`: neither cancelled nor closed by `t`. */
export function isOpenAt(c: Timed, t: Millis): boolean {
  return c.status !== 'cancelled' && !isClosedAt(c, t)
}

/** Overdue at `t`: open at `t` and its deadline before `t`. */
export function isOverdueAt(c: Timed & Pick<CaseRecord, 'dueAt'>, t: Millis): boolean {
  return isOpenAt(c, t) && c.dueAt < t
}

/** True for a closed case closed by its deadline. */
export function closedOnTime(c: Pick<CaseRecord, 'status' | 'dueAt' | 'closedAt'>): boolean {
  return c.status === 'closed' && c.closedAt !== null && c.closedAt <= c.dueAt
}

/** Whether an open case is on track, within its last 20% of allowed working time, or past its deadline. */
export type DeadlineState = 'ok' | 'due_soon' | 'overdue'

/** Share of the allowed working time below which an open case counts as due soon. */
export const DUE_SOON_FRACTION = 0.2

/**
 * Deadline flag of a case at `now`: `overdue` when isOverdueAt, `due_soon` when at most 20% of the
 * working time allowed between registration (or reporting, before registration) and `dueAt`
 * remains, else `ok`. A case not open at `now` is `ok`: the flag is about work still to do (see
 * closedOnTime for the record).
 */
export function deadlineState(
  c: Timed & Pick<CaseRecord, 'dueAt' | 'reportedAt' | 'registeredAt'>,
  now: Millis,
  cal: WorkingCalendar,
  dueSoonFraction = DUE_SOON_FRACTION,
): DeadlineState {
  if (!isOpenAt(c, now))
    return 'ok'
  if (isOverdueAt(c, now))
    return 'overdue'
  const allowed = workingTimeBetween(c.registeredAt ?? c.reportedAt, c.dueAt, cal)
  const remaining = workingTimeBetween(now, c.dueAt, cal)
  return remaining <= allowed * dueSoonFraction ? 'due_soon' : 'ok'
}

/** Due soon at `now` (see deadlineState). */
export function isDueSoonAt(c: Parameters<typeof deadlineState>[0], now: Millis, cal: WorkingCalendar): boolean {
  return deadlineState(c, now, cal) === 'due_soon'
}

/** How a case is shown on the map, in legends and charts: the state an operator must notice first. */
export type CaseClass = 'urgent' | 'overdue' | 'open' | 'closed'

/** Every case class, most urgent first. */
export const CASE_CLASSES: readonly CaseClass[] = ['urgent', 'overdue', 'open', 'closed']

/** The class of a case at `t`: done when not open; an open urgent case outranks an overdue one. */
export function caseClassAt(c: Timed & Pick<CaseRecord, 'dueAt' | 'urgent'>, t: Millis): CaseClass {
  if (!isOpenAt(c, t))
    return 'closed'
  if (c.urgent)
    return 'urgent'
  return isOverdueAt(c, t) ? 'overdue' : 'open'
}

/**
 * The next instant after `t` at which caseClassAt changes for any of `cases` (an open case passing
 * its deadline, a case closed in the future reaching its closing), or null when none will change.
 * Lets a map redraw cases exactly when their colour turns instead of on a timer.
 */
export function nextCaseClassChange(cases: Iterable<Timed & Pick<CaseRecord, 'dueAt'>>, t: Millis): Millis | null {
  let next = Number.POSITIVE_INFINITY
  for (const c of cases) {
    if (c.status === 'closed' && c.closedAt !== null && c.closedAt > t)
      next = Math.min(next, c.closedAt)
    // dueAt < t makes it overdue: the class turns one millisecond after the deadline.
    if (isOpenAt(c, t) && c.dueAt >= t)
      next = Math.min(next, c.dueAt + 1)
  }
  return Number.isFinite(next) ? next : null
}

/** The people and units a viewer acts as: their logins and staff records, and the units they act for. */
export interface Handler {
  personIds: ReadonlySet<string>
  unitIds: ReadonlySet<string>
}

/** True when the case is the handler's: assigned to one of their person ids, or led or co-handled by one of their units. */
export function handledBy(c: Pick<CaseRecord, 'assigneeId' | 'leadUnitId' | 'coHandlers'>, who: Handler): boolean {
  return (c.assigneeId !== null && who.personIds.has(c.assigneeId))
    || (c.leadUnitId !== null && who.unitIds.has(c.leadUnitId))
    || (c.coHandlers ?? []).some(h => who.unitIds.has(h.unitId))
}

/** Filter for cases. All given fields must match. */
export interface CaseFilter {
  subtreeOf?: string
  bbox?: BBox
  /** Cases reported within this period. */
  period?: Period
  statuses?: CaseStatus[]
  categoryCodes?: string[]
  sources?: CaseSource[]
  /** true: overdue at `now` (isOverdueAt); false: not overdue. */
  overdue?: boolean
  supervised?: boolean
  /** true: cases the viewer handles (handledBy); false: cases they do not. */
  mine?: boolean
  /** Free text over code, title, description and address (case-insensitive substring). */
  search?: string
}

/** What matching a filter needs beyond the case itself. */
export interface CaseFilterContext {
  /** The instant `overdue` is judged at. */
  now: Millis
  /** Whether a grid lies in the subtree of `subtreeOf`; required when the filter has one. */
  inSubtree?: (gridId: string) => boolean
  /** Who "mine" means; without one the viewer handles no case. */
  viewer?: Handler | null
}

/**
 * A predicate for `filter`, with its sets built once. Both data layers use it: the demo for the
 * whole filter, Supabase for the fields its RPC has no argument for.
 */
export function caseMatcher(filter: CaseFilter, ctx: CaseFilterContext): (c: CaseRecord) => boolean {
  const { period, bbox, overdue, supervised, mine, subtreeOf } = filter
  if (subtreeOf !== undefined && !ctx.inSubtree)
    throw new Error('caseMatcher: a subtree filter needs inSubtree')
  const inSubtree = subtreeOf === undefined ? null : ctx.inSubtree!
  const statuses = filter.statuses ? new Set(filter.statuses) : null
  const categories = filter.categoryCodes ? new Set(filter.categoryCodes) : null
  const sources = filter.sources ? new Set(filter.sources) : null
  const needle = filter.search?.trim().toLowerCase() || null
  const viewer = ctx.viewer ?? null
  return c =>
    (!inSubtree || inSubtree(c.gridId))
    && (!period || (c.reportedAt >= period.from && c.reportedAt < period.to))
    && (!statuses || statuses.has(c.status))
    && (!categories || categories.has(c.categoryCode))
    && (!sources || sources.has(c.source))
    && (!bbox || inBBox(c.location, bbox))
    && (overdue === undefined || isOverdueAt(c, ctx.now) === overdue)
    && (supervised === undefined || supervised === c.supervised)
    && (mine === undefined || (viewer !== null && handledBy(c, viewer)) === mine)
    && (needle === null || matchesSearch(c, needle))
}

/** True when a lower-cased, trimmed needle occurs in the case's code, title, description or address. */
export function matchesSearch(c: Pick<CaseRecord, 'code' | 'title' | 'description' | 'address'>, needle: string): boolean {
  return c.code.toLowerCase().includes(needle)
    || c.title.toLowerCase().includes(needle)
    || c.description.toLowerCase().includes(needle)
    || (c.address ?? '').toLowerCase().includes(needle)
}
