import type { DemoDataset } from '~/demo'
import type { NewCaseInput } from '~/domain/caseLoop'
import { describe, expect, it, vi } from 'vitest'
import { DEMO_USERS, generateDemoTownship } from '~/demo'
import { applyDemoCaseWrite, DemoCaseLoop, demoEditsKept } from './DemoCaseLoop'
import { DemoDataSource } from './DemoDataSource'
import { createKeeper, KEPT_CASES_MAX, memoryEditShelf, restoreDemoEdits } from './demoEdits'
import { DEMO_UNIT_HANDLER, withDemoUnitHandlers } from './demoUsers'

const ANCHOR = Date.parse('2026-11-21T00:00:00+08:00')
const NOW = ANCHOR + 10 * 3_600_000
const BASE: DemoDataset = generateDemoTownship({ anchor: ANCHOR })
// A PNG's first bytes: enough for the photo check, which reads the type and size.
const PNG = new Blob([new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])], { type: 'image/png' })

/** A visit: a freshly generated township (as a reload makes it), with the kept edits put back. */
async function visit(shelf: ReturnType<typeof memoryEditShelf>, base: DemoDataset = BASE) {
  const data = await restoreDemoEdits(withDemoUnitHandlers(structuredClone(base)), shelf)
  const dataset = Promise.resolve(data)
  let n = 0
  const loop = (viewer: string, keep?: boolean) => new DemoCaseLoop(dataset, viewer, { clock: () => NOW, newId: () => `kept-case-${++n}`, ...(keep === undefined ? {} : { keep }) })
  return { data, loop, reads: (viewer: string) => new DemoDataSource(dataset, viewer, () => NOW) }
}

function intake(data: DemoDataset, extra: Partial<NewCaseInput> = {}): NewCaseInput {
  const group = data.grids.find(g => g.id === data.memberships.find(m => m.userId === DEMO_USERS.gridWorker)!.gridId)!
  const deepest = data.grids.find(g => g.parentId === group.id) ?? group
  return { categoryCode: '0301', title: '村口垃圾堆放', description: '桥头堆放大量生活垃圾。', source: 'patrol', urgent: false, location: deepest.labelPoint, address: '村口桥头', reporterName: '王先生', reporterPhone: '13800138000', photoIds: [], ...extra }
}

