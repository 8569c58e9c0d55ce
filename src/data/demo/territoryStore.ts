// Where the demo keeps an imported territory across reloads: IndexedDB (a county's boundaries
// exceed what localStorage holds), readable from the page and from the demo's worker alike.
import type { TerritoryGrid } from '~/domain/territoryImport/pipeline'
import { idbStore } from './idbStore'

const DB = 'pingan-grid'
const STORE = 'territory'
const KEY = 'current'

/** What is stored: the grids and when and from which file they were imported. */
export interface StoredTerritory {
  grids: TerritoryGrid[]
  importedAt: number
  fileName: string
}

const run = idbStore(DB, STORE)

/** The imported territory, or null when the demo runs on its generated township. */
export async function loadStoredTerritory(): Promise<StoredTerritory | null> {
  if (typeof indexedDB === 'undefined')
    return null
  return (await run('readonly', s => s.get(KEY) as IDBRequest<StoredTerritory | undefined>)) ?? null
}

/** Replaces the demo's territory with these grids (in one write: all or nothing). */
export async function saveStoredTerritory(t: StoredTerritory): Promise<void> {
  await run('readwrite', s => s.put(t, KEY))
}

/** Back to the generated demo township. */
export async function clearStoredTerritory(): Promise<void> {
  await run('readwrite', s => s.delete(KEY))
}
