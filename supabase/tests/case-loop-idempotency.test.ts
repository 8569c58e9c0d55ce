// Idempotency keys on create_case and case_transition (issue 14): a phone's queue retries, two tabs
// send the same item, a page dies after the commit and sends again on reopening — each key applies
// once. Run on real connections as PostgREST runs requests, including two sessions sending the
// same key at the same moment, and as a hostile user trying to reuse or probe someone else's key.
import type { PoolClient } from 'pg'
import type { LoopUser, Outcome } from './fixtures/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { caseRecord, claimsOf, HANDLED, insertCase, refusalOf, useCaseLoopDatabase } from './fixtures/caseLoop'
import { pointIn } from './fixtures/territory'
import { ANON, asRequest, callRpc, sqlState } from './harness/db'

const db = useCaseLoopDatabase()

let titles = 0
function report(title = `幂等测试${++titles}`) {
  return {
    categoryCode: '0101',
    title,
    description: '巡查发现，离线时上报。',
    source: 'patrol',
    urgent: false,
    location: pointIn('G11', 0.8, 0.8),
    photoIds: [] as string[],
  }
}

/** A request as PostgREST opens one: a transaction with the user's role and claims, left open. */
async function session(user: LoopUser): Promise<PoolClient> {
  const client = await db.api.connect()
  const claims = claimsOf(user)
  await client.query('begin')
  await client.query('select set_config(\'role\', $1, true), set_config(\'request.jwt.claims\', $2, true)', [claims.role, JSON.stringify(claims)])
  return client
}

async function attempt(fn: () => Promise<CaseRecord>): Promise<Outcome> {
  try {
    return { ok: true, record: await fn(), event: null as never }
  }
  catch (error) {
    return refusalOf(error)
  }
}

function create(user: LoopUser, input: unknown, key: string | undefined): Promise<Outcome> {
  return asRequest(db, claimsOf(user), c => attempt(() => callRpc<CaseRecord>(c, 'create_case', { p_input: input, p_idempotency_key: key })), { commit: true })
}

function move(user: LoopUser, caseId: string, action: string, input: unknown, version: number, key: string | undefined): Promise<Outcome> {
  return asRequest(db, claimsOf(user), c => attempt(() => callRpc<CaseRecord>(c, 'case_transition', {
    p_case_id: caseId,
    p_action: action,
    p_input: input,
    p_expected_version: version,
    p_idempotency_key: key,
  })), { commit: true })
}

async function casesTitled(title: string): Promise<string[]> {
  const { rows } = await db.admin.query<{ id: string }>('select id from public.cases where title = $1 order by reported_at', [title])
  return rows.map(r => r.id)
}

async function eventsOf(caseId: string): Promise<string[]> {
  const { rows } = await db.admin.query<{ kind: string }>('select kind from public.case_events where case_id = $1 order by id', [caseId])
  return rows.map(r => r.kind)
}

function recordOf(o: Outcome): CaseRecord {
  if (!o.ok)
    throw new Error(`refused: ${o.code} ${o.message}`)
  return o.record
}

describe('create_case with a key', () => {
  it('a retry with the same key and payload answers the first case and reports nothing new', async () => {
    const input = report()
    const key = randomUUID()
    const first = recordOf(await create('worker', input, key))
    const again = recordOf(await create('worker', input, key))
    // The same payload in another key order is the same request (jsonb is canonical).
    const reordered = recordOf(await create('worker', Object.fromEntries(Object.entries(input).reverse()), key))
    expect(again).toEqual(first)
    expect(reordered.id).toBe(first.id)
    expect(await casesTitled(input.title)).toEqual([first.id])
    expect(await eventsOf(first.id)).toEqual(['create'])
  })

  it('the same key with a different payload is refused naming the key, and nothing is reported', async () => {
    const input = report()
    const key = randomUUID()
    const first = recordOf(await create('worker', input, key))
    const changed = { ...input, description: '改过的描述' }
    const out = await create('worker', changed, key)
    expect(out).toEqual({
      ok: false,
      code: 'invalid_input',
      field: 'idempotencyKey',
      message: `Idempotency key ${key} was already used for a different request; a retry must send exactly what was sent first, and a new request needs a new key`,
    })
    expect(await casesTitled(input.title)).toEqual([first.id])
  })

  it('without a key every call reports a case, as before', async () => {
    const input = report()
    recordOf(await create('worker', input, undefined))
    recordOf(await create('worker', input, undefined))
    expect(await casesTitled(input.title)).toHaveLength(2)
  })

  it('a refused request keeps no key: corrected, it is sent again under the same key and applies', async () => {
    const input = report()
    const key = randomUUID()
    const outside = await create('worker', { ...input, location: pointIn('G12', 0.5, 0.5) }, key)
    expect(outside).toMatchObject({ ok: false, code: 'invalid_input', field: 'location' })
    const corrected = recordOf(await create('worker', input, key))
    expect(await casesTitled(input.title)).toEqual([corrected.id])
  })

  it('two connections sending the same key at once make one case; the second waits and answers it', async () => {
    const input = report()
    const key = randomUUID()
    const a = await session('worker')
    const b = await session('worker')
    try {
      const first = await attempt(() => callRpc<CaseRecord>(a, 'create_case', { p_input: input, p_idempotency_key: key }))
      let settled = false
      const second = attempt(() => callRpc<CaseRecord>(b, 'create_case', { p_input: input, p_idempotency_key: key })).then((o) => {
        settled = true
        return o
      })
      await new Promise(resolve => setTimeout(resolve, 300))
      expect(settled).toBe(false) // held on the first session's key row
      await a.query('commit')
      const out = await second
      await b.query('commit')
      expect(recordOf(out).id).toBe(recordOf(first).id)
    }
    finally {
      a.release()
      b.release()
    }
    expect(await casesTitled(input.title)).toHaveLength(1)
  })

  it('ten connections racing on one key make one case', async () => {
    const input = report()
    const key = randomUUID()
    const outs = await Promise.all(Array.from({ length: 10 }, () => create('worker', input, key)))
    const ids = new Set(outs.map(o => recordOf(o).id))
    expect(ids.size).toBe(1)
    expect(await casesTitled(input.title)).toEqual([...ids])
  })

  it('a page that died before the commit: the first send rolls back, the resend applies once', async () => {
    const input = report()
    const key = randomUUID()
    const a = await session('worker')
    const b = await session('worker')
    try {
      await callRpc(a, 'create_case', { p_input: input, p_idempotency_key: key })
      const second = attempt(() => callRpc<CaseRecord>(b, 'create_case', { p_input: input, p_idempotency_key: key }))
      await new Promise(resolve => setTimeout(resolve, 200))
      await a.query('rollback')
      const out = await second
      await b.query('commit')
      expect(out.ok).toBe(true)
    }
    finally {
      a.release()
      b.release()
    }
    expect(await casesTitled(input.title)).toHaveLength(1)
  })
})

