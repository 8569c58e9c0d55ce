import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { caseFlags, formatCountdown } from './caseFlags'

const MIN = 60_000
// Wednesday 2026-11-18 10:00 in China, a working day.
const NOW = Date.parse('2026-11-18T10:00:00+08:00')

function kase(over: Partial<CaseRecord>): CaseRecord {
  return {
    id: 'c1',
    code: 'QS-1',
    categoryCode: '0801',
    title: 't',
    description: 'd',
    source: 'phone',
    status: 'reported',
    outcome: null,
    urgent: false,
    location: [0, 0],
    gridId: 'g',
    escalationLevel: 0,
    leadUnitId: null,
    assigneeId: null,
    reportedAt: NOW - 5 * MIN,
    registeredAt: null,
    dispatchedAt: null,
    reportedBackAt: null,
    closedAt: null,
    dueAt: NOW + 5 * 24 * 60 * MIN,
    supervised: false,
    version: 1,
    ...over,
  }
}

describe('caseFlags', () => {
  it('counts down an urgent case that is not registered yet', () => {
    const f = caseFlags(kase({ urgent: true }), NOW)
    expect(f.urgent?.kind).toBe('pending')
    expect(f.urgent?.remainingMs).toBe(10 * MIN)
  })

  it('flags an urgent case still unregistered after 15 minutes', () => {
    const f = caseFlags(kase({ urgent: true, reportedAt: NOW - 20 * MIN }), NOW)
    expect(f.urgent?.kind).toBe('breached')
  })

  it('stops the countdown once registered', () => {
    expect(caseFlags(kase({ urgent: true, status: 'registered', registeredAt: NOW - MIN }), NOW).urgent).toBeNull()
    expect(caseFlags(kase({ urgent: false }), NOW).urgent).toBeNull()
  })

  it('marks overdue and due-soon open cases, never closed ones', () => {
    expect(caseFlags(kase({ dueAt: NOW - MIN }), NOW).deadline).toBe('overdue')
    expect(caseFlags(kase({ status: 'closed', closedAt: NOW, dueAt: NOW - MIN }), NOW).deadline).toBe('ok')
    // Registered 09:00, due 17:30 the same day: 7 working hours allowed, 6 left at 10:00.
    expect(caseFlags(kase({ registeredAt: Date.parse('2026-11-18T09:00:00+08:00'), dueAt: Date.parse('2026-11-18T17:30:00+08:00') }), NOW).deadline).toBe('ok')
    // A day's 7.5 working hours allowed, one left at 10:00.
    expect(caseFlags(kase({ registeredAt: Date.parse('2026-11-17T11:00:00+08:00'), dueAt: Date.parse('2026-11-18T11:00:00+08:00') }), NOW).deadline).toBe('due_soon')
  })
})

describe('formatCountdown', () => {
  it('formats minutes and seconds, hours when needed, unsigned', () => {
    expect(formatCountdown(9 * MIN + 5000)).toBe('09:05')
    expect(formatCountdown(-(2 * MIN + 1000))).toBe('02:01')
    expect(formatCountdown(61 * MIN)).toBe('1:01:00')
    expect(formatCountdown(0)).toBe('00:00')
  })
})
