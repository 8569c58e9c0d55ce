import type { Actor } from '~/domain/caseLoop'
import { describe, expect, it } from 'vitest'
import { handlesCase, mapLimit } from './ledgerExport'

const path = ['township', 'village', 'group']
const c = (assigneeId: string | null, escalationLevel: 0 | 1 | 2) => ({ assigneeId, escalationLevel })

describe('handlesCase', () => {
  it('counts the assignee as a handler', () => {
    const worker: Actor = { userId: 'w1', memberships: [{ gridId: 'group', role: 'grid_worker' }] }
    expect(handlesCase(worker, c('w1', 0), path)).toBe(true)
    expect(handlesCase(worker, c('w2', 0), path)).toBe(false)
  })

  it('counts the centre at the case\'s level or above over its grid', () => {
    const chief: Actor = { userId: 'v', memberships: [{ gridId: 'village', role: 'village_chief' }] }
    const commander: Actor = { userId: 't', memberships: [{ gridId: 'township', role: 'township_commander' }] }
    expect(handlesCase(chief, c(null, 0), path)).toBe(true)
    expect(handlesCase(chief, c(null, 1), path)).toBe(false)
    expect(handlesCase(commander, c(null, 1), path)).toBe(true)
    expect(handlesCase(commander, c(null, 2), path)).toBe(false)
    expect(handlesCase(commander, c(null, 0), ['other'])).toBe(false)
  })

  it('does not count a wall screen or a unit member who is not the assignee', () => {
    const wall: Actor = { userId: 'x', memberships: [{ gridId: 'township', role: 'wall_viewer' }] }
    const unit: Actor = { userId: 'u', memberships: [], unitIds: ['police'] }
    expect(handlesCase(wall, c(null, 0), path)).toBe(false)
    expect(handlesCase(unit, c(null, 0), path)).toBe(false)
  })
})

describe('mapLimit', () => {
  it('keeps order and never has more than the limit in flight', async () => {
    let inFlight = 0
    let most = 0
    const seen: number[] = []
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise(r => setTimeout(r, n))
      inFlight--
      return n * 10
    }, d => seen.push(d))
    expect(out).toEqual([50, 10, 40, 20, 30])
    expect(most).toBe(2)
    expect(seen).toEqual([1, 2, 3, 4, 5])
  })

  it('handles an empty list', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([])
  })
})
