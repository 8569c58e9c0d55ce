// Live data in the database (migration 20261203300000): the triggers that announce every change of
// a case on Realtime Broadcast, the policy on realtime.messages that decides who may join which
// topic, and live_watermark for the client's slow poll. Joins are checked the way Realtime checks
// them (supabase/realtime lib/realtime/tenants/authorization.ex): probe messages inserted by
// Realtime's own connection, then role, realtime.topic and the JWT claims set locally, the probes
// selected back as the user, everything rolled back. Expectations are written out by hand.
import type { PoolClient } from 'pg'
import type { Claims, TestDatabase } from './harness/db'
import type { CaseRecord } from '~/domain/types'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { toUuid } from '../seed/ids'
import { addUnitMembers, caseLoopTerritory, claimsOf, HANDLED, insertCase, transitionOn } from './fixtures/caseLoop'
import { gridId, memberOf, pointIn, USERS } from './fixtures/territory'
import { ANON, asRequest, callRpc, createTestDatabase, loadDataset, SERVICE, sqlState, userClaims } from './harness/db'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, caseLoopTerritory())
  await addUnitMembers(db)
})
afterAll(async () => db?.drop())

interface Message {
  topic: string
  event: string
  extension: string
  private: boolean
  payload: Record<string, unknown>
}

/** Messages written since the last clear, oldest first. */
async function messages(): Promise<Message[]> {
  const { rows } = await db.admin.query<Message>('select topic, event, extension, private, payload from realtime.messages order by inserted_at, topic')
  return rows
}

beforeEach(async () => {
  await db.admin.query('delete from realtime.messages')
})

// Fixture paths: county 330102 > T1 330102.001 > V1 .001 > G11 .001 > S111 .001; T2 330102.002; C1 330103.001.
const TOPICS = {
  county: 'grid:330102',
  T1: 'grid:330102.001',
  V1: 'grid:330102.001.001',
  V2: 'grid:330102.001.002',
  G11: 'grid:330102.001.001.001',
  G12: 'grid:330102.001.001.002',
  S111: 'grid:330102.001.001.001.001',
  T2: 'grid:330102.002',
  W1: 'grid:330102.002.001',
  otherCounty: 'grid:330103',
  C1: 'grid:330103.001',
} as const
type Topic = keyof typeof TOPICS

const NEW_CASE = {
  categoryCode: '0101',
  title: '楼道堆物堵塞通道',
  description: '住户反映三单元楼道长期堆放杂物，已影响通行。',
  source: 'visit',
  urgent: false,
  location: pointIn('G11', 0.8, 0.8),
  address: '青山路18号3单元',
  reporterName: '王小明',
  reporterPhone: '13912345678',
  photoIds: [],
}

function notice(c: Pick<CaseRecord, 'id' | 'gridId' | 'status' | 'version'>): Record<string, unknown> {
  return { entity: 'case', id: c.id, gridId: c.gridId, status: c.status, version: c.version }
}

