import { describe, expect, it } from 'vitest'
import { URGENT_REGISTRATION_MS, urgentRegistrationState } from './urgent'

const REPORTED = Date.UTC(2026, 4, 9, 2, 0)
const MIN = 60_000

function urgentCase(over: { urgent?: boolean, registeredAt?: number | null, status?: 'reported' | 'registered' | 'cancelled' } = {}) {
  return { urgent: true, status: 'reported' as const, reportedAt: REPORTED, registeredAt: null, ...over }
}

describe('urgentRegistrationState', () => {
  it('counts down 15 minutes from the report', () => {
    expect(URGENT_REGISTRATION_MS).toBe(15 * MIN)
    expect(urgentRegistrationState(urgentCase(), REPORTED + 4 * MIN)).toEqual({ kind: 'pending', deadline: REPORTED + 15 * MIN, remainingMs: 11 * MIN, breached: false })
  })

  it('is still pending at exactly 15 minutes and breached a millisecond later', () => {
    expect(urgentRegistrationState(urgentCase(), REPORTED + 15 * MIN).kind).toBe('pending')
    const late = urgentRegistrationState(urgentCase(), REPORTED + 15 * MIN + 1)
    expect(late).toMatchObject({ kind: 'breached', breached: true, remainingMs: -1 })
  })

  it('judges a registered case by its registration time, not by now', () => {
    const onTime = urgentCase({ status: 'registered', registeredAt: REPORTED + 14 * MIN })
    expect(urgentRegistrationState(onTime, REPORTED + 3 * 60 * MIN)).toMatchObject({ kind: 'met', breached: false, remainingMs: MIN })
    const late = urgentCase({ status: 'registered', registeredAt: REPORTED + 16 * MIN })
    expect(urgentRegistrationState(late, REPORTED + 16 * MIN)).toMatchObject({ kind: 'breached', breached: true, remainingMs: -MIN })
  })

  it('does not apply to ordinary cases or to reports cancelled before registration', () => {
    expect(urgentRegistrationState(urgentCase({ urgent: false }), REPORTED + 60 * MIN)).toMatchObject({ kind: 'not_urgent', breached: false })
    expect(urgentRegistrationState(urgentCase({ status: 'cancelled' }), REPORTED + 60 * MIN)).toMatchObject({ kind: 'cancelled', breached: false })
  })
})
