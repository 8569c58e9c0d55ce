// Intake through create_case, and what keeps the loop honest around it: input refused exactly as
// validateNewCase refuses it, points outside the territory or the caller's grids refused, HTML
// kept verbatim; direct writes that bypass case_transition refused; the event log append-only for
// everyone including the case's handlers; the reporter's contact readable by its handlers alone.
import type { PoolClient } from 'pg'
import type { LoopUser } from './fixtures/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { beforeAll, describe, expect, it } from 'vitest'
import { addWorkingTime, CaseInputError, CN_TOWNSHIP_CALENDAR, validateNewCase } from '~/domain/caseLoop'
import { getCategory } from '~/domain/categories'
import { toUuid } from '../seed/ids'
import { claimsOf, HANDLED, insertCase, LOOP_USERS, refusalOf, transitionOn, useCaseLoopDatabase } from './fixtures/caseLoop'
import { photoName, uploadPhoto } from './fixtures/storage'
import { caseId, gridId, OTHER_WORKER_STAFF, pointIn, WORKER_STAFF } from './fixtures/territory'
import { ANON, asRequest, callRpc, SERVICE, sqlState } from './harness/db'

const db = useCaseLoopDatabase()

const VALID = {
  categoryCode: '0101',
  title: '楼上深夜噪音',
  description: '三楼住户反映楼上每晚十一点后仍有噪音。',
  source: 'visit',
  urgent: false,
  location: pointIn('G11', 0.8, 0.8),
  address: '青山路1号3幢',
  reporterName: '张三',
  reporterPhone: '13800138000',
  photoIds: [] as string[],
}

async function create(user: LoopUser, input: unknown, options: { commit?: boolean } = {}) {
  return asRequest(db, claimsOf(user), async (c) => {
    await c.query('savepoint intake')
    try {
      const record = await callRpc<CaseRecord>(c, 'create_case', { p_input: input })
      await c.query('release savepoint intake')
      return { ok: true as const, record }
    }
    catch (error) {
      await c.query('rollback to savepoint intake')
      return refusalOf(error)
    }
  }, options)
}

describe('create_case refuses what validateNewCase refuses, with the same field and message', () => {
  const variants: Array<[string, Record<string, unknown> | unknown[]]> = [
    ['no category', { ...VALID, categoryCode: undefined }],
    ['a category of an unknown major', { ...VALID, categoryCode: '9901' }],
    ['a subcategory the major lacks', { ...VALID, categoryCode: '0110' }],
    ['a major category', { ...VALID, categoryCode: '01' }],
    ['a malformed category', { ...VALID, categoryCode: 'abc' }],
    ['no title', { ...VALID, title: undefined }],
    ['a blank title', { ...VALID, title: ' \u3000\t ' }],
    ['a title of 81 characters', { ...VALID, title: '标'.repeat(81) }],
    ['a title of 81 emoji (code points, not UTF-16 units)', { ...VALID, title: '😀'.repeat(81) }],
    ['a title that is a number', { ...VALID, title: 7 }],
    ['a description over 2000 characters', { ...VALID, description: 'x'.repeat(2001) }],
    ['an unknown source', { ...VALID, source: 'email' }],
    ['no source', { ...VALID, source: null }],
    ['urgent as text', { ...VALID, urgent: 'yes' }],
    ['no location', { ...VALID, location: undefined }],
    ['a location of one number', { ...VALID, location: [120] }],
    ['a location of text', { ...VALID, location: ['120.1', 30.1] }],
    ['a longitude out of range', { ...VALID, location: [200, 30] }],
    ['a latitude out of range', { ...VALID, location: [120.1, -95.5] }],
    ['an address over 200 characters', { ...VALID, address: '路'.repeat(201) }],
    ['a reporter name over 40 characters', { ...VALID, reporterName: '名'.repeat(41) }],
    ['a phone that is no phone', { ...VALID, reporterPhone: '12345' }],
    ['ten photos', { ...VALID, photoIds: Array.from({ length: 10 }, (_, i) => `p${i}`) }],
    ['photos that are no list', { ...VALID, photoIds: 'p1' }],
    ['a photo id that is a number', { ...VALID, photoIds: ['p1', 2] }],
    ['a case that is a list', [VALID]],
  ]

  it.each(variants)('%s', async (_label, input) => {
    let expected: CaseInputError | null = null
    try {
      validateNewCase(input)
    }
    catch (error) {
      expected = error as CaseInputError
    }
    expect(expected).toBeInstanceOf(CaseInputError)
    const out = await create('worker', JSON.parse(JSON.stringify(input)))
    expect(out).toEqual({
      ok: false,
      code: expected!.reason === 'required' ? 'missing_input' : 'invalid_input',
      field: expected!.field,
      message: expected!.message,
    })
  })

  it('names the field of text over its limit', async () => {
    const out = await create('worker', { ...VALID, title: '标'.repeat(81) })
    expect(out).toMatchObject({ ok: false, code: 'invalid_input', field: 'title', message: 'title: is 81 characters, at most 80 are allowed' })
  })
})

