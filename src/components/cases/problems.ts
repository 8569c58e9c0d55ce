// Refusals as the forms show them: a sentence in the interface language from the field and the
// reason code (or a headline from the reason alone), the domain's own message kept for developers
// (it is English and names internal field ids, so it is not what a user reads).
import type { DataError } from '~/data'
import { allInputErrors, CaseInputError, TEXT_LIMITS } from '~/domain/caseLoop'

/** A refusal attached to one input, or to the whole form (field null). */
export interface Problem {
  field: string | null
  /** Reason code: an input reason (required, too_long…), a machine code (stale_version…) or a data error kind. */
  reason: string
  message: string
  /** The message is already a sentence in the interface language (not developer text), shown as it is. */
  explained?: boolean
}

/** Reason codes that have a headline in the locale files (caseProblem.*). */
export const PROBLEM_REASONS = [
  'conflict',
  'forbidden',
  'illegal_transition',
  'invalid',
  'invalid_input',
  'missing_input',
  'not_found',
  'not_permitted',
  'out_of_range',
  'outside_territory',
  'precondition_failed',
  'required',
  'stale_version',
  'too_long',
  'unavailable',
  'unknown',
  'unknown_category',
] as const

/** The i18n key of a problem's headline; unknown reasons fall back to the generic one. */
export function problemKey(reason: string): string {
  return `caseProblem.${(PROBLEM_REASONS as readonly string[]).includes(reason) ? reason : 'invalid'}`
}

/** The problem of a domain input check. */
export function inputProblem(e: CaseInputError): Problem {
  return { field: e.field, reason: e.reason, message: e.message }
}

/** The problem of a data-layer refusal: its field and machine code when it passed them on, else its kind. */
export function dataProblem(e: DataError): Problem {
  return {
    field: e.detail?.field ?? null,
    reason: e.detail?.code ?? e.kind,
    message: e.message,
  }
}

/** Problems keyed by field; the form-wide one (if any) under ''. Only the first per field is kept. */
export function byField(problems: readonly Problem[]): Record<string, Problem> {
  const out: Record<string, Problem> = {}
  for (const p of problems)
    out[p.field ?? ''] ??= p
  return out
}

/**
 * Turns a thrown CaseInputError into problems, every one the check found (the domain carries the
 * others in `also`), so the form can mark every field at once; anything else is rethrown.
 */
export function catchInput<T>(fn: () => T): { ok: true, value: T } | { ok: false, problems: Problem[] } {
  try {
    return { ok: true, value: fn() }
  }
  catch (e) {
    if (e instanceof CaseInputError)
      return { ok: false, problems: allInputErrors(e).map(inputProblem) }
    throw e
  }
}

/**
 * Field × reason pairs that have a sentence of their own under `fieldProblem.<field>.<reason>`
 * (a test checks each is in both locales). The field is the domain's id with dots dropped
 * (callBack.note → callBackNote), since a dot would nest the locale key.
 */
export const FIELD_PROBLEMS: Readonly<Record<string, readonly string[]>> = {
  address: ['too_long'],
  assigneeId: ['required'],
  callBackMethod: ['required'],
  callBackNote: ['required', 'too_long'],
  callBackSatisfaction: ['required'],
  categoryCode: ['required', 'unknown_category'],
  description: ['required', 'too_long'],
  kind: ['required'],
  leadUnitId: ['required'],
  location: ['invalid', 'out_of_range', 'required'],
  message: ['too_long'],
  note: ['too_long'],
  outcome: ['required'],
  reason: ['required', 'too_long'],
  reporterName: ['too_long'],
  reporterPhone: ['invalid', 'too_long'],
  resultText: ['required', 'too_long'],
  source: ['required'],
  title: ['required', 'too_long'],
  unitId: ['required'],
}

/** A message to show: its locale key and the values it takes. */
export interface ProblemText {
  key: string
  params: Record<string, number | string>
}

/**
 * What the user reads about a problem: the field's own sentence when there is one (a too-long
 * one names the limit), else the reason's headline.
 */
export function problemText(p: Problem): ProblemText {
  const field = (p.field ?? '').replace(/\.(\w)/g, (_, c: string) => c.toUpperCase())
  if (!p.explained && FIELD_PROBLEMS[field]?.includes(p.reason)) {
    const limit = (TEXT_LIMITS as Record<string, number>)[p.field!.split('.').pop()!]
    return { key: `fieldProblem.${field}.${p.reason}`, params: limit === undefined ? {} : { n: limit } }
  }
  return { key: problemKey(p.reason), params: {} }
}
