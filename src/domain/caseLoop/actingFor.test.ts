import type { CaseEvent } from './machine'
import { describe, expect, it } from 'vitest'
import { actingUnits } from './actingFor'

function ev(action: CaseEvent['action'], actorId: string, actorRole: CaseEvent['actorRole'], payload: object): CaseEvent {
  return { caseId: 'c', action, from: 'registered', to: 'registered', actorId, actorRole, at: 0, version: 1, payload } as CaseEvent
}

describe('actingUnits', () => {
  it('names the lead unit for the moves a unit officer makes for it, and the co-unit for a 协办反馈', () => {
    const events = [
      ev('register', 'cmd', 'township_commander', { categoryCode: 'x', dueAt: 0, note: null }),
      ev('dispatch', 'cmd', 'township_commander', { leadUnitId: 'police', coUnitIds: ['justice'], assigneeId: null, dueAt: 0, note: null }),
      ev('accept', 'officer', 'grid_worker', { assigneeId: 'officer', note: null }),
      ev('co_report', 'officer', 'grid_worker', { unitId: 'justice', resultText: 'ok', outcome: null }),
      ev('report_back', 'officer', 'grid_worker', { unitId: 'police', resultText: 'ok', outcome: 'resolved' }),
      ev('verify_close', 'cmd', 'township_commander', { callBack: {}, outcome: null, note: null }),
    ]
    expect(actingUnits(events)).toEqual([null, null, 'police', 'justice', 'police', null])
  })

  it('leaves the moves of the dispatched assignee in their own role', () => {
    const events = [
      ev('dispatch', 'cmd', 'township_commander', { leadUnitId: 'police', coUnitIds: [], assigneeId: 'worker', dueAt: 0, note: null }),
      ev('accept', 'worker', 'grid_worker', { assigneeId: 'worker', note: null }),
      ev('report_back', 'worker', 'grid_worker', { unitId: null, resultText: 'ok', outcome: 'resolved' }),
      ev('assign', 'cmd', 'township_commander', { assigneeId: 'other', previousAssigneeId: 'worker' }),
      ev('assign', 'officer', 'grid_worker', { assigneeId: 'third', previousAssigneeId: 'other' }),
    ]
    expect(actingUnits(events)).toEqual([null, null, null, null, 'police'])
  })
})
