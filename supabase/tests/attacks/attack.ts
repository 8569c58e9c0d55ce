// The attack suite's two tools: an attempt made as one committed PostgREST request (so an attack
// that works sticks, and the "nothing changed" check that follows catches it), and a snapshot of
// what the attack must not change, read behind the policies' back.
import type { PoolClient } from 'pg'
import type { Claims, TestDatabase } from '../harness/db'
import { asRequest } from '../harness/db'

/** What an attempt came to: refused with a SQLSTATE, message and DETAIL, or done with its result. */
export type Attempt
  = | { refused: true, code: string, message: string, detail: string | null }
    | { refused: false, result: unknown }

/** Runs `fn` as one request of `claims`, committed if it succeeds; resolves to what came of it. */
export async function attempt(db: TestDatabase, claims: Claims, fn: (c: PoolClient) => Promise<unknown>): Promise<Attempt> {
  try {
    return { refused: false, result: await asRequest(db, claims, fn, { commit: true }) }
  }
  catch (error) {
    const e = error as { code?: string, message?: string, detail?: string }
    if (e.code === undefined)
      throw error
    return { refused: true, code: e.code, message: e.message ?? '', detail: e.detail ?? null }
  }
}

/** The same, for one statement. */
export function attemptSql(db: TestDatabase, claims: Claims, sql: string, params: unknown[] = []): Promise<Attempt> {
  return attempt(db, claims, async c => (await c.query(sql, params)).rowCount)
}

/** Rows read as the superuser, for comparing before and after an attack. */
export async function snapshot(db: TestDatabase, sql: string, params: unknown[] = []): Promise<unknown[]> {
  return (await db.admin.query(sql, params)).rows
}

/** The SQLSTATE and message of a refusal, for matching; fails the test when the attempt succeeded. */
export function refusal(out: Attempt): { code: string, message: string, detail: string | null } {
  if (!out.refused)
    throw new Error(`the attack was not refused: it answered ${JSON.stringify(out.result)?.slice(0, 300)}`)
  return { code: out.code, message: out.message, detail: out.detail }
}
