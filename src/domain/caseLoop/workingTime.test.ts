import type { WorkingCalendar } from './workingTime'
import { afterEach, describe, expect, it } from 'vitest'
import { addWorkingTime, CN_TOWNSHIP_CALENDAR as CN, CN_HOLIDAYS, CN_MAKEUP_WORKDAYS, defaultDueAt, isWorkingDay, isWorkingTime, localDate, nextWorkingInstant, workingDayLength, workingTimeBetween } from './workingTime'

const H = 3_600_000
/** A local Beijing time "YYYY-MM-DDTHH:MM" as epoch ms. */
function bj(s: string): number {
  return Date.parse(`${s}:00+08:00`)
}
function hours(amount: number) {
  return { amount, unit: 'working_hours' as const }
}
function days(amount: number) {
  return { amount, unit: 'working_days' as const }
}
function iso(t: number): string {
  return new Date(t + 8 * H).toISOString().slice(0, 16)
}

describe('calendar', () => {
  it('has a 7.5-hour working day', () => {
    expect(workingDayLength(CN)).toBe(7.5 * H)
  })

  it('reads days in +08:00 whatever UTC says', () => {
    // 07:00 Monday in Beijing is still Sunday in UTC.
    expect(new Date(bj('2026-03-02T07:00')).getUTCDay()).toBe(0)
    expect(isWorkingDay(bj('2026-03-02T07:00'), CN)).toBe(true)
    expect(localDate(bj('2026-03-02T07:00'), CN)).toBe('2026-03-02')
    // 23:30 Sunday in Beijing is 15:30 Sunday UTC: a rest day.
    expect(isWorkingDay(bj('2026-03-01T23:30'), CN)).toBe(false)
  })

  it('honours weekends, holidays and make-up working days', () => {
    expect(isWorkingDay(bj('2026-03-07T10:00'), CN)).toBe(false) // Saturday
    expect(isWorkingDay(bj('2026-02-17T10:00'), CN)).toBe(false) // Spring Festival, Tuesday
    expect(isWorkingDay(bj('2026-02-14T10:00'), CN)).toBe(true) // make-up Saturday
    expect(isWorkingDay(bj('2026-09-20T10:00'), CN)).toBe(true) // make-up Sunday
    expect(isWorkingDay(bj('2026-10-07T10:00'), CN)).toBe(false) // National Day, Wednesday
    expect(isWorkingDay(bj('2025-10-08T10:00'), CN)).toBe(false) // 2025 National Day + Mid-Autumn
  })

  it('knows working periods to the minute', () => {
    expect(isWorkingTime(bj('2026-03-02T08:29'), CN)).toBe(false)
    expect(isWorkingTime(bj('2026-03-02T08:30'), CN)).toBe(true)
    expect(isWorkingTime(bj('2026-03-02T12:00'), CN)).toBe(false)
    expect(isWorkingTime(bj('2026-03-02T13:30'), CN)).toBe(true)
    expect(isWorkingTime(bj('2026-03-02T17:30'), CN)).toBe(false)
  })

  it('lists 2026 holidays as the State Council notice gives them: 33 days off, 6 make-up days', () => {
    expect(CN_HOLIDAYS.filter(d => d.startsWith('2026'))).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7)
    expect(CN_MAKEUP_WORKDAYS.filter(d => d.startsWith('2026'))).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
    // Every make-up day is a weekend day, and no day is both.
    for (const d of CN_MAKEUP_WORKDAYS) {
      expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay())
      expect(CN_HOLIDAYS).not.toContain(d)
    }
  })

  it('refuses a malformed calendar', () => {
    const bad = (over: Partial<WorkingCalendar>) => ({ ...CN, id: 'bad', ...over })
    expect(() => addWorkingTime(0, hours(1), bad({ periods: [] }))).toThrow(/no working periods/)
    expect(() => addWorkingTime(0, hours(1), bad({ periods: [{ start: '9:00', end: '12:00' }] }))).toThrow(/not a time of day/)
    expect(() => addWorkingTime(0, hours(1), bad({ periods: [{ start: '12:00', end: '09:00' }] }))).toThrow(/ends before it starts/)
    expect(() => addWorkingTime(0, hours(1), bad({ periods: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }] }))).toThrow(/overlap/)
    expect(() => addWorkingTime(0, hours(1), bad({ weekendDays: [1, 2, 3, 4, 5, 6, 7], makeUpWorkdays: [] }))).toThrow(/no due date within/)
  })
})

