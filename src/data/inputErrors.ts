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
