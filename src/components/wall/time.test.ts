import { describe, expect, it } from 'vitest'
import { clockText, countdownText, dateText, lostSince, minuteText, WALL_STALE_MS } from './time'

const bj = (s: string) => Date.parse(`${s}+08:00`)

describe('wall times', () => {
  it('shows Beijing time whatever the machine zone', () => {
    expect(clockText(bj('2026-12-03T23:59:07'))).toBe('23:59:07')
    expect(minuteText(bj('2026-12-04T00:01:00'))).toBe('00:01')
    expect(dateText(bj('2026-12-04T00:01:00'))).toBe('2026-12-04')
  })
  it('counts down in minutes and seconds', () => {
    expect(countdownText(14 * 60_000 + 59_900)).toBe('14:59')
    expect(countdownText(-61_000)).toBe('01:01')
  })
  it('says the connection is lost only after the stated time without fresh data', () => {
    expect(lostSince(1000, 1000 + WALL_STALE_MS - 1)).toBeNull()
    expect(lostSince(1000, 1000 + WALL_STALE_MS)).toBe(1000)
  })
})
