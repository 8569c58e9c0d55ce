import { describe, expect, it } from 'vitest'
import { scrollToReveal, virtualWindow } from './virtualWindow'

describe('virtualWindow', () => {
  it('renders only the visible rows plus overscan out of 10,000', () => {
    const w = virtualWindow(0, 600, 50, 10_000, 5)
    expect(w).toEqual({ start: 0, end: 17, offsetPx: 0, totalPx: 500_000 })
  })

  it('follows the scroll position', () => {
    const w = virtualWindow(250_000, 600, 50, 10_000, 5)
    expect(w.start).toBe(4995)
    expect(w.end).toBe(5017)
    expect(w.offsetPx).toBe(4995 * 50)
  })

  it('keeps the DOM small anywhere in a long list', () => {
    for (const top of [0, 1234, 99_999, 333_333, 499_400]) {
      const w = virtualWindow(top, 900, 52, 10_000)
      expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(900 / 52) + 1 + 12)
      // The visible band is always covered.
      expect(w.start * 52).toBeLessThanOrEqual(top)
      expect(w.end * 52).toBeGreaterThanOrEqual(Math.min(top + 900, 10_000 * 52))
    }
  })

  it('ends at the last row and clamps a scroll position past the end', () => {
    const w = virtualWindow(1_000_000, 600, 50, 100, 2)
    expect(w.end).toBe(100)
    expect(w.start).toBe(86)
  })

  it('handles empty and short lists', () => {
    expect(virtualWindow(0, 600, 50, 0)).toEqual({ start: 0, end: 0, offsetPx: 0, totalPx: 0 })
    expect(virtualWindow(0, 600, 50, 3)).toEqual({ start: 0, end: 3, offsetPx: 0, totalPx: 150 })
  })

  it('shows at least one row before the viewport is measured', () => {
    expect(virtualWindow(0, 0, 50, 100, 0)).toEqual({ start: 0, end: 1, offsetPx: 0, totalPx: 5000 })
  })

  it('refuses a non-positive row height', () => {
    expect(() => virtualWindow(0, 600, 0, 10)).toThrow(RangeError)
  })
})

describe('scrollToReveal', () => {
  it('scrolls up or down just enough, or not at all', () => {
    expect(scrollToReveal(10, 1000, 300, 50)).toBe(500)
    expect(scrollToReveal(30, 1000, 300, 50)).toBe(1250)
    expect(scrollToReveal(21, 1000, 300, 50)).toBeNull()
  })
})
