import type { CaseRecord } from '../types'
import type { Actor } from './machine'
import { describe, expect, it } from 'vitest'
import { countdownParts, ownTasks } from './ownTasks'

const H = 3_600_000
const NOW = Date.UTC(2026, 2, 10, 2, 0)
const BASE: CaseRecord = {
  id: 'c',
  code: 'QS-2026-000000',
  categoryCode: '0301',
  title: '垃圾乱堆',
  description: '路口',
  source: 'patrol',
  status: 'in_progress',
  outcome: null,
  urgent: false,
  location: [120.1, 30.1],
  address: null,
  gridId: 'group',
  escalationLevel: 0,
  leadUnitId: 'village-office',
  coHandlers: [],
  assigneeId: 'worker',
  reportedAt: NOW - 48 * H,
  registeredAt: NOW - 47 * H,
  dispatchedAt: NOW - 46 * H,
  reportedBackAt: null,
  closedAt: null,
  dueAt: NOW + 5 * H,
  supervised: false,
  version: 3,
}
const at = (id: string, over: Partial<CaseRecord>): CaseRecord => ({ ...BASE, id, code: `QS-2026-${id}`, ...over })
const PATH = (gridId: string) => ['township', 'village', gridId]
const WORKER: Actor = { userId: 'worker', memberships: [{ gridId: 'group', role: 'grid_worker' }] }
const CHIEF: Actor = { userId: 'chief', memberships: [{ gridId: 'village', role: 'village_chief' }] }

describe('ownTasks', () => {
  const cases = [
    at('later', { dueAt: NOW + 30 * H }),
    at('soon', { dueAt: NOW + 2 * H }),
    at('late', { dueAt: NOW - 3 * H }),
    at('later-late', { dueAt: NOW - H }),
    at('closed', { status: 'closed', closedAt: NOW - H }),
    at('someone-else', { assigneeId: 'other', leadUnitId: 'police' }),
    at('to-register', { status: 'reported', registeredAt: null, dispatchedAt: null, assigneeId: null, leadUnitId: null }),
  ]

  it('lists the worker\'s open cases, overdue first (most overdue first), then the nearest deadline', () => {
    const mine = new Set(['later', 'soon', 'late', 'later-late', 'closed'])
    const tasks = ownTasks(cases, { actor: WORKER, mine: c => mine.has(c.id) }, PATH, NOW)
    expect(tasks.map(t => t.case.id)).toEqual(['late', 'later-late', 'soon', 'later'])
    expect(tasks.map(t => t.overdue)).toEqual([true, true, false, false])
    expect(tasks[0]!.remainingMs).toBe(-3 * H)
    expect(tasks[2]!.actions).toContain('report_back')
  })

  it('leaves out what only anyone covering the case may do (remind, supervise, assign…)', () => {
    // The chief may remind or reassign the worker's cases: those are not the chief's tasks; the report to register is.
    const tasks = ownTasks(cases, { actor: CHIEF, mine: () => false }, PATH, NOW)
    expect(tasks.map(t => t.case.id)).toEqual(['to-register'])
    expect(tasks[0]!.actions).toContain('register')
  })
})

describe('countdownParts', () => {
  it('splits a remaining time into days, hours and minutes', () => {
    expect(countdownParts(((2 * 24 + 3) * 60 + 5) * 60_000 + 59_000)).toEqual({ late: false, days: 2, hours: 3, minutes: 5 })
  })
  it('says an overrun is late, counted unsigned', () => {
    expect(countdownParts(-(90 * 60_000))).toEqual({ late: true, days: 0, hours: 1, minutes: 30 })
  })
})
