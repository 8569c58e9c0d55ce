// The browser half of photo shrinking: decode with createImageBitmap (turned upright by its EXIF
// orientation, since the re-encoded JPEG carries no EXIF), draw on an OffscreenCanvas (or a
// canvas where there is none) and encode JPEG along domain/caseLoop's ladder.
import { MAX_PHOTO_BYTES, shrinkToLimit, shrunkName } from '~/domain/caseLoop'

/** Why a photo could not be shrunk: it could not be decoded, or no encoding fitted. */
export class PhotoShrinkError extends Error {
  constructor(readonly reason: 'unreadable' | 'too_large', message: string) {
    super(message)
  }
}

async function encodeJpeg(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d')
    if (!ctx)
      throw new PhotoShrinkError('unreadable', 'no 2D canvas in this browser')
    ctx.drawImage(bitmap, 0, 0, width, height)
    return canvas.convertToBlob({ type: 'image/jpeg', quality })
  }
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx)
    throw new PhotoShrinkError('unreadable', 'no 2D canvas in this browser')
  ctx.drawImage(bitmap, 0, 0, width, height)
  return new Promise((resolve, reject) => canvas.toBlob(b => b ? resolve(b) : reject(new PhotoShrinkError('unreadable', 'the browser could not encode JPEG')), 'image/jpeg', quality))
}

/**
 * A photo at most `limit` bytes: the file itself when it fits (and `reencode` is not asked for,
 * as for a type the server does not take), else a JPEG re-encoding of it.
 * Throws PhotoShrinkError when it cannot be decoded or no encoding fits.
 */
export async function downscalePhoto(file: File, { limit = MAX_PHOTO_BYTES, reencode = false } = {}): Promise<File> {
  if (file.size <= limit && !reencode)
    return file
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  }
  catch {
    throw new PhotoShrinkError('unreadable', `"${file.name}" could not be read as a picture`)
  }
  try {
    const out = await shrinkToLimit(bitmap.width, bitmap.height, (size, quality) => encodeJpeg(bitmap, size.width, size.height, quality), limit)
    if (!out)
      throw new PhotoShrinkError('too_large', `"${file.name}" stays over the limit even scaled down`)
    return new File([out.blob], shrunkName(file.name), { type: 'image/jpeg', lastModified: file.lastModified })
  }
  finally {
    bitmap.close()
  }
}
