import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'

/**
 * The tolerance of a screenshot comparison. `threshold` is pixelmatch's per-pixel colour distance
 * (0–1, YIQ); `maxRatio` the share of pixels allowed to differ beyond it. With a fixed clock,
 * SwiftShader draws the same frame every run (0 differing pixels over repeated runs), so both are
 * tight: 0.02 and 0.01 % (~207 of 1920×1080's pixels, a few glyph edges). Measured: greying the
 * village-road colour (#5a6b82 -> #6a6b72) changes 440 pixels beyond 0.02 and fails; a missing
 * layer, a moved panel or a recoloured grid changes tens of thousands. (At pixelmatch's default
 * 0.1 that road change showed 0 pixels.)
 */
export const TOLERANCE = { threshold: 0.02, maxRatio: 0.0001 }

export interface VisualDiff { differing: number, ratio: number, diffPath: string | null }

/**
 * Compares a screenshot with its committed reference; writes a diff image beside the screenshot
 * when they differ. With UPDATE_REFERENCE=1 it (re)writes the reference instead, for a change
 * that is meant to look different: look at the new reference before committing it.
 */
export function compareWithReference(actualPath: string, referencePath: string, tolerance = TOLERANCE): VisualDiff {
  if (process.env.UPDATE_REFERENCE === '1' || !existsSync(referencePath)) {
    if (!process.env.UPDATE_REFERENCE)
      throw new Error(`no reference ${referencePath}: run the browser tests with UPDATE_REFERENCE=1 to write it, and look at it`)
    mkdirSync(dirname(referencePath), { recursive: true })
    writeFileSync(referencePath, readFileSync(actualPath))
    return { differing: 0, ratio: 0, diffPath: null }
  }
  const actual = PNG.sync.read(readFileSync(actualPath))
  const reference = PNG.sync.read(readFileSync(referencePath))
  if (actual.width !== reference.width || actual.height !== reference.height)
    throw new Error(`${actualPath} is ${actual.width}×${actual.height}, its reference ${referencePath} ${reference.width}×${reference.height}`)
  const diff = new PNG({ width: actual.width, height: actual.height })
  const differing = pixelmatch(actual.data, reference.data, diff.data, actual.width, actual.height, { threshold: tolerance.threshold })
  let diffPath: string | null = null
  if (differing > 0) {
    diffPath = actualPath.replace(/\.png$/, '.diff.png')
    writeFileSync(diffPath, PNG.sync.write(diff))
  }
  return { differing, ratio: differing / (actual.width * actual.height), diffPath }
}