describe('create_case records a new case', () => {
  it('in the deepest grid, with the category\'s deadline in working time, a code, the contact and a first event', async () => {
    const photo = await uploadPhoto(db, claimsOf('worker'))
    const out = await asRequest(db, claimsOf('worker'), async (c) => {
      const record = await callRpc<CaseRecord>(c, 'create_case', { p_input: { ...VALID, photoIds: [photo], location: pointIn('S111', 0.5, 0.5), title: '  前后有空格  ' } })
      const { rows: [now] } = await c.query('select private.epoch_ms(now()) as ms')
      const { rows: events } = await c.query('select kind, from_status, to_status, case_version, actor_role, actor_staff_id, data from public.case_events where case_id = $1', [record.id])
      const { rows: ownView } = await c.query('select reporter_name from public.case_contacts where case_id = $1', [record.id])
      return { record, now: now.ms as number, events, ownView }
    }, { commit: true })
    const { rows: contacts } = await db.admin.query('select reporter_name, reporter_phone from public.case_contacts where case_id = $1', [out.record.id])
    const { record, now } = out
    expect(record).toMatchObject({
      categoryCode: '0101',
      title: '前后有空格',
      source: 'visit',
      status: 'reported',
      urgent: false,
      escalationLevel: 0,
      gridId: toUuid(gridId('S111')),
      leadUnitId: null,
      coHandlers: [],
      assigneeId: null,
      reportedAt: now,
      registeredAt: null,
      supervised: false,
      version: 1,
      address: VALID.address,
    })
    expect(record.code).toMatch(/^FX-2026-\d{6}$/)
    expect(record.dueAt).toBe(addWorkingTime(now, getCategory('0101').defaultDeadline, CN_TOWNSHIP_CALENDAR))
    expect(out.events).toEqual([{
      kind: 'create',
      from_status: null,
      to_status: 'reported',
      case_version: 1,
      actor_role: 'grid_worker',
      actor_staff_id: toUuid(WORKER_STAFF),
      data: { categoryCode: '0101', source: 'visit', urgent: false, gridId: toUuid(gridId('S111')), escalationLevel: 0, dueAt: record.dueAt, photoIds: [photo] },
    }])
    expect(contacts).toEqual([{ reporter_name: '张三', reporter_phone: '13800138000' }])
    // The grid worker who took the report is not a handler of the case: the contact is not theirs to read.
    expect(out.ownView).toEqual([])
  })

  it('returns its photos, and cases_in_view reads them back for the drawer', async () => {
    const photos = [await uploadPhoto(db, claimsOf('worker')), await uploadPhoto(db, claimsOf('worker'), { mimetype: 'image/png', name: photoName(toUuid(LOOP_USERS.worker), 'png') })]
    const made = await create('worker', { ...VALID, photoIds: photos }, { commit: true })
    expect(made.ok && made.record.photoIds).toEqual(photos)
    const viewed = (await asRequest(db, claimsOf('worker'), c => callRpc<{ cases: CaseRecord[] }>(c, 'cases_in_view', { p_ids: [made.ok ? made.record.id : ''] }))).cases
    expect(viewed[0]!.photoIds).toEqual(photos)
    const { rows } = await db.admin.query('select object_name, position, uploader_id from public.case_photos where case_id = $1 order by position', [made.ok ? made.record.id : null])
    expect(rows).toEqual(photos.map((p, i) => ({ object_name: p, position: i, uploader_id: toUuid(LOOP_USERS.worker) })))
    const bare = await create('worker', { ...VALID, photoIds: [] })
    expect(bare.ok && bare.record.photoIds).toBeNull()
  })

  it('an urgent case starts at the township centre (escalation level 1)', async () => {
    const out = await create('worker', { ...VALID, categoryCode: '0801', urgent: true })
    expect(out.ok && [out.record.urgent, out.record.escalationLevel]).toEqual([true, 1])
  })

  it('keeps HTML as text, verbatim', async () => {
    const html = { title: '<script>alert("x")</script>', description: '<img src=x onerror="alert(1)"> & <b>粗体</b>', address: '<a href="javascript:void(0)">门口</a>' }
    const out = await create('worker', { ...VALID, ...html }, { commit: true })
    expect(out.ok).toBe(true)
    const { rows } = await db.admin.query('select title, description, address from public.cases where id = $1', [out.ok ? out.record.id : null])
    expect(rows[0]).toEqual(html)
    expect(out.ok && [out.record.title, out.record.description, out.record.address]).toEqual([html.title, html.description, html.address])
  })

  it('numbers codes on from the township\'s highest, one apart', async () => {
    const a = await create('chief', VALID, { commit: true })
    const b = await create('chief', VALID, { commit: true })
    const num = (o: typeof a) => Number(o.ok ? o.record.code.split('-')[2] : Number.NaN)
    expect(num(b)).toBe(num(a) + 1)
    const { rows } = await db.admin.query(`select max(substring(code from '-([0-9]+)$')::int) as n from public.cases where code like 'FX-2026-%'`)
    expect(num(b)).toBe(rows[0].n)
  })
})

