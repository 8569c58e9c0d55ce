// Refusals as the forms show them: a short headline in the interface language from the reason
// code, and the domain's own message (what and why) under it.
import type { DataError } from '~/data'
import { CaseInputError } from '~/domain/caseLoop'

/** A refusal attached to one input, or to the whole form (field null). */
export interface Problem {
  field: string | null
  /** Reason code: an input reason (required, too_long…), a machine code (stale_version…) or a data error kind. */
  reason: string
  message: string
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

/** Turns a thrown CaseInputError into a problem; anything else is rethrown. */
export function catchInput<T>(fn: () => T): { ok: true, value: T } | { ok: false, problem: Problem } {
  try {
    return { ok: true, value: fn() }
  }
  catch (e) {
    if (e instanceof CaseInputError)
      return { ok: false, problem: inputProblem(e) }
    throw e
  }
}
