import { describe, expect, it } from 'vitest'
import { wallFrame } from './frame'

describe('wallFrame', () => {
  it('maps 1080p one to one and 4K at twice the scale on the same design grid', () => {
    expect(wallFrame(1920, 1080)).toEqual({ scale: 1, width: 1920, height: 1080 })
    expect(wallFrame(3840, 2160)).toEqual({ scale: 2, width: 1920, height: 1080 })
  })
  it('widens the grid on a 32:9 wall instead of shrinking the text', () => {
    expect(wallFrame(3840, 1080)).toEqual({ scale: 1, width: 3840, height: 1080 })
    expect(wallFrame(7680, 2160)).toEqual({ scale: 2, width: 3840, height: 1080 })
  })
  it('survives a zero-sized window', () => {
    expect(wallFrame(0, 0).scale).toBe(1)
  })
})
