// Input refusals as both data layers report them, so the demo and Supabase give the form the
// same field, reason and words before anything reaches a server.
import type { PhotoType } from '~/domain/caseLoop'
import { CaseInputError, validatePhoto } from '~/domain/caseLoop'
import { DataError } from './DataSource'

/** The DataError of a refused input field: kind 'invalid', with the field and reason in the detail. */
export function caseInputDataError(e: CaseInputError): DataError {
  return new DataError('invalid', e.message, { code: e.reason === 'required' ? 'missing_input' : 'invalid_input', field: e.field, reason: e.reason })
}

/** validatePhoto for uploads: the photo's type, or a DataError naming the file and the limit. */
export function checkPhoto(file: Blob, name: string): PhotoType {
  try {
    return validatePhoto({ type: file.type, size: file.size, name })
  }
  catch (e) {
    throw e instanceof CaseInputError ? caseInputDataError(e) : e
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The idempotency key of a write's options, or null when it has none; a key that is no uuid (the
 * database's type for it) is refused here, before anything is sent, naming the field.
 */
export function idempotencyKeyOf(options: { idempotencyKey?: string } | undefined): string | null {
  const key = options?.idempotencyKey
  if (key === undefined)
    return null
  if (!UUID.test(key))
    throw new DataError('invalid', `Idempotency key "${String(key).slice(0, 60)}" is not a uuid; make one per action with newIdempotencyKey()`, { code: 'invalid_input', field: 'idempotencyKey', reason: 'invalid' })
  return key.toLowerCase()
}

/** The refusal of a key already used for another request, in the database's words (private.idempotency_claim). */
export function idempotencyKeyReused(key: string): DataError {
  return new DataError('invalid', `Idempotency key ${key} was already used for a different request; a retry must send exactly what was sent first, and a new request needs a new key`, { code: 'invalid_input', field: 'idempotencyKey', reason: 'reused' })
}
