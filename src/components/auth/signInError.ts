import type { DataError } from '~/data'

/** An i18n message: key and named parameters. */
export interface Message {
  key: string
  params?: Record<string, string>
}

/**
 * What the sign-in screen says about a failed sign-in, in the user's language: wrong credentials
 * and an unreachable server are the failures users meet and can act on; anything else keeps the
 * data layer's own wording so a misconfigured project is still diagnosable.
 */
export function signInErrorMessage(error: DataError): Message {
  const detail = error.detail
  if (detail?.code === 'invalid_credentials')
    return { key: 'auth.failed.credentials' }
  if (error.kind === 'unavailable' && detail)
    return { key: 'auth.failed.unavailable' }
  // The server's own words when there are some; the data layer's message already says "Signing in failed".
  return { key: 'auth.failed.other', params: { message: detail?.message || error.message } }
}
