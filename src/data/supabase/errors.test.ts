import { describe, expect, it } from 'vitest'
import { DataError } from '../DataSource'
import { authErrorKind, dataErrorFromAuth, dataErrorFromPostgrest, postgrestErrorKind } from './errors'

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
