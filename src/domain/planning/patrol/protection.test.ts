import { describe, expect, it } from 'vitest'
import { protectionClock, spotValue, weightedUntil } from './protection'

describe('protection value', () => {
  const clock = protectionClock({ shiftStart: '18:00', shiftLengthMin: 480, hotWindows: [{ start: '20:00', end: '02:00' }], offPeakWeight: 0.5 })

  it('weights hot hours 1 and the rest the off-peak weight, across midnight', () => {
    expect(clock.startMin).toBe(1080)
    expect(weightedUntil(clock, 1080 + 120)).toBe(60)
    expect(weightedUntil(clock, 1080 + 480)).toBe(60 + 360)
    expect(weightedUntil(clock, 9999)).toBe(420)
    expect(weightedUntil(clock, 1080 + 120.5)).toBeCloseTo(60.5, 12)
  })

  it('counts a stop from arrival to departure + 2 h, a revisit only for what it adds', () => {
    const at = 1200 // 20:00
    expect(spotValue(clock, 3, [at], 12)).toBeCloseTo((3 * 132) / 120, 12)
    expect(spotValue(clock, 3, [at, at + 132], 12)).toBeCloseTo((3 * 264) / 120, 12)
    expect(spotValue(clock, 3, [at, at + 10], 12)).toBeCloseTo((3 * 142) / 120, 12)
    // Clipped at the shift end (02:00 = 1560).
    expect(spotValue(clock, 1, [1500], 12)).toBeCloseTo(60 / 120, 12)
  })

  it('refuses bad rules', () => {
    expect(() => protectionClock({ shiftStart: '18:00', shiftLengthMin: 0 })).toThrow(/shift length must be a whole number of minutes in 1–1440, got 0/)
    expect(() => protectionClock({ shiftStart: '8:00', shiftLengthMin: 60 })).toThrow(/shift start must be "HH:MM"/)
    expect(() => protectionClock({ shiftStart: '18:00', shiftLengthMin: 60, offPeakWeight: 2 })).toThrow(/off-peak weight/)
  })
})
