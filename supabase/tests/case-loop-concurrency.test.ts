// Optimistic concurrency on real connections: two sessions load the same version and both move the
// case; one wins, the other is refused as stale with a message saying so, and nothing the winner
// wrote is overwritten. Also when the two calls overlap in time: the loser waits on the row lock
// and then sees the winner's version.
import type { PoolClient } from 'pg'
import type { LoopUser, Outcome } from './fixtures/caseLoop'
import { describe, expect, it } from 'vitest'
import { caseRecord, claimsOf, HANDLED, insertCase, refusalOf, useCaseLoopDatabase } from './fixtures/caseLoop'

const db = useCaseLoopDatabase()

/** A session as PostgREST opens one per request: a transaction with the user's role and claims. */
async function session(user: LoopUser): Promise<PoolClient> {
  const client = await db.api.connect()
  const claims = claimsOf(user)
  await client.query('begin')
  await client.query('select set_config(\'role\', $1, true), set_config(\'request.jwt.claims\', $2, true)', [claims.role, JSON.stringify(claims)])
  return client
}

async function move(c: PoolClient, caseId: string, action: string, input: unknown, version: number): Promise<Outcome> {
  try {
    const { rows } = await c.query('select public.case_transition($1, $2, $3, $4) as r', [caseId, action, JSON.stringify(input), version])
    return { ok: true, record: rows[0].r, event: null as never }
  }
  catch (error) {
    return refusalOf(error)
  }
}

async function loadedVersion(c: PoolClient, caseId: string): Promise<number> {
  const { rows } = await c.query('select version from public.cases where id = $1', [caseId])
  return rows[0].version
}

describe('two sessions, one version', () => {
  it('one after the other: the first wins, the second is stale and changes nothing', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const a = await session('chief')
    const b = await session('commander')
    try {
      const [va, vb] = [await loadedVersion(a, id), await loadedVersion(b, id)]
      expect([va, vb]).toEqual([1, 1])
      const first = await move(a, id, 'escalate', { reason: '村级无法化解' }, va)
      expect(first.ok).toBe(true)
      await a.query('commit')
      const second = await move(b, id, 'supervise', { reason: '督办' }, vb)
      await b.query('rollback')
      expect(second).toEqual({
        ok: false,
        code: 'stale_version',
        field: null,
        message: `Cannot supervise case ${id}: stale version: the case was changed by someone else (version 2, you had 1); reload and try again`,
      })
    }
    finally {
      a.release()
      b.release()
    }
    const after = await caseRecord(db, id)
    expect([after.status, after.escalationLevel, after.supervised, after.version]).toEqual(['escalated', 1, false, 2])
    const { rows } = await db.admin.query('select kind from public.case_events where case_id = $1', [id])
    expect(rows).toEqual([{ kind: 'escalate' }])
  })

  it('overlapping: the second call waits for the first to commit, then is refused as stale', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const a = await session('police')
    const b = await session('worker')
    try {
      const version = await loadedVersion(a, id)
      expect(await loadedVersion(b, id)).toBe(version)
      const first = await move(a, id, 'report_back', { resultText: '已调解', outcome: 'mediated' }, version)
      expect(first.ok).toBe(true)
      let settled = false
      const second = move(b, id, 'report_back', { resultText: '我也办完了', outcome: 'resolved' }, version).then((o) => {
        settled = true
        return o
      })
      await new Promise(resolve => setTimeout(resolve, 300))
      // Still waiting on the first session's row lock.
      expect(settled).toBe(false)
      await a.query('commit')
      const outcome = await second
      await b.query('rollback')
      expect(outcome).toMatchObject({ ok: false, code: 'stale_version' })
      expect(outcome.ok ? '' : outcome.message).toContain(`(version ${version + 1}, you had ${version})`)
    }
    finally {
      a.release()
      b.release()
    }
    const after = await caseRecord(db, id)
    expect([after.status, after.outcome, after.version]).toEqual(['reported_back', 'mediated', 2])
  })

  it('a reminder does not make the other session\'s version stale', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const a = await session('commander')
    const b = await session('police')
    try {
      const version = await loadedVersion(a, id)
      expect((await move(a, id, 'remind', { message: '请加快' }, version)).ok).toBe(true)
      await a.query('commit')
      const outcome = await move(b, id, 'report_back', { resultText: '已办结', outcome: 'resolved' }, version)
      await b.query('commit')
      expect(outcome.ok).toBe(true)
    }
    finally {
      a.release()
      b.release()
    }
  })
})
