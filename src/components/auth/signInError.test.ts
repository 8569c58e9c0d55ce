import { describe, expect, it } from 'vitest'
import { DataError } from '~/data'
import { dataErrorFromAuth } from '~/data/supabase/errors'
import { signInErrorMessage } from './signInError'

describe('signInErrorMessage', () => {
  it('names wrong credentials plainly (Supabase Auth: 400 invalid_credentials)', () => {
    const error = dataErrorFromAuth({ name: 'AuthApiError', status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' }, 'Signing in')
    expect(signInErrorMessage(error)).toEqual({ key: 'auth.failed.credentials' })
  })

  it('says the server could not be reached when the request never got an answer', () => {
    const error = dataErrorFromAuth({ name: 'AuthRetryableFetchError', status: 0, message: 'Failed to fetch' }, 'Signing in')
    expect(signInErrorMessage(error)).toEqual({ key: 'auth.failed.unavailable' })
  })

  it('keeps the data layer\'s wording for anything else, such as a banned user or a missing configuration', () => {
    const banned = dataErrorFromAuth({ name: 'AuthApiError', status: 403, code: 'user_banned', message: 'User is banned' }, 'Signing in')
    expect(signInErrorMessage(banned)).toEqual({ key: 'auth.failed.other', params: { message: 'User is banned' } })
    const config = new DataError('unavailable', 'VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY must both be set')
    expect(signInErrorMessage(config)).toEqual({ key: 'auth.failed.other', params: { message: config.message } })
  })
})
