// The wall's running list of events: one entry per case version seen, newest first, so a change
// heard twice (a notice and a catch-up after a reconnect, or two tabs) is listed once.
import type { CaseRecord, CaseStatus, Millis } from '~/domain/types'

/** One line of the running list. */
export interface FeedEntry {
  /** `${caseId}:${version}`: the same change always has the same key. */
  key: string
  caseId: string
  version: number
  status: CaseStatus
  urgent: boolean
  /** When the step happened (the case's latest timestamp). */
  at: Millis
  /** When the wall learnt of it; null for entries the wall started with (never highlighted). */
  seenAt: Millis | null
}

/** The moment of a case's latest step. */
export function lastStepAt(c: CaseRecord): Millis {
  return Math.max(c.reportedAt, c.registeredAt ?? 0, c.dispatchedAt ?? 0, c.reportedBackAt ?? 0, c.closedAt ?? 0)
}

/** The entry for a case as it stands now. */
export function feedEntry(c: CaseRecord, seenAt: Millis | null): FeedEntry {
  return { key: `${c.id}:${c.version}`, caseId: c.id, version: c.version, status: c.status, urgent: c.urgent, at: lastStepAt(c), seenAt }
}

function byRecency(a: FeedEntry, b: FeedEntry): number {
  return b.at - a.at || b.version - a.version || a.key.localeCompare(b.key)
}

/** The list the wall starts with: the latest step of the most recently active cases up to `now`. */
export function seedFeed(cases: Iterable<CaseRecord>, now: Millis, limit: number): FeedEntry[] {
  const entries: FeedEntry[] = []
  for (const c of cases) {
    if (c.reportedAt <= now)
      entries.push(feedEntry(c, null))
  }
  return entries.sort(byRecency).slice(0, limit)
}

/**
 * The list with `incoming` added: entries already listed (same case and version) are dropped, as
 * is an older version of a case than one listed already (a late, out-of-order notice); at most
 * `limit` entries are kept, newest first. Returns the same array when nothing changed.
 */
export function pushFeed(feed: readonly FeedEntry[], incoming: readonly FeedEntry[], limit: number): readonly FeedEntry[] {
  const keys = new Set(feed.map(e => e.key))
  const newest = new Map<string, number>()
  for (const e of feed)
    newest.set(e.caseId, Math.max(newest.get(e.caseId) ?? 0, e.version))
  const added: FeedEntry[] = []
  for (const e of incoming) {
    if (keys.has(e.key) || (newest.get(e.caseId) ?? 0) > e.version)
      continue
    keys.add(e.key)
    newest.set(e.caseId, e.version)
    added.push(e)
  }
  if (added.length === 0)
    return feed
  return [...feed, ...added].sort(byRecency).slice(0, limit)
}
