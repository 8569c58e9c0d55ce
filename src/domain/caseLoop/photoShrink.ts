// How a photo over the size limit is made small enough in the browser (issue 15): re-encoded as
// JPEG at falling quality, then at falling size, until it fits. Phone cameras write 5–12 MiB
// files, so refusing them made a grid worker's report impossible; shrinking keeps the picture.
// The encoder is passed in, so the ladder is tested here without a canvas.
import { MAX_PHOTO_BYTES } from './photos'

/** One encoding tried: the share of each side kept and the JPEG quality. */
export interface ShrinkStep {
  scale: number
  quality: number
}

/** Longest side, px, a photo is first brought down to: enough to read a plate or a crack. */
export const SHRINK_MAX_SIDE = 2560

// Quality falls first (cheap and invisible at 0.85–0.7); then the size halves in area per step.
const QUALITIES = [0.85, 0.75, 0.65] as const
const SCALES = [1, 0.7, 0.5, 0.35, 0.25, 0.18] as const

/** The encodings tried, in order, for a picture of width × height px. */
export function shrinkSteps(width: number, height: number, maxSide = SHRINK_MAX_SIDE): ShrinkStep[] {
  const longest = Math.max(width, height, 1)
  const first = Math.min(1, maxSide / longest)
  const steps: ShrinkStep[] = []
  for (const s of SCALES) {
    for (const quality of QUALITIES)
      steps.push({ scale: first * s, quality })
  }
  return steps
}

/** The pixel size of a picture scaled by `scale`, at least 1 × 1. */
export function scaledSize(width: number, height: number, scale: number): { width: number, height: number } {
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** What shrinkToLimit answers: the encoded photo and the step that made it, or null when none fitted. */
export interface Shrunk<B> {
  blob: B
  step: ShrinkStep
}

/**
 * Tries the steps in order with `encode` and answers the first result at most `limit` bytes,
 * or null when even the smallest does not fit.
 */
export async function shrinkToLimit<B extends { size: number }>(
  width: number,
  height: number,
  encode: (size: { width: number, height: number }, quality: number) => Promise<B>,
  limit = MAX_PHOTO_BYTES,
): Promise<Shrunk<B> | null> {
  for (const step of shrinkSteps(width, height)) {
    const blob = await encode(scaledSize(width, height, step.scale), step.quality)
    if (blob.size <= limit)
      return { blob, step }
  }
  return null
}

/** The name a shrunk photo is uploaded under: the same name, ending in .jpg. */
export function shrunkName(name: string): string {
  const dot = name.lastIndexOf('.')
  return `${dot > 0 ? name.slice(0, dot) : name || 'photo'}.jpg`
}
