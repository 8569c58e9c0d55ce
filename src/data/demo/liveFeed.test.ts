import type { LiveChange } from '../LiveSource'
import type { DemoCaseLoopDataset } from './demoUsers'
import type { DemoDataset } from '~/demo'
import type { CaseRecord, Grid } from '~/domain/types'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEMO_USERS, generateDemoTownship } from '~/demo'
import { gridPath, pathWithin, visibleGridIds } from '~/domain/access'
import { DataError } from '../DataSource'
import { DemoCaseLoop } from './DemoCaseLoop'
import { DemoDataSource } from './DemoDataSource'
import { withDemoUnitHandlers } from './demoUsers'
import { DemoLiveSource, startDemoFeed } from './liveFeed'

const ANCHOR = Date.parse('2026-12-02T00:00:00+08:00')
// Thursday 2026-12-03 09:00 China time: a working morning.
const START = ANCHOR + 33 * 3_600_000
const HOUR = 3_600_000
const BASE: DemoDataset = generateDemoTownship({ anchor: ANCHOR })

function setup(): { data: DemoCaseLoopDataset, dataset: Promise<DemoCaseLoopDataset> } {
  const data = withDemoUnitHandlers(structuredClone(BASE))
  return { data, dataset: Promise.resolve(data) }
}

function gridOf(data: DemoDataset, id: string): Grid {
  return data.grids.find(g => g.id === id)!
}

afterEach(() => {
  vi.useRealTimers()
})

describe('the demo LiveSource', () => {
  it('tells a subscriber of the township about every write, with the five fields only', async () => {
    const { data, dataset } = setup()
    const township = data.grids.find(g => g.level === 1)!
    const heard: LiveChange[] = []
    const sub = new DemoLiveSource(dataset, DEMO_USERS.wallViewer).subscribe(township.code, { change: c => heard.push(c) })
    await dataset
    await Promise.resolve()
    expect(sub.status().state).toBe('live')
    const reported = data.cases.find(c => c.status === 'reported' && !c.urgent)!
    const after = await new DemoCaseLoop(dataset, DEMO_USERS.townshipCommander).transitionCase(reported.id, 'register', { expectedVersion: reported.version })
    expect(heard).toEqual([{ entity: 'case', id: reported.id, gridId: reported.gridId, status: 'registered', version: after.version }])
    await sub.unsubscribe()
    const next = data.cases.find(c => c.status === 'reported' && !c.urgent)!
    await new DemoCaseLoop(dataset, DEMO_USERS.townshipCommander).transitionCase(next.id, 'register', { expectedVersion: next.version })
    expect(heard).toHaveLength(1)
  })

  it('hears only the scope\'s subtree, and only what the viewer may see', async () => {
    const { data, dataset } = setup()
    const township = data.grids.find(g => g.level === 1)!
    const chiefVillage = gridOf(data, data.memberships.find(m => m.userId === DEMO_USERS.villageChief)!.gridId)
    const otherVillage = data.grids.find(g => g.level === 2 && g.id !== chiefVillage.id)!
    const chiefHeard: LiveChange[] = []
    const otherHeard: LiveChange[] = []
    const countyHeard: LiveChange[] = []
    // The chief asks for the whole township but may see only their village.
    new DemoLiveSource(dataset, DEMO_USERS.villageChief).subscribe(township.code, { change: c => chiefHeard.push(c) })
    new DemoLiveSource(dataset, DEMO_USERS.countyAdmin).subscribe(otherVillage.code, { change: c => otherHeard.push(c) })
    new DemoLiveSource(dataset, DEMO_USERS.countyAdmin).subscribe(township.code.slice(0, 6), { change: c => countyHeard.push(c) })
    await dataset
    const commander = new DemoCaseLoop(dataset, DEMO_USERS.townshipCommander)
    const visible = visibleGridIds(data.memberships, data.grids, DEMO_USERS.villageChief)
    const open = (c: CaseRecord): boolean => !['closed', 'cancelled'].includes(c.status)
    const inVillage = data.cases.filter(c => open(c) && visible.has(c.gridId)).slice(0, 2)
    const elsewhere = data.cases.filter(c => open(c) && !visible.has(c.gridId)).slice(0, 3)
    expect(inVillage.length).toBeGreaterThan(0)
    expect(elsewhere.length).toBe(3)
    for (const c of [...inVillage, ...elsewhere])
      await commander.transitionCase(c.id, 'remind', { expectedVersion: c.version, message: '请加快办理' })
    expect(chiefHeard.map(c => c.id).sort()).toEqual(inVillage.map(c => c.id).sort())
    const otherPath = gridPath(otherVillage.code)
    expect(otherHeard.map(c => c.id).sort()).toEqual([...inVillage, ...elsewhere].filter(c => pathWithin(gridPath(gridOf(data, c.gridId).code), otherPath)).map(c => c.id).sort())
    expect(countyHeard).toHaveLength(inVillage.length + elsewhere.length)
  })

  it('refuses a scope that is not a grid or county code', () => {
    const { dataset } = setup()
    expect(() => new DemoLiveSource(dataset, DEMO_USERS.wallViewer).subscribe('QS-12', {})).toThrow(DataError)
  })
})

