import { describe, expect, it } from 'vitest'
import { inWindows, isoWeekday, minutesInWindows, monthDates, onDuty, parseClock, summarizeDays } from './clock'

describe('clock', () => {
  it('parses HH:MM and refuses anything else, saying where', () => {
    expect(parseClock('00:00')).toBe(0)
    expect(parseClock('19:30')).toBe(1170)
    expect(() => parseClock('24:00', 'stop 3 start')).toThrow('stop 3 start must be "HH:MM" between 00:00 and 23:59, got "24:00"')
    expect(() => parseClock('7:30')).toThrow(/got "7:30"/)
  })

  it('handles windows across midnight', () => {
    const night = [{ start: '22:00', end: '02:00' }]
    expect(inWindows(night, 23 * 60)).toBe(true)
    expect(inWindows(night, 60)).toBe(true)
    expect(inWindows(night, 2 * 60)).toBe(false)
    expect(inWindows(night, 1440 + 30)).toBe(true)
    expect(minutesInWindows(night, 21 * 60, 26 * 60)).toBe(240)
    expect(minutesInWindows(night, 0, 2 * 1440)).toBe(480)
    expect(minutesInWindows([{ start: '08:00', end: '09:00' }, { start: '08:30', end: '10:00' }], 0, 1440)).toBe(120)
  })
})

describe('days', () => {
  const may = monthDates(2026, 5)

  it('knows weekdays, months and duty rules', () => {
    expect(may).toHaveLength(31)
    expect(isoWeekday({ year: 2026, month: 5, day: 4 })).toBe(1)
    expect(isoWeekday({ year: 2026, month: 5, day: 3 })).toBe(7)
    expect(monthDates(2028, 2)).toHaveLength(29)
    expect(onDuty({ kind: 'odd' }, { year: 2026, month: 5, day: 31 })).toBe(true)
    expect(onDuty({ kind: 'even' }, { year: 2026, month: 5, day: 31 })).toBe(false)
    expect(onDuty({ kind: 'weekdays', weekdays: [6, 7] }, { year: 2026, month: 5, day: 3 })).toBe(true)
  })

  it('summarizes a set of dates as the roster rule it is', () => {
    expect(summarizeDays(may, may)).toEqual({ kind: 'daily' })
    expect(summarizeDays(may, may.filter(d => d.day % 2 === 0))).toEqual({ kind: 'even' })
    expect(summarizeDays(may, may.filter(d => isoWeekday(d) >= 6))).toEqual({ kind: 'weekdays', weekdays: [6, 7] })
    expect(summarizeDays(may, [may[4]!])).toEqual({ kind: 'dates', dates: [may[4]] })
  })
})
