// Input checks for new cases and for case-loop actions. Every refusal names the field and the
// reason, so the form can put the message next to the right input.
//
// Text is stored verbatim (only surrounding whitespace is trimmed): "<b>" in a title stays
// "<b>". Nothing here strips or escapes HTML, because stripping loses what the reporter wrote
// and escaping at write time double-escapes later; the UI must render case text as text
// (Vue's {{ }} interpolation, never v-html, and textContent in map popups).
import type { CaseOutcome, CaseSource, LngLat } from '../types'
import type { ActionInputs, CallBack, CaseAction, TransitionInput } from './machine'
import { getCategory, isCategoryCode, UnknownCategoryError } from '../categories'

/** Maximum lengths in characters (Unicode code points). */
export const TEXT_LIMITS = {
  title: 80,
  description: 2000,
  address: 200,
  reporterName: 40,
  resultText: 2000,
  reason: 500,
  note: 500,
  message: 500,
  id: 100,
} as const

/** At most this many photos per case. */
export const MAX_PHOTOS = 9
/** At most this many co-handling units per dispatch. */
export const MAX_CO_UNITS = 10

/** Why an input field was refused. */
export type CaseInputReason = 'required' | 'too_long' | 'invalid' | 'out_of_range' | 'unknown_category'

/** A refused input field. */
export class CaseInputError extends Error {
  /** The other fields' problems found in the same check, so a form can show every one at once. */
  also: readonly CaseInputError[] = []
  constructor(readonly field: string, readonly reason: CaseInputReason, readonly detail: string) {
    super(`${field}: ${detail}`)
    this.name = 'CaseInputError'
  }
}

/** Every problem an input check found: the thrown one first, then those it carried. */
export function allInputErrors(e: CaseInputError): CaseInputError[] {
  return [e, ...e.also]
}

/**
 * Runs one check per field, each on its own, so a failing field does not hide the next: returns
 * the values, or throws the first problem carrying the others in `also`.
 */
function gather<T extends object>(checks: { [K in keyof T]: () => T[K] }): T {
  const out: Obj = {}
  const errors: CaseInputError[] = []
  for (const [k, check] of Object.entries(checks) as [string, () => unknown][]) {
    try {
      out[k] = check()
    }
    catch (e) {
      if (!(e instanceof CaseInputError))
        throw e
      errors.push(e)
    }
  }
  const [first, ...rest] = errors
  if (first) {
    first.also = rest
    throw first
  }
  return out as T
}

/** Where a case came from, as accepted on input. */
export const CASE_SOURCES: readonly CaseSource[] = ['patrol', 'visit', 'phone', 'letter', 'camera', 'handover', 'sweep']
/** Outcomes a handling unit may report. */
export const CASE_OUTCOMES: readonly CaseOutcome[] = ['resolved', 'mediated', 'unresolvable', 'referred']

/** A new case as the intake form sends it, checked and trimmed. */
export interface NewCaseInput {
  categoryCode: string
  title: string
  description: string
  source: CaseSource
  urgent: boolean
  location: LngLat
  address: string | null
  reporterName: string | null
  reporterPhone: string | null
  photoIds: string[]
}

type Obj = Record<string, unknown>

function asObject(raw: unknown, field: string): Obj {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CaseInputError(field, 'invalid', 'must be an object')
  return raw as Obj
}

