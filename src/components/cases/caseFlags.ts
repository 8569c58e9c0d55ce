// The warnings every appearance of a case carries: due soon / overdue against its deadline, and
// the 15-minute countdown of an urgent case not yet registered.
import type { UrgentRegistrationState, WorkingCalendar } from '~/domain/caseLoop'
import type { DeadlineState } from '~/domain/casePredicates'
import type { CaseRecord, Millis } from '~/domain/types'
import { CN_TOWNSHIP_CALENDAR, urgentRegistrationState } from '~/domain/caseLoop'
import { deadlineState } from '~/domain/casePredicates'

/** The flags of one case at one instant. */
export interface CaseFlags {
  deadline: DeadlineState
  /** The 15-minute rule while it matters (pending, or breached); null otherwise. */
  urgent: UrgentRegistrationState | null
}

/** Flags of `c` at `now` on the territory's working calendar. */
export function caseFlags(c: CaseRecord, now: Millis, cal: WorkingCalendar = CN_TOWNSHIP_CALENDAR): CaseFlags {
  const u = urgentRegistrationState(c, now)
  // A registration that was late stays on record, but the countdown is only news until registration.
  const showUrgent = u.kind === 'pending' || (u.kind === 'breached' && c.registeredAt === null)
  return { deadline: deadlineState(c, now, cal), urgent: showUrgent ? u : null }
}

/** "mm:ss" of a remaining time; past the deadline the overrun, unsigned (the caller says it is late). */
export function formatCountdown(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
  return h > 0 ? `${h}:${mmss}` : mmss
}
