// Shared by the database tests and the benchmark; free of side effects (db.ts sets pg's type parsers).
import type pg from 'pg'

/**
 * Ends a pool and resolves once every one of its connections is closed. pool.end() resolves as
 * soon as the clients are told to close, not when they have: dropping the database right after
 * terminates the backends still saying goodbye (57P01), and the pool re-emits that as an
 * 'error' event nobody listens to — an unhandled error that fails the whole test run.
 */
export async function closePool(pool: pg.Pool): Promise<void> {
  let open = pool.totalCount
  const closed = new Promise<void>((resolve) => {
    if (open === 0)
      resolve()
    pool.on('remove', () => {
      open -= 1
      if (open === 0)
        resolve()
    })
  })
  await pool.end()
  await closed
}