describe('addWorkingTime in working hours', () => {
  it.each([
    ['inside a period', '2026-03-02T09:00', 2, '2026-03-02T11:00'],
    ['across lunch', '2026-03-02T11:00', 2, '2026-03-02T14:30'],
    ['ending exactly at noon', '2026-03-02T09:00', 3, '2026-03-02T12:00'],
    ['across the night', '2026-03-02T17:00', 1, '2026-03-03T09:00'],
    ['across a weekend', '2026-03-06T17:00', 2, '2026-03-09T10:00'],
    ['from a Saturday', '2026-03-07T10:00', 1, '2026-03-09T09:30'],
    ['from before work', '2026-03-02T07:00', 1, '2026-03-02T09:30'],
    ['from the lunch break', '2026-03-02T12:30', 1, '2026-03-02T14:30'],
    ['from the evening', '2026-03-02T20:00', 1, '2026-03-03T09:30'],
    ['from just before midnight', '2026-03-01T23:59', 0.5, '2026-03-02T09:00'],
    ['from just after midnight', '2026-03-03T00:01', 0.5, '2026-03-03T09:00'],
    ['a whole working day', '2026-03-02T08:30', 7.5, '2026-03-02T17:30'],
    ['into a make-up Saturday', '2026-02-13T16:00', 4, '2026-02-14T11:00'],
    ['over the Spring Festival', '2026-02-14T17:00', 1, '2026-02-24T09:00'],
    ['over National Day to a make-up Saturday', '2026-10-09T17:00', 1, '2026-10-10T09:00'],
    ['over New Year to a make-up Sunday', '2025-12-31T17:00', 1, '2026-01-04T09:00'],
  ])('%s: %s + %s h = %s', (_label, start, h, due) => {
    expect(iso(addWorkingTime(bj(start), hours(h), CN))).toBe(due)
  })

  it('returns the start for a zero deadline and refuses negative or non-finite amounts', () => {
    expect(addWorkingTime(bj('2026-03-07T10:00'), hours(0), CN)).toBe(bj('2026-03-07T10:00'))
    expect(() => addWorkingTime(0, hours(-1), CN)).toThrow(RangeError)
    expect(() => addWorkingTime(0, hours(Number.NaN), CN)).toThrow(RangeError)
  })
})

describe('nextWorkingInstant', () => {
  it.each([
    ['inside a period: the instant itself', '2026-03-02T09:00', '2026-03-02T09:00'],
    ['at the start of a period', '2026-03-02T08:30', '2026-03-02T08:30'],
    ['before work', '2026-03-02T07:00', '2026-03-02T08:30'],
    ['at noon, when the morning ends', '2026-03-02T12:00', '2026-03-02T13:30'],
    ['in the lunch break', '2026-03-02T12:45', '2026-03-02T13:30'],
    ['at the close of the day', '2026-03-02T17:30', '2026-03-03T08:30'],
    ['on a Saturday', '2026-03-07T10:00', '2026-03-09T08:30'],
    ['on Friday evening', '2026-03-06T20:00', '2026-03-09T08:30'],
    ['on the eve of the Spring Festival', '2026-02-14T18:00', '2026-02-24T08:30'],
    ['before a make-up Sunday', '2026-09-19T10:00', '2026-09-20T08:30'],
  ])('%s: %s → %s', (_label, t, next) => {
    expect(iso(nextWorkingInstant(bj(t), CN))).toBe(next)
  })

  it('is where a count of working hours starts: a deadline from it equals one from the original instant', () => {
    for (const t of ['2026-03-02T07:00', '2026-03-02T12:45', '2026-03-07T10:00', '2026-02-14T18:00'])
      expect(addWorkingTime(nextWorkingInstant(bj(t), CN), hours(2), CN), t).toBe(addWorkingTime(bj(t), hours(2), CN))
  })

  it('keeps the milliseconds of an instant inside working time', () => {
    expect(nextWorkingInstant(bj('2026-03-02T09:00') + 123, CN)).toBe(bj('2026-03-02T09:00') + 123)
  })
})

