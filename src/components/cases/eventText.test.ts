import type { EventFormatter } from './eventText'
import type { CaseAction, CaseEvent, EventPayloads } from '~/domain/caseLoop'
import { describe, expect, it } from 'vitest'
import { describeEvent } from './eventText'

const f: EventFormatter = {
  t: key => `[${key}]`,
  unit: id => `unit:${id}`,
  person: id => `person:${id}`,
  time: t => `time:${t}`,
  category: code => `cat:${code}`,
}

function ev<A extends CaseAction>(action: A, payload: EventPayloads[A]): CaseEvent<A> {
  return { caseId: 'c', action, from: 'registered', to: 'dispatched', actorId: 'u', actorRole: 'township_commander', at: 1, version: 2, payload }
}

const lines = (e: CaseEvent) => describeEvent(e, f).map(l => `${l.label}=${l.value}`)

describe('describeEvent', () => {
  it('names the units, person and deadline of a dispatch', () => {
    expect(lines(ev('dispatch', { leadUnitId: 'police', coUnitIds: ['justice', 'village'], assigneeId: 's1', dueAt: 99, note: null }))).toEqual([
      '[caseEvent.field.leadUnit]=unit:police',
      '[caseEvent.field.coUnits]=unit:justice、unit:village',
      '[caseEvent.field.assignee]=person:s1',
      '[caseEvent.field.dueAt]=time:99',
    ])
  })

  it('leaves out empty optional fields', () => {
    expect(lines(ev('dispatch', { leadUnitId: 'police', coUnitIds: [], assigneeId: null, dueAt: 5, note: '' }))).toEqual([
      '[caseEvent.field.leadUnit]=unit:police',
      '[caseEvent.field.dueAt]=time:5',
    ])
  })

  it('gives the result and outcome of a report back', () => {
    expect(lines(ev('report_back', { unitId: 'police', resultText: '已调解', outcome: 'mediated' }))).toEqual([
      '[caseEvent.field.unit]=unit:police',
      '[caseEvent.field.outcome]=[caseOutcome.mediated]',
      '[caseEvent.field.result]=已调解',
    ])
  })

  it('records the call-back before closing', () => {
    expect(lines(ev('verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied', note: null }, outcome: 'resolved', note: null }))).toEqual([
      '[caseEvent.field.callBack]=[callBack.method.phone]',
      '[caseEvent.field.satisfaction]=[callBack.satisfaction.satisfied]',
      '[caseEvent.field.outcome]=[caseOutcome.resolved]',
    ])
  })

  it('shows the levels of an escalation and of a send-back', () => {
    expect(lines(ev('escalate', { reason: '村里解决不了', fromLevel: 0, toLevel: 1 }))).toEqual([
      '[caseEvent.field.level]=[escalationLevel.0] → [escalationLevel.1]',
      '[caseEvent.field.reason]=村里解决不了',
    ])
    expect(lines(ev('send_back_down', { reason: 'r', fromLevel: 1, toLevel: 0 }))[0]).toBe('[caseEvent.field.level]=[escalationLevel.1] → [escalationLevel.0]')
  })

  it('keeps user text verbatim, markup included', () => {
    expect(describeEvent(ev('supervise', { reason: '<img src=x onerror=alert(1)>' }), f)).toEqual([
      { label: '[caseEvent.field.reason]', value: '<img src=x onerror=alert(1)>' },
    ])
  })

  it('says who a reminder went to', () => {
    expect(lines(ev('remind', { message: null, leadUnitId: 'fire', assigneeId: null }))).toEqual(['[caseEvent.field.leadUnit]=unit:fire'])
  })
})