describe('demo edits kept across reloads', () => {
  it('a reported case, a move of a generated case, a photo and an opened notice come back on the next visit, with their logs', async () => {
    const shelf = memoryEditShelf()
    const first = await visit(shelf)
    const worker = first.loop(DEMO_USERS.gridWorker)
    const photo = await worker.uploadPhoto(PNG, 'scene.png')
    const created = await worker.createCase(intake(first.data, { photoIds: [photo] }))
    const generated = first.data.cases.find(c => c.status === 'in_progress' && c.leadUnitId === 'police' && !c.supervised)!
    const commander = first.loop(DEMO_USERS.townshipCommander)
    const supervised = await commander.transitionCase(generated.id, 'supervise', { reason: '挂牌督办', expectedVersion: generated.version })
    const notice = (await first.loop(DEMO_UNIT_HANDLER).listNotices()).find(n => n.caseId === generated.id)!
    await first.loop(DEMO_UNIT_HANDLER).markNoticeRead(notice.id)
    const events = await commander.listCaseEvents(generated.id)
    await demoEditsKept(first.data)

    const second = await visit(shelf)
    const commanderAgain = second.loop(DEMO_USERS.townshipCommander)
    expect(await commanderAgain.getCase(created.id)).toEqual(created)
    expect(await commanderAgain.getCaseContact(created.id)).toEqual({ name: '王先生', phone: '13800138000' })
    expect(await commanderAgain.photoUrl(photo)).toMatch(/^blob:/)
    expect(await commanderAgain.getCase(generated.id)).toEqual(supervised)
    expect(await commanderAgain.listCaseEvents(generated.id)).toEqual(events)
    expect((await second.loop(DEMO_UNIT_HANDLER).listNotices()).find(n => n.id === notice.id)).toMatchObject({ read: true })
    // The read side sees them too: in the ledger, once.
    const { cases } = await second.reads(DEMO_USERS.townshipCommander).listCases({})
    expect(cases.filter(c => c.id === created.id)).toHaveLength(1)
    expect(second.data.cases.length).toBe(BASE.cases.length + 1)
    // Case codes continue after the kept one.
    const next = await second.loop(DEMO_USERS.gridWorker).createCase(intake(second.data))
    expect(Number(next.code.slice(-6))).toBe(Number(created.code.slice(-6)) + 1)
  })

  it('a later write replaces the kept case rather than adding another', async () => {
    const shelf = memoryEditShelf()
    const first = await visit(shelf)
    const created = await first.loop(DEMO_USERS.gridWorker).createCase(intake(first.data))
    await first.loop(DEMO_USERS.townshipCommander).transitionCase(created.id, 'register', { expectedVersion: created.version })
    await demoEditsKept(first.data)
    expect([...shelf.entries.keys()]).toEqual([`case:${created.id}`])
    const second = await visit(shelf)
    expect((await second.loop(DEMO_USERS.townshipCommander).getCase(created.id))!.status).toBe('registered')
    expect((await second.loop(DEMO_USERS.townshipCommander).listCaseEvents(created.id)).map(e => e.action)).toEqual(['register'])
  })

  it('the demo feed\'s writes are not kept, nor what another tab wrote', async () => {
    const shelf = memoryEditShelf()
    const first = await visit(shelf)
    const fed = await first.loop(DEMO_USERS.gridWorker, false).createCase(intake(first.data))
    expect(applyDemoCaseWrite(first.data, { ...fed, id: 'from-another-tab' }, null)).toBe(true)
    await demoEditsKept(first.data)
    expect(shelf.entries.size).toBe(0)
  })

  it('a kept case whose grid the territory no longer has is left out; reset forgets everything', async () => {
    const shelf = memoryEditShelf()
    const first = await visit(shelf)
    const created = await first.loop(DEMO_USERS.gridWorker).createCase(intake(first.data))
    await demoEditsKept(first.data)
    const elsewhere = { ...BASE, grids: BASE.grids.filter(g => g.id !== created.gridId) }
    const other = await visit(shelf, elsewhere)
    expect(other.data.cases.some(c => c.id === created.id)).toBe(false)
    await shelf.clear()
    const fresh = await visit(shelf)
    expect(fresh.data.cases.some(c => c.id === created.id)).toBe(false)
    expect(fresh.data.cases).toEqual(BASE.cases)
  })

  it('a shelf that cannot be read starts the demo afresh, saying so', async () => {
    const shelf = { ...memoryEditShelf(), load: async () => Promise.reject(new Error('blocked')) }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const data = await restoreDemoEdits(withDemoUnitHandlers(structuredClone(BASE)), shelf)
    expect(data.cases).toEqual(BASE.cases)
    expect(warn.mock.calls[0]?.[0]).toContain('blocked')
    warn.mockRestore()
  })

  it('keeps at most KEPT_CASES_MAX cases and warns once; rewriting a kept one still works', async () => {
    const shelf = memoryEditShelf()
    const keeper = createKeeper(shelf, { cases: [], photos: [], reads: [] })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const record = BASE.cases[0]!
    for (let i = 0; i < KEPT_CASES_MAX + 3; i++)
      keeper.case({ record: { ...record, id: `c${i}` }, events: [], contact: null })
    keeper.case({ record: { ...record, id: 'c0', title: '改过' }, events: [], contact: null })
    await keeper.flushed()
    expect(shelf.entries.size).toBe(KEPT_CASES_MAX)
    expect((shelf.entries.get('case:c0')!.value as { record: { title: string } }).record.title).toBe('改过')
    expect(warn).toHaveBeenCalledTimes(1)
    warn.mockRestore()
  })
})
