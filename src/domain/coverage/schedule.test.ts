import type { PatrolSchedule } from '../types'
import { describe, expect, it } from 'vitest'
import { caseMatchesFilter, countsUnderFilter, localTime, onDutyAt, parseClock } from './schedule'

const CN = 480
// 2026-11-03 is a Tuesday; local times below are China time (UTC+8).
const at = (day: number, hh: number, mm = 0) => Date.UTC(2026, 10, day, hh - 8, mm)

describe('clock and calendar', () => {
  it('parses HH:MM and refuses the rest', () => {
    expect(parseClock('08:30')).toBe(510)
    expect(parseClock('24:00')).toBe(1440)
    expect(parseClock('24:01')).toBeNull()
    expect(parseClock('8h')).toBeNull()
    expect(parseClock('12:60')).toBeNull()
  })

  it('reads the local day, ISO weekday and minute', () => {
    expect(localTime(at(3, 7, 15), CN)).toEqual({ dayOfMonth: 3, weekday: 2, minute: 435 })
    // 23:30 UTC on the 7th is already Sunday the 8th in China.
    expect(localTime(Date.UTC(2026, 10, 7, 23, 30), CN)).toEqual({ dayOfMonth: 8, weekday: 7, minute: 450 })
  })
})

describe('on duty at an instant', () => {
  const oddEvening: PatrolSchedule = { days: { kind: 'odd' }, windows: [{ start: '19:00', end: '21:30' }] }
  const evenNight: PatrolSchedule = { days: { kind: 'even' }, windows: [{ start: '22:00', end: '02:00' }] }
  const weekdaysMorning: PatrolSchedule = { days: { kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }, windows: [{ start: '07:00', end: '08:15' }] }

  it('an odd-day team covers odd days only, inside its window', () => {
    expect(onDutyAt(oddEvening, localTime(at(3, 20), CN))).toBe(true)
    expect(onDutyAt(oddEvening, localTime(at(4, 20), CN))).toBe(false)
    expect(onDutyAt(oddEvening, localTime(at(3, 21, 30), CN))).toBe(false)
    expect(onDutyAt(oddEvening, localTime(at(3, 18, 59), CN))).toBe(false)
  })

  it('a night window belongs to the day it starts', () => {
    expect(onDutyAt(evenNight, localTime(at(4, 23), CN))).toBe(true)
    expect(onDutyAt(evenNight, localTime(at(5, 1), CN))).toBe(true)
    expect(onDutyAt(evenNight, localTime(at(4, 1), CN))).toBe(false)
    expect(onDutyAt(evenNight, localTime(at(5, 23), CN))).toBe(false)
  })

  it('weekday rotas follow ISO weekdays', () => {
    expect(onDutyAt(weekdaysMorning, localTime(at(3, 7, 30), CN))).toBe(true)
    expect(onDutyAt(weekdaysMorning, localTime(at(8, 7, 30), CN))).toBe(false)
  })
})

describe('duty filter', () => {
  const odd: PatrolSchedule = { days: { kind: 'odd' }, windows: [{ start: '19:00', end: '21:30' }] }
  const daily: PatrolSchedule = { days: { kind: 'daily' }, windows: [{ start: '20:00', end: '02:00' }] }
  const weekdays: PatrolSchedule = { days: { kind: 'weekdays', weekdays: [2, 4, 6] }, windows: [{ start: '19:00', end: '22:00' }] }

  it('counts every route when there is no filter', () => {
    expect(countsUnderFilter('volunteer', odd, undefined)).toBe(true)
  })

  it('an even-day filter drops odd-day teams and keeps daily ones', () => {
    expect(countsUnderFilter('volunteer', odd, { days: 'even' })).toBe(false)
    expect(countsUnderFilter('volunteer', odd, { days: 'odd' })).toBe(true)
    expect(countsUnderFilter('police', daily, { days: 'even' })).toBe(true)
    // Tuesdays, Thursdays and Saturdays are not every odd day.
    expect(countsUnderFilter('militia', weekdays, { days: 'odd' })).toBe(false)
    expect(countsUnderFilter('militia', weekdays, { weekday: 4 })).toBe(true)
    expect(countsUnderFilter('militia', weekdays, { weekday: 5 })).toBe(false)
  })

  it('an hour counts when some window overlaps it, past midnight included', () => {
    expect(countsUnderFilter('volunteer', odd, { days: 'odd', hour: 21 })).toBe(true)
    expect(countsUnderFilter('volunteer', odd, { days: 'odd', hour: 22 })).toBe(false)
    expect(countsUnderFilter('police', daily, { hour: 1 })).toBe(true)
    expect(countsUnderFilter('police', daily, { hour: 2 })).toBe(false)
    // An even-day night shift is still out at 01:00 on the odd day after.
    expect(countsUnderFilter('volunteer', { days: { kind: 'even' }, windows: [{ start: '22:00', end: '02:00' }] }, { days: 'odd', hour: 1 })).toBe(true)
    expect(countsUnderFilter('volunteer', { days: { kind: 'even' }, windows: [{ start: '22:00', end: '02:00' }] }, { days: 'even', hour: 1 })).toBe(false)
  })

  it('selects team kinds', () => {
    expect(countsUnderFilter('volunteer', daily, { kinds: ['police'] })).toBe(false)
    expect(countsUnderFilter('police', daily, { kinds: ['police'] })).toBe(true)
  })

  it('matches cases by day class and hour', () => {
    expect(caseMatchesFilter(localTime(at(3, 20, 10), CN), { days: 'odd', hour: 20 })).toBe(true)
    expect(caseMatchesFilter(localTime(at(4, 20, 10), CN), { days: 'odd' })).toBe(false)
    expect(caseMatchesFilter(localTime(at(3, 21), CN), { hour: 20 })).toBe(false)
    expect(caseMatchesFilter(localTime(at(3, 21), CN), { weekday: 2 })).toBe(true)
  })
})
