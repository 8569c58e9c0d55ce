// The data an import passes from stage to stage: read → convert → map → validate → diff/commit.
// Plain data only, so every stage can run in a Web Worker and cross postMessage.
import type { Geometry, MultiPolygon } from 'geojson'
import type { SourceCrs } from '../chinaCoords/crs'
import type { GridLevel, LngLat } from '../types'

export type ImportFormat = 'geojson' | 'shapefile' | 'kml' | 'kmz'

/** An attribute value as read: DBF numbers too long for a double stay strings. */
export type AttributeValue = string | number | boolean | null

/** One feature as read from the file, before any conversion. */
export interface SourceFeature {
  /** 0-based position in the file: the handle every later stage uses. */
  index: number
  /** Where it is in the file, for people: "record 12", "Placemark 东岭村 in 城关镇/东岭村". */
  label: string
  properties: Record<string, AttributeValue>
  geometry: Geometry | null
}

/** What a reader found. */
export interface ReadResult {
  format: ImportFormat
  features: SourceFeature[]
  /** Attribute names in file order (the union over features for GeoJSON and KML). */
  fields: string[]
  /** The system the file declares (.prj), null when it declares none (GeoJSON and KML mean WGS 84). */
  declaredCrs: SourceCrs | null
  /** The text encoding used for attributes (Shapefile), and how it was chosen. */
  encoding: { name: string, source: 'cpg' | 'ldid' | 'user' | 'detected' | 'fixed' } | null
  /** Notes for the user that are not problems, e.g. "no .prj: coordinates look like CGCS2000 zone 39". */
  notes: string[]
}

/** Which attribute holds what; null when the file has none. */
export interface AttributeMapping {
  code: string | null
  name: string | null
  level: string | null
  parent: string | null
}

/** A feature turned into a grid candidate: WGS 84 boundary plus mapped attributes. */
export interface GridDraft {
  index: number
  label: string
  /** As mapped, trimmed; validation says whether it is a well-formed grid code. */
  code: string
  name: string
  /** From the code where it parses; else from the level attribute; null when neither says. */
  level: GridLevel | null
  /** From the code where it parses; else from the parent attribute. */
  parentCode: string | null
  /** The level and parent attributes as given, kept to check against the code. */
  declaredLevel: string | null
  declaredParent: string | null
  boundary: MultiPolygon | null
}

export type Severity = 'error' | 'warning'

/** A safe automatic repair of one feature's geometry; `boundary` is the repaired result. */
export interface Repair {
  kind: 'close-ring' | 'remove-duplicate-vertices' | 'remove-spike' | 'drop-degenerate-ring' | 'swap-lng-lat'
  boundary: MultiPolygon
}

/** One finding of validation: which feature, why, where. */
export interface Problem {
  /** Stable identifier of the reason, also the i18n key suffix, e.g. 'ring-self-intersection'. */
  kind: ProblemKind
  severity: Severity
  /** Feature index (see SourceFeature.index); null for file-wide problems. */
  feature: number | null
  /** The feature's code or label, so a message reads without the table. */
  subject: string
  /** English sentence for logs, tests and the database error; the UI translates `kind` + `params`. */
  message: string
  params: Record<string, string | number>
  /** A point to show on the preview map (WGS 84), null when there is none. */
  location: LngLat | null
  /** Present when a safe repair exists; applying it resolves this problem. */
  repair?: Repair
}

export type ProblemKind
  = | 'geometry-missing'
    | 'geometry-not-polygon'
    | 'ring-unclosed'
    | 'ring-too-short'
    | 'ring-duplicate-vertex'
    | 'ring-spike'
    | 'ring-self-intersection'
    | 'coordinates-not-finite'
    | 'coordinates-projected-in-geographic'
    | 'coordinates-swapped'
    | 'coordinates-outside-china'
    | 'code-missing'
    | 'code-malformed'
    | 'code-duplicate'
    | 'name-missing'
    | 'level-mismatch'
    | 'parent-mismatch'
    | 'parent-missing'
    | 'level-skipped'
    | 'child-outside-parent'
    | 'siblings-overlap'
    | 'gap-in-parent'
