import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { computed, effectScope } from 'vue'
import { createAppClock } from './useAppClock'

describe('the app clock', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('follows its source each second, moves `minute` once a minute, and stops with its scope', () => {
    let t = Date.UTC(2026, 2, 10, 8, 59, 58)
    const scope = effectScope()
    const clock = scope.run(() => createAppClock(() => t))!
    let minuteRuns = 0
    const perMinute = computed(() => {
      minuteRuns++
      return clock.minute.value
    })
    expect(perMinute.value).toBe(Date.UTC(2026, 2, 10, 8, 59))
    for (let i = 0; i < 61; i++) {
      t += 1000
      vi.advanceTimersByTime(1000)
      void perMinute.value
    }
    expect(clock.now.value).toBe(Date.UTC(2026, 2, 10, 9, 0, 59))
    expect(perMinute.value).toBe(Date.UTC(2026, 2, 10, 9, 0))
    expect(minuteRuns).toBe(2)
    // The demo's clock may jump: read() asks the source, not the last tick.
    t += 3_600_000
    expect(clock.read()).toBe(t)
    scope.stop()
    const stopped = clock.now.value
    vi.advanceTimersByTime(5000)
    expect(clock.now.value).toBe(stopped)
  })
})