describe('the triggers announce every change of a case to its grid and every grid above', () => {
  it('intake: one notice on each of the county, township, village and group topics, and nothing else', async () => {
    const record = await asRequest(db, claimsOf('worker'), c => callRpc<CaseRecord>(c, 'create_case', { p_input: NEW_CASE }), { commit: true })
    const sent = await messages()
    expect(sent.map(m => m.topic).sort()).toEqual([TOPICS.county, TOPICS.T1, TOPICS.V1, TOPICS.G11].sort())
    for (const m of sent)
      expect(m).toEqual({ topic: m.topic, event: 'case', extension: 'broadcast', private: true, payload: notice({ ...record, status: 'reported', version: 1 }) })
  })

  it('a transition: one notice per topic with the new status and version, although the case and the event log both changed', async () => {
    const id = await insertCase(db, { grid: 'S111', status: 'reported' })
    await db.admin.query('delete from realtime.messages')
    const outcome = await asRequest(db, claimsOf('chief'), c => transitionOn(c, id, 'register', {}, 1), { commit: true })
    expect(outcome.ok).toBe(true)
    const sent = await messages()
    expect(sent.map(m => m.topic).sort()).toEqual([TOPICS.county, TOPICS.T1, TOPICS.V1, TOPICS.G11, TOPICS.S111].sort())
    for (const m of sent)
      expect(m.payload).toEqual(notice({ id, gridId: toUuid(gridId('S111')), status: 'registered', version: 2 }))

    // The same, called as PostgREST calls it: no savepoint, the whole request one transaction.
    await db.admin.query('delete from realtime.messages')
    await asRequest(db, claimsOf('chief'), c => callRpc(c, 'case_transition', { p_case_id: id, p_action: 'dispatch', p_input: { leadUnitId: 'police' }, p_expected_version: 2 }), { commit: true })
    const again = await messages()
    expect(again.map(m => m.topic).sort()).toEqual([TOPICS.county, TOPICS.T1, TOPICS.V1, TOPICS.G11, TOPICS.S111].sort())
    for (const m of again)
      expect(m.payload).toEqual(notice({ id, gridId: toUuid(gridId('S111')), status: 'dispatched', version: 3 }))
  })

  it('a reminder (an event that leaves the case row alone) is announced by the event log\'s trigger, with the version it found', async () => {
    const id = await insertCase(db, { status: 'dispatched', ...HANDLED })
    await db.admin.query('delete from realtime.messages')
    const outcome = await asRequest(db, claimsOf('commander'), c => transitionOn(c, id, 'remind', { message: '请加快办理' }, 1), { commit: true })
    expect(outcome).toMatchObject({ ok: true, record: { version: 1 } })
    const sent = await messages()
    expect(sent.map(m => m.topic).sort()).toEqual([TOPICS.county, TOPICS.T1, TOPICS.V1, TOPICS.G11].sort())
    for (const m of sent)
      expect(m.payload).toEqual(notice({ id, gridId: toUuid(gridId('G11')), status: 'dispatched', version: 1 }))
  })

  it('an edit through edit_case is announced; a direct update by a signed-in user is refused (issue 7) and announces nothing', async () => {
    const id = await insertCase(db, { grid: 'V2', status: 'registered' })
    await db.admin.query('delete from realtime.messages')
    expect(await asRequest(db, claimsOf('commander'), c => sqlState(c, 'update public.cases set title = $2 where id = $1', [id, '直接改的标题']))).toBe('42501')
    expect(await messages()).toEqual([])
    await asRequest(db, claimsOf('commander'), c => callRpc(c, 'edit_case', { p_case_id: id, p_changes: { title: '更正后的标题' }, p_expected_version: 1 }), { commit: true })
    const sent = await messages()
    expect(sent.map(m => m.topic).sort()).toEqual([TOPICS.county, TOPICS.T1, TOPICS.V2].sort())
    expect(sent[0]!.payload).toEqual(notice({ id, gridId: toUuid(gridId('V2')), status: 'registered', version: 2 }))
  })

  it('a case moved to another grid is announced to the old grid\'s topics too, so that subtree learns it left', async () => {
    const id = await insertCase(db, { grid: 'G12', status: 'registered' })
    await db.admin.query('delete from realtime.messages')
    await db.admin.query('update public.cases set grid_id = $2 where id = $1', [id, toUuid(gridId('V2'))])
    const sent = await messages()
    expect(sent.map(m => m.topic).sort()).toEqual([TOPICS.county, TOPICS.T1, TOPICS.V1, TOPICS.G12, TOPICS.V2].sort())
    expect(sent.every(m => m.payload.gridId === toUuid(gridId('V2')))).toBe(true)
  })

  it('nothing is announced by a write that is rolled back, and a refused move announces nothing', async () => {
    await asRequest(db, claimsOf('worker'), c => callRpc(c, 'create_case', { p_input: NEW_CASE }))
    const id = await insertCase(db, { status: 'reported' })
    await db.admin.query('delete from realtime.messages')
    const refused = await asRequest(db, claimsOf('viewer'), c => transitionOn(c, id, 'register', {}, 1), { commit: true })
    expect(refused.ok).toBe(false)
    expect(await messages()).toEqual([])
  })

  it('no payload holds a contact, a title, a description or an address: only the five keys, whatever the write', async () => {
    const record = await asRequest(db, claimsOf('worker'), c => callRpc<CaseRecord>(c, 'create_case', { p_input: NEW_CASE }), { commit: true })
    const urgent = await asRequest(db, claimsOf('commander'), c => callRpc<CaseRecord>(c, 'create_case', { p_input: { ...NEW_CASE, urgent: true, categoryCode: '0802', title: '民房起火' } }), { commit: true })
    await asRequest(db, claimsOf('commander'), c => transitionOn(c, urgent.id, 'register', { note: '已通知消防' }, 1), { commit: true })
    await asRequest(db, claimsOf('chief'), c => transitionOn(c, record.id, 'register', { note: '联系王小明 13912345678' }, 1), { commit: true })
    const sent = await messages()
    expect(sent.length).toBeGreaterThan(10)
    const text = JSON.stringify(sent.map(m => m.payload))
    for (const secret of ['王小明', '13912345678', NEW_CASE.title, NEW_CASE.description, NEW_CASE.address, '民房起火', '已通知消防'])
      expect(text).not.toContain(secret)
    for (const m of sent)
      expect(Object.keys(m.payload).sort()).toEqual(['entity', 'gridId', 'id', 'status', 'version'])
  })
})

