import type { RecordedRequest, Reply } from './__fixtures__/recordingFetch'
import type { NewCaseInput } from '~/domain/caseLoop'
import { describe, expect, it } from 'vitest'
import { PHOTO_UPLOAD_RULES } from '~/domain/caseLoop'
import { DataError } from '../DataSource'
import { TEST_ANON_KEY, testJwt } from './__fixtures__/jwt'
import { recordingFetch } from './__fixtures__/recordingFetch'
import { CASE, CASE_ROW, GRID, GRID_FEATURE, MY_ACCESS_ROW } from './__fixtures__/rows'
import { testClientOptions } from './__fixtures__/testClient'
import { createSupabaseAuth } from './auth'
import { createSupabaseClient } from './client'
import { CASE_LOOP_SQLSTATES, caseEventFromJson, SupabaseCaseLoop } from './SupabaseCaseLoop'

const URL_BASE = 'https://pingan-test.supabase.co'
const CASE_ID = CASE_ROW.id

function setup(handler: (r: RecordedRequest) => Reply) {
  const rec = recordingFetch(handler)
  const client = createSupabaseClient({ url: URL_BASE, anonKey: TEST_ANON_KEY }, testClientOptions(rec.fetch))
  return { rec, client, loop: new SupabaseCaseLoop(client) }
}

const answer = (json: unknown): (() => Reply) => () => ({ json })
/** A capped list answer of all `rows` under `key`. */
const capped = (key: string, rows: unknown[]) => ({ [key]: rows, total: rows.length, truncated: false, limit: 1000 })

/** setup(), signed in as MY_ACCESS_ROW's user (the token endpoint answers locally). */
async function signedIn(handler: (r: RecordedRequest) => Reply) {
  const token = testJwt({ role: 'authenticated', sub: MY_ACCESS_ROW.userId, exp: Math.floor(Date.now() / 1000) + 3600 })
  const s = setup(r => r.url.pathname === '/auth/v1/token'
    ? { json: { access_token: token, token_type: 'bearer', expires_in: 3600, refresh_token: 'r1', user: { id: MY_ACCESS_ROW.userId, aud: 'authenticated', role: 'authenticated', email: 'w@example.com', app_metadata: {}, user_metadata: {}, created_at: '2026-01-01T00:00:00Z' } } }
    : handler(r))
  await createSupabaseAuth(s.client).signInWithPassword('w@example.com', 'secret')
  s.rec.requests.length = 0
  return s
}

async function failure(p: Promise<unknown>): Promise<DataError> {
  try {
    await p
  }
  catch (error) {
    expect(error).toBeInstanceOf(DataError)
    return error as DataError
  }
  throw new Error('expected the call to fail')
}

const INPUT: NewCaseInput = {
  categoryCode: '0101',
  title: '<b>邻里</b>纠纷',
  description: '=1+1',
  source: 'patrol',
  urgent: false,
  location: [120.07, 30.07],
  address: '三组',
  reporterName: '王女士',
  reporterPhone: '13812345678',
  photoIds: [],
}

const EVENT_ROW = {
  id: 7,
  caseId: CASE_ID,
  action: 'dispatch',
  from: 'registered',
  to: 'dispatched',
  actorId: 'a5f1c1de-8a3c-5a67-9d7e-0c8c2f7f4b11',
  actorUserId: MY_ACCESS_ROW.userId,
  actorRole: 'township_commander',
  at: 1767319200000,
  version: 3,
  payload: { leadUnitId: 'village', coUnitIds: ['police'], assigneeId: null, dueAt: 1768176000000, note: null },
  note: null,
}

