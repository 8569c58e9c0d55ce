import { describe, expect, it } from 'vitest'
import { CASE_ACTIONS, CaseInputError, validateTransitionInput } from '~/domain/caseLoop'
import { ACTION_FIELDS, ACTION_ORDER, actionInput, emptyActionForm, orderActions } from './actionForms'

describe('action forms', () => {
  it('has a form and a place in the button order for every action', () => {
    expect(Object.keys(ACTION_FIELDS).sort()).toEqual([...CASE_ACTIONS].sort())
    expect([...ACTION_ORDER].sort()).toEqual([...CASE_ACTIONS].sort())
  })

  it('builds a dispatch that the domain accepts, with only dispatch fields', () => {
    const v = { ...emptyActionForm(), leadUnitId: 'police', coUnitIds: ['justice'], reason: 'ignored', note: '' }
    const input = actionInput('dispatch', v, 3)
    expect(input).toEqual({ expectedVersion: 3, leadUnitId: 'police', coUnitIds: ['justice'] })
    expect(validateTransitionInput('dispatch', input)).toEqual(input)
  })

  it('lets the domain name the missing field of an empty form', () => {
    const cases: Array<[Parameters<typeof actionInput>[0], string]> = [
      ['dispatch', 'leadUnitId'],
      ['report_back', 'resultText'],
      ['escalate', 'reason'],
      ['send_back_down', 'reason'],
      ['supervise', 'reason'],
      ['verify_close', 'callBack.method'],
      ['cancel', 'kind'],
    ]
    for (const [action, field] of cases) {
      let err: unknown
      try {
        validateTransitionInput(action, actionInput(action, emptyActionForm(), 1))
      }
      catch (e) {
        err = e
      }
      expect(err, action).toBeInstanceOf(CaseInputError)
      expect((err as CaseInputError).field, action).toBe(field)
    }
  })

  it('records a call-back, and drops the satisfaction when nobody was called', () => {
    const phone = actionInput('verify_close', { ...emptyActionForm(), callBackMethod: 'phone', callBackSatisfaction: 'satisfied' }, 5)
    expect(validateTransitionInput('verify_close', phone)).toEqual({ expectedVersion: 5, callBack: { method: 'phone', satisfaction: 'satisfied', note: null } })
    const none = actionInput('verify_close', { ...emptyActionForm(), callBackMethod: 'none', callBackSatisfaction: 'satisfied', callBackNote: '匿名举报' }, 5)
    expect(none).toMatchObject({ callBack: { method: 'none', satisfaction: null, note: '匿名举报' } })
  })

  it('sends the duplicate id only for a duplicate', () => {
    const f = { ...emptyActionForm(), kind: 'invalid', duplicateOfId: 'c9', reason: 'r' }
    expect(actionInput('cancel', f, 1)).toEqual({ expectedVersion: 1, kind: 'invalid', reason: 'r' })
    expect(actionInput('cancel', { ...f, kind: 'duplicate' }, 1)).toEqual({ expectedVersion: 1, kind: 'duplicate', duplicateOfId: 'c9', reason: 'r' })
  })

  it('orders buttons forward steps first', () => {
    expect(orderActions(['cancel', 'escalate', 'dispatch', 'remind'])).toEqual(['dispatch', 'remind', 'escalate', 'cancel'])
  })
})
