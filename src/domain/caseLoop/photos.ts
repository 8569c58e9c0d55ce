// Checks for photos attached to a case, done before upload so a refusal names the file and the
// limit while the reporter still has the form open. The Supabase bucket enforces the same type
// and size limits, binds each object to its uploader and counts uploads per day
// (supabase/migrations/20261203100300_case_photos_bound_to_uploader.sql).
import { CaseInputError, MAX_PHOTOS } from './validate'

/** Image types a case photo may have, with the file extension each is stored under. */
export const PHOTO_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const

/** An accepted photo MIME type. */
export type PhotoType = keyof typeof PHOTO_TYPES

/** Largest photo accepted, in bytes (5 MiB). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

/** How many photos one user may upload per rolling 24 hours (private.photo_upload_quota()). */
export const PHOTO_UPLOADS_PER_DAY = 60

/**
 * Why an upload the server refused was refused: the bucket's policy answers only "denied", and
 * these are the rules it applies.
 */
export const PHOTO_UPLOAD_RULES = `only staff who may report cases upload photos, at most ${PHOTO_UPLOADS_PER_DAY} in 24 hours`

/** What validatePhoto needs of a file (a File or Blob plus its name). */
export interface PhotoFile {
  type: string
  size: number
  name: string
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** Checks one photo's type and size; returns its type or throws CaseInputError('photoIds', …) naming the file. */
export function validatePhoto(file: PhotoFile): PhotoType {
  if (!Object.hasOwn(PHOTO_TYPES, file.type))
    throw new CaseInputError('photoIds', 'invalid', `"${file.name}" is ${file.type === '' ? 'of unknown type' : file.type}; only JPEG, PNG and WebP photos are accepted`)
  if (file.size > MAX_PHOTO_BYTES)
    throw new CaseInputError('photoIds', 'too_long', `"${file.name}" is ${mib(file.size)}; a photo may be at most ${mib(MAX_PHOTO_BYTES)}`)
  return file.type as PhotoType
}

/** Refuses adding `adding` photos to a case that already has `existing`, beyond MAX_PHOTOS. */
export function checkPhotoCount(existing: number, adding: number): void {
  if (existing + adding > MAX_PHOTOS)
    throw new CaseInputError('photoIds', 'too_long', `${existing + adding} photos chosen, at most ${MAX_PHOTOS} are allowed per case`)
}
