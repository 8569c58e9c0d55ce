import { describe, expect, it } from 'vitest'
import { DataError } from '~/data'
import { validateNewCase } from '~/domain/caseLoop'
import { byField, catchInput, dataProblem, problemKey } from './problems'

describe('problems', () => {
  it('puts a domain input refusal on its field, message kept', () => {
    const r = catchInput(() => validateNewCase({ categoryCode: '0301', title: 'x'.repeat(81), description: 'd', source: 'patrol', location: [120, 30] }))
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problem.field).toBe('title')
      expect(r.problem.reason).toBe('too_long')
      expect(r.problem.message).toContain('at most 80')
    }
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
})
