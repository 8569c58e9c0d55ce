import { describe, expect, it } from 'vitest'
import { DataError } from '~/data'
import { validateNewCase } from '~/domain/caseLoop'
import en from '~/i18n/locales/en.json'
import zhCN from '~/i18n/locales/zh-CN.json'
import { byField, catchInput, dataProblem, FIELD_PROBLEMS, problemKey, problemText } from './problems'

describe('problems', () => {
  it('puts a domain input refusal on its field, message kept', () => {
    const r = catchInput(() => validateNewCase({ categoryCode: '0301', title: 'x'.repeat(81), description: 'd', source: 'patrol', location: [120, 30] }))
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problems).toHaveLength(1)
      expect(r.problems[0]!.field).toBe('title')
      expect(r.problems[0]!.reason).toBe('too_long')
      expect(r.problems[0]!.message).toContain('at most 80')
    }
  })

  it('gives every problem of an empty intake at once, not only the first', () => {
    const r = catchInput(() => validateNewCase({ categoryCode: '', title: '', description: ' ', source: 'patrol', location: null }))
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.problems.map(p => [p.field, p.reason])).toEqual([['categoryCode', 'required'], ['title', 'required'], ['description', 'required'], ['location', 'required']])
  })

  it('reads field and machine code from a data error, else its kind', () => {
    expect(dataProblem(new DataError('conflict', 'stale', { code: 'stale_version', field: null }))).toEqual({ field: null, reason: 'stale_version', message: 'stale' })
    expect(dataProblem(new DataError('invalid', 'bad unit', { field: 'leadUnitId' }))).toEqual({ field: 'leadUnitId', reason: 'invalid', message: 'bad unit' })
    expect(dataProblem(new DataError('forbidden', 'no'))).toEqual({ field: null, reason: 'forbidden', message: 'no' })
  })

  it('keeps the first problem per field', () => {
    const m = byField([{ field: 'a', reason: 'required', message: '1' }, { field: 'a', reason: 'invalid', message: '2' }, { field: null, reason: 'x', message: '3' }])
    expect(m.a?.message).toBe('1')
    expect(m['']?.message).toBe('3')
  })

  it('falls back to the generic headline for an unknown reason', () => {
    expect(problemKey('stale_version')).toBe('caseProblem.stale_version')
    expect(problemKey('weird')).toBe('caseProblem.invalid')
  })

  it('rethrows what is not an input refusal', () => {
    expect(() => catchInput(() => {
      throw new Error('boom')
    })).toThrow('boom')
  })

  it('speaks of the field in the user\'s words, with the limit, and falls back to the reason\'s headline', () => {
    expect(problemText({ field: 'categoryCode', reason: 'required', message: 'categoryCode: is required (it is blank)' })).toEqual({ key: 'fieldProblem.categoryCode.required', params: {} })
    expect(problemText({ field: 'title', reason: 'too_long', message: 'x' })).toEqual({ key: 'fieldProblem.title.too_long', params: { n: 80 } })
    expect(problemText({ field: 'callBack.note', reason: 'required', message: 'x' })).toEqual({ key: 'fieldProblem.callBackNote.required', params: { n: 500 } })
    expect(problemText({ field: 'photoIds', reason: 'invalid', message: 'x' })).toEqual({ key: 'caseProblem.invalid', params: {} })
    expect(problemText({ field: null, reason: 'stale_version', message: 'x' })).toEqual({ key: 'caseProblem.stale_version', params: {} })
  })

  it('has every field sentence in both languages, with no developer words in it', () => {
    type Tree = Record<string, Record<string, string>>
    for (const [locale, messages] of [['zh-CN', zhCN], ['en', en]] as const) {
      const tree = (messages as unknown as { fieldProblem: Tree }).fieldProblem
      expect(Object.keys(tree).sort(), locale).toEqual(Object.keys(FIELD_PROBLEMS).sort())
      for (const [field, reasons] of Object.entries(FIELD_PROBLEMS)) {
        expect(Object.keys(tree[field]!).sort(), `${locale} ${field}`).toEqual([...reasons].sort())
        for (const text of Object.values(tree[field]!))
          expect(text).not.toMatch(/is required|blank|Id\b|[a-z][A-Z]/)
      }
    }
  })
})
