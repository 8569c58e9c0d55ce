import { describe, expect, it } from 'vitest'
import { DataError } from '../DataSource'
import { authErrorKind, caseLoopError, dataErrorFromAuth, dataErrorFromPostgrest, postgrestErrorKind } from './errors'

describe('postgrestErrorKind', () => {
  it.each([
    ['42501', 403, 'forbidden'],
    ['42501', 401, 'forbidden'],
    ['PGRST301', 401, 'forbidden'],
    ['PGRST303', 401, 'forbidden'],
    ['28000', 403, 'forbidden'],
    ['P0002', 500, 'not_found'],
    ['PGRST116', 406, 'not_found'],
    ['23505', 409, 'conflict'],
    ['40001', 500, 'conflict'],
    ['22023', 400, 'invalid'],
    ['22P02', 400, 'invalid'],
    ['23514', 400, 'invalid'],
    ['23503', 409, 'invalid'],
    ['P0001', 400, 'invalid'],
    ['PGRST102', 400, 'invalid'],
    ['08006', 503, 'unavailable'],
    ['57014', 500, 'unavailable'],
    ['PGRST000', 503, 'unavailable'],
    ['', 0, 'unavailable'],
    ['', 503, 'unavailable'],
    ['', 504, 'unavailable'],
    ['', 403, 'forbidden'],
    ['', 409, 'conflict'],
    ['PGRST202', 404, 'unknown'],
    // The case-loop RPCs' own SQLSTATEs (CaseTransitionErrorCode), whatever status PostgREST gives them.
    ['CL001', 400, 'invalid'],
    ['CL002', 400, 'invalid'],
    ['CL003', 400, 'forbidden'],
    ['CL004', 400, 'invalid'],
    ['CL005', 400, 'invalid'],
    ['CL006', 400, 'invalid'],
    ['CL007', 400, 'conflict'],
    ['CL099', 400, 'unknown'],
    ['XX000', 500, 'unknown'],
  ] as const)('%s with HTTP %i is %s', (code, status, kind) => {
    expect(postgrestErrorKind(code, status)).toBe(kind)
  })
})

describe('dataErrorFromPostgrest', () => {
  it('names the action and keeps the server\'s reason and fields', () => {
    const e = dataErrorFromPostgrest({ code: '22023', message: 'p_level must be 1–4, got 7', details: null, hint: 'use 1–4' }, 400, 'Listing grids')
    expect(e).toBeInstanceOf(DataError)
    expect(e).toMatchObject({ kind: 'invalid', message: 'Listing grids failed: p_level must be 1–4, got 7' })
    expect(e.detail).toEqual({ code: '22023', status: 400, message: 'p_level must be 1–4, got 7', details: null, hint: 'use 1–4' })
  })

  it('says the server could not be reached for a network failure, and falls back to the status', () => {
    expect(dataErrorFromPostgrest({ code: '', message: 'FetchError: fetch failed' }, 0, 'Listing roads').message).toBe('Listing roads failed: the server could not be reached')
    expect(dataErrorFromPostgrest({}, 502, 'Listing roads').message).toBe('Listing roads failed: HTTP 502')
  })
})

