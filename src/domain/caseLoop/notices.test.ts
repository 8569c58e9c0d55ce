import type { CaseRecord } from '../types'
import type { CaseEvent } from './machine'
import type { CaseNotice } from './notices'
import { describe, expect, it } from 'vitest'
import { isNoticeEvent, NOTICE_LIST_CAP, noticeMessage, noticeReaches, sortNotices, unreadCount } from './notices'

const CASE: Pick<CaseRecord, 'status' | 'assigneeId' | 'leadUnitId'> = { status: 'in_progress', assigneeId: 'staff-now', leadUnitId: 'police' }

function remind(to: { assigneeId: string | null, leadUnitId: string | null }, actorId = 'commander'): CaseEvent<'remind'> {
  return { caseId: 'c1', action: 'remind', from: 'in_progress', to: 'in_progress', actorId, actorRole: 'township_commander', at: 1, version: 3, payload: { message: '请尽快处置', ...to } }
}

const supervise: CaseEvent<'supervise'> = { caseId: 'c1', action: 'supervise', from: 'in_progress', to: 'in_progress', actorId: 'commander', actorRole: 'township_commander', at: 2, version: 4, payload: { reason: '超期未办结' } }

describe('noticeReaches', () => {
  it('a reminder reaches the assignee and the lead unit it was sent to, not the ones the case has since', () => {
    const sentTo = remind({ assigneeId: 'staff-then', leadUnitId: 'justice' })
    expect(noticeReaches(sentTo, CASE, { personIds: ['u1', 'staff-then'], unitIds: [] })).toBe(true)
    expect(noticeReaches(sentTo, CASE, { personIds: ['u2'], unitIds: ['justice'] })).toBe(true)
    expect(noticeReaches(sentTo, CASE, { personIds: ['staff-now'], unitIds: ['police'] })).toBe(false)
  })

  it('a supervision reaches whoever handles the case now', () => {
    expect(noticeReaches(supervise, CASE, { personIds: ['staff-now'], unitIds: [] })).toBe(true)
    expect(noticeReaches(supervise, CASE, { personIds: [], unitIds: ['police'] })).toBe(true)
    expect(noticeReaches(supervise, CASE, { personIds: ['someone'], unitIds: ['justice'] })).toBe(false)
  })

  it('reaches nobody on a closed or cancelled case, nobody for their own act, and nobody when the case has no handler', () => {
    const mine = remind({ assigneeId: 'staff-now', leadUnitId: null })
    expect(noticeReaches(mine, { ...CASE, status: 'closed' }, { personIds: ['staff-now'], unitIds: [] })).toBe(false)
    expect(noticeReaches(mine, { ...CASE, status: 'cancelled' }, { personIds: ['staff-now'], unitIds: [] })).toBe(false)
    expect(noticeReaches(remind({ assigneeId: 'staff-now', leadUnitId: null }, 'staff-now'), CASE, { personIds: ['staff-now'], unitIds: [] })).toBe(false)
    expect(noticeReaches(remind({ assigneeId: null, leadUnitId: null }), CASE, { personIds: ['staff-now'], unitIds: ['police'] })).toBe(false)
  })

  it('other events are no notices', () => {
    const accept = { ...supervise, action: 'accept', payload: { assigneeId: 'staff-now', note: null } } as CaseEvent
    expect(isNoticeEvent(accept)).toBe(false)
    expect(noticeReaches(accept, CASE, { personIds: ['staff-now'], unitIds: ['police'] })).toBe(false)
  })
})

describe('the inbox list', () => {
  const n = (id: string, at: number, read = false): CaseNotice => ({ id, kind: 'remind', caseId: 'c', caseCode: 'X', caseTitle: 't', caseStatus: 'in_progress', at, actorId: 'a', actorRole: 'township_commander', message: null, read })

  it('is newest first and capped', () => {
    expect(sortNotices([n('a', 1), n('c', 3), n('b', 3)]).map(x => x.id)).toEqual(['b', 'c', 'a'])
    expect(sortNotices(Array.from({ length: NOTICE_LIST_CAP + 5 }, (_, i) => n(`n${i}`, i)))).toHaveLength(NOTICE_LIST_CAP)
  })

  it('counts the unread, and carries the message or reason', () => {
    expect(unreadCount([n('a', 1), n('b', 2, true), n('c', 3)])).toBe(2)
    expect(noticeMessage(remind({ assigneeId: null, leadUnitId: null }))).toBe('请尽快处置')
    expect(noticeMessage(supervise)).toBe('超期未办结')
  })
})