describe('supabaseCaseLoop: requests and answers', () => {
  it('actor() reads my_access: the staff record as user id, memberships and units', async () => {
    const { rec, loop } = setup(answer({ ...MY_ACCESS_ROW, unitIds: ['justice', 'police'] }))
    expect(await loop.actor()).toEqual({
      userId: MY_ACCESS_ROW.staffIds[0],
      memberships: [{ gridId: MY_ACCESS_ROW.memberships[0]!.gridId, role: 'grid_worker' }],
      unitIds: ['justice', 'police'],
    })
    expect(rec.rpcCalls()).toEqual([{ fn: 'my_access', body: {} }])
  })

  it('actor() without a staff record is the login; without unitIds (an older database) acts for no unit; anonymous is refused', async () => {
    expect(await setup(answer({ ...MY_ACCESS_ROW, staffIds: [] })).loop.actor()).toMatchObject({ userId: MY_ACCESS_ROW.userId, unitIds: [] })
    const anonymous = await failure(setup(answer({ userId: null, staffIds: [], memberships: [] })).loop.actor())
    expect(anonymous.kind).toBe('forbidden')
  })

  it('actor() keeps the grids each membership covers: a county admin\'s whole county', async () => {
    const [m] = MY_ACCESS_ROW.memberships
    const townships = ['0f6c8a31-3c55-4d0a-9a55-6f3c1c2d0a01', '0f6c8a31-3c55-4d0a-9a55-6f3c1c2d0a02']
    const row = { ...MY_ACCESS_ROW, memberships: [{ ...m, role: 'county_admin', scopeGridIds: townships }] }
    expect((await setup(answer(row)).loop.actor()).memberships).toEqual([{ gridId: m!.gridId, role: 'county_admin', scopeGridIds: townships }])
    const bad = await failure(setup(answer({ ...MY_ACCESS_ROW, memberships: [{ ...m, scopeGridIds: [7] }] })).loop.actor())
    expect(bad.message).toContain('my_access.memberships[0].scopeGridIds[0]')
  })

  it('locateGrid() calls locate_grid with the point and maps the feature, or null for none', async () => {
    const { rec, loop } = setup(answer({ type: 'FeatureCollection', features: [GRID_FEATURE] }))
    expect(await loop.locateGrid([120.05, 30.05])).toEqual(GRID)
    expect(rec.rpcCalls()).toEqual([{ fn: 'locate_grid', body: { p_lng: 120.05, p_lat: 30.05 } }])
    expect(await setup(answer({ type: 'FeatureCollection', features: [] })).loop.locateGrid([0, 0])).toBeNull()
  })

  it('getCase() asks cases_in_view for the one id; an id that is no uuid is answered without a request', async () => {
    const { rec, loop } = setup(answer(capped('cases', [CASE_ROW])))
    expect(await loop.getCase(CASE_ID)).toEqual(CASE)
    expect(await loop.getCase('not-a-uuid')).toBeNull()
    expect(rec.rpcCalls()).toEqual([{ fn: 'cases_in_view', body: { p_ids: [CASE_ID] } }])
    expect(await setup(answer(capped('cases', []))).loop.getCase(CASE_ID)).toBeNull()
  })

  it('createCase() sends the intake as p_input unchanged and maps the record with its address', async () => {
    const { rec, loop } = setup(answer({ ...CASE_ROW, status: 'reported', address: '三组' }))
    const created = await loop.createCase(INPUT)
    expect(created).toEqual({ ...CASE, status: 'reported', address: '三组' })
    expect(rec.rpcCalls()).toEqual([{ fn: 'create_case', body: { p_input: INPUT } }])
    expect(rec.requests[0]).toMatchObject({ method: 'POST' })
    // Without an address the record has none.
    expect('address' in await setup(answer(CASE_ROW)).loop.createCase(INPUT)).toBe(false)
  })

  it('transitionCase() sends the version as its own argument and the rest as p_input', async () => {
    const { rec, loop } = setup(answer({ ...CASE_ROW, version: 4 }))
    const next = await loop.transitionCase(CASE_ID, 'dispatch', { leadUnitId: 'police', coUnitIds: ['justice'], expectedVersion: 3 })
    expect(next.version).toBe(4)
    expect(rec.rpcCalls()).toEqual([{
      fn: 'case_transition',
      body: { p_case_id: CASE_ID, p_action: 'dispatch', p_input: { leadUnitId: 'police', coUnitIds: ['justice'] }, p_expected_version: 3 },
    }])
    const remind = setup(answer(CASE_ROW))
    await remind.loop.transitionCase(CASE_ID, 'remind', { expectedVersion: 3 })
    expect(remind.rec.rpcCalls()[0]!.body).toEqual({ p_case_id: CASE_ID, p_action: 'remind', p_input: {}, p_expected_version: 3 })
  })

  it('a write with an idempotency key sends it as p_idempotency_key, the same on a retry; without one the request has none', async () => {
    const key = '7D0C2F44-1A2B-4C3D-8E9F-0A1B2C3D4E5F'
    const { rec, loop } = setup(answer({ ...CASE_ROW, status: 'reported' }))
    await loop.createCase(INPUT, { idempotencyKey: key })
    await loop.createCase(INPUT, { idempotencyKey: key })
    await loop.transitionCase(CASE_ID, 'remind', { expectedVersion: 3 }, { idempotencyKey: key })
    const sent = key.toLowerCase()
    expect(rec.rpcCalls()).toEqual([
      { fn: 'create_case', body: { p_input: INPUT, p_idempotency_key: sent } },
      { fn: 'create_case', body: { p_input: INPUT, p_idempotency_key: sent } },
      { fn: 'case_transition', body: { p_case_id: CASE_ID, p_action: 'remind', p_input: {}, p_expected_version: 3, p_idempotency_key: sent } },
    ])
    await loop.createCase(INPUT, {})
    expect(rec.rpcCalls()[3]!.body).toEqual({ p_input: INPUT })
  })

  it('a key that is no uuid is refused before anything is sent, naming the field', async () => {
    const { rec, loop } = setup(answer(CASE_ROW))
    const bad = await failure(loop.createCase(INPUT, { idempotencyKey: 'retry-1' }))
    expect(bad).toMatchObject({ kind: 'invalid', detail: { field: 'idempotencyKey', reason: 'invalid' } })
    expect(bad.message).toContain('"retry-1"')
    const badMove = await failure(loop.transitionCase(CASE_ID, 'remind', { expectedVersion: 3 }, { idempotencyKey: '' }))
    expect(badMove.detail).toMatchObject({ field: 'idempotencyKey' })
    expect(rec.requests).toHaveLength(0)
  })

  it('listCaseEvents() maps the timeline oldest first and leaves out the intake row and corrections', async () => {
    const create = { ...EVENT_ROW, id: 5, action: 'create', from: null, to: 'reported', version: 1, payload: { categoryCode: '0101' } }
    const edit = { ...EVENT_ROW, id: 6, action: 'edit', from: 'registered', to: 'registered', version: 2, payload: { changes: { title: { old: 'a', new: 'b' } } } }
    const { rec, loop } = setup(answer(capped('events', [create, edit, EVENT_ROW])))
    expect(await loop.listCaseEvents(CASE_ID)).toEqual([{
      caseId: CASE_ID,
      action: 'dispatch',
      from: 'registered',
      to: 'dispatched',
      actorId: EVENT_ROW.actorId,
      actorRole: 'township_commander',
      at: EVENT_ROW.at,
      version: 3,
      payload: EVENT_ROW.payload,
    }])
    expect(rec.rpcCalls()).toEqual([{ fn: 'case_events_of', body: { p_case_id: CASE_ID } }])
  })

  it('getCaseContact() maps the contact, and null (not a handler, or none given) to null', async () => {
    const { rec, loop } = setup(answer({ name: '王女士', phone: null }))
    expect(await loop.getCaseContact(CASE_ID)).toEqual({ name: '王女士', phone: null })
    expect(rec.rpcCalls()).toEqual([{ fn: 'case_contact', body: { p_case_id: CASE_ID } }])
    expect(await setup(answer(null)).loop.getCaseContact(CASE_ID)).toBeNull()
    expect(await setup(answer(null)).loop.getCaseContact('nope')).toBeNull()
  })

  it('malformed rows fail with the path of the bad field', async () => {
    const bad = await failure(setup(answer(capped('events', [{ ...EVENT_ROW, action: 'teleport' }]))).loop.listCaseEvents(CASE_ID))
    expect(bad.kind).toBe('unknown')
    expect(bad.message).toContain('case_events_of.events[0].action')
    expect(() => caseEventFromJson({ ...EVENT_ROW, version: 1.5 })).toThrow(/version/)
    expect((await failure(setup(answer({ ...CASE_ROW, status: 'lost' })).loop.createCase(INPUT))).message).toContain('create_case.status')
  })
})

