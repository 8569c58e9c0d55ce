import type { ScenarioDraft } from '~/domain/scenarios'
import { describe, expect, it } from 'vitest'
import { demoRevision, DemoScenarioStore, memoryShelf } from './DemoScenarioStore'

const draft = (over: Partial<ScenarioDraft> = {}): ScenarioDraft => ({ name: '东岭村补点', gridId: 'g1', baseRevision: 'rev-1', edits: [{ kind: 'camera.rotate', cameraId: 'c1', bearing: 90 }], ...over })
let clock = 1_000
function store(viewerId: string, shelf = memoryShelf(), commander = false) {
  return new DemoScenarioStore(shelf, { viewerId, mayEditOthers: async () => commander, revision: async g => `rev-${g}`, now: () => ++clock })
}

describe('demoScenarioStore', () => {
  it('saves, lists and reopens a scenario from the same shelf (as after a reload)', async () => {
    const shelf = memoryShelf()
    const s = await store('planner', shelf).save(draft(), null)
    expect(s).toMatchObject({ ownerId: 'planner', version: 1, name: '东岭村补点' })
    const reopened = store('planner', shelf)
    expect(await reopened.get(s.id)).toEqual(s)
    expect((await reopened.list({ gridId: 'g1' })).map(x => x.id)).toEqual([s.id])
    expect(await reopened.list({ gridId: 'g2' })).toEqual([])
  })

  it('moves the version on each save and refuses a save at a stale version', async () => {
    const a = store('planner')
    const s = await a.save(draft(), null)
    const s2 = await a.save({ ...draft({ name: '二稿' }), id: s.id }, 1)
    expect(s2.version).toBe(2)
    await expect(a.save({ ...draft({ name: '旧稿' }), id: s.id }, 1)).rejects.toMatchObject({ kind: 'conflict', message: `Scenario ${s.id} is at version 2, not 1: it was saved since you opened it` })
    expect((await a.get(s.id)).name).toBe('二稿')
  })

  it('lets only the owner and the commander edit or delete', async () => {
    const shelf = memoryShelf()
    const s = await store('planner', shelf).save(draft(), null)
    await expect(store('other', shelf).save({ ...draft(), id: s.id }, 1)).rejects.toMatchObject({ kind: 'forbidden' })
    await expect(store('other', shelf).delete(s.id, 1)).rejects.toMatchObject({ kind: 'forbidden' })
    expect((await store('boss', shelf, true).save({ ...draft({ name: '指挥长改' }), id: s.id }, 1)).ownerId).toBe('planner')
    await store('planner', shelf).delete(s.id, 2)
    await expect(store('planner', shelf).get(s.id)).rejects.toMatchObject({ kind: 'not_found' })
  })

  it('refuses what the database would: an empty name and too many edits', async () => {
    await expect(store('p').save(draft({ name: '  ' }), null)).rejects.toMatchObject({ kind: 'invalid' })
    const edits = Array.from({ length: 501 }, () => ({ kind: 'camera.rotate' as const, cameraId: 'c1', bearing: 1 }))
    await expect(store('p').save(draft({ edits }), null)).rejects.toMatchObject({ kind: 'invalid', message: '501 edits: a scenario holds at most 500' })
  })

  it('does not apply on the demo, and names revisions by content', async () => {
    await expect(store('p').apply()).rejects.toMatchObject({ kind: 'forbidden' })
    expect(await store('p').baseRevision('g7')).toBe('rev-g7')
    expect(demoRevision('a')).not.toBe(demoRevision('b'))
    expect(demoRevision('a')).toMatch(/^[0-9a-f]{8}$/)
  })
})
