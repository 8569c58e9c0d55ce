import { describe, expect, it } from 'vitest'
import { MAX_PHOTO_BYTES } from './photos'
import { scaledSize, SHRINK_MAX_SIDE, shrinkSteps, shrinkToLimit, shrunkName } from './photoShrink'

// A stand-in encoder whose output size grows with pixels and quality, like JPEG does.
function fakeEncoder(bytesPerPixelAtFull: number) {
  const calls: { width: number, height: number, quality: number }[] = []
  const encode = async (size: { width: number, height: number }, quality: number) => {
    calls.push({ ...size, quality })
    return { size: Math.round(size.width * size.height * bytesPerPixelAtFull * quality) }
  }
  return { calls, encode }
}

describe('shrinkSteps', () => {
  it('brings the longest side down to SHRINK_MAX_SIDE first, then falls in quality before size', () => {
    const steps = shrinkSteps(8000, 6000)
    expect(steps[0]!.scale * 8000).toBeCloseTo(SHRINK_MAX_SIDE)
    expect(steps[0]!.quality).toBeGreaterThan(steps[1]!.quality)
    expect(steps[1]!.scale).toBe(steps[0]!.scale)
    for (let i = 1; i < steps.length; i++)
      expect(steps[i]!.scale).toBeLessThanOrEqual(steps[i - 1]!.scale)
  })

  it('never enlarges a small picture', () => {
    expect(shrinkSteps(800, 600)[0]!.scale).toBe(1)
  })
})

describe('shrinkToLimit', () => {
  it('answers the first encoding under the limit and stops there', async () => {
    const { calls, encode } = fakeEncoder(1.2)
    const out = await shrinkToLimit(4000, 3000, encode)
    expect(out).not.toBeNull()
    expect(out!.blob.size).toBeLessThanOrEqual(MAX_PHOTO_BYTES)
    // Every earlier try was over the limit.
    for (const c of calls.slice(0, -1))
      expect(Math.round(c.width * c.height * 1.2 * c.quality)).toBeGreaterThan(MAX_PHOTO_BYTES)
    expect(calls.at(-1)!.width).toBeLessThanOrEqual(SHRINK_MAX_SIDE)
  })

  it('keeps the aspect ratio (a portrait photo stays portrait)', async () => {
    const { calls, encode } = fakeEncoder(10)
    await shrinkToLimit(3000, 4000, encode)
    for (const c of calls)
      expect(c.width / c.height).toBeCloseTo(0.75, 2)
  })

  it('answers null when nothing fits', async () => {
    const { calls, encode } = fakeEncoder(1e6)
    expect(await shrinkToLimit(4000, 3000, encode)).toBeNull()
    expect(calls).toHaveLength(shrinkSteps(4000, 3000).length)
  })
})

describe('scaledSize and shrunkName', () => {
  it('rounds and keeps at least one pixel', () => {
    expect(scaledSize(1001, 3, 0.5)).toEqual({ width: 501, height: 2 })
    expect(scaledSize(1, 1, 0.01)).toEqual({ width: 1, height: 1 })
  })
  it('renames to .jpg', () => {
    expect(shrunkName('现场.png')).toBe('现场.jpg')
    expect(shrunkName('IMG_1.HEIC.jpeg')).toBe('IMG_1.HEIC.jpg')
    expect(shrunkName('noext')).toBe('noext.jpg')
    expect(shrunkName('')).toBe('photo.jpg')
  })
})
