// The inbox of reminders (催办) and supervision notices (督办): which logged events reach whom.
// A notice is a `remind` or `supervise` event of the case log, addressed to whoever must act on
// the case: its assignee and the officers of its lead unit. The database's public.my_notices()
// applies the same rule (supabase/migrations/20261204100000_notice_inbox.sql).
import type { CaseRecord, CaseStatus, Millis, Role } from '../types'
import type { CaseEvent } from './machine'
import { TERMINAL_STATUSES } from './machine'

/** The event kinds that reach someone's inbox. */
export const NOTICE_ACTIONS = ['remind', 'supervise'] as const

/** A reminder or a supervision notice. */
export type NoticeKind = typeof NOTICE_ACTIONS[number]

/** The most notices one inbox lists, newest first (private.list_cap('notices') in the database). */
export const NOTICE_LIST_CAP = 200

/** One entry of the viewer's inbox. */
export interface CaseNotice {
  /** Stable id of the notice: the event's id on Supabase, the case and the event's time and sender on the demo. */
  id: string
  kind: NoticeKind
  caseId: string
  caseCode: string
  caseTitle: string
  /** The case's status now, for the list. */
  caseStatus: CaseStatus
  at: Millis
  actorId: string
  actorRole: Role
  /** The reminder's message, or the supervision's reason; null when none was given. */
  message: string | null
  read: boolean
}

/** Who the viewer is as an addressee: the ids a case may be assigned to them under, and their units. */
export interface NoticeAddressee {
  /** Login and staff-record ids, as CaseRecord.assigneeId names them. */
  personIds: readonly string[]
  unitIds: readonly string[]
}

/** Whether an event is a notice at all. */
export function isNoticeEvent(event: Pick<CaseEvent, 'action'>): event is CaseEvent<NoticeKind> {
  return (NOTICE_ACTIONS as readonly string[]).includes(event.action)
}

/**
 * Whether a notice on a case reaches the addressee. A reminder goes to the assignee and the lead
 * unit it was sent to (recorded with it, so a later reassignment does not move it); a supervision
 * goes to whoever handles the case now (its event records no addressee). Nobody is notified of
 * their own act, and a closed or cancelled case notifies no one: there is nothing left to do.
 */
export function noticeReaches(
  event: CaseEvent,
  c: Pick<CaseRecord, 'status' | 'assigneeId' | 'leadUnitId'>,
  who: NoticeAddressee,
): boolean {
  if (!isNoticeEvent(event) || TERMINAL_STATUSES.includes(c.status) || who.personIds.includes(event.actorId))
    return false
  const to = event.action === 'remind'
    ? (event as CaseEvent<'remind'>).payload
    : { assigneeId: c.assigneeId, leadUnitId: c.leadUnitId }
  return (to.assigneeId !== null && who.personIds.includes(to.assigneeId))
    || (to.leadUnitId !== null && who.unitIds.includes(to.leadUnitId))
}

/** The text a notice carries: the reminder's message or the supervision's reason. */
export function noticeMessage(event: CaseEvent<NoticeKind>): string | null {
  return event.action === 'remind' ? (event as CaseEvent<'remind'>).payload.message : (event as CaseEvent<'supervise'>).payload.reason
}

/** Newest first, ties by id, and at most NOTICE_LIST_CAP of them. */
export function sortNotices(notices: readonly CaseNotice[]): CaseNotice[] {
  return [...notices].sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, NOTICE_LIST_CAP)
}

/** How many of the notices are unread. */
export function unreadCount(notices: readonly Pick<CaseNotice, 'read'>[]): number {
  return notices.reduce((n, x) => n + (x.read ? 0 : 1), 0)
}
