// The event log in words: each event's payload as labelled lines ("Lead unit: Police Station").
// The labels and enumerations go through the translator; names of units, people and categories
// through resolvers, so the same function serves both languages and is testable without Vue.
import type { CaseEvent } from '~/domain/caseLoop'
import type { Millis } from '~/domain/types'

/** Translation and name look-ups the description needs. */
export interface EventFormatter {
  t: (key: string, params?: Record<string, unknown>) => string
  unit: (id: string) => string
  person: (id: string) => string
  time: (t: Millis) => string
  category: (code: string) => string
}

/** One labelled line of an event's details. `value` is plain text, to be rendered as text. */
export interface EventLine {
  label: string
  value: string
}

/** The details of an event, in the order an operator reads them; empty optional fields are left out. */
export function describeEvent(e: CaseEvent, f: EventFormatter): EventLine[] {
  const out: EventLine[] = []
  const line = (field: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '')
      out.push({ label: f.t(`caseEvent.field.${field}`), value })
  }
  const units = (ids: readonly string[]) => ids.length > 0 ? ids.map(f.unit).join('、') : null
  const outcome = (o: string | null) => o ? f.t(`caseOutcome.${o}`) : null
  const levels = (from: number, to: number) => `${f.t(`escalationLevel.${from}`)} → ${f.t(`escalationLevel.${to}`)}`

  switch (e.action) {
    case 'register': {
      const p = (e as CaseEvent<'register'>).payload
      line('category', f.category(p.categoryCode))
      line('dueAt', f.time(p.dueAt))
      line('note', p.note)
      break
    }
    case 'dispatch': {
      const p = (e as CaseEvent<'dispatch'>).payload
      line('leadUnit', f.unit(p.leadUnitId))
      line('coUnits', units(p.coUnitIds))
      line('assignee', p.assigneeId ? f.person(p.assigneeId) : null)
      line('dueAt', f.time(p.dueAt))
      line('note', p.note)
      break
    }
    case 'decline': {
      const p = (e as CaseEvent<'decline'>).payload
      line('unit', p.unitId ? f.unit(p.unitId) : null)
      line('reason', p.reason)
      break
    }
    case 'accept': {
      const p = (e as CaseEvent<'accept'>).payload
      line('assignee', f.person(p.assigneeId))
      line('note', p.note)
      break
    }
    case 'assign': {
      const p = (e as CaseEvent<'assign'>).payload
      line('assignee', f.person(p.assigneeId))
      line('previousAssignee', p.previousAssigneeId ? f.person(p.previousAssigneeId) : null)
      break
    }
    case 'report_back':
    case 'co_report': {
      const p = (e as CaseEvent<'report_back'> | CaseEvent<'co_report'>).payload
      line('unit', p.unitId ? f.unit(p.unitId) : null)
      line('outcome', outcome(p.outcome))
      line('result', p.resultText)
      break
    }
    case 'verify_close': {
      const p = (e as CaseEvent<'verify_close'>).payload
      line('callBack', f.t(`callBack.method.${p.callBack.method}`))
      line('satisfaction', p.callBack.satisfaction ? f.t(`callBack.satisfaction.${p.callBack.satisfaction}`) : null)
      line('callBackNote', p.callBack.note)
      line('outcome', outcome(p.outcome))
      line('note', p.note)
      break
    }
    case 'return_for_rework': {
      const p = (e as CaseEvent<'return_for_rework'>).payload
      line('reason', p.reason)
      line('coUnitsAgain', units(p.coUnitIds))
      break
    }
    case 'escalate':
    case 'send_back_down': {
      const p = (e as CaseEvent<'escalate'> | CaseEvent<'send_back_down'>).payload
      line('level', levels(p.fromLevel, p.toLevel))
      line('reason', p.reason)
      break
    }
    case 'accept_escalation': {
      const p = (e as CaseEvent<'accept_escalation'>).payload
      line('level', f.t(`escalationLevel.${p.level}`))
      line('dueAt', f.time(p.dueAt))
      line('note', p.note)
      break
    }
    case 'reopen': {
      const p = (e as CaseEvent<'reopen'>).payload
      line('reason', p.reason)
      line('previousOutcome', outcome(p.previousOutcome))
      line('previousClosedAt', p.previousClosedAt !== null ? f.time(p.previousClosedAt) : null)
      break
    }
    case 'cancel': {
      const p = (e as CaseEvent<'cancel'>).payload
      line('cancelKind', f.t(`cancelKind.${p.kind}`))
      line('reason', p.reason)
      line('duplicateOf', p.duplicateOfId)
      break
    }
    case 'supervise': {
      line('reason', (e as CaseEvent<'supervise'>).payload.reason)
      break
    }
    case 'end_supervision': {
      line('note', (e as CaseEvent<'end_supervision'>).payload.note)
      break
    }
    case 'remind': {
      const p = (e as CaseEvent<'remind'>).payload
      line('message', p.message)
      line('leadUnit', p.leadUnitId ? f.unit(p.leadUnitId) : null)
      line('assignee', p.assigneeId ? f.person(p.assigneeId) : null)
      break
    }
  }
  return out
}
