// The 15-minute rule: an urgent event (a group incident, a serious accident) must be registered
// at the township centre within 15 minutes of being reported. Urgent cases start at the township
// level (initialEscalationLevel), so whoever registers them is at least a township commander.
import type { CaseRecord, Millis } from '../types'

/** Time allowed between reporting an urgent case and its registration at the township centre. */
export const URGENT_REGISTRATION_MS = 15 * 60_000

/**
 * - `not_urgent`: the rule does not apply;
 * - `pending`: not registered yet, still within the 15 minutes;
 * - `met`: registered within the 15 minutes;
 * - `breached`: registered late, or still unregistered after 15 minutes;
 * - `cancelled`: withdrawn as a duplicate or invalid report before registration.
 */
export type UrgentRegistrationKind = 'not_urgent' | 'pending' | 'met' | 'breached' | 'cancelled'

/** Where an urgent case stands against the 15-minute rule. */
export interface UrgentRegistrationState {
  kind: UrgentRegistrationKind
  /** reportedAt + 15 minutes. */
  deadline: Millis
  /** Until the deadline: from `now` while unregistered, from registration once registered; negative when late. */
  remainingMs: number
  breached: boolean
}

/** The 15-minute countdown of a case at `now`, for the countdown display and breach flag. */
export function urgentRegistrationState(
  c: Pick<CaseRecord, 'urgent' | 'status' | 'reportedAt' | 'registeredAt'>,
  now: Millis,
): UrgentRegistrationState {
  const deadline = c.reportedAt + URGENT_REGISTRATION_MS
  if (!c.urgent)
    return { kind: 'not_urgent', deadline, remainingMs: deadline - now, breached: false }
  if (c.registeredAt !== null) {
    const remainingMs = deadline - c.registeredAt
    return { kind: remainingMs >= 0 ? 'met' : 'breached', deadline, remainingMs, breached: remainingMs < 0 }
  }
  if (c.status === 'cancelled')
    return { kind: 'cancelled', deadline, remainingMs: 0, breached: false }
  const remainingMs = deadline - now
  return { kind: remainingMs >= 0 ? 'pending' : 'breached', deadline, remainingMs, breached: remainingMs < 0 }
}