describe('supabaseCaseLoop: refusals become DataErrors', () => {
  const refusal = (code: string, message: string, details: unknown): (() => Reply) => () => ({
    status: 400,
    json: { code, message, details: typeof details === 'string' ? details : JSON.stringify(details), hint: code === 'CL007' ? 'Reload the case and try again.' : null },
  })

  it.each(Object.entries(CASE_LOOP_SQLSTATES))('%s (%o) keeps the database message and detail', async (sqlstate, { code, kind }) => {
    const message = `Cannot dispatch case ${CASE_ID}: because ${code}`
    const { loop } = setup(refusal(sqlstate, message, { code, action: 'dispatch', status: 'registered', field: 'leadUnitId' }))
    const e = await failure(loop.transitionCase(CASE_ID, 'dispatch', { leadUnitId: 'x', expectedVersion: 2 }))
    expect(e.kind).toBe(kind)
    expect(e.message).toBe(message)
    expect(e.detail).toMatchObject({ code, action: 'dispatch', status: 'registered', field: 'leadUnitId', sqlstate })
  })

  it('kinds follow the machine: forbidden for rights, conflict for a stale version, invalid otherwise', () => {
    expect(Object.fromEntries(Object.values(CASE_LOOP_SQLSTATES).map(v => [v.code, v.kind]))).toEqual({
      unknown_action: 'invalid',
      illegal_transition: 'invalid',
      not_permitted: 'forbidden',
      precondition_failed: 'invalid',
      missing_input: 'invalid',
      invalid_input: 'invalid',
      stale_version: 'conflict',
    })
  })

  it('an intake outside the territory is invalid, naming the point; outside the caller\'s grids forbidden', async () => {
    const outside = await failure(setup(refusal('CL006', 'Cannot report a case at [100, 20]: the point is outside every grid of the territory; a case must lie inside a grid', { code: 'invalid_input', field: 'location', reason: 'outside_territory' })).loop.createCase(INPUT))
    expect(outside).toMatchObject({ kind: 'invalid', detail: { field: 'location', reason: 'outside_territory' } })
    expect(outside.message).toContain('[100, 20]')
    const notMine = await failure(setup(refusal('CL003', 'Cannot report a case at [120, 30]: the point lies outside the grids you cover', { code: 'not_permitted', field: 'location' })).loop.createCase(INPUT))
    expect(notMine.kind).toBe('forbidden')
  })

  it('a key used for another request is refused as the database says it: invalid, field idempotencyKey, reason reused', async () => {
    const key = '7d0c2f44-1a2b-4c3d-8e9f-0a1b2c3d4e5f'
    const reused = await failure(setup(refusal('CL006', `Idempotency key ${key} was already used for a different request; a retry must send exactly what was sent first, and a new request needs a new key`, { code: 'invalid_input', field: 'idempotencyKey', reason: 'reused' })).loop.createCase(INPUT, { idempotencyKey: key }))
    expect(reused).toMatchObject({ kind: 'invalid', detail: { code: 'invalid_input', field: 'idempotencyKey', reason: 'reused' } })
    expect(reused.message).toContain(key)
  })

  it('a DETAIL that is not JSON still gives the kind and code', async () => {
    const e = await failure(setup(refusal('CL007', 'stale', 'version 4, you had 3')).loop.transitionCase(CASE_ID, 'remind', { expectedVersion: 3 }))
    expect(e).toMatchObject({ kind: 'conflict', message: 'stale', detail: { code: 'stale_version', sqlstate: 'CL007', hint: 'Reload the case and try again.' } })
  })

  it('an invisible case is not found, an unreachable server unavailable, and other SQLSTATEs map as for every RPC', async () => {
    const gone = await failure(setup(() => ({ status: 400, json: { code: 'P0002', message: `case ${CASE_ID} does not exist or is not visible to you`, details: null, hint: null } })).loop.listCaseEvents(CASE_ID))
    expect(gone).toMatchObject({ kind: 'not_found', message: `case ${CASE_ID} does not exist or is not visible to you` })
    const offline = await failure(setup(() => new TypeError('fetch failed')).loop.transitionCase(CASE_ID, 'remind', { expectedVersion: 1 }))
    expect(offline.kind).toBe('unavailable')
    const denied = await failure(setup(() => ({ status: 403, json: { code: '42501', message: 'permission denied for function create_case', details: null, hint: null } })).loop.createCase(INPUT))
    expect(denied.kind).toBe('forbidden')
    // Ids that cannot name a row fail without a request.
    const { rec, loop } = setup(answer(null))
    expect((await failure(loop.transitionCase('case-1', 'remind', { expectedVersion: 1 }))).kind).toBe('not_found')
    expect((await failure(loop.listCaseEvents('case-1'))).kind).toBe('not_found')
    expect(rec.requests).toEqual([])
  })
})

