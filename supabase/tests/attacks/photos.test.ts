// Attacks on case photos (issue 7, "photos"), against the Storage stand-in
// (supabase/tests/bootstrap/10_storage.sql) with uploads made as the Storage server makes them
// (fixtures/storage.ts): reading someone else's photo by naming it in one's own case, squatting
// the name another user will upload under, uploading as someone else, without membership, without
// limit, and swapping an attached photo. Each test asserts the refusal and that nothing changed.
import type { PoolClient } from 'pg'
import type { LoopUser } from '../fixtures/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { toUuid } from '../../seed/ids'
import { claimsOf, LOOP_USERS, useCaseLoopDatabase } from '../fixtures/caseLoop'
import { photoName, uploadPhoto } from '../fixtures/storage'
import { pointIn } from '../fixtures/territory'
import { callRpc } from '../harness/db'
import { attempt, attemptSql, refusal, snapshot } from './attack'

const db = useCaseLoopDatabase()

const OBJECTS = 'select id, name, owner_id, metadata from storage.objects order by name'
const ATTACHED = 'select object_name, case_id from public.case_photos order by object_name'
const CASES = 'select id from public.cases order by id'

const uid = (user: LoopUser) => toUuid(LOOP_USERS[user])

/** An upload as `user`, resolving to its name or to the policy's refusal. */
async function tryUpload(user: LoopUser, spec: Parameters<typeof uploadPhoto>[2] = {}) {
  try {
    return { name: await uploadPhoto(db, claimsOf(user), spec) }
  }
  catch (error) {
    return { refused: (error as { code?: string }).code, message: (error as Error).message }
  }
}

/** A case reported by `user` in G11 (commander) or G21 (chiefV2), with the given photos. */
function reportWith(photoIds: string[], user: LoopUser) {
  const grid = user === 'chiefV2' ? 'G21' : 'G11'
  return (c: PoolClient) => callRpc<CaseRecord>(c, 'create_case', {
    p_input: { categoryCode: '0101', title: '墙面涂鸦', description: '小区外墙被涂鸦。', source: 'patrol', location: pointIn(grid, 0.4, 0.4), photoIds },
  })
}

/** The names of case-photos objects `user` can select. */
async function visibleTo(user: LoopUser, names: string[]): Promise<string[]> {
  const out = await attempt(db, claimsOf(user), async c => (await c.query('select name from storage.objects where bucket_id = \'case-photos\' and name = any ($1) order by name', [names])).rows.map(r => r.name as string))
  return (out as { result: string[] }).result
}

describe('a photo is read with its case, not by naming it', () => {
  it('a village chief of another village names the worker\'s uploaded photo in their own case, to read it', async () => {
    const victim = await uploadPhoto(db, claimsOf('worker'))
    const before = [await snapshot(db, CASES), await snapshot(db, ATTACHED)]
    const out = refusal(await attempt(db, claimsOf('chiefV2'), reportWith([victim], 'chiefV2')))
    expect(out.code).toBe('CL006')
    expect(JSON.parse(out.detail!)).toMatchObject({ field: 'photoIds[0]' })
    expect(out.message).toMatch(/is not a photo you uploaded that waits for its case/)
    expect([await snapshot(db, CASES), await snapshot(db, ATTACHED)]).toEqual(before)
    expect(await visibleTo('chiefV2', [victim])).toEqual([])
  })

  it('the same refusal whether the named object exists, is someone else\'s, or is already attached', async () => {
    const mine = await uploadPhoto(db, claimsOf('commander'))
    const made = await attempt(db, claimsOf('commander'), reportWith([mine], 'commander'))
    expect(made.refused).toBe(false)
    const others = await uploadPhoto(db, claimsOf('worker'))
    const messages = []
    for (const name of [mine, others, photoName(uid('commander'))]) {
      const out = refusal(await attempt(db, claimsOf('commander'), reportWith([name], 'commander')))
      messages.push(out.message.replace(name, '<name>'))
    }
    expect(new Set(messages).size).toBe(1)
  })

  it('a user of another village lists the bucket to find the photos of cases they cannot see', async () => {
    const photo = await uploadPhoto(db, claimsOf('worker'))
    expect((await attempt(db, claimsOf('worker'), reportWith([photo], 'worker'))).refused).toBe(false)
    const listed = await attempt(db, claimsOf('chiefV2'), async c => ({
      rows: (await c.query('select name from storage.objects where bucket_id = \'case-photos\'')).rows,
      search: (await c.query('select name from storage.search($1, \'case-photos\', 1000, 2)', [`${uid('worker')}/`])).rows.filter(r => r.name !== null),
    }))
    expect(listed).toEqual({ refused: false, result: { rows: [], search: [] } })
    // Those who see the case see it; the uploader sees their own.
    expect(await visibleTo('chief', [photo])).toEqual([photo])
    expect(await visibleTo('worker', [photo])).toEqual([photo])
  })

  it('a user attaches a photo to a case through case_photos directly', async () => {
    const photo = await uploadPhoto(db, claimsOf('chiefV2'))
    const before = await snapshot(db, ATTACHED)
    const out = refusal(await attemptSql(db, claimsOf('chiefV2'), `insert into public.case_photos (object_name, case_id, uploader_id, position)
      values ($1, (select id from public.cases limit 1), $2, 0)`, [photo, uid('chiefV2')]))
    expect(out.code).toBe('42501')
    expect(await snapshot(db, ATTACHED)).toEqual(before)
  })
})

