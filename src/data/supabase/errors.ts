// Every failure of the Supabase backend becomes one DataError, so the UI handles a single error
// type whichever backend it runs on. PostgREST forwards the Postgres SQLSTATE in `code` (or its own
// PGRSTxxx codes); supabase-js reports a network failure as status 0 with an empty code.
import type { DataErrorDetail, DataErrorKind } from '../DataSource'
import { DataError } from '../DataSource'

/** The error object PostgREST returns and supabase-js passes on (PostgrestError's fields). */
export interface PostgrestFailure {
  code?: string
  message?: string
  details?: string | null
  hint?: string | null
}

// PostgREST's own codes for a missing, malformed or expired JWT (docs: API errors, group 3).
const JWT_CODES = new Set(['PGRST300', 'PGRST301', 'PGRST302', 'PGRST303'])
// PostgREST cannot reach the database or timed out waiting for a connection (group 0).
const CONNECTION_CODES = new Set(['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003'])
// The request itself is malformed (bad body, bad filter, bad range).
const BAD_REQUEST_CODES = new Set(['PGRST100', 'PGRST102', 'PGRST103', 'PGRST118'])

/**
 * The case-loop RPCs' SQLSTATEs (supabase/migrations/20261121200200_case_loop_rpcs.sql): one per
 * CaseTransitionErrorCode of src/domain/caseLoop/machine.ts, and the DataError kind each means.
 */
export const CASE_LOOP_SQLSTATES: Readonly<Record<string, { code: string, kind: DataErrorKind }>> = Object.freeze({
  CL001: { code: 'unknown_action', kind: 'invalid' },
  CL002: { code: 'illegal_transition', kind: 'invalid' },
  CL003: { code: 'not_permitted', kind: 'forbidden' },
  CL004: { code: 'precondition_failed', kind: 'invalid' },
  CL005: { code: 'missing_input', kind: 'invalid' },
  CL006: { code: 'invalid_input', kind: 'invalid' },
  CL007: { code: 'stale_version', kind: 'conflict' },
})

/** The DataError kind of a PostgREST failure, from its code first and its HTTP status second. */
export function postgrestErrorKind(code: string, status: number): DataErrorKind {
  if (code === '' && status === 0)
    return 'unavailable'
  const caseLoop = CASE_LOOP_SQLSTATES[code]
  if (caseLoop)
    return caseLoop.kind
  if (code === '42501' || code.startsWith('28') || JWT_CODES.has(code))
    return 'forbidden'
  // P0002 (no_data_found) is how the read RPCs say "no such grid, or not yours"; PGRST116 is a
  // single-row request that found nothing.
  if (code === 'P0002' || code === 'PGRST116')
    return 'not_found'
  // A uniqueness clash or a concurrent write: retrying with fresh data can succeed.
  if (code === '23505' || code === '40001' || code === '40P01')
    return 'conflict'
  if (code.startsWith('22') || code.startsWith('23') || code === 'P0001' || BAD_REQUEST_CODES.has(code))
    return 'invalid'
  if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57') || CONNECTION_CODES.has(code))
    return 'unavailable'
  if (status === 401 || status === 403)
    return 'forbidden'
  if (status === 409)
    return 'conflict'
  if (status === 0 || status === 502 || status === 503 || status === 504)
    return 'unavailable'
  return 'unknown'
}

/** A DataError for a failed PostgREST request; `action` says what was being done ("listing grids"). */
export function dataErrorFromPostgrest(error: PostgrestFailure, status: number, action: string): DataError {
  const code = error.code ?? ''
  const kind = postgrestErrorKind(code, status)
  const reason = kind === 'unavailable' && status === 0
    ? 'the server could not be reached'
    : code === 'PGRST202'
      // The deployed database lacks the function or these arguments: a migration is missing.
      ? `the server does not offer this call (${error.message ?? code}); are all migrations applied?`
      : error.message || `HTTP ${status}`
  return new DataError(kind, `${action} failed: ${reason}`, { code, status, message: error.message, details: error.details ?? null, hint: error.hint ?? null })
}

/** The fields of a case-loop refusal's DETAIL object ({code, action, status, field, reason}) that are text. */
function refusalDetail(parsed: unknown): DataErrorDetail {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return {}
  const o = parsed as Record<string, unknown>
  const text = (k: string): string | undefined => typeof o[k] === 'string' ? o[k] : undefined
  const out: DataErrorDetail = {}
  for (const k of ['action', 'status', 'field', 'reason', 'gridId'] as const) {
    const v = text(k)
    if (v !== undefined)
      out[k] = v
  }
  return out
}

