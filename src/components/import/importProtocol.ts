// The messages between the /import screen and its worker: the file is read, validated and
// repaired off the page's thread (a county's boundaries take seconds), and kept there, so each
// change of system, mapping, repair or exclusion sends only the decision across.
import type { SourceCrs } from '~/domain/chinaCoords/crs'
import type { TerritoryDiff } from '~/domain/territoryImport/diff'
import type { ImportPreview, TerritoryGrid } from '~/domain/territoryImport/pipeline'
import type { AttributeMapping, ReadResult } from '~/domain/territoryImport/types'
import type { CaseRecord, Grid } from '~/domain/types'

/** The file as read, without its features (the preview carries them as drafts). */
export type ReadSummary = Omit<ReadResult, 'features'> & { featureCount: number }

export type ImportRequest
  = | { op: 'open', name: string, bytes: Uint8Array, encoding?: string, existingCodes: string[], countyCode?: string }
    | { op: 'prepare', crs?: SourceCrs, mapping?: AttributeMapping }
    /** Apply the repairs of these problems (indices into preview.problems); all offered when null. */
    | { op: 'repair', problems: number[] | null }
    | { op: 'exclude', features: number[] }
    /**
     * The difference from the current territory. `replaceAll` (the demo): the import replaces the
     * whole territory; otherwise (Supabase) only the subtrees of the townships it holds.
     */
    | { op: 'diff', current: Grid[], cases: Array<Pick<CaseRecord, 'id' | 'code' | 'location' | 'gridId'>>, replaceAll: boolean }
    | { op: 'export', format: 'geojson' | 'kml' }

/** What each request answers. */
export interface ImportResponses {
  open: { read: ReadSummary, preview: ImportPreview, importable: boolean }
  prepare: { preview: ImportPreview, importable: boolean }
  repair: { preview: ImportPreview, importable: boolean }
  exclude: { preview: ImportPreview, importable: boolean }
  diff: { diff: TerritoryDiff, grids: TerritoryGrid[] }
  export: { text: string }
}

export type ImportReply = { id: number, ok: true, value: unknown } | { id: number, ok: false, message: string }