function codePoints(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

function text(o: Obj, field: string, limit: number, required: true): string
function text(o: Obj, field: string, limit: number, required: false): string | undefined
function text(o: Obj, field: string, limit: number, required: boolean): string | undefined {
  const v = o[field]
  if (v === undefined || v === null) {
    if (required)
      throw new CaseInputError(field, 'required', 'is required')
    return undefined
  }
  if (typeof v !== 'string')
    throw new CaseInputError(field, 'invalid', `must be text, got ${typeof v}`)
  // PostgreSQL text cannot hold NUL; refusing it here gives the same answer in both data layers.
  if (v.includes('\u0000'))
    throw new CaseInputError(field, 'invalid', 'contains a NUL character')
  const t = v.trim()
  if (t.length === 0) {
    if (required)
      throw new CaseInputError(field, 'required', 'is required (it is blank)')
    return undefined
  }
  const n = codePoints(t)
  if (n > limit)
    throw new CaseInputError(field, 'too_long', `is ${n} characters, at most ${limit} are allowed`)
  return t
}

function id(o: Obj, field: string, required: true): string
function id(o: Obj, field: string, required: false): string | undefined
function id(o: Obj, field: string, required: boolean): string | undefined {
  return required ? text(o, field, TEXT_LIMITS.id, true) : text(o, field, TEXT_LIMITS.id, false)
}

function idList(o: Obj, field: string, max: number): string[] | undefined {
  const v = o[field]
  if (v === undefined || v === null)
    return undefined
  if (!Array.isArray(v))
    throw new CaseInputError(field, 'invalid', 'must be a list')
  if (v.length > max)
    throw new CaseInputError(field, 'too_long', `has ${v.length} entries, at most ${max} are allowed`)
  return v.map((x, i) => id({ [`${field}[${i}]`]: x }, `${field}[${i}]`, true))
}

function millis(o: Obj, field: string): number | undefined {
  const v = o[field]
  if (v === undefined || v === null)
    return undefined
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new CaseInputError(field, 'invalid', 'must be a finite time in epoch milliseconds')
  return v
}

function oneOf<T extends string>(o: Obj, field: string, values: readonly T[], required: true): T
function oneOf<T extends string>(o: Obj, field: string, values: readonly T[], required: false): T | undefined
function oneOf<T extends string>(o: Obj, field: string, values: readonly T[], required: boolean): T | undefined {
  const v = o[field]
  if (v === undefined || v === null) {
    if (required)
      throw new CaseInputError(field, 'required', `is required (one of ${values.join(', ')})`)
    return undefined
  }
  if (!(values as readonly unknown[]).includes(v))
    throw new CaseInputError(field, 'invalid', `must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`)
  return v as T
}

/** Drops undefined values so optional fields stay absent rather than present-and-undefined. */
function compact<T extends Obj>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

// Mainland mobile (optionally +86), or a landline with area code and optional extension.
const MOBILE = /^(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}$/
const LANDLINE = /^0\d{2,3}[ -]?\d{7,8}(?:-\d{1,6})?$/

/** True for a mainland mobile number (+86 optional) or a landline with area code; spaces and hyphens between groups allowed. */
export function isPhoneNumber(s: string): boolean {
  return MOBILE.test(s) || LANDLINE.test(s)
}

/** Checks a WGS 84 [lng, lat] pair: two finite numbers in range. `field` names it in errors. */
export function validateLngLat(raw: unknown, field = 'location'): LngLat {
  if (!Array.isArray(raw) || raw.length !== 2)
    throw new CaseInputError(field, raw === undefined || raw === null ? 'required' : 'invalid', 'must be [longitude, latitude]')
  const [lng, lat] = raw as unknown[]
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat))
    throw new CaseInputError(field, 'invalid', 'longitude and latitude must be finite numbers')
  if (lng < -180 || lng > 180)
    throw new CaseInputError(field, 'out_of_range', `longitude ${lng} is outside −180…180`)
  if (lat < -90 || lat > 90)
    throw new CaseInputError(field, 'out_of_range', `latitude ${lat} is outside −90…90`)
  return [lng, lat]
}

/** Options for validateNewCase. */
export interface NewCaseOptions {
  /** True for a known subcategory code; defaults to the built-in category tree (categories.ts). */
  isKnownCategory?: (code: string) => boolean
}

function unknownCategoryReason(code: string): string {
  try {
    getCategory(code)
  }
  catch (e) {
    if (e instanceof UnknownCategoryError)
      return e.message.replace(/^Unknown case category "[^"]*": /, '')
    throw e
  }
  return 'not a subcategory of this territory'
}

/** Checks the intake form; returns the trimmed input or throws CaseInputError naming the field. */
export function validateNewCase(raw: unknown, options: NewCaseOptions = {}): NewCaseInput {
  const o = asObject(raw, 'case')
  return gather<NewCaseInput>({
    categoryCode: () => {
      const categoryCode = id(o, 'categoryCode', true)
      if (!(options.isKnownCategory ?? isCategoryCode)(categoryCode))
        throw new CaseInputError('categoryCode', 'unknown_category', `"${categoryCode}" is not a known subcategory: ${unknownCategoryReason(categoryCode)}`)
      return categoryCode
    },
    title: () => text(o, 'title', TEXT_LIMITS.title, true),
    description: () => text(o, 'description', TEXT_LIMITS.description, true),
    source: () => oneOf(o, 'source', CASE_SOURCES, true),
    urgent: () => {
      const urgentRaw = o.urgent
      if (urgentRaw !== undefined && urgentRaw !== null && typeof urgentRaw !== 'boolean')
        throw new CaseInputError('urgent', 'invalid', 'must be true or false')
      return urgentRaw === true
    },
    location: () => validateLngLat(o.location),
    address: () => text(o, 'address', TEXT_LIMITS.address, false) ?? null,
    reporterName: () => text(o, 'reporterName', TEXT_LIMITS.reporterName, false) ?? null,
    reporterPhone: () => {
      const reporterPhone = text(o, 'reporterPhone', 40, false) ?? null
      if (reporterPhone !== null && !isPhoneNumber(reporterPhone))
        throw new CaseInputError('reporterPhone', 'invalid', `"${reporterPhone}" is not a mobile number (11 digits starting 1) or a landline with area code`)
      return reporterPhone
    },
    photoIds: () => idList(o, 'photoIds', MAX_PHOTOS) ?? [],
  })
}

