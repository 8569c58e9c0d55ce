// Where the demo keeps an imported territory across reloads: IndexedDB (a county's boundaries
// exceed what localStorage holds), readable from the page and from the demo's worker alike.
import type { TerritoryGrid } from '~/domain/territoryImport/pipeline'

const DB = 'pingan-grid'
const STORE = 'territory'
const KEY = 'current'

/** What is stored: the grids and when and from which file they were imported. */
export interface StoredTerritory {
  grids: TerritoryGrid[]
  importedAt: number
  fileName: string
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'))
  })
}

async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const req = op(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(req.result)
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
    })
  }
  finally {
    db.close()
  }
}

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