describe('case_transition with a key', () => {
  it('a retried move applies once and answers the first result, not a stale-version refusal', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const key = randomUUID()
    const input = { resultText: '已调解', outcome: 'mediated' }
    const first = recordOf(await move('worker', id, 'report_back', input, 1, key))
    const again = recordOf(await move('worker', id, 'report_back', input, 1, key))
    expect(again).toEqual(first)
    expect(first.version).toBe(2)
    expect(await eventsOf(id)).toEqual(['report_back'])
    expect((await caseRecord(db, id)).version).toBe(2)
  })

  it('the key of a move reused for another move or another case is refused', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const other = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const key = randomUUID()
    recordOf(await move('chief', id, 'escalate', { reason: '村级无法化解' }, 1, key))
    expect(await move('chief', id, 'supervise', { reason: '督办' }, 2, key)).toMatchObject({ ok: false, code: 'invalid_input', field: 'idempotencyKey' })
    expect(await move('chief', other, 'escalate', { reason: '村级无法化解' }, 1, key)).toMatchObject({ ok: false, code: 'invalid_input', field: 'idempotencyKey' })
    // A report under a move's key is another request too.
    expect(await create('chief', report(), key)).toMatchObject({ ok: false, code: 'invalid_input', field: 'idempotencyKey' })
    expect(await eventsOf(id)).toEqual(['escalate'])
    expect(await eventsOf(other)).toEqual([])
  })

  it('two connections sending the same move at once: one event, both answered with it', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const key = randomUUID()
    const input = { reason: '村级无法化解' }
    const outs = await Promise.all([move('chief', id, 'escalate', input, 1, key), move('chief', id, 'escalate', input, 1, key)])
    expect(outs.map(o => recordOf(o).version)).toEqual([2, 2])
    expect(await eventsOf(id)).toEqual(['escalate'])
  })
})

describe('a hostile user and someone else\'s key', () => {
  it('reusing the worker\'s key with the worker\'s payload reports a case of one\'s own and shows nothing of theirs', async () => {
    const input = report()
    const key = randomUUID()
    const mine = recordOf(await create('worker', input, key))
    const theirs = recordOf(await create('commander', input, key))
    expect(theirs.id).not.toBe(mine.id)
    expect(await casesTitled(input.title)).toEqual([mine.id, theirs.id])
  })

  it('probing the worker\'s key with another payload is not refused: a used key of someone else says nothing', async () => {
    const key = randomUUID()
    recordOf(await create('worker', report(), key))
    const probe = await create('commander', report(), key)
    expect(probe.ok).toBe(true)
  })

  it('probing with a move on a case the prober cannot see answers "does not exist", as without a key', async () => {
    const id = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const key = randomUUID()
    recordOf(await move('worker', id, 'report_back', { resultText: '已办结', outcome: 'resolved' }, 1, key))
    const probe = await move('foreignCommander', id, 'report_back', { resultText: '已办结', outcome: 'resolved' }, 1, key)
    expect(probe).toMatchObject({ ok: false, code: 'not_found' })
  })

  it('the key table and the bodies behind the RPCs are out of reach of every API role', async () => {
    for (const user of ['worker', 'admin'] as const) {
      for (const sql of [
        'select * from private.idempotency_keys',
        'insert into private.idempotency_keys (user_id, key, request_hash) values (gen_random_uuid(), gen_random_uuid(), \'x\')',
        'select private.create_case_once(\'{}\'::jsonb)',
        'select private.idempotency_claim(gen_random_uuid(), \'{}\'::jsonb)',
      ]) {
        const code = await asRequest(db, claimsOf(user), c => sqlState(c, sql))
        expect(code, `${user}: ${sql}`).toBe('42501')
      }
    }
    const anon = await asRequest(db, ANON, c => sqlState(c, 'select public.create_case(\'{}\'::jsonb, gen_random_uuid())'))
    expect(anon).toBe('42501')
  })
})
