import type { Grid, Membership } from '../types'
import type { Actor, CaseLoopState } from './machine'
import { describe, expect, it } from 'vitest'
import { createAccess } from '../access'
import { actorMemberships } from './actor'
import { applyAction, availableActions, canReport, coversGrid } from './machine'

// Two townships of county 330102 and one of county 330103, a village under each township of 330102.
function grid(id: string, code: string, parentId: string | null): Grid {
  return {
    id,
    code,
    parentId,
    level: parentId === null ? 1 : 2,
    name: id,
    nameEn: id,
    boundary: { type: 'MultiPolygon', coordinates: [] },
    labelPoint: [120, 30],
    areaKm2: 1,
    households: 1,
    population: 1,
    chiefId: null,
    workerIds: [],
  }
}
const GRIDS: Grid[] = [
  grid('A', '330102001000000', null),
  grid('A1', '330102001001000', 'A'),
  grid('B', '330102002000000', null),
  grid('B1', '330102002001000', 'B'),
  grid('C', '330103001000000', null),
]
const MEMBERSHIPS: Membership[] = [
  { userId: 'admin', gridId: 'A', role: 'county_admin' },
  { userId: 'commander', gridId: 'A', role: 'township_commander' },
  { userId: 'chief', gridId: 'A1', role: 'village_chief' },
  { userId: 'foreign-admin', gridId: 'C', role: 'county_admin' },
]
const NOW = Date.UTC(2026, 2, 2, 1)

const actorOf = (userId: string): Actor => ({ userId, memberships: actorMemberships(MEMBERSHIPS, GRIDS, userId), unitIds: [] })
function caseInB1(status: CaseLoopState['status'], escalationLevel: 0 | 1 | 2): CaseLoopState {
  return {
    id: 'case-b1',
    gridId: 'B1',
    gridPath: ['B', 'B1'],
    status,
    escalationLevel,
    categoryCode: '0101',
    leadUnitId: null,
    coHandlers: [],
    assigneeId: null,
    outcome: null,
    reportedAt: NOW - 3_600_000,
    registeredAt: null,
    dispatchedAt: null,
    reportedBackAt: null,
    closedAt: null,
    dueAt: NOW + 86_400_000,
    supervised: false,
    version: 1,
  }
}

describe('actorMemberships', () => {
  it('gives a county admin every township of the county as its scope, and other roles their own grid', () => {
    expect(actorMemberships(MEMBERSHIPS, GRIDS, 'admin')).toEqual([{ gridId: 'A', role: 'county_admin', scopeGridIds: ['A', 'B'] }])
    expect(actorMemberships(MEMBERSHIPS, GRIDS, 'commander')).toEqual([{ gridId: 'A', role: 'township_commander', scopeGridIds: ['A'] }])
    expect(actorMemberships(MEMBERSHIPS, GRIDS, 'chief')).toEqual([{ gridId: 'A1', role: 'village_chief', scopeGridIds: ['A1'] }])
    expect(actorMemberships(MEMBERSHIPS, GRIDS, 'foreign-admin')).toEqual([{ gridId: 'C', role: 'county_admin', scopeGridIds: ['C'] }])
    expect(actorMemberships(MEMBERSHIPS, GRIDS, 'nobody')).toEqual([])
  })

  it('covers exactly the grids access.ts lets the membership see', () => {
    for (const userId of ['admin', 'commander', 'chief', 'foreign-admin']) {
      const [m] = actorMemberships(MEMBERSHIPS, GRIDS, userId)
      const pathOf = (g: Grid): string[] => (g.parentId === null ? [g.id] : [g.parentId, g.id])
      const covered = GRIDS.filter(g => coversGrid(m!, pathOf(g))).map(g => g.id)
      expect(covered, userId).toEqual([...createAccess({ userId, memberships: MEMBERSHIPS, grids: GRIDS }).visibleGridIds])
    }
  })
})

describe('a county admin acts across its county, as access.ts and the database have it', () => {
  it('on a case in the other township of the county', () => {
    const { next, event } = applyAction(caseInB1('reported', 0), 'register', actorOf('admin'), { expectedVersion: 1 }, NOW)
    expect([next.status, event.actorRole]).toEqual(['registered', 'county_admin'])
    expect(availableActions(caseInB1('escalated', 2), actorOf('admin'))).toEqual(expect.arrayContaining(['accept_escalation', 'send_back_down', 'cancel', 'supervise', 'remind']))
    expect(canReport(actorOf('admin'), ['B', 'B1'])).toBe(true)
  })

  it('but not in another county, and a township commander only in its own township', () => {
    for (const who of ['foreign-admin', 'commander']) {
      expect(() => applyAction(caseInB1('reported', 0), 'register', actorOf(who), { expectedVersion: 1 }, NOW), who).toThrow(/only someone the centre at its current level/)
      expect(availableActions(caseInB1('escalated', 1), actorOf(who)), who).toEqual([])
      expect(canReport(actorOf(who), ['B', 'B1']), who).toBe(false)
    }
  })

  it('a membership without a scope covers its own grid\'s subtree only', () => {
    const bare: Actor = { userId: 'admin', memberships: [{ gridId: 'A', role: 'county_admin' }] }
    expect(() => applyAction(caseInB1('reported', 0), 'register', bare, { expectedVersion: 1 }, NOW)).toThrow(/not_permitted|only someone/)
    expect(applyAction({ ...caseInB1('reported', 0), gridId: 'A1', gridPath: ['A', 'A1'] }, 'register', bare, { expectedVersion: 1 }, NOW).next.status).toBe('registered')
  })
})
