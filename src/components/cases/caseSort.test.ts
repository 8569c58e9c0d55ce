import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { sortCases } from './caseSort'

function c(code: string, reportedAt: number, dueAt: number, status: CaseRecord['status']): CaseRecord {
  return {
    id: code,
    code,
    categoryCode: '0101',
    title: code,
    description: '',
    source: 'patrol',
    status,
    outcome: null,
    urgent: false,
    location: [0, 0],
    gridId: 'g',
    escalationLevel: 0,
    leadUnitId: null,
    assigneeId: null,
    reportedAt,
    registeredAt: null,
    dispatchedAt: null,
    reportedBackAt: null,
    closedAt: null,
    dueAt,
    supervised: false,
    version: 1,
  }
}

const CASES = [c('A3', 30, 100, 'closed'), c('A1', 10, 300, 'reported'), c('A2', 20, 200, 'dispatched'), c('A0', 20, 50, 'reported')]
const codes = (cs: CaseRecord[]) => cs.map(x => x.code)

describe('sortCases', () => {
  it('sorts by report time, newest first, ties by code', () => {
    expect(codes(sortCases(CASES, 'reported', true))).toEqual(['A3', 'A0', 'A2', 'A1'])
  })

  it('sorts by deadline ascending', () => {
    expect(codes(sortCases(CASES, 'due', false))).toEqual(['A0', 'A3', 'A2', 'A1'])
  })

  it('sorts by status in loop order, not alphabetically', () => {
    expect(codes(sortCases(CASES, 'status', false))).toEqual(['A0', 'A1', 'A2', 'A3'])
  })

  it('sorts by code and leaves the input untouched', () => {
    const input = [...CASES]
    expect(codes(sortCases(input, 'code', true))).toEqual(['A3', 'A2', 'A1', 'A0'])
    expect(input).toEqual(CASES)
  })
})