describe('create_case refuses points it cannot place', () => {
  it('outside every grid of the territory', async () => {
    expect(await create('admin', { ...VALID, location: [0, 0] })).toEqual({
      ok: false,
      code: 'invalid_input',
      field: 'location',
      message: 'Cannot report a case at [0, 0]: the point is outside the grids you cover; a case must lie inside one of them',
    })
  })

  it('inside the territory but outside the grids the caller covers: the same answer, so no grid is revealed', async () => {
    const [lng, lat] = pointIn('H11', 0.5, 0.5)
    expect(await create('worker', { ...VALID, location: [lng, lat] })).toEqual({
      ok: false,
      code: 'invalid_input',
      field: 'location',
      message: `Cannot report a case at [${lng}, ${lat}]: the point is outside the grids you cover; a case must lie inside one of them`,
    })
    expect(await create('chiefV2', VALID)).toMatchObject({ ok: false, code: 'invalid_input', field: 'location' })
  })

  it('in a grid the caller sees but may not report in', async () => {
    expect(await create('viewer', VALID)).toEqual({
      ok: false,
      code: 'not_permitted',
      field: null,
      message: 'Cannot report a case in 网格G11: only grid workers and centre staff of a grid containing it may report there',
    })
  })
})

/** Runs one statement as a user; resolves to the SQLSTATE it failed with and the rows it touched. */
async function attempt(c: PoolClient, sql: string, params: unknown[] = []): Promise<{ code: string | null, rows: number, message?: string }> {
  await c.query('savepoint direct')
  try {
    const r = await c.query(sql, params)
    await c.query('release savepoint direct')
    return { code: null, rows: r.rowCount ?? 0 }
  }
  catch (error) {
    await c.query('rollback to savepoint direct')
    const e = error as { code: string, message: string }
    return { code: e.code, rows: 0, message: e.message }
  }
}

