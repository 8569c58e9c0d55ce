import { describe, expect, it } from 'vitest'
import { deadlineMessage, formatDateTime, formatShortDateTime } from './format'

describe('format', () => {
  it('shows China time regardless of the machine zone', () => {
    const t = Date.parse('2026-11-18T01:05:00Z')
    expect(formatDateTime(t)).toBe('2026-11-18 09:05')
    expect(formatShortDateTime(t)).toBe('11-18 09:05')
    expect(formatDateTime(Date.parse('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30')
  })

  it('names the deadline unit', () => {
    expect(deadlineMessage({ amount: 8, unit: 'working_hours' })).toEqual({ key: 'case.deadline.hours', n: 8 })
    expect(deadlineMessage({ amount: 5, unit: 'working_days' })).toEqual({ key: 'case.deadline.days', n: 5 })
  })
})
