// The case loop's side of the data layer: intake, transitions and the event log. Kept apart from
// the read contract (DataSource) so each implementation stays small; both share one dataset or
// one Supabase client, so a write is visible to the next read.
import type { Actor, CaseAction, CaseEvent, CaseNotice, NewCaseInput, TransitionInput } from '~/domain/caseLoop'
import type { CaseRecord, Grid, LngLat } from '~/domain/types'

/** The reporter's contact, readable only by the handlers of the case. */
export interface CaseContact {
  name: string | null
  phone: string | null
}

/**
 * How a write is sent. `idempotencyKey` is a client-made uuid, one per user action and the same on
 * every retry of that action (the offline queue keeps it with the item): the first request with it
 * applies, a repeat with the same request answers what the first did without applying again, and
 * the same key with another request is refused (kind 'invalid', field 'idempotencyKey', reason
 * 'reused'). Keys are per caller: another user's key means nothing to you.
 */
export interface WriteOptions {
  idempotencyKey?: string
}

/**
 * Every write checks the move, the caller's rights and the version, and appends to the event
 * log atomically; a refusal is a DataError (kind 'invalid', 'forbidden' or 'conflict') saying what and why.
 */
export interface CaseLoopSource {
  /** Who the viewer is as an actor of the case loop: memberships and the units they act for. */
  actor: () => Promise<Actor>
  /** The deepest visible grid containing a point, or null outside the territory. */
  locateGrid: (location: LngLat) => Promise<Grid | null>
  getCase: (caseId: string) => Promise<CaseRecord | null>
  /** Intake: the grid is found from the location; the category gives the default deadline and unit. */
  createCase: (input: NewCaseInput, options?: WriteOptions) => Promise<CaseRecord>
  transitionCase: <A extends CaseAction>(caseId: string, action: A, input: TransitionInput<A>, options?: WriteOptions) => Promise<CaseRecord>
  /** The case's event log, oldest first. */
  listCaseEvents: (caseId: string) => Promise<CaseEvent[]>
  /** Null when the viewer is not a handler of the case, or no contact was given. */
  getCaseContact: (caseId: string) => Promise<CaseContact | null>
  /** Checks (validatePhoto) and stores a photo; answers the id to put in NewCaseInput.photoIds. */
  uploadPhoto: (file: Blob, name: string) => Promise<string>
  /** A URL the browser can show the photo at, or null when it does not exist or the viewer may not see it. */
  photoUrl: (photoId: string) => Promise<string | null>
  /** The viewer's inbox: reminders and supervision notices addressed to them (noticeReaches), newest first, capped at NOTICE_LIST_CAP. */
  listNotices: () => Promise<CaseNotice[]>
  /** Marks one of the viewer's notices read (again is harmless); a notice that is not theirs is refused as not_found. */
  markNoticeRead: (noticeId: string) => Promise<void>
}