describe('no way around case_transition', () => {
  const assigned = toUuid(caseId('G11', 'a'))

  it.each<[LoopUser, string]>([
    ['chief', 'update public.cases set status = \'closed\', closed_at = now() where id = $1'],
    ['chief', 'update public.cases set supervised = true where id = $1'],
    ['commander', 'update public.cases set escalation_level = 1 where id = $1'],
    ['admin', 'update public.cases set lead_unit_id = \'police\' where id = $1'],
    ['worker', 'update public.cases set assignee_id = null where id = $1'],
    ['worker', 'update public.cases set due_at = due_at + interval \'30 days\' where id = $1'],
    ['chief', 'update public.cases set grid_id = $2 where id = $1'],
    ['chief', 'update public.cases set co_handlers = \'[{"unitId":"fire","reportedAt":null,"outcome":null}]\' where id = $1'],
  ])('%s: %s is refused', async (user, sql) => {
    const out = await asRequest(db, claimsOf(user), c => attempt(c, sql, sql.includes('$2') ? [assigned, toUuid(gridId('G12'))] : [assigned]))
    expect(out.code).toBe('42501')
    // No API role holds UPDATE on cases any more; the loop guard stays behind it for everyone else.
    expect(out.message).toBe('permission denied for table cases')
  })

  it('as service_role too', async () => {
    const out = await asRequest(db, SERVICE, c => attempt(c, 'update public.cases set status = \'cancelled\' where id = $1', [assigned]))
    expect(out.code).toBe('42501')
  })

  it('what a case says (title, description, address) is corrected through edit_case, which bumps the version and logs old and new', async () => {
    const out = await asRequest(db, claimsOf('chief'), async (c) => {
      const before = (await c.query('select version, description, address from public.cases where id = $1', [assigned])).rows[0]
      const direct = await attempt(c, 'update public.cases set description = description || \'（补充）\' where id = $1', [assigned])
      const record = await callRpc<CaseRecord>(c, 'edit_case', { p_case_id: assigned, p_changes: { description: `${before.description}（补充）`, address: '青山路2号' }, p_expected_version: before.version })
      const { rows } = await c.query('select kind, from_status, to_status, case_version, actor_role, data from public.case_events where case_id = $1 order by id desc limit 1', [assigned])
      return { before, direct, record, event: rows[0] }
    })
    expect(out.direct.code).toBe('42501')
    expect(out.record).toMatchObject({ version: out.before.version + 1, description: `${out.before.description}（补充）`, address: '青山路2号' })
    expect(out.event).toEqual({
      kind: 'edit',
      from_status: 'in_progress',
      to_status: 'in_progress',
      case_version: out.before.version + 1,
      actor_role: 'village_chief',
      data: { changes: { description: { old: out.before.description, new: `${out.before.description}（补充）` }, address: { old: out.before.address, new: '青山路2号' } } },
    })
  })

  it.each<[string, Parameters<typeof claimsOf>[0] | 'service']>([
    ['the county admin', 'admin'],
    ['the village chief', 'chief'],
    ['the assignee', 'worker'],
    ['service_role', 'service'],
  ])('no case is ever deleted: %s', async (_label, user) => {
    const out = await asRequest(db, user === 'service' ? SERVICE : claimsOf(user), c => attempt(c, 'delete from public.cases where id = $1', [assigned]))
    expect(out.code).toBe('42501')
  })

  it('no case is inserted directly, not even one that starts where the machine starts', async () => {
    const insert = (extra: string, value: string) => asRequest(db, claimsOf('worker'), c => attempt(c, `insert into public.cases (code, category_code, title, source, location, grid_id, due_at${extra})
       values ('DIRECT-1', '0101', '直接插入', 'patrol', extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326), $3, now() + interval '1 day'${value})`, [...pointIn('G11', 0.3, 0.3), toUuid(gridId('G11'))]))
    for (const [extra, value] of [['', ''], [', status', ', \'closed\''], [', supervised', ', true'], [', lead_unit_id', ', \'police\''], [', urgent', ', true']] as const)
      expect(await insert(extra, value), extra).toEqual({ code: '42501', rows: 0, message: 'permission denied for table cases' })
    expect((await db.admin.query('select count(*)::int as n from public.cases where code = \'DIRECT-1\'')).rows[0].n).toBe(0)
  })
})