describe('addWorkingTime in working days (the starting day is not counted)', () => {
  it.each([
    ['three days from Monday morning', '2026-03-02T10:00', 3, '2026-03-05T17:30'],
    ['one day from before work still skips the day', '2026-03-02T07:00', 1, '2026-03-03T17:30'],
    ['one day from a Saturday', '2026-03-07T10:00', 1, '2026-03-09T17:30'],
    ['one day from Friday evening', '2026-03-06T22:00', 1, '2026-03-09T17:30'],
    ['into a make-up Sunday', '2026-09-18T10:00', 2, '2026-09-21T17:30'],
    ['one day before Mid-Autumn', '2026-09-24T10:00', 1, '2026-09-28T17:30'],
    ['one day before National Day', '2026-09-30T10:00', 1, '2026-10-08T17:30'],
    ['over Labour Day', '2026-04-30T10:00', 3, '2026-05-08T17:30'],
    ['over Labour Day to its make-up Saturday', '2026-04-30T10:00', 4, '2026-05-09T17:30'],
    ['fifteen days over the Spring Festival', '2026-02-09T09:00', 15, '2026-03-06T17:30'],
  ])('%s: %s + %s d = %s', (_label, start, d, due) => {
    expect(iso(addWorkingTime(bj(start), days(d), CN))).toBe(due)
  })

  it('refuses fractional working days', () => {
    expect(() => addWorkingTime(0, days(1.5), CN)).toThrow(/whole number/)
  })
})

describe('defaultDueAt', () => {
  it('counts the subcategory\'s default deadline on the calendar', () => {
    // 0101 neighbour dispute: 5 working days; 0303 open burning: 8 working hours.
    expect(iso(defaultDueAt('0101', bj('2026-09-30T10:00'), CN))).toBe('2026-10-13T17:30')
    expect(iso(defaultDueAt('0303', bj('2026-03-06T16:00'), CN))).toBe('2026-03-09T16:30')
    expect(() => defaultDueAt('0198', 0, CN)).toThrow(/Unknown case category/)
  })
})

describe('workingTimeBetween', () => {
  it.each([
    ['morning to afternoon', '2026-03-02T09:00', '2026-03-02T14:00', 3.5],
    ['over a weekend', '2026-03-06T17:00', '2026-03-09T10:00', 2],
    ['within a lunch break', '2026-03-02T12:10', '2026-03-02T13:20', 0],
    ['over the Spring Festival: 13th, make-up 14th, then 24th', '2026-02-13T08:30', '2026-02-25T08:30', 22.5],
    ['a holiday alone', '2026-10-01T00:00', '2026-10-08T00:00', 0],
  ])('%s', (_label, a, b, h) => {
    expect(workingTimeBetween(bj(a), bj(b), CN)).toBe(h * H)
    expect(workingTimeBetween(bj(b), bj(a), CN)).toBe(h === 0 ? 0 : -h * H)
  })

  it('inverts addWorkingTime for every start over three weeks around the Spring Festival', () => {
    const from = bj('2026-02-08T00:00')
    let checked = 0
    for (let t = from; t < from + 21 * 24 * H; t += 37 * 60_000) {
      for (const h of [0.25, 1, 3.5, 7.5, 20]) {
        const due = addWorkingTime(t, hours(h), CN)
        expect(workingTimeBetween(t, due, CN)).toBe(h * H)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(4000)
  })
})

describe('independence from the machine\'s time zone', () => {
  const saved = process.env.TZ
  afterEach(() => {
    process.env.TZ = saved
  })

  it('gives the same answers under UTC, New York and Kathmandu', () => {
    const answers = ['UTC', 'America/New_York', 'Asia/Kathmandu'].map((tz) => {
      process.env.TZ = tz
      return [
        addWorkingTime(bj('2026-02-13T16:00'), hours(4), CN),
        addWorkingTime(bj('2026-09-30T10:00'), days(1), CN),
        workingTimeBetween(bj('2026-03-06T17:00'), bj('2026-03-09T10:00'), CN),
      ]
    })
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
  })
})

describe('urgent categories run on the clock', () => {
  it('gives a group incident reported at 16:12 a deadline two hours later, not the next morning', () => {
    // 0801 群体性事件: 2 hours. On the working clock 16:12 + 2 h would be 09:12 the next working day.
    expect(iso(defaultDueAt('0801', bj('2026-03-04T16:12'), CN))).toBe('2026-03-04T18:12')
    expect(iso(addWorkingTime(bj('2026-03-04T16:12'), hours(2), CN))).toBe('2026-03-05T09:12')
  })

  it('counts through nights, weekends and holidays', () => {
    expect(iso(addWorkingTime(bj('2026-03-07T23:00'), { amount: 4, unit: 'clock_hours' }, CN))).toBe('2026-03-08T03:00')
    expect(iso(defaultDueAt('0805', bj('2026-10-01T22:30'), CN))).toBe('2026-10-02T02:30')
  })

  it('keeps non-urgent hour deadlines on the working clock', () => {
    // 0303 露天焚烧: 8 working hours.
    expect(iso(defaultDueAt('0303', bj('2026-03-04T16:12'), CN))).not.toBe('2026-03-05T00:12')
  })
})
