// One IndexedDB object store for the demo's browser-kept data (the imported territory, the
// scenarios), each in its own database so neither's schema moves the other's.

/** Runs `op` on the store in one transaction; resolves once the transaction completes. */
export type IdbRun = <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>) => Promise<T>

export function idbStore(db: string, store: string, options?: IDBObjectStoreParameters): IdbRun {
  function open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(db, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(store, options)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'))
    })
  }
  return async <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const conn = await open()
    try {
      return await new Promise<T>((resolve, reject) => {
        const tx = conn.transaction(store, mode)
        const req = op(tx.objectStore(store))
        tx.oncomplete = () => resolve(req.result)
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
      })
    }
    finally {
      conn.close()
    }
  }
}