function callBack(o: Obj): CallBack {
  if (o.callBack === undefined || o.callBack === null)
    throw new CaseInputError('callBack', 'required', 'the call-back to the reporter (回访) must be recorded before closing')
  // Nested fields are named callBack.<field> in errors, so the form knows which input to mark.
  const c = Object.fromEntries(Object.entries(asObject(o.callBack, 'callBack')).map(([k, v]) => [`callBack.${k}`, v]))
  const method = oneOf(c, 'callBack.method', ['phone', 'visit', 'sms', 'none'] as const, true)
  const satisfaction = oneOf(c, 'callBack.satisfaction', ['satisfied', 'basically_satisfied', 'dissatisfied'] as const, false) ?? null
  const note = text(c, 'callBack.note', TEXT_LIMITS.note, false) ?? null
  if (method === 'none' && note === null)
    throw new CaseInputError('callBack.note', 'required', 'say why the reporter was not called back (e.g. anonymous report)')
  if (method !== 'none' && satisfaction === null)
    throw new CaseInputError('callBack.satisfaction', 'required', 'record how satisfied the reporter was')
  return { method, satisfaction, note }
}

// Reclassifying at registration uses the built-in tree, like the database's foreign key on categories.
function knownCategory(code: string | undefined): string | undefined {
  if (code !== undefined && !isCategoryCode(code))
    throw new CaseInputError('categoryCode', 'unknown_category', `"${code}" is not a known subcategory: ${unknownCategoryReason(code)}`)
  return code
}

type Checkers = { [A in CaseAction]: (o: Obj) => ActionInputs[A] }

const CHECKERS: Checkers = {
  register: o => compact(gather({ categoryCode: () => knownCategory(id(o, 'categoryCode', false)), dueAt: () => millis(o, 'dueAt'), note: () => text(o, 'note', TEXT_LIMITS.note, false) })),
  dispatch: o => compact(gather({
    leadUnitId: () => id(o, 'leadUnitId', true),
    coUnitIds: () => idList(o, 'coUnitIds', MAX_CO_UNITS),
    assigneeId: () => id(o, 'assigneeId', false),
    dueAt: () => millis(o, 'dueAt'),
    note: () => text(o, 'note', TEXT_LIMITS.note, false),
  })),
  decline: o => (gather({ reason: () => text(o, 'reason', TEXT_LIMITS.reason, true) })),
  accept: o => compact(gather({ note: () => text(o, 'note', TEXT_LIMITS.note, false) })),
  assign: o => (gather({ assigneeId: () => id(o, 'assigneeId', true) })),
  report_back: o => (gather({ resultText: () => text(o, 'resultText', TEXT_LIMITS.resultText, true), outcome: () => oneOf(o, 'outcome', CASE_OUTCOMES, true) })),
  co_report: o => compact(gather({
    unitId: () => id(o, 'unitId', false),
    resultText: () => text(o, 'resultText', TEXT_LIMITS.resultText, true),
    outcome: () => oneOf(o, 'outcome', CASE_OUTCOMES, false),
  })),
  verify_close: o => compact(gather({ callBack: () => callBack(o), note: () => text(o, 'note', TEXT_LIMITS.note, false) })),
  return_for_rework: o => compact(gather({ reason: () => text(o, 'reason', TEXT_LIMITS.reason, true), coUnitIds: () => idList(o, 'coUnitIds', MAX_CO_UNITS) })),
  escalate: o => (gather({ reason: () => text(o, 'reason', TEXT_LIMITS.reason, true) })),
  accept_escalation: o => compact(gather({ dueAt: () => millis(o, 'dueAt'), note: () => text(o, 'note', TEXT_LIMITS.note, false) })),
  send_back_down: o => (gather({ reason: () => text(o, 'reason', TEXT_LIMITS.reason, true) })),
  reopen: o => (gather({ reason: () => text(o, 'reason', TEXT_LIMITS.reason, true) })),
  cancel: o => compact(gather({
    kind: () => oneOf(o, 'kind', ['duplicate', 'invalid'] as const, true),
    reason: () => text(o, 'reason', TEXT_LIMITS.reason, true),
    duplicateOfId: () => id(o, 'duplicateOfId', false),
  })),
  supervise: o => (gather({ reason: () => text(o, 'reason', TEXT_LIMITS.reason, true) })),
  end_supervision: o => compact(gather({ note: () => text(o, 'note', TEXT_LIMITS.note, false) })),
  remind: o => compact(gather({ message: () => text(o, 'message', TEXT_LIMITS.message, false) })),
}

/** Checks the input of an action; returns it trimmed (with expectedVersion) or throws CaseInputError naming the field. */
export function validateTransitionInput<A extends CaseAction>(action: A, raw: unknown): TransitionInput<A> {
  const o = asObject(raw, 'input')
  const expectedVersion = o.expectedVersion
  if (typeof expectedVersion !== 'number' || !Number.isInteger(expectedVersion))
    throw new CaseInputError('expectedVersion', 'required', 'the version you edited is required')
  const checked = (CHECKERS[action] as (o: Obj) => ActionInputs[A])(o)
  return { ...checked, expectedVersion } as TransitionInput<A>
}

/** The length TEXT_LIMITS count: Unicode code points, so an emoji or a rare hanzi counts once. */
export function textLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/**
 * `text` cut to at most `limit` code points (never splitting a surrogate pair), for forms that
 * enforce a limit as the user types or pastes; the HTML maxlength counts UTF-16 units instead.
 */
export function clipText(text: string, limit: number): string {
  if (text.length <= limit)
    return text
  return textLength(text) <= limit ? text : [...text].slice(0, limit).join('')
}