describe('startDemoFeed', () => {
  async function runFeed(speed: number, hours: number) {
    vi.useFakeTimers({ now: START })
    const { data, dataset } = setup()
    const before = new Map(data.cases.map(c => [c.id, c]))
    const errors: DataError[] = []
    const feed = startDemoFeed(dataset, { speed, seed: 'test-feed', exclusive: false, onError: e => errors.push(e) })
    await vi.advanceTimersByTimeAsync(hours * HOUR / speed)
    return { data, dataset, before, errors, feed }
  }

  it('keeps the township living at a believable pace: reports, dispatches and closes through the case loop', async () => {
    const { data, dataset, before, errors, feed } = await runFeed(60, 48)
    feed.stop()
    const created = data.cases.filter(c => !before.has(c.id))
    // Two days of about 11 reports each.
    expect(created.length).toBeGreaterThan(12)
    expect(created.length).toBeLessThan(40)
    const moved = data.cases.filter(c => before.has(c.id) && before.get(c.id)!.version !== c.version)
    expect(moved.length).toBeGreaterThan(20)
    const statuses = new Set(created.map(c => c.status))
    expect(statuses.has('closed') || statuses.has('reported_back')).toBe(true)
    // Every move went through the case loop, so each case's log holds it.
    const commander = new DemoCaseLoop(dataset, DEMO_USERS.townshipCommander)
    const closed = created.find(c => c.status === 'closed')!
    expect((await commander.listCaseEvents(closed.id)).map(e => e.action)).toEqual(expect.arrayContaining(['register', 'dispatch', 'accept', 'report_back', 'verify_close']))
    expect(errors).toEqual([])
    // The readers see it too.
    const reads = new DemoDataSource(dataset, DEMO_USERS.wallViewer)
    expect((await reads.listCases({ statuses: ['closed'] })).cases.some(c => c.id === closed.id)).toBe(true)
  })

  it('an urgent report now and then, registered at the township within 15 minutes', async () => {
    const { data, before, feed } = await runFeed(600, 24 * 10)
    feed.stop()
    const urgent = data.cases.filter((c: CaseRecord) => !before.has(c.id) && c.urgent)
    expect(urgent.length).toBeGreaterThan(0)
    for (const c of urgent) {
      expect(c.escalationLevel).toBe(1)
      if (c.registeredAt !== null)
        expect((c.registeredAt - c.reportedAt) * 600).toBeLessThanOrEqual(15 * 60_000)
    }
  })

  it('stop ends every timer; a user\'s own move is taken up where it leaves the case', async () => {
    vi.useFakeTimers({ now: START })
    const { data, dataset } = setup()
    const errors: DataError[] = []
    const feed = startDemoFeed(dataset, { speed: 60, seed: 'stop', exclusive: false, onError: e => errors.push(e) })
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBeGreaterThan(1)
    // The user registers a case the feed had planned to register: no refusal surfaces.
    const reported = data.cases.find(c => c.status === 'reported')!
    await new DemoCaseLoop(dataset, DEMO_USERS.townshipCommander).transitionCase(reported.id, 'register', { expectedVersion: reported.version })
    await vi.advanceTimersByTimeAsync(6 * HOUR / 60)
    expect(errors.map(e => e.message)).toEqual([])
    expect(data.cases.find(c => c.id === reported.id)!.status).not.toBe('registered')
    feed.stop()
    expect(vi.getTimerCount()).toBe(0)
    const count = data.cases.length
    await vi.advanceTimersByTimeAsync(24 * HOUR)
    expect(data.cases.length).toBe(count)
  })

  it('refuses a speed that is not a positive number', () => {
    const { dataset } = setup()
    expect(() => startDemoFeed(dataset, { speed: 0 })).toThrow(/speed must be a positive number/)
  })
})
