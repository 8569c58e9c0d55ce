import { describe, expect, it } from 'vitest'
import { nextStop, parseCarouselSeconds, parseSpeed } from './carousel'

describe('carousel', () => {
  it('goes from the territory through each child in order and back', () => {
    const order = ['v3', 'v1', 'v2']
    const seen: Array<string | null> = []
    let stop: string | null = null
    for (let i = 0; i < 5; i++) {
      stop = nextStop(order, stop)
      seen.push(stop)
    }
    expect(seen).toEqual(['v3', 'v1', 'v2', null, 'v3'])
  })
  it('returns to the territory when the current stop left the order, and stays there without children', () => {
    expect(nextStop(['v1', 'v2'], 'gone')).toBeNull()
    expect(nextStop([], null)).toBeNull()
  })
  it('reads the interval and speed from the URL', () => {
    expect(parseCarouselSeconds('30')).toBe(30)
    expect(parseCarouselSeconds('1')).toBe(5)
    expect(parseCarouselSeconds(undefined)).toBe(0)
    expect(parseCarouselSeconds('soon')).toBe(0)
    expect(parseSpeed('600')).toBe(600)
    expect(parseSpeed('-2')).toBe(1)
    expect(parseSpeed('1e9')).toBe(10_000)
  })
})
