// The import as the /import screen and the server see it: a read file becomes drafts in WGS 84
// under a coordinate system and an attribute mapping, every problem is found, safe repairs are
// applied on request, and what is left to commit is a plain list of grids.
import type { MultiPolygon } from 'geojson'
import type { SourceCrs } from '../chinaCoords/crs'
import type { ShiftedSystem } from '../chinaCoords/shifted'
import type { BBox, GridLevel } from '../types'
import type { AttributeMapping, GridDraft, ImportFormat, Problem, ReadResult } from './types'
import { describeCrs, WGS84 } from '../chinaCoords/crs'
import { checkRegion, convertFeature, geometryBBox, guessCrsFromBBox, looksLikeZoneWithoutNumber } from './coordinates'
import { checkHierarchy, hasGridCode, subjectOf } from './hierarchy'
import { mapAttributes, suggestMapping } from './mapping'
import { pointInsideMulti } from './planar'
import { checkRings } from './rings'
import { checkTopology } from './topology'

/** What the person importing decided; everything is optional and suggested when left out. */
export interface PrepareOptions {
  /** The coordinate system, overriding the file's declaration and the guess. */
  crs?: SourceCrs
  mapping?: AttributeMapping
  /** Codes already in the territory, so a re-import of one township finds its parent. */
  existingCodes?: ReadonlySet<string>
  /** The county (6 digits) being imported: grids of another county are refused. */
  countyCode?: string
  /** Overlaps, gaps and overhangs narrower than this on average are ignored (default 1 m). */
  toleranceM?: number
}

/** How the coordinate system was chosen. */
export type CrsSource = 'user' | 'declared' | 'guessed' | 'default'

/** Everything the preview shows; pass it back to applyRepairs or gridsToCommit. */
export interface ImportPreview {
  format: ImportFormat
  crs: SourceCrs
  crsSource: CrsSource
  mapping: AttributeMapping
  /** One per feature, in file order (drafts[i].index === i). */
  drafts: GridDraft[]
  /** Every problem, sorted by feature; errors block the commit, warnings do not. */
  problems: Problem[]
  notes: string[]
  options: PrepareOptions
  /** Problems of geometry that could not be converted at all; kept when re-validating. */
  conversionProblems: Problem[]
  /** Features the user chose to leave out (by index); they are neither checked nor committed. */
  excluded: number[]
}

/** A grid ready to commit: what the Supabase import function and the demo store receive. */
export interface TerritoryGrid {
  code: string
  name: string
  level: GridLevel
  /** Null for a township. */
  parentCode: string | null
  /** WGS 84. */
  boundary: MultiPolygon
}

/** A geographic system with the web-map offset the user says the file carries (GCJ-02 / BD-09). */
export function withShift(crs: SourceCrs, shift: ShiftedSystem | null): SourceCrs {
  if (crs.kind !== 'geographic')
    throw new Error(`a web-map offset applies to longitude/latitude, not to ${describeCrs(crs)}`)
  return { ...crs, shift, epsg: shift ? null : crs.epsg }
}

function fileBBox(read: ReadResult): BBox | null {
  let box: BBox | null = null
  for (const f of read.features) {
    const b = geometryBBox(f.geometry)
    if (!b || !b.every(Number.isFinite))
      continue
    box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b
  }
  return box
}

/** The system to read the file in: the user's, the declared one, a guess from the numbers, or WGS 84. */
export function chooseCrs(read: ReadResult, user?: SourceCrs): { crs: SourceCrs, source: CrsSource, note: string | null } {
  if (user)
    return { crs: user, source: 'user', note: null }
  if (read.declaredCrs)
    return { crs: read.declaredCrs, source: 'declared', note: null }
  const box = fileBBox(read)
  const guess = box ? guessCrsFromBBox(box) : null
  if (guess && guess.crs.kind !== 'geographic')
    return { crs: guess.crs, source: 'guessed', note: `the file declares no coordinate system; ${guess.reason}. Check it on the preview map.` }
  if (box && looksLikeZoneWithoutNumber(box))
    return { crs: WGS84, source: 'default', note: 'the file declares no coordinate system and its numbers look like Gauss-Krüger metres without a zone number: choose the zone (central meridian)' }
  return { crs: WGS84, source: 'default', note: read.format === 'shapefile' ? 'the Shapefile has no .prj; it is read as WGS 84 longitude/latitude' : null }
}

const SEVERITY_ORDER = { error: 0, warning: 1 }

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.feature ?? -1) - (b.feature ?? -1) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.kind.localeCompare(b.kind))
}

