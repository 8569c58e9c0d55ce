// Committing an imported territory, all or nothing, on either backend: the demo keeps it in the
// browser (IndexedDB, across reloads) in place of the generated township; Supabase runs one
// function in one transaction (supabase/migrations/…_import_territory.sql).
import type { TerritoryGrid } from '~/domain/territoryImport/pipeline'

export interface TerritoryImporter {
  readonly mode: 'demo' | 'supabase'
  /**
   * Replaces the imported townships (their whole subtrees) with these grids; nothing changes on
   * failure. The app reloads afterwards: every view is rebuilt on the new territory.
   */
  commit: (grids: readonly TerritoryGrid[], meta: { fileName: string, countyCode: string }) => Promise<void>
  /** Demo only: whether an imported territory replaces the generated township, and going back to it. */
  importedFile?: () => Promise<string | null>
  resetToDemo?: () => Promise<void>
}
