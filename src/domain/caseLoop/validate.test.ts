import type { CaseInputReason } from './validate'
import { describe, expect, it } from 'vitest'
import { allInputErrors, CaseInputError, isPhoneNumber, TEXT_LIMITS, validateLngLat, validateNewCase, validateTransitionInput } from './validate'

const GOOD = {
  categoryCode: '0101',
  title: '  东岭村三组邻里宅基地纠纷  ',
  description: '两户因宅基地边界发生争执，需村调委会调解。',
  source: 'patrol',
  location: [120.1, 30.2],
}

function inputError(fn: () => unknown): CaseInputError {
  try {
    fn()
  }
  catch (e) {
    if (e instanceof CaseInputError)
      return e
    throw e
  }
  throw new Error('expected a CaseInputError, but the input was accepted')
}

describe('validateNewCase', () => {
  it('reports every field at fault at once, in form order, not only the first', () => {
    const e = inputError(() => validateNewCase({ title: 'x'.repeat(TEXT_LIMITS.title + 1), location: [500, 30], reporterPhone: '12' }))
    expect(allInputErrors(e).map(p => [p.field, p.reason])).toEqual([
      ['categoryCode', 'required'],
      ['title', 'too_long'],
      ['description', 'required'],
      ['source', 'required'],
      ['location', 'out_of_range'],
      ['reporterPhone', 'invalid'],
    ])
  })

  it('reports every field of an action at once', () => {
    const e = inputError(() => validateTransitionInput('cancel', { expectedVersion: 1 }))
    expect(allInputErrors(e).map(p => p.field)).toEqual(['kind', 'reason'])
  })

  it('accepts a good case, trims text and fills the optional fields', () => {
    expect(validateNewCase(GOOD)).toEqual({
      categoryCode: '0101',
      title: '东岭村三组邻里宅基地纠纷',
      description: '两户因宅基地边界发生争执，需村调委会调解。',
      source: 'patrol',
      urgent: false,
      location: [120.1, 30.2],
      address: null,
      reporterName: null,
      reporterPhone: null,
      photoIds: [],
    })
  })

  it('stores HTML verbatim: nothing is stripped or escaped (the UI renders it as text)', () => {
    const html = '<img src=x onerror="alert(1)"><b>噪音</b> & 扰民'
    const out = validateNewCase({ ...GOOD, title: '<script>alert(1)</script>', description: html, reporterName: '<i>张</i>' })
    expect(out.title).toBe('<script>alert(1)</script>')
    expect(out.description).toBe(html)
    expect(out.reporterName).toBe('<i>张</i>')
  })

  it('counts characters, not UTF-16 units: 80 Chinese characters or 80 emoji fit a title', () => {
    expect(validateNewCase({ ...GOOD, title: '纠'.repeat(80) }).title).toHaveLength(80)
    expect(validateNewCase({ ...GOOD, title: '🚒'.repeat(80) }).title).toHaveLength(160)
  })

  it.each([
    ['title', undefined, 'required'],
    ['title', '   ', 'required'],
    ['title', 42, 'invalid'],
    ['title', '纠'.repeat(TEXT_LIMITS.title + 1), 'too_long'],
    ['title', 'a\u0000b', 'invalid'],
    ['description', undefined, 'required'],
    ['description', '述'.repeat(TEXT_LIMITS.description + 1), 'too_long'],
    ['categoryCode', undefined, 'required'],
    ['categoryCode', '0198', 'unknown_category'],
    ['categoryCode', '01', 'unknown_category'],
    ['source', 'rumour', 'invalid'],
    ['source', undefined, 'required'],
    ['urgent', 'yes', 'invalid'],
    ['location', undefined, 'required'],
    ['location', [120.1], 'invalid'],
    ['location', '120.1,30.2', 'invalid'],
    ['location', [Number.NaN, 30], 'invalid'],
    ['location', [120, Number.POSITIVE_INFINITY], 'invalid'],
    ['location', [181, 30], 'out_of_range'],
    ['location', [120, -91], 'out_of_range'],
    ['address', '址'.repeat(TEXT_LIMITS.address + 1), 'too_long'],
    ['reporterName', '名'.repeat(TEXT_LIMITS.reporterName + 1), 'too_long'],
    ['reporterPhone', '12345678901', 'invalid'],
    ['reporterPhone', 12345, 'invalid'],
    ['photoIds', Array.from({ length: 10 }, (_, i) => `p${i}`), 'too_long'],
    ['photoIds', ['p1', ''], 'required'],
    ['photoIds', 'p1', 'invalid'],
  ] as [string, unknown, CaseInputReason][])('refuses %s = %j (%s), naming the field', (field, value, reason) => {
    const e = inputError(() => validateNewCase({ ...GOOD, [field]: value }))
    expect(e.reason).toBe(reason)
    expect(e.field.startsWith(field)).toBe(true)
    expect(e.message.startsWith(`${e.field}: `)).toBe(true)
  })

  it('explains an unknown category with what the tree knows', () => {
    expect(inputError(() => validateNewCase({ ...GOOD, categoryCode: '0198' })).message).toMatch(/has no subcategory 0198 \(known: 0101/)
    expect(inputError(() => validateNewCase({ ...GOOD, categoryCode: '01' })).message).toMatch(/major category/)
  })

  it('takes a territory\'s own category list when given', () => {
    const only0301 = { isKnownCategory: (c: string) => c === '0301' }
    expect(inputError(() => validateNewCase(GOOD, only0301)).reason).toBe('unknown_category')
    expect(validateNewCase({ ...GOOD, categoryCode: '0301' }, only0301).categoryCode).toBe('0301')
  })

  it('keeps contact details and the urgent flag when given', () => {
    const out = validateNewCase({ ...GOOD, urgent: true, reporterName: ' 李女士 ', reporterPhone: '138 1234 5678', address: '东岭村三组12号', photoIds: ['p1'] })
    expect(out).toMatchObject({ urgent: true, reporterName: '李女士', reporterPhone: '138 1234 5678', address: '东岭村三组12号', photoIds: ['p1'] })
  })

  it('refuses something that is not an object', () => {
    expect(inputError(() => validateNewCase(null)).field).toBe('case')
    expect(inputError(() => validateNewCase([GOOD])).field).toBe('case')
  })
})

describe('isPhoneNumber', () => {
  it.each(['13812345678', '+8613812345678', '+86 138 1234 5678', '86-138-1234-5678', '0571-88886666', '057188886666', '010-12345678', '010-12345678-123'])('accepts %s', (p) => {
    expect(isPhoneNumber(p)).toBe(true)
  })
  it.each(['12345678901', '1381234567', '138123456789', '110', 'abc', '571-88886666', '0571-888866', '+1 415 555 0100'])('refuses %s', (p) => {
    expect(isPhoneNumber(p)).toBe(false)
  })
})

describe('validateLngLat', () => {
  it('accepts the edges of the range and names the field it was given', () => {
    expect(validateLngLat([-180, 90])).toEqual([-180, 90])
    expect(inputError(() => validateLngLat([0, 100], 'point')).field).toBe('point')
  })
})

describe('validateTransitionInput', () => {
  it('trims text and keeps the version', () => {
    expect(validateTransitionInput('escalate', { reason: ' 涉及多村 ', expectedVersion: 3 })).toEqual({ reason: '涉及多村', expectedVersion: 3 })
  })

  it('leaves optional fields absent rather than undefined', () => {
    expect(Object.keys(validateTransitionInput('dispatch', { leadUnitId: 'police', expectedVersion: 0 }))).toEqual(['leadUnitId', 'expectedVersion'])
  })

  it('refuses a non-object and a missing or fractional version', () => {
    expect(inputError(() => validateTransitionInput('accept', 'go')).field).toBe('input')
    expect(inputError(() => validateTransitionInput('accept', {})).field).toBe('expectedVersion')
    expect(inputError(() => validateTransitionInput('accept', { expectedVersion: 1.5 })).field).toBe('expectedVersion')
  })

  it.each([
    ['reopen', { reason: '因'.repeat(TEXT_LIMITS.reason + 1) }, 'reason', 'too_long'],
    ['report_back', { resultText: '果'.repeat(TEXT_LIMITS.resultText + 1), outcome: 'resolved' }, 'resultText', 'too_long'],
    ['remind', { message: '催'.repeat(TEXT_LIMITS.message + 1) }, 'message', 'too_long'],
    ['dispatch', { leadUnitId: 'police', coUnitIds: Array.from({ length: 11 }, (_, i) => `u${i}`) }, 'coUnitIds', 'too_long'],
    ['verify_close', { callBack: 'ok' }, 'callBack', 'invalid'],
    ['verify_close', { callBack: { method: 'email', satisfaction: 'satisfied' } }, 'callBack.method', 'invalid'],
  ] as const)('%s with %j → %s %s', (action, raw, field, reason) => {
    const e = inputError(() => validateTransitionInput(action, { ...raw, expectedVersion: 0 }))
    expect(e.field).toBe(field)
    expect(e.reason).toBe(reason)
  })
})