describe('the event log is written by the case-loop RPCs alone and never changed, for the handlers too', () => {
  let id: string

  beforeAll(async () => {
    id = await insertCase(db, { status: 'dispatched', ...HANDLED })
    const accepted = await asRequest(db, claimsOf('police'), c => transitionOn(c, id, 'accept', { note: '接单' }, 1), { commit: true })
    expect(accepted.ok).toBe(true)
  })

  it.each<[string, LoopUser | 'service']>([
    ['the county admin', 'admin'],
    ['the township commander', 'commander'],
    ['the village chief (centre of the case)', 'chief'],
    ['the assignee', 'worker'],
    ['the lead unit who logged the event', 'police'],
    ['the co-handling unit', 'justice'],
    ['service_role', 'service'],
  ])('%s can neither add, change nor remove an event', async (_label, user) => {
    const out = await asRequest(db, user === 'service' ? SERVICE : claimsOf(user), async c => ({
      insert: await attempt(c, 'insert into public.case_events (case_id, kind, from_status, to_status, note) values ($1, \'verify_close\', \'in_progress\', \'closed\', \'伪造\')', [id]),
      update: await attempt(c, 'update public.case_events set note = \'改写\', data = \'{}\' where case_id = $1', [id]),
      delete: await attempt(c, 'delete from public.case_events where case_id = $1', [id]),
    }))
    expect(out.insert.code).toBe('42501')
    expect(out.update.code).toBe('42501')
    expect(out.delete.code).toBe('42501')
    const { rows } = await db.admin.query('select kind, note from public.case_events where case_id = $1', [id])
    expect(rows).toEqual([{ kind: 'accept', note: '接单' }])
  })
})

describe('the reporter\'s contact: handlers only', () => {
  let id: string
  const contactFor = (user: LoopUser) => asRequest(db, claimsOf(user), c => callRpc<{ name: string | null, phone: string | null } | null>(c, 'case_contact', { p_case_id: id }))
  const readers = async () => {
    const out: string[] = []
    for (const user of Object.keys(LOOP_USERS) as LoopUser[]) {
      if (await contactFor(user) !== null)
        out.push(user)
    }
    return out.sort()
  }

  beforeAll(async () => {
    const created = await create('worker', { ...VALID, reporterPhone: '0571-87654321' }, { commit: true })
    if (!created.ok)
      throw new Error(created.message)
    id = created.record.id
    for (const [user, action, input, version] of [
      ['chief', 'register', {}, 1],
      ['chief', 'dispatch', { leadUnitId: 'police', coUnitIds: ['justice'], assigneeId: toUuid(OTHER_WORKER_STAFF) }, 2],
    ] as const) {
      const out = await asRequest(db, claimsOf(user), c => transitionOn(c, id, action, input, version), { commit: true })
      expect(out.ok, out.ok ? '' : out.message).toBe(true)
    }
  })

  it('the assignee, the lead and co-handling units\' members and the owning centres read it; nobody else', async () => {
    expect(await contactFor('police')).toEqual({ name: '张三', phone: '0571-87654321' })
    expect(await readers()).toEqual(['admin', 'chief', 'commander', 'justice', 'otherWorker', 'police', 'twoUnits'].sort())
  })

  it('the reporting grid worker, the wall screen and other villages do not', async () => {
    for (const user of ['worker', 'viewer', 'chiefV2', 'outsider', 'foreignAdmin'] as const)
      expect(await contactFor(user), user).toBeNull()
  })

  it('once the case is escalated, the village centre no longer reads it', async () => {
    const out = await asRequest(db, claimsOf('chief'), async (c) => {
      const moved = await transitionOn(c, id, 'escalate', { reason: '村级无法化解' }, 3)
      const seen = await callRpc(c, 'case_contact', { p_case_id: id })
      return { moved, seen }
    })
    expect(out.moved.ok).toBe(true)
    expect(out.seen).toBeNull()
  })

  it('a plain select on case_contacts follows the same rule', async () => {
    const direct = await asRequest(db, claimsOf('justice'), async c => (await c.query('select reporter_phone from public.case_contacts where case_id = $1', [id])).rows)
    expect(direct).toEqual([{ reporter_phone: '0571-87654321' }])
    const worker = await asRequest(db, claimsOf('worker'), async c => (await c.query('select reporter_phone from public.case_contacts where case_id = $1', [id])).rows)
    expect(worker).toEqual([])
  })
})

