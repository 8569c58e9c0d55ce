import { describe, expect, it } from 'vitest'
import { addWorkingTime, HOUR, isoWeekday, isWorkingTime, localDay } from './workingTime'

// Local (UTC+8) wall-clock time as epoch ms.
function cst(y: number, m: number, d: number, h = 0, min = 0): number {
  return Date.UTC(y, m - 1, d, h - 8, min)
}

describe('working time', () => {
  it('knows the local weekday', () => {
    expect(isoWeekday(localDay(cst(2026, 11, 2, 0, 30)))).toBe(1) // Monday just after local midnight
    expect(isoWeekday(localDay(cst(2026, 11, 1, 23, 59)))).toBe(7)
  })

  it('counts working days to the end of the last day, skipping the weekend', () => {
    // Friday 15:00 + 1 working day → Monday 17:30.
    expect(addWorkingTime(cst(2026, 11, 6, 15), { amount: 1, unit: 'working_days' })).toBe(cst(2026, 11, 9, 17, 30))
    // Wednesday + 5 working days → next Wednesday 17:30.
    expect(addWorkingTime(cst(2026, 11, 4, 9), { amount: 5, unit: 'working_days' })).toBe(cst(2026, 11, 11, 17, 30))
  })

  it('counts working hours within 08:30–17:30 on weekdays', () => {
    expect(addWorkingTime(cst(2026, 11, 4, 9), { amount: 2, unit: 'working_hours' })).toBe(cst(2026, 11, 4, 11))
    // Friday 16:30 + 2 h → 1 h on Friday, 1 h on Monday.
    expect(addWorkingTime(cst(2026, 11, 6, 16, 30), { amount: 2, unit: 'working_hours' })).toBe(cst(2026, 11, 9, 9, 30))
    // Saturday night + 8 h → Monday 16:30.
    expect(addWorkingTime(cst(2026, 11, 7, 22), { amount: 8, unit: 'working_hours' })).toBe(cst(2026, 11, 9, 16, 30))
    // Early morning starts at 08:30.
    expect(addWorkingTime(cst(2026, 11, 4, 6), { amount: 1, unit: 'working_hours' })).toBe(cst(2026, 11, 4, 9, 30))
  })

  it('tells working time apart', () => {
    expect(isWorkingTime(cst(2026, 11, 4, 10))).toBe(true)
    expect(isWorkingTime(cst(2026, 11, 4, 18))).toBe(false)
    expect(isWorkingTime(cst(2026, 11, 7, 10))).toBe(false)
    expect(cst(2026, 11, 4, 11) - cst(2026, 11, 4, 9)).toBe(2 * HOUR)
  })
})