/** Realtime's read check for a join: may `claims` join `topic` (as a private channel)? */
async function canJoin(claims: Claims | null, topic: string, extension: 'broadcast' | 'presence' = 'broadcast'): Promise<boolean> {
  const client = await db.admin.connect()
  try {
    await client.query('begin')
    const id = randomUUID()
    await client.query(`insert into realtime.messages (id, topic, extension) values ($1, $2, $3)`, [id, topic, extension])
    if (claims) {
      await client.query(
        `select set_config('role', $1, true), set_config('realtime.topic', $2, true), set_config('request.jwt.claims', $3, true),
                set_config('request.jwt.claim.sub', $4, true), set_config('request.jwt.claim.role', $1, true)`,
        [claims.role, topic, JSON.stringify(claims), claims.sub ?? ''],
      )
    }
    const { rows } = await client.query('select 1 from realtime.messages where id = $1', [id])
    return rows.length === 1
  }
  finally {
    await client.query('rollback')
    client.release()
  }
}

describe('who may join which topic (the select policy on realtime.messages)', () => {
  // Every topic a subject may join; every other topic of TOPICS is refused.
  const SUBJECTS: Array<{ name: string, claims: Claims, joins: Topic[] }> = [
    { name: 'county_admin (T1, county 330102)', claims: userClaims(USERS.admin), joins: ['county', 'T1', 'V1', 'V2', 'G11', 'G12', 'S111', 'T2', 'W1'] },
    { name: 'township_commander (T1)', claims: userClaims(USERS.commander), joins: ['T1', 'V1', 'V2', 'G11', 'G12', 'S111'] },
    { name: 'village_chief (V1): not the parent T1, not the sibling V2', claims: userClaims(USERS.chief), joins: ['V1', 'G11', 'G12', 'S111'] },
    { name: 'grid_worker (G11): not the parent V1, not the sibling G12', claims: userClaims(USERS.worker), joins: ['G11', 'S111'] },
    { name: 'wall_viewer (T1)', claims: userClaims(USERS.viewer), joins: ['T1', 'V1', 'V2', 'G11', 'G12', 'S111'] },
    { name: 'wall_viewer of V2 only', claims: userClaims(memberOf('V2')), joins: ['V2'] },
    { name: 'county_admin of the other county (C1)', claims: userClaims(USERS.foreignAdmin), joins: ['otherCounty', 'C1'] },
    { name: 'a unit member with a grid_worker membership on T1', claims: claimsOf('police'), joins: ['T1', 'V1', 'V2', 'G11', 'G12', 'S111'] },
    { name: 'a login without membership', claims: userClaims(USERS.outsider), joins: [] },
    { name: 'anon', claims: ANON, joins: [] },
    { name: 'authenticated without a user (the anon key presented as a token with role authenticated)', claims: { role: 'authenticated' }, joins: [] },
  ]

  it.each(SUBJECTS)('$name', async ({ claims, joins }) => {
    const allowed: Topic[] = []
    for (const key of Object.keys(TOPICS) as Topic[]) {
      if (await canJoin(claims, TOPICS[key]))
        allowed.push(key)
    }
    expect(allowed.sort()).toEqual([...joins].sort())
  })

  it('service_role joins any topic (it bypasses row-level security, as on Supabase)', async () => {
    for (const topic of Object.values(TOPICS))
      expect(await canJoin(SERVICE, topic)).toBe(true)
  })

  it('presence on these topics is nobody\'s, not even the commander\'s own', async () => {
    expect(await canJoin(userClaims(USERS.commander), TOPICS.T1, 'presence')).toBe(false)
    expect(await canJoin(userClaims(USERS.admin), TOPICS.county, 'presence')).toBe(false)
  })

  it.each([
    ['a topic of another shape', 'room:lobby'],
    ['a path with a trailing dot', 'grid:330102.001.'],
    ['a path with something after it', 'grid:330102.001;x'],
    ['a path segment of two digits', 'grid:330102.01'],
    ['the grid code instead of the path', 'grid:330102001000000'],
    ['an upper-case prefix', 'GRID:330102.001'],
  ])('no one joins %s (%s), not even the county admin', async (_label, topic) => {
    expect(await canJoin(userClaims(USERS.admin), topic)).toBe(false)
  })

  it('no API role may write a message (so no client can broadcast a fake notice), not even on its own topic', async () => {
    for (const claims of [userClaims(USERS.commander), userClaims(USERS.admin), ANON]) {
      const state = await asRequest(db, claims, c => sqlState(c, `insert into realtime.messages (topic, extension, event, payload, private) values ($1, 'broadcast', 'case', '{}', true)`, [TOPICS.T1]))
      expect(state).toBe('42501')
    }
  })

  it('a user reading realtime.messages directly sees the messages of the topics they may join, and no others', async () => {
    await asRequest(db, claimsOf('worker'), c => callRpc(c, 'create_case', { p_input: NEW_CASE }), { commit: true })
    const seen = await asRequest(db, userClaims(USERS.chief), async (c: PoolClient) => (await c.query<{ topic: string }>('select topic from realtime.messages order by topic')).rows.map(r => r.topic))
    expect(seen).toEqual([TOPICS.V1, TOPICS.G11])
  })
})

