// What each case action asks for in its small form, and how the filled form becomes the
// action's input. Field ids are the names the domain's validation uses in its errors
// (validate.ts), so a refusal lands next to the input it is about.
import type { CaseAction } from '~/domain/caseLoop'

/** An input of an action form. */
export type ActionField
  = | 'categoryCode'
    | 'leadUnitId'
    | 'unitId'
    | 'coUnitIds'
    | 'assigneeId'
    | 'resultText'
    | 'outcome'
    | 'callBack.method'
    | 'callBack.satisfaction'
    | 'callBack.note'
    | 'kind'
    | 'duplicateOfId'
    | 'reason'
    | 'message'
    | 'note'

/** The inputs of each action, in form order; required ones are checked by the domain, not here. */
export const ACTION_FIELDS: Readonly<Record<CaseAction, readonly ActionField[]>> = {
  register: ['categoryCode', 'note'],
  dispatch: ['leadUnitId', 'coUnitIds', 'assigneeId', 'note'],
  decline: ['reason'],
  accept: ['note'],
  assign: ['assigneeId'],
  report_back: ['outcome', 'resultText'],
  co_report: ['unitId', 'outcome', 'resultText'],
  verify_close: ['callBack.method', 'callBack.satisfaction', 'callBack.note', 'note'],
  return_for_rework: ['reason', 'coUnitIds'],
  escalate: ['reason'],
  accept_escalation: ['note'],
  send_back_down: ['reason'],
  reopen: ['reason'],
  cancel: ['kind', 'duplicateOfId', 'reason'],
  supervise: ['reason'],
  end_supervision: ['note'],
  remind: ['message'],
}

/** Fields the form marks as required (the domain refuses the action without them). */
export const REQUIRED_FIELDS: ReadonlySet<string> = new Set<ActionField>(['leadUnitId', 'resultText', 'outcome', 'callBack.method', 'kind', 'reason'])

/** How a button looks: the loop's forward step, a side step, or a step back or out. */
export type ActionTone = 'primary' | 'secondary' | 'danger'

/** Buttons in the order the drawer shows them, forward steps first. */
export const ACTION_ORDER: readonly CaseAction[] = [
  'register',
  'accept_escalation',
  'dispatch',
  'accept',
  'report_back',
  'co_report',
  'verify_close',
  'assign',
  'remind',
  'supervise',
  'end_supervision',
  'escalate',
  'send_back_down',
  'return_for_rework',
  'decline',
  'reopen',
  'cancel',
]

const TONES: Partial<Record<CaseAction, ActionTone>> = {
  register: 'primary',
  accept_escalation: 'primary',
  dispatch: 'primary',
  accept: 'primary',
  report_back: 'primary',
  co_report: 'primary',
  verify_close: 'primary',
  return_for_rework: 'danger',
  decline: 'danger',
  cancel: 'danger',
}

/** The tone of an action's button. */
export function actionTone(a: CaseAction): ActionTone {
  return TONES[a] ?? 'secondary'
}

/** Sorts actions into button order. */
export function orderActions(actions: readonly CaseAction[]): CaseAction[] {
  return ACTION_ORDER.filter(a => actions.includes(a))
}

/** What the form holds; every field a string except the unit list. */
export interface ActionFormValues {
  categoryCode: string
  leadUnitId: string
  /** The co-handling unit a 协办反馈 is for, when the viewer acts for several. */
  unitId: string
  coUnitIds: string[]
  assigneeId: string
  resultText: string
  outcome: string
  callBackMethod: string
  callBackSatisfaction: string
  callBackNote: string
  kind: string
  duplicateOfId: string
  reason: string
  message: string
  note: string
}

/** An empty form. */
export function emptyActionForm(): ActionFormValues {
  return { categoryCode: '', leadUnitId: '', unitId: '', coUnitIds: [], assigneeId: '', resultText: '', outcome: '', callBackMethod: '', callBackSatisfaction: '', callBackNote: '', kind: '', duplicateOfId: '', reason: '', message: '', note: '' }
}

const blank = (s: string) => (s.trim() === '' ? undefined : s)

/**
 * The raw input for `action` from the form, carrying only that action's fields; blank optional
 * fields are left out. Unchecked: it goes through the domain's validation before any write.
 */
export function actionInput(action: CaseAction, v: ActionFormValues, expectedVersion: number): Record<string, unknown> {
  const fields = new Set(ACTION_FIELDS[action])
  const o: Record<string, unknown> = { expectedVersion }
  const put = (field: ActionField, key: string, value: unknown) => {
    if (fields.has(field) && value !== undefined)
      o[key] = value
  }
  put('categoryCode', 'categoryCode', blank(v.categoryCode))
  put('leadUnitId', 'leadUnitId', blank(v.leadUnitId))
  put('unitId', 'unitId', blank(v.unitId))
  put('coUnitIds', 'coUnitIds', v.coUnitIds.length > 0 ? [...v.coUnitIds] : undefined)
  put('assigneeId', 'assigneeId', blank(v.assigneeId))
  put('resultText', 'resultText', v.resultText)
  put('outcome', 'outcome', blank(v.outcome))
  put('kind', 'kind', blank(v.kind))
  put('duplicateOfId', 'duplicateOfId', v.kind === 'duplicate' ? blank(v.duplicateOfId) : undefined)
  put('reason', 'reason', v.reason)
  put('message', 'message', blank(v.message))
  put('note', 'note', blank(v.note))
  if (fields.has('callBack.method')) {
    o.callBack = {
      method: blank(v.callBackMethod),
      satisfaction: v.callBackMethod === 'none' ? null : blank(v.callBackSatisfaction) ?? null,
      note: blank(v.callBackNote) ?? null,
    }
  }
  return o
}