describe('supabaseCaseLoop: photos in Storage', () => {
  const PNG = new Blob([new Uint8Array([0x89, 0x50, 0x4E, 0x47])], { type: 'image/png' })
  const PATH = /^\/storage\/v1\/object\/case-photos\/([0-9a-f-]{36}\/[0-9a-f-]{36}\.png)$/

  it('uploadPhoto() posts the file to case-photos/<uploader id>/<uuid>.<ext>, without upsert, and answers that path', async () => {
    const { rec, loop } = await signedIn(r => ({ json: { Id: 'x', Key: `case-photos${r.url.pathname.slice('/storage/v1/object/case-photos'.length)}` } }))
    const id = await loop.uploadPhoto(PNG, '现场.png')
    expect(rec.requests).toHaveLength(1)
    const [upload] = rec.requests
    expect(upload!.method).toBe('POST')
    expect(upload!.url.pathname).toMatch(PATH)
    expect(id).toBe(PATH.exec(upload!.url.pathname)![1])
    // The folder is the uploader's user id: the bucket's insert policy accepts nothing else.
    expect(id.split('/')[0]).toBe(MY_ACCESS_ROW.userId)
    expect(upload!.headers['x-upsert']).toBe('false')
    const sent = upload!.form?.get('') as Blob | null
    expect(sent?.type).toBe('image/png')
    expect(sent?.size).toBe(4)
    // Each upload gets its own name, whatever the file was called.
    expect(await loop.uploadPhoto(PNG, '现场.png')).not.toBe(id)
  })

  it('uploadPhoto() without a signed-in user is refused before any request', async () => {
    const { rec, loop } = setup(answer({}))
    expect(await failure(loop.uploadPhoto(PNG, 'a.png'))).toMatchObject({ kind: 'forbidden', message: 'Uploading "a.png" failed: sign in to upload photos' })
    expect(rec.requests).toEqual([])
  })

  it('uploadPhoto() refuses a wrong type or an oversized photo before any request', async () => {
    const { rec, loop } = setup(answer({}))
    const gif = await failure(loop.uploadPhoto(new Blob(['GIF89a'], { type: 'image/gif' }), 'a.gif'))
    expect(gif).toMatchObject({ kind: 'invalid', detail: { field: 'photoIds', reason: 'invalid' } })
    expect(gif.message).toContain('"a.gif"')
    const big = await failure(loop.uploadPhoto(new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: 'image/jpeg' }), 'big.jpg'))
    expect(big).toMatchObject({ kind: 'invalid', detail: { field: 'photoIds', reason: 'too_long' } })
    expect(rec.requests).toEqual([])
  })

  it('storage refusals become DataErrors: a policy is forbidden, too large invalid, no server unavailable', async () => {
    const policy = await failure((await signedIn(() => ({ status: 400, json: { statusCode: '403', error: 'Unauthorized', message: 'new row violates row-level security policy' } }))).loop.uploadPhoto(PNG, 'a.png'))
    expect(policy.kind).toBe('forbidden')
    // The policy answers only "denied"; the message says which rules it applies.
    expect(policy.message).toBe(`Uploading "a.png" failed: new row violates row-level security policy (${PHOTO_UPLOAD_RULES})`)
    const large = await failure((await signedIn(() => ({ status: 413, json: { statusCode: '413', error: 'Payload too large', message: 'The object exceeded the maximum allowed size' } }))).loop.uploadPhoto(PNG, 'a.png'))
    expect(large.kind).toBe('invalid')
    const offline = await failure((await signedIn(() => new TypeError('fetch failed'))).loop.uploadPhoto(PNG, 'a.png'))
    expect(offline.kind).toBe('unavailable')
    const odd = await failure((await signedIn(() => ({ status: 500, json: { statusCode: '500', error: 'Internal', message: 'boom' } }))).loop.uploadPhoto(PNG, 'a.png'))
    expect(odd.kind).toBe('unknown')
  })

  it('photoUrl() asks Storage to sign the object for an hour and answers the signed URL', async () => {
    const id = `${MY_ACCESS_ROW.userId}/0f6c8a31-3c55-4d0a-9a55-6f3c1c2d0a01.png`
    const { rec, loop } = setup(answer({ signedURL: `/object/sign/case-photos/${id}?token=t0k` }))
    expect(await loop.photoUrl(id)).toBe(`${URL_BASE}/storage/v1/object/sign/case-photos/${id}?token=t0k`)
    expect(rec.requests).toHaveLength(1)
    expect(rec.requests[0]).toMatchObject({ method: 'POST', body: { expiresIn: 3600 } })
    expect(rec.requests[0]!.url.pathname).toBe(`/storage/v1/object/sign/case-photos/${id}`)
  })

  it('photoUrl() is null for an object Storage will not sign (missing or hidden by policy), an unreachable server, or an id uploadPhoto never makes', async () => {
    const id = `${MY_ACCESS_ROW.userId}/0f6c8a31-3c55-4d0a-9a55-6f3c1c2d0a01.jpg`
    expect(await setup(() => ({ status: 400, json: { statusCode: '404', error: 'not_found', message: 'Object not found' } })).loop.photoUrl(id)).toBeNull()
    expect(await setup(() => new TypeError('fetch failed')).loop.photoUrl(id)).toBeNull()
    const { rec, loop } = setup(answer({}))
    expect(await loop.photoUrl('../secrets/x.png')).toBeNull()
    expect(await loop.photoUrl('photo-1.png')).toBeNull()
    // The old flat names (no uploader folder) are no longer made.
    expect(await loop.photoUrl('0f6c8a31-3c55-4d0a-9a55-6f3c1c2d0a01.jpg')).toBeNull()
    expect(rec.requests).toEqual([])
  })
})