describe('caseLoopError: a refusal of the case loop keeps the words of the database', () => {
  const CASE = '6f1d2c1e-8a4b-4f7e-9c2d-3b5a7e9f0a11'
  it.each([
    ['CL001', 'unknown_action', 'invalid', `Cannot teleport case ${CASE}: "teleport" is not a case action`],
    ['CL002', 'illegal_transition', 'invalid', `Cannot dispatch case ${CASE}: it is reported; this is only possible when it is registered`],
    ['CL003', 'not_permitted', 'forbidden', `Cannot register case ${CASE}: it needs the role village_chief, township_commander, county_admin; you are wall_viewer`],
    ['CL004', 'precondition_failed', 'invalid', `Cannot verify close case ${CASE}: co-handling unit(s) justice have not reported`],
    ['CL005', 'missing_input', 'invalid', `Cannot decline case ${CASE}: reason: is required`],
    ['CL006', 'invalid_input', 'invalid', `Cannot dispatch case ${CASE}: leadUnitId: "nobody" is not a known handling unit`],
    ['CL007', 'stale_version', 'conflict', `Cannot remind case ${CASE}: stale version: the case was changed by someone else (version 4, you had 3); reload and try again`],
  ] as const)('%s is %s, a DataError of kind %s with the message as the database wrote it', (sqlstate, code, kind, message) => {
    const e = caseLoopError({ code: sqlstate, message, details: JSON.stringify({ code, action: 'x', status: 'reported' }), hint: null }, 400, 'Case action x')
    expect(e).toBeInstanceOf(DataError)
    expect(e).toMatchObject({ kind, message })
    expect(e.detail).toMatchObject({ code, sqlstate, action: 'x', status: 'reported' })
  })

  it('a case gone or hidden (P0002) is not_found with the message of the database', () => {
    const message = `case ${CASE} does not exist or is not visible to you`
    const e = caseLoopError({ code: 'P0002', message, details: null, hint: null }, 400, 'Loading the case timeline')
    expect(e).toMatchObject({ kind: 'not_found', message })
    expect(e.detail).toMatchObject({ code: 'not_found', sqlstate: 'P0002' })
  })

  it('anything else maps as for every request, naming the action', () => {
    expect(caseLoopError({ code: '22023', message: 'p_filter.limit must be a whole number 0–10000, got -1' }, 400, 'Listing cases'))
      .toMatchObject({ kind: 'invalid', message: 'Listing cases failed: p_filter.limit must be a whole number 0–10000, got -1' })
    expect(caseLoopError({ code: '42501', message: 'permission denied for function create_case' }, 403, 'Reporting a case').kind).toBe('forbidden')
  })

  it('keeps the kind of the SQLSTATE when DETAIL is not JSON, and falls back to the action when there is no message', () => {
    expect(caseLoopError({ code: 'CL007', message: 'stale', details: 'version 4, you had 3', hint: 'Reload the case and try again.' }, 400, 'Case action remind'))
      .toMatchObject({ kind: 'conflict', message: 'stale', detail: { code: 'stale_version', sqlstate: 'CL007', hint: 'Reload the case and try again.' } })
    expect(caseLoopError({ code: 'CL003' }, 400, 'Case action remind')).toMatchObject({ kind: 'forbidden', message: 'Case action remind failed (CL003)' })
  })
})

describe('authErrorKind and dataErrorFromAuth', () => {
  it.each([
    [{ name: 'AuthApiError', status: 400, code: 'invalid_credentials' }, 'forbidden'],
    [{ name: 'AuthApiError', status: 400, code: 'email_not_confirmed' }, 'forbidden'],
    [{ name: 'AuthSessionMissingError', status: 400 }, 'forbidden'],
    [{ name: 'AuthApiError', status: 422, code: 'validation_failed' }, 'invalid'],
    [{ name: 'AuthApiError', status: 429, code: 'over_request_rate_limit' }, 'unavailable'],
    [{ name: 'AuthRetryableFetchError', status: 0 }, 'unavailable'],
    [{ name: 'AuthRetryableFetchError', status: 503 }, 'unavailable'],
    [{ name: 'AuthApiError', status: 401 }, 'forbidden'],
    [{ name: 'AuthUnknownError' }, 'unknown'],
  ] as const)('%o is %s', (error, kind) => {
    expect(authErrorKind(error)).toBe(kind)
  })

  it('says what went wrong in words a sign-in screen can show', () => {
    expect(dataErrorFromAuth({ name: 'AuthApiError', status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' }, 'Signing in').message).toBe('Signing in failed: wrong email or password')
    expect(dataErrorFromAuth({ name: 'AuthRetryableFetchError', status: 0, message: 'fetch failed' }, 'Signing in').message).toBe('Signing in failed: the server could not be reached')
    expect(dataErrorFromAuth('boom', 'Signing out')).toMatchObject({ kind: 'unknown', message: 'Signing out failed: boom' })
  })

  it('passes a DataError through unchanged', () => {
    const e = new DataError('invalid', 'x')
    expect(dataErrorFromAuth(e, 'Signing in')).toBe(e)
  })
})
