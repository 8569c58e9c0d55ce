// The notice inbox (issue 15, "Reminders reach someone"): a reminder or a supervision reaches the
// case's assignee and the officers of its lead unit, and only them; each marks their own read.
// Hostile signed-in users call the table and the functions directly, as PostgREST would let them,
// committed if it works: reading another's notices or marks, marking for another or a notice not
// theirs, forging a notice, changing or removing a mark. Each refusal is checked with nothing changed.
import type { LoopUser } from '../fixtures/caseLoop'
import { describe, expect, it } from 'vitest'
import { toUuid } from '../../seed/ids'
import { caseRecord, claimsOf, HANDLED, insertCase, transitionOn, useCaseLoopDatabase } from '../fixtures/caseLoop'
import { OTHER_WORKER_STAFF } from '../fixtures/territory'
import { asRequest, callRpc, SERVICE } from '../harness/db'
import { attempt, attemptSql, refusal, snapshot } from './attack'

const db = useCaseLoopDatabase()

interface Notice {
  id: string
  kind: string
  caseId: string
  caseCode: string
  caseTitle: string
  caseStatus: string
  at: number
  actorId: string
  actorRole: string
  message: string | null
  read: boolean
}

const inbox = (user: LoopUser) => asRequest(db, claimsOf(user), c => callRpc<Notice[]>(c, 'my_notices'))
const noticesOn = async (user: LoopUser, caseId: string) => (await inbox(user)).filter(n => n.caseId === caseId)

/** A case led by the police and assigned to the worker (HANDLED), reminded by the commander; answers the case and the event id. */
async function remindedCase(message = '请今天内反馈'): Promise<{ caseId: string, eventId: string }> {
  const caseId = await insertCase(db, { status: 'in_progress', ...HANDLED })
  const { version } = await caseRecord(db, caseId)
  const out = await asRequest(db, claimsOf('commander'), c => transitionOn(c, caseId, 'remind', { message }, version), { commit: true })
  expect(out.ok).toBe(true)
  const { rows } = await db.admin.query<{ id: string }>(`select id::text from public.case_events where case_id = $1 and kind = 'remind'`, [caseId])
  return { caseId, eventId: rows[0]!.id }
}

const READS = 'select user_id, event_id, read_at from public.notice_reads order by 1, 2'
const EVENTS = 'select id, case_id, kind, data from public.case_events order by id'

describe('who a notice reaches', () => {
  it('a reminder reaches the assignee and the lead unit\'s officer, unread; not the co-handling unit, another worker, the village chief or the sender', async () => {
    const { caseId, eventId } = await remindedCase()
    for (const user of ['worker', 'police'] as const) {
      expect(await noticesOn(user, caseId), user).toEqual([expect.objectContaining({ id: eventId, kind: 'remind', caseStatus: 'in_progress', message: '请今天内反馈', actorRole: 'township_commander', read: false })])
    }
    for (const user of ['justice', 'otherWorker', 'chief', 'commander', 'admin', 'viewer', 'outsider', 'foreignAdmin'] as const)
      expect(await noticesOn(user, caseId), user).toEqual([])
  })

  it('a supervision reaches whoever handles the case now; once the case is closed, nobody', async () => {
    const caseId = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const { version } = await caseRecord(db, caseId)
    const out = await asRequest(db, claimsOf('commander'), c => transitionOn(c, caseId, 'supervise', { reason: '超期未办结，挂牌督办' }, version), { commit: true })
    expect(out.ok).toBe(true)
    expect(await noticesOn('worker', caseId)).toEqual([expect.objectContaining({ kind: 'supervise', message: '超期未办结，挂牌督办', read: false })])
    // Reassigned to the other worker: the supervision follows the case (a reminder would not).
    await db.admin.query(`update public.cases set assignee_id = $2 where id = $1`, [caseId, toUuid(OTHER_WORKER_STAFF)])
    expect(await noticesOn('worker', caseId)).toEqual([])
    expect(await noticesOn('otherWorker', caseId)).toHaveLength(1)
    await db.admin.query(`update public.cases set status = 'closed', closed_at = now(), outcome = 'resolved' where id = $1`, [caseId])
    expect(await noticesOn('otherWorker', caseId)).toEqual([])
    expect(await noticesOn('police', caseId)).toEqual([])
  })

  it('a reminder stays with whom it was sent to after the case is reassigned', async () => {
    const { caseId } = await remindedCase()
    await db.admin.query(`update public.cases set assignee_id = $2 where id = $1`, [caseId, toUuid(OTHER_WORKER_STAFF)])
    expect(await noticesOn('worker', caseId)).toHaveLength(1)
    expect(await noticesOn('otherWorker', caseId)).toEqual([])
  })
})

describe('marking read', () => {
  it('the assignee marks it read, twice harmlessly; the lead unit\'s officer still has it unread', async () => {
    const { caseId, eventId } = await remindedCase()
    for (let i = 0; i < 2; i++)
      expect(await attempt(db, claimsOf('worker'), c => callRpc(c, 'mark_notice_read', { p_event_id: eventId }))).toMatchObject({ refused: false })
    expect((await noticesOn('worker', caseId))[0]!.read).toBe(true)
    expect((await noticesOn('police', caseId))[0]!.read).toBe(false)
    expect((await db.admin.query('select count(*)::int as n from public.notice_reads where event_id = $1', [eventId])).rows[0]!.n).toBe(1)
  })
})