describe('case_events_of and locate_grid', () => {
  it('case_events_of returns the timeline of a visible case and refuses an invisible one', async () => {
    const created = await create('worker', VALID, { commit: true })
    const cid = created.ok ? created.record.id : ''
    const page = await asRequest(db, claimsOf('chief'), c => callRpc<{ events: Array<{ action: string, from: string | null, to: string, actorId: string, actorRole: string }>, total: number, truncated: boolean }>(c, 'case_events_of', { p_case_id: cid }))
    expect([page.total, page.truncated]).toEqual([1, false])
    const timeline = page.events
    expect(timeline.map(e => [e.action, e.from, e.to, e.actorId, e.actorRole])).toEqual([['create', null, 'reported', toUuid(WORKER_STAFF), 'grid_worker']])
    const hidden = await asRequest(db, claimsOf('chiefV2'), c => callRpc(c, 'case_events_of', { p_case_id: cid }).then(() => 'seen', (e: { code: string }) => e.code))
    expect(hidden).toBe('P0002')
  })

  it('locate_grid finds the deepest visible grid, and nothing outside the caller\'s grids', async () => {
    const ids = async (user: LoopUser, [lng, lat]: [number, number]) => {
      const fc = await asRequest(db, claimsOf(user), c => callRpc<{ features: Array<{ id: string }> }>(c, 'locate_grid', { p_lng: lng, p_lat: lat }))
      return fc.features.map(f => f.id)
    }
    expect(await ids('chief', pointIn('S111', 0.5, 0.5))).toEqual([toUuid(gridId('S111'))])
    expect(await ids('chief', pointIn('G12', 0.5, 0.5))).toEqual([toUuid(gridId('G12'))])
    expect(await ids('chief', pointIn('H11', 0.5, 0.5))).toEqual([])
    expect(await ids('admin', [0, 0])).toEqual([])
  })
})

describe('anonymous callers', () => {
  it.each([
    ['create_case', 'select public.create_case(\'{}\'::jsonb)'],
    ['case_transition', `select public.case_transition('${toUuid(caseId('G11', 'a'))}'::uuid, 'remind', '{}'::jsonb, 1)`],
    ['list_cases', 'select public.list_cases(\'{}\'::jsonb)'],
    ['case_events_of', `select public.case_events_of('${toUuid(caseId('G11', 'a'))}'::uuid)`],
    ['case_contact', `select public.case_contact('${toUuid(caseId('G11', 'a'))}'::uuid)`],
    ['locate_grid', 'select public.locate_grid(120.05, 30.05)'],
    ['add_working_time', 'select public.add_working_time(now(), 1, \'working_days\')'],
  ])('may not call %s', async (_name, sql) => {
    expect(await asRequest(db, ANON, c => sqlState(c, sql))).toBe('42501')
  })

  it('see no unit members, transitions or calendars', async () => {
    for (const table of ['unit_members', 'case_transitions', 'working_calendars', 'calendar_days'])
      expect(await asRequest(db, ANON, c => sqlState(c, `select * from public.${table}`)), table).toBe('42501')
  })
})