describe('live_watermark', () => {
  async function watermark(claims: Claims, code: string): Promise<{ cases: number, versions: number, lastEventId: number | null, at: number }> {
    return asRequest(db, claims, c => callRpc(c, 'live_watermark', { p_grid_code: code }))
  }

  it('counts the cases of the subtree the caller may see, and changes with every insert, update and event', async () => {
    const before = await watermark(userClaims(USERS.chief), '330102001001000')
    const direct = await db.admin.query<{ n: number, v: number }>(`select count(*)::int as n, sum(version)::int as v from public.cases where grid_path <@ '330102.001.001'`)
    expect(before).toMatchObject({ cases: direct.rows[0]!.n, versions: direct.rows[0]!.v })
    // The chief asking for the township gets their village's part, like every subtree read.
    expect(await watermark(userClaims(USERS.chief), '330102001000000')).toMatchObject({ cases: before.cases, versions: before.versions })

    const id = await insertCase(db, { status: 'dispatched', ...HANDLED })
    const inserted = await watermark(userClaims(USERS.chief), '330102001001000')
    expect(inserted.cases).toBe(before.cases + 1)
    await asRequest(db, claimsOf('commander'), c => transitionOn(c, id, 'remind', {}, 1), { commit: true })
    const reminded = await watermark(userClaims(USERS.chief), '330102001001000')
    expect(reminded).toMatchObject({ cases: inserted.cases, versions: inserted.versions })
    expect(reminded.lastEventId).not.toBe(inserted.lastEventId)
    await asRequest(db, claimsOf('commander'), c => callRpc(c, 'edit_case', { p_case_id: id, p_changes: { title: '新标题' }, p_expected_version: 1 }), { commit: true })
    expect((await watermark(userClaims(USERS.chief), '330102001001000')).versions).toBe(reminded.versions + 1)
  })

  it('answers the county for a county code, nothing for an outsider, and refuses anon and malformed codes', async () => {
    const { rows } = await db.admin.query<{ n: number }>(`select count(*)::int as n from public.cases where grid_path <@ '330102'`)
    expect((await watermark(userClaims(USERS.admin), '330102')).cases).toBe(rows[0]!.n)
    expect((await watermark(userClaims(USERS.commander), '330102')).cases).toBeLessThan(rows[0]!.n)
    expect(await watermark(userClaims(USERS.outsider), '330102001000000')).toMatchObject({ cases: 0, versions: 0, lastEventId: null })
    expect(await asRequest(db, ANON, c => sqlState(c, `select public.live_watermark('330102001000000')`))).toBe('42501')
    for (const bad of ['', '3301020010', 'grid:330102', '330102001000000000000', '33010200100100x'])
      expect(await asRequest(db, userClaims(USERS.admin), c => sqlState(c, 'select public.live_watermark($1)', [bad]))).toBe('22023')
  })
})