describe('attacks on the inbox', () => {
  it('another worker marks the worker\'s notice through the function: refused as not found, nothing written', async () => {
    const { eventId } = await remindedCase()
    const before = await snapshot(db, READS)
    const out = refusal(await attempt(db, claimsOf('otherWorker'), c => callRpc(c, 'mark_notice_read', { p_event_id: eventId })))
    expect(out.code).toBe('P0002')
    // The same answer for an event that does not exist: nothing to learn about others' notices.
    const none = refusal(await attempt(db, claimsOf('otherWorker'), c => callRpc(c, 'mark_notice_read', { p_event_id: 999_999_999 })))
    expect(none.message.replace(/\d+/, 'N')).toBe(out.message.replace(/\d+/, 'N'))
    expect(await snapshot(db, READS)).toEqual(before)
  })

  it('another worker inserts a read mark directly: for the worker, or for themselves on the worker\'s notice', async () => {
    const { eventId } = await remindedCase()
    const before = await snapshot(db, READS)
    const insert = 'insert into public.notice_reads (user_id, event_id) values ($1, $2)'
    for (const userId of [toUuid('u-worker'), toUuid('u-other-worker')]) {
      const out = refusal(await attemptSql(db, claimsOf('otherWorker'), insert, [userId, eventId]))
      expect(out.code, userId).toBe('42501')
    }
    // Nor a mark for another on a notice the caller does get: marks are one's own.
    expect(refusal(await attemptSql(db, claimsOf('police'), insert, [toUuid('u-worker'), eventId])).code).toBe('42501')
    expect(await snapshot(db, READS)).toEqual(before)
  })

  it('another user reads the worker\'s marks, changes or removes them', async () => {
    const { eventId } = await remindedCase()
    await attempt(db, claimsOf('worker'), c => callRpc(c, 'mark_notice_read', { p_event_id: eventId }))
    const before = await snapshot(db, READS)
    expect(before.length).toBeGreaterThan(0)
    for (const user of ['otherWorker', 'police', 'commander', 'admin'] as const) {
      const seen = await attempt(db, claimsOf(user), async c => (await c.query('select * from public.notice_reads')).rows)
      expect(seen, user).toEqual({ refused: false, result: [] })
    }
    // Not even the owner rewrites history, nor anyone else.
    for (const user of ['worker', 'otherWorker'] as const) {
      expect(refusal(await attemptSql(db, claimsOf(user), 'update public.notice_reads set read_at = now() - interval \'1 year\'')).code, user).toBe('42501')
      expect(refusal(await attemptSql(db, claimsOf(user), 'delete from public.notice_reads')).code, user).toBe('42501')
    }
    expect(await snapshot(db, READS)).toEqual(before)
  })

  it('anon calls nothing of it', async () => {
    const { eventId } = await remindedCase()
    const anon = { role: 'anon' } as const
    expect(refusal(await attempt(db, anon, c => callRpc(c, 'my_notices'))).code).toBe('42501')
    expect(refusal(await attempt(db, anon, c => callRpc(c, 'mark_notice_read', { p_event_id: eventId }))).code).toBe('42501')
    expect(refusal(await attemptSql(db, anon, 'select * from public.notice_reads')).code).toBe('42501')
  })

  it('a grid worker forges a reminder to another worker: a direct insert into the log, or a remind they may not send', async () => {
    const caseId = await insertCase(db, { status: 'in_progress', ...HANDLED, assigneeId: OTHER_WORKER_STAFF })
    const before = await snapshot(db, EVENTS)
    const { version } = await caseRecord(db, caseId)
    const forged = refusal(await attemptSql(db, claimsOf('worker'), `insert into public.case_events (case_id, kind, from_status, to_status, actor_role, data)
      values ($1, 'remind', 'in_progress', 'in_progress', 'township_commander', $2::jsonb)`, [caseId, JSON.stringify({ message: '伪造催办', assigneeId: toUuid(OTHER_WORKER_STAFF), leadUnitId: 'police' })]))
    expect(forged.code).toBe('42501')
    // Reminding is the centre's: the case loop refuses a grid worker.
    const out = await asRequest(db, claimsOf('worker'), c => transitionOn(c, caseId, 'remind', { message: '伪造催办' }, version), { commit: true })
    expect(out).toMatchObject({ ok: false, code: 'not_permitted' })
    expect(await snapshot(db, EVENTS)).toEqual(before)
    expect(await noticesOn('otherWorker', caseId)).toEqual([])
  })

  it('a commander of another county reminds a case of this one: refused, nobody notified', async () => {
    const caseId = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const { version } = await caseRecord(db, caseId)
    const out = await asRequest(db, claimsOf('foreignCommander'), c => transitionOn(c, caseId, 'remind', { message: '越权催办' }, version), { commit: true })
    expect(out.ok).toBe(false)
    expect(await noticesOn('worker', caseId)).toEqual([])
  })

  it('service_role has no inbox of its own and cannot rewrite marks either', async () => {
    expect(await asRequest(db, SERVICE, c => callRpc<Notice[]>(c, 'my_notices'))).toEqual([])
    expect(refusal(await attemptSql(db, SERVICE, 'delete from public.notice_reads')).code).toBe('42501')
  })
})