describe('the notice inbox', () => {
  const NOTICE = { id: '42', kind: 'remind', caseId: CASE_ID, caseCode: 'QS-2026-000001', caseTitle: '占道经营', caseStatus: 'in_progress', at: 1_790_000_000_000, actorId: 'staff-1', actorRole: 'township_commander', message: null, read: false }

  it('lists my_notices as CaseNotices and refuses a malformed answer', async () => {
    const { loop } = setup(answer([NOTICE]))
    expect(await loop.listNotices()).toEqual([NOTICE])
    const bad = setup(answer([{ ...NOTICE, kind: 'edit' }]))
    expect((await failure(bad.loop.listNotices())).message).toContain('my_notices[0].kind')
  })

  it('marks a notice read by its event id, and sends nothing for an id that is none', async () => {
    const { rec, loop } = setup(answer(null))
    await loop.markNoticeRead('42')
    expect(rec.requests.map(r => [r.url.pathname, r.body])).toEqual([['/rest/v1/rpc/mark_notice_read', { p_event_id: 42 }]])
    expect((await failure(loop.markNoticeRead('case|1|x|remind'))).kind).toBe('not_found')
    expect(rec.requests).toHaveLength(1)
  })

  it('a notice that is not the caller\'s (P0002) is not_found', async () => {
    const { loop } = setup(() => ({ status: 404, json: { code: 'P0002', message: 'notice 42 does not exist or is not addressed to you', details: null, hint: null } }))
    expect((await failure(loop.markNoticeRead('42'))).kind).toBe('not_found')
  })
})
