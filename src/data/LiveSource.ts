// The live side of the data layer: which cases change, as they change, so a screen refetches only
// those (per entity) instead of reloading everything. The embedded demo and Supabase both implement
// it. A notice says "look again", never what changed: the screen reads the case through DataSource
// or CaseLoopSource, under the viewer's own rights, as for any other read.
import type { CaseStatus, Millis } from '~/domain/types'
import { CASE_STATUSES } from '~/domain/caseLoop'
import { isGridCode } from '~/domain/gridCode'

/** "This case changed": its id, grid, status and version, and nothing the viewer could not read anyway. */
export interface LiveChange {
  entity: 'case'
  id: string
  /** The case's grid now (after a move: the new grid, also announced to the old grid's subtree). */
  gridId: string
  status: CaseStatus
  /** The case's version after the change; a reminder repeats the version it found. */
  version: number
}

/**
 * Where a subscription stands. `since` is when it entered the state: "live since 09:14",
 * "connection lost since 09:20" (kept through every retry until it is live again).
 */
export type LiveStatus
  = | { state: 'connecting', since: Millis }
    | { state: 'live', since: Millis }
    | { state: 'lost', since: Millis }
    /** Refused for good (no right to the subtree): nothing will arrive, and no retry is made. */
    | { state: 'denied', since: Millis, reason: string }

/**
 * Why a screen should refetch everything it shows of the subtree:
 * - `reconnected`: the feed was interrupted; changes made meanwhile were not announced;
 * - `stale`: the slow poll found changes the feed did not announce (a socket that stayed open but
 *   went silent, or a feed that is down while the poll still gets through).
 */
export type CatchUpReason = 'reconnected' | 'stale'

/** What a subscriber hears; every callback is optional. */
export interface LiveListener {
  change?: (change: LiveChange) => void
  catchUp?: (reason: CatchUpReason) => void
  status?: (status: LiveStatus) => void
}

/** One subscriber's feed. */
export interface LiveSubscription {
  status: () => LiveStatus
  /**
   * Until when what the screen has is known to be current: now while live; otherwise the last
   * moment the feed or the poll confirmed it (show it as "data as of hh:mm:ss").
   */
  freshAsOf: () => Millis
  /** Stops the feed; no callback runs after it resolves. */
  unsubscribe: () => Promise<void>
}

/** Live changes of a territory, as the current viewer may see them. */
export interface LiveSource {
  readonly mode: 'demo' | 'supabase'
  /**
   * Hears every change to a case in the subtree of `scopeCode` — a grid code (the grid and
   * everything below it), or a six-digit county code for a county admin's whole county — that the
   * viewer may see. Throws DataError 'invalid' for a code that is neither.
   */
  subscribe: (scopeCode: string, listener: LiveListener) => LiveSubscription
}

/** True for a six-digit county code (the first six digits of every grid code of the county). */
export function isCountyCode(code: string): boolean {
  return /^[1-9]\d{5}$/.test(code)
}

/** True when `scopeCode` names a scope subscribe accepts. */
export function isLiveScope(scopeCode: string): boolean {
  return isCountyCode(scopeCode) || isGridCode(scopeCode)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The notice in a broadcast payload, or null when the payload is not one (anything else is ignored, not trusted). */
export function liveChangeFromPayload(payload: unknown): LiveChange | null {
  if (typeof payload !== 'object' || payload === null)
    return null
  const p = payload as Record<string, unknown>
  if (p.entity !== 'case' || typeof p.id !== 'string' || !UUID.test(p.id) || typeof p.gridId !== 'string' || !UUID.test(p.gridId))
    return null
  if (typeof p.status !== 'string' || !(CASE_STATUSES as readonly string[]).includes(p.status))
    return null
  if (typeof p.version !== 'number' || !Number.isInteger(p.version) || p.version < 1)
    return null
  return { entity: 'case', id: p.id.toLowerCase(), gridId: p.gridId.toLowerCase(), status: p.status as CaseStatus, version: p.version }
}