describe('an object belongs to its uploader', () => {
  it('a user uploads first under the name another user will use (in that user\'s folder)', async () => {
    const before = await snapshot(db, OBJECTS)
    const out = await tryUpload('chiefV2', { name: photoName(uid('worker')), owner: uid('chiefV2') })
    expect(out).toMatchObject({ refused: '42501', message: expect.stringMatching(/row-level security/) })
    expect(await snapshot(db, OBJECTS)).toEqual(before)
  })

  it('a user uploads in their own name but records another user as the owner', async () => {
    const before = await snapshot(db, OBJECTS)
    const out = await tryUpload('chiefV2', { name: photoName(uid('worker')), owner: uid('worker') })
    expect(out).toMatchObject({ refused: '42501' })
    expect(await snapshot(db, OBJECTS)).toEqual(before)
  })

  it('a user uploads under a name of their own choosing outside the naming scheme', async () => {
    const before = await snapshot(db, OBJECTS)
    for (const name of [`${uid('chiefV2')}/../${uid('worker')}/a.jpg`, `${uid('chiefV2')}/photo-1.jpg`, `${uid('chiefV2')}/${randomUUID()}.svg`, 'photo-1.jpg'])
      expect(await tryUpload('chiefV2', { name }), name).toMatchObject({ refused: '42501' })
    expect(await snapshot(db, OBJECTS)).toEqual(before)
  })

  it('a user overwrites or deletes an uploaded photo, to swap the picture of a case', async () => {
    const photo = await uploadPhoto(db, claimsOf('worker'))
    const before = await snapshot(db, OBJECTS)
    const update = await attemptSql(db, claimsOf('worker'), 'update storage.objects set metadata = \'{"size": 1}\', owner_id = $2 where name = $1', [photo, uid('chiefV2')])
    expect(update).toEqual({ refused: false, result: 0 })
    expect(refusal(await attemptSql(db, claimsOf('worker'), 'delete from storage.objects where name = $1', [photo])).code).toBe('42501')
    expect(await snapshot(db, OBJECTS)).toEqual(before)
  })
})

describe('only those who may report upload, within limits', () => {
  it('a login without any membership uploads', async () => {
    const before = await snapshot(db, OBJECTS)
    expect(await tryUpload('outsider')).toMatchObject({ refused: '42501' })
    expect(await snapshot(db, OBJECTS)).toEqual(before)
  })

  it('the wall viewer uploads', async () => {
    const before = await snapshot(db, OBJECTS)
    expect(await tryUpload('viewer')).toMatchObject({ refused: '42501' })
    expect(await snapshot(db, OBJECTS)).toEqual(before)
  })

  it('a user uploads a 6 MiB photo, an empty one, or a web page posing as a photo', async () => {
    const before = await snapshot(db, OBJECTS)
    for (const spec of [{ size: 6 * 1024 * 1024 }, { size: 0 }, { mimetype: 'text/html' }, { mimetype: 'image/svg+xml' }])
      expect(await tryUpload('chiefV2', spec), JSON.stringify(spec)).toMatchObject({ refused: '42501' })
    expect(await snapshot(db, OBJECTS)).toEqual(before)
  })

  it('a user uploads without limit: the 61st photo within 24 hours is refused', async () => {
    for (let i = 0; i < 60; i++)
      expect(await tryUpload('twoUnits'), `upload ${i + 1}`).toHaveProperty('name')
    const before = await snapshot(db, OBJECTS)
    expect(await tryUpload('twoUnits')).toMatchObject({ refused: '42501' })
    expect(await snapshot(db, OBJECTS)).toEqual(before)
  })
})