/** Every problem of the drafts: where they lie, their rings, their codes and tree, how they fit. */
export function validateDrafts(drafts: readonly GridDraft[], crs: SourceCrs, options: PrepareOptions = {}): Problem[] {
  const problems: Problem[] = []
  // Topology runs on grids whose geometry is sound, using their repaired rings where the only
  // ring problems are safe to repair (a spike should not also be reported as an overhang).
  const sound: GridDraft[] = []
  for (const d of drafts) {
    if (!d.boundary)
      continue
    const base = { feature: d.index, subject: subjectOf(d) }
    const region = checkRegion(d.boundary, crs, base)
    if (region.length > 0) {
      problems.push(...region)
      continue
    }
    const rings = checkRings(d.boundary, base)
    problems.push(...rings.problems)
    const blocking = rings.problems.some(p => p.severity === 'error' && !p.repair)
    if (!blocking && (rings.repaired || rings.problems.length === 0))
      sound.push(rings.repaired ? { ...d, boundary: rings.repaired } : d)
  }
  const byIndex = new Map(drafts.map(d => [d.index, d]))
  for (const p of checkHierarchy(drafts, options)) {
    const b = p.feature !== null ? byIndex.get(p.feature)?.boundary : null
    problems.push(b && b.coordinates.length > 0 ? { ...p, location: pointInsideMulti(b.coordinates) } : p)
  }
  // Only the first grid of each well-formed code takes part in the topology.
  const seen = new Set<string>()
  const placed = sound.filter((d) => {
    if (!hasGridCode(d) || seen.has(d.code))
      return false
    seen.add(d.code)
    return true
  })
  problems.push(...checkTopology(placed, { toleranceM: options.toleranceM }))
  return problems
}

/**
 * Reads a file's features into drafts and finds every problem. The mapping and the system are
 * suggested unless given; notes say what was assumed.
 */
export function prepareImport(read: ReadResult, options: PrepareOptions = {}): ImportPreview {
  const { crs, source, note } = chooseCrs(read, options.crs)
  const mapping = options.mapping ?? suggestMapping(read)
  const conversionProblems: Problem[] = []
  const drafts: GridDraft[] = read.features.map((f) => {
    const attrs = mapAttributes(f.properties, mapping)
    const draft: GridDraft = { index: f.index, label: f.label, ...attrs, boundary: null }
    const converted = convertFeature(f, crs, subjectOf(draft))
    conversionProblems.push(...converted.problems)
    return { ...draft, boundary: converted.boundary }
  })
  const notes = [...read.notes, ...(note ? [note] : [])]
  if (!mapping.code)
    notes.push('no attribute looks like the grid code: choose which one holds it')
  const problems = sortProblems([...conversionProblems, ...validateDrafts(drafts, crs, options)])
  return { format: read.format, crs, crsSource: source, mapping, drafts, problems, notes, options, conversionProblems, excluded: [] }
}

/** Validates a preview's drafts again, leaving its excluded features out. */
function revalidate(preview: ImportPreview, drafts: GridDraft[], excluded: number[]): ImportPreview {
  const out = new Set(excluded)
  const kept = drafts.filter(d => !out.has(d.index))
  const problems = sortProblems([...preview.conversionProblems.filter(p => p.feature === null || !out.has(p.feature)), ...validateDrafts(kept, preview.crs, preview.options)])
  return { ...preview, drafts, problems, excluded }
}

/** Leaves features out of the import (and brings back any not listed), then validates again. */
export function excludeFeatures(preview: ImportPreview, indices: readonly number[]): ImportPreview {
  return revalidate(preview, preview.drafts, [...new Set(indices)].sort((a, b) => a - b))
}

/** Applies the repairs the given problems offer (one per feature is enough) and validates again. */
export function applyRepairs(preview: ImportPreview, accepted: readonly Problem[]): ImportPreview {
  const drafts = [...preview.drafts]
  let changed = false
  for (const p of accepted) {
    if (!p.repair || p.feature === null || !drafts[p.feature])
      continue
    drafts[p.feature] = { ...drafts[p.feature]!, boundary: p.repair.boundary }
    changed = true
  }
  return changed ? revalidate(preview, drafts, preview.excluded) : preview
}

/** Applies every safe repair offered, again until none is left (a swap can reveal a spike). */
export function applyAllRepairs(preview: ImportPreview): ImportPreview {
  let current = preview
  for (let pass = 0; pass < 4; pass++) {
    const offered = current.problems.filter(p => p.repair)
    if (offered.length === 0)
      break
    current = applyRepairs(current, offered)
  }
  return current
}

/** True when nothing blocks the commit (warnings may remain). */
export function isImportable(preview: ImportPreview): boolean {
  return preview.drafts.length > preview.excluded.length && !preview.problems.some(p => p.severity === 'error')
}

/** The grids to commit, parents before children; refuses a preview that still has errors. */
export function gridsToCommit(preview: ImportPreview): TerritoryGrid[] {
  const errors = preview.problems.filter(p => p.severity === 'error')
  if (errors.length > 0)
    throw new Error(`the import still has ${errors.length} error${errors.length > 1 ? 's' : ''}, first: ${errors[0]!.message}`)
  const out = new Set(preview.excluded)
  const kept = preview.drafts.filter(d => !out.has(d.index))
  if (kept.length === 0)
    throw new Error('the import holds no grids')
  return kept
    .map(d => ({ code: d.code, name: d.name, level: d.level!, parentCode: d.parentCode, boundary: d.boundary! }))
    .sort((a, b) => a.level - b.level || a.code.localeCompare(b.code))
}
