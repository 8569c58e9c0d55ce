import type { Actor } from './machine'
import { describe, expect, it } from 'vitest'
import { isCaseHandler } from './handlers'

const path = ['township', 'village', 'group']
function c(assigneeId: string | null, escalationLevel: 0 | 1 | 2, leadUnitId: string | null = null, coUnits: string[] = []) {
  return { assigneeId, escalationLevel, leadUnitId, coHandlers: coUnits.map(unitId => ({ unitId, reportedAt: null, outcome: null })) }
}

describe('isCaseHandler', () => {
  it('counts the assignee, under any of their ids', () => {
    const worker: Actor = { userId: 'w1', memberships: [{ gridId: 'group', role: 'grid_worker' }] }
    expect(isCaseHandler(worker, c('w1', 0), path)).toBe(true)
    expect(isCaseHandler(worker, c('w2', 0), path)).toBe(false)
    expect(isCaseHandler(worker, c('staff-7', 0), path, ['w1', 'staff-7'])).toBe(true)
  })

  it('counts the centre at the case\'s level or above over its grid', () => {
    const chief: Actor = { userId: 'v', memberships: [{ gridId: 'village', role: 'village_chief' }] }
    const commander: Actor = { userId: 't', memberships: [{ gridId: 'township', role: 'township_commander' }] }
    expect(isCaseHandler(chief, c(null, 0), path)).toBe(true)
    expect(isCaseHandler(chief, c(null, 1), path)).toBe(false)
    expect(isCaseHandler(commander, c(null, 1), path)).toBe(true)
    expect(isCaseHandler(commander, c(null, 2), path)).toBe(false)
    expect(isCaseHandler(commander, c(null, 0), ['other'])).toBe(false)
  })

  it('counts a county admin over another township of the county through its scope', () => {
    const admin: Actor = { userId: 'a', memberships: [{ gridId: 'other-township', role: 'county_admin', scopeGridIds: ['other-township', 'township'] }] }
    expect(isCaseHandler(admin, c(null, 2), path)).toBe(true)
  })

  it('counts members of the lead and co-handling units, not other units or the wall screen', () => {
    const unit: Actor = { userId: 'u', memberships: [], unitIds: ['police'] }
    expect(isCaseHandler(unit, c(null, 0, 'police'), path)).toBe(true)
    expect(isCaseHandler(unit, c(null, 0, 'justice', ['police']), path)).toBe(true)
    expect(isCaseHandler(unit, c(null, 0, 'justice'), path)).toBe(false)
    const wall: Actor = { userId: 'x', memberships: [{ gridId: 'township', role: 'wall_viewer' }] }
    expect(isCaseHandler(wall, c(null, 0), path)).toBe(false)
  })
})
