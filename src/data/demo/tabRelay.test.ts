// Two "tabs" in one process: Node's BroadcastChannel delivers between instances of one name, as
// tabs of one origin do, and never to the sender.
import type { LiveChange } from '../LiveSource'
import type { DemoCaseLoopDataset } from './demoUsers'
import type { DemoDataset } from '~/demo'
import type { NewCaseInput } from '~/domain/caseLoop'
import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_USERS, generateDemoTownship } from '~/demo'
import { applyDemoCaseWrite, DemoCaseLoop } from './DemoCaseLoop'
import { DemoDataSource } from './DemoDataSource'
import { withDemoUnitHandlers } from './demoUsers'
import { DemoLiveSource } from './liveFeed'
import { relayDemoCaseWrites } from './tabRelay'

const ANCHOR = Date.parse('2026-12-02T00:00:00+08:00')
const BASE: DemoDataset = generateDemoTownship({ anchor: ANCHOR })
const LATER: DemoDataset = generateDemoTownship({ anchor: ANCHOR + 600_000 })
const stops: Array<() => void> = []

afterEach(() => {
  stops.splice(0).forEach(stop => stop())
})

function tab(base: DemoDataset = BASE): { data: DemoCaseLoopDataset, dataset: Promise<DemoCaseLoopDataset>, commander: DemoCaseLoop } {
  const data = withDemoUnitHandlers(structuredClone(base))
  stops.push(relayDemoCaseWrites(data))
  const dataset = Promise.resolve(data)
  return { data, dataset, commander: new DemoCaseLoop(dataset, DEMO_USERS.townshipCommander) }
}

async function delivered(): Promise<void> {
  // BroadcastChannel delivers on a later turn of the event loop.
  await new Promise(r => setTimeout(r, 50))
}

function newCase(data: DemoDataset): NewCaseInput {
  const grid = data.grids.find(g => g.level === 3)!
  return { categoryCode: '0301', title: '路边垃圾堆积', description: '网格员巡查发现路边垃圾堆积。', source: 'patrol', urgent: false, location: grid.labelPoint, address: null, reporterName: null, reporterPhone: null, photoIds: [] }
}

describe('relayDemoCaseWrites', () => {
  it('a case reported in one tab appears in the other\'s reads, its live feed, and its case loop', async () => {
    const a = tab()
    const b = tab()
    const heard: LiveChange[] = []
    const township = b.data.grids.find(g => g.level === 1)!
    new DemoLiveSource(b.dataset, DEMO_USERS.wallViewer).subscribe(township.code, { change: c => heard.push(c) })
    await b.dataset
    const created = await a.commander.createCase(newCase(a.data))
    await delivered()
    expect(heard).toEqual([{ entity: 'case', id: created.id, gridId: created.gridId, status: 'reported', version: 1 }])
    expect((await new DemoDataSource(b.dataset, DEMO_USERS.wallViewer).listCases()).cases.some(c => c.id === created.id)).toBe(true)
    // The other tab can move it on, and the first hears back.
    const registered = await b.commander.transitionCase(created.id, 'register', { expectedVersion: 1 })
    await delivered()
    expect(a.data.cases.find(c => c.id === created.id)).toEqual(registered)
    expect((await a.commander.listCaseEvents(created.id)).map(e => e.action)).toEqual(['register'])
    // Codes go on after the other tab's: the next report in b does not reuse a's number.
    const next = await b.commander.createCase(newCase(b.data))
    expect(next.code).not.toBe(created.code)
  })

  it('a move of a generated case crosses only to tabs that generated the same township', async () => {
    const a = tab()
    const same = tab()
    const other = tab(LATER)
    const target = a.data.cases.find(c => c.status === 'reported' && other.data.cases.some(o => o.id === c.id))!
    const untouched = other.data.cases.find(c => c.id === target.id)!
    await a.commander.transitionCase(target.id, 'register', { expectedVersion: target.version })
    await delivered()
    expect(same.data.cases.find(c => c.id === target.id)!.status).toBe('registered')
    expect(other.data.cases.find(c => c.id === target.id)).toEqual(untouched)
  })

  it('a case reported during the session crosses to every tab, whatever township it generated', async () => {
    const a = tab()
    const other = tab(LATER)
    const created = await a.commander.createCase(newCase(a.data))
    await delivered()
    expect(other.data.cases.some(c => c.id === created.id)).toBe(true)
    await a.commander.transitionCase(created.id, 'register', { expectedVersion: 1 })
    await delivered()
    expect(other.data.cases.find(c => c.id === created.id)!.status).toBe('registered')
  })

  it('applies each write once: no echo between tabs, and an older version changes nothing', async () => {
    const a = tab()
    const b = tab()
    const c = tab()
    const heard: LiveChange[] = []
    new DemoLiveSource(c.dataset, DEMO_USERS.wallViewer).subscribe(c.data.grids[0]!.code, { change: x => heard.push(x) })
    await c.dataset
    const created = await a.commander.createCase(newCase(a.data))
    await delivered()
    await delivered()
    expect(heard).toHaveLength(1)
    expect(b.data.cases.filter(x => x.id === created.id)).toHaveLength(1)
    const registered = await a.commander.transitionCase(created.id, 'register', { expectedVersion: 1 })
    await delivered()
    expect(applyDemoCaseWrite(b.data, created, null)).toBe(false)
    expect(b.data.cases.find(x => x.id === created.id)).toEqual(registered)
    expect(heard.map(x => x.version)).toEqual([1, 2])
  })
})