/**
 * A DataError for a failed case-loop RPC. A refusal of the machine (CL001–CL007) and a case that
 * does not exist or is hidden (P0002) keep the database's own message — the same words the demo's
 * domain errors use — with its DETAIL ({code, action, status, field, ...}) as `detail`, so both
 * data layers hand the UI the same shape; anything else is mapped like every other failure.
 */
export function caseLoopError(error: PostgrestFailure, status: number, action: string): DataError {
  const sqlstate = error.code ?? ''
  const known = sqlstate === 'P0002' ? { code: 'not_found', kind: 'not_found' as const } : CASE_LOOP_SQLSTATES[sqlstate]
  if (!known)
    return dataErrorFromPostgrest(error, status, action)
  let detail: DataErrorDetail = {}
  try {
    detail = refusalDetail(JSON.parse(error.details ?? '{}'))
  }
  catch {
    // DETAIL is not JSON: the SQLSTATE alone still says what kind of refusal it is.
  }
  return new DataError(known.kind, error.message || `${action} failed (${sqlstate})`, { ...detail, code: known.code, sqlstate, hint: error.hint ?? null })
}

/** The fields of supabase-js's AuthError the mapping reads. */
interface AuthFailure {
  name?: string
  message?: string
  status?: number
  code?: string
}

// Supabase Auth error codes (supabase.com/docs/guides/auth/debugging/error-codes) by kind.
const AUTH_FORBIDDEN = new Set(['invalid_credentials', 'email_not_confirmed', 'user_banned', 'bad_jwt', 'session_expired', 'session_not_found', 'refresh_token_not_found', 'refresh_token_already_used', 'no_authorization', 'not_admin'])
const AUTH_INVALID = new Set(['validation_failed', 'email_address_invalid', 'weak_password', 'bad_json'])
const AUTH_UNAVAILABLE = new Set(['over_request_rate_limit', 'over_email_send_rate_limit', 'request_timeout', 'unexpected_failure'])

/** The DataError kind of a failure reported by Supabase Auth. */
export function authErrorKind(error: AuthFailure): DataErrorKind {
  const code = error.code ?? ''
  if (error.name === 'AuthRetryableFetchError' || AUTH_UNAVAILABLE.has(code))
    return 'unavailable'
  if (error.name === 'AuthSessionMissingError' || AUTH_FORBIDDEN.has(code))
    return 'forbidden'
  if (AUTH_INVALID.has(code))
    return 'invalid'
  const status = error.status ?? 0
  if (status === 401 || status === 403)
    return 'forbidden'
  if (status === 400 || status === 422)
    return 'invalid'
  if (status === 429 || status >= 500)
    return 'unavailable'
  return 'unknown'
}

/** A DataError for anything an auth call threw or returned as its error. */
export function dataErrorFromAuth(error: unknown, action: string): DataError {
  if (error instanceof DataError)
    return error
  const e: AuthFailure = typeof error === 'object' && error !== null ? error as AuthFailure : { message: String(error) }
  const kind = authErrorKind(e)
  const reason = e.code === 'invalid_credentials'
    ? 'wrong email or password'
    : kind === 'unavailable' && (e.status ?? 0) === 0
      ? 'the server could not be reached'
      : e.message || e.code || 'unknown error'
  return new DataError(kind, `${action} failed: ${reason}`, { code: e.code ?? null, status: e.status ?? null, message: e.message ?? null })
}

/** What an awaited supabase-js RPC (or query) answers. */
export interface RpcResult {
  data: unknown
  error: PostgrestFailure | null
  status: number
}

/**
 * Awaits one RPC and maps its data; a failure becomes a DataError naming what was being done
 * (`toError` reads the PostgREST error: the data source's or the case loop's reading of it).
 */
export async function runRpc<T>(action: string, call: () => PromiseLike<RpcResult>, map: (data: unknown) => T, toError: (error: PostgrestFailure, status: number, action: string) => DataError = dataErrorFromPostgrest): Promise<T> {
  let result: RpcResult
  try {
    result = await call()
  }
  catch (error) {
    // supabase-js reports most failures as `error`; anything thrown is the transport itself.
    throw new DataError('unavailable', `${action} failed: the server could not be reached`, undefined, { cause: error })
  }
  if (result.error)
    throw toError(result.error, result.status, action)
  return map(result.data)
}
