import { describe, expect, it } from 'vitest'
import { checkPhotoCount, MAX_PHOTO_BYTES, validatePhoto } from './photos'
import { CaseInputError, MAX_PHOTOS } from './validate'

function refusal(fn: () => unknown): CaseInputError {
  try {
    fn()
  }
  catch (e) {
    expect(e).toBeInstanceOf(CaseInputError)
    return e as CaseInputError
  }
  throw new Error('expected a refusal')
}

describe('validatePhoto', () => {
  it('accepts JPEG, PNG and WebP up to 5 MiB exactly', () => {
    expect(validatePhoto({ type: 'image/jpeg', size: 1, name: 'a.jpg' })).toBe('image/jpeg')
    expect(validatePhoto({ type: 'image/png', size: MAX_PHOTO_BYTES, name: 'b.png' })).toBe('image/png')
    expect(validatePhoto({ type: 'image/webp', size: 0, name: 'c.webp' })).toBe('image/webp')
    expect(MAX_PHOTO_BYTES).toBe(5 * 1024 * 1024)
  })

  it('refuses other types as invalid, naming the file and what is accepted', () => {
    for (const type of ['image/gif', 'application/pdf', '', 'image/svg+xml', 'toString']) {
      const e = refusal(() => validatePhoto({ type, size: 10, name: 'scan.pdf' }))
      expect(e).toMatchObject({ field: 'photoIds', reason: 'invalid' })
      expect(e.message).toContain('"scan.pdf"')
      expect(e.message).toContain('JPEG, PNG and WebP')
    }
  })

  it('refuses a photo over 5 MiB as too_long, naming the file, its size and the limit', () => {
    const e = refusal(() => validatePhoto({ type: 'image/jpeg', size: MAX_PHOTO_BYTES + 1, name: '现场.jpg' }))
    expect(e).toMatchObject({ field: 'photoIds', reason: 'too_long' })
    expect(e.message).toContain('"现场.jpg"')
    expect(e.message).toContain('at most 5.0 MiB')
  })
})

describe('checkPhotoCount', () => {
  it('allows up to MAX_PHOTOS per case and refuses one more', () => {
    expect(() => checkPhotoCount(0, MAX_PHOTOS)).not.toThrow()
    expect(() => checkPhotoCount(MAX_PHOTOS - 1, 1)).not.toThrow()
    const e = refusal(() => checkPhotoCount(MAX_PHOTOS - 1, 2))
    expect(e).toMatchObject({ field: 'photoIds', reason: 'too_long' })
    expect(e.message).toContain(`at most ${MAX_PHOTOS}`)
  })
})
