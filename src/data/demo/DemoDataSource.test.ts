import type { DemoDataset } from '~/demo'
import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { DEMO_USERS, generateDemoTownship } from '~/demo'
import { CASE_LIST_CAP } from '../DataSource'
import { DemoDataSource } from './DemoDataSource'
import { DEMO_UNIT_HANDLER, DEMO_UNIT_HANDLER_UNITS, demoStaffIdsOf, withDemoUnitHandlers } from './demoUsers'

const ANCHOR = Date.parse('2026-11-21T00:00:00+08:00')
const NOW = ANCHOR + 3_600_000
// Generated once, never mutated: each test clones what it changes.
const BASE: DemoDataset = withDemoUnitHandlers(generateDemoTownship({ anchor: ANCHOR }))

function source(viewer: string, data: DemoDataset = BASE) {
  return new DemoDataSource(Promise.resolve(data), viewer, () => NOW)
}

const ids = (cases: CaseRecord[]) => cases.map(c => c.id).sort()

describe('demoDataSource.listCases: a capped page, as the database answers', () => {
  it('all matches when they fit, oldest report first, with the total', async () => {
    const page = await source(DEMO_USERS.countyAdmin).listCases()
    expect(page.truncated).toBe(false)
    expect(page.total).toBe(BASE.cases.length)
    expect(page.cases.map(c => c.reportedAt)).toEqual(BASE.cases.map(c => c.reportedAt).sort((a, b) => a - b))
  })

  it('at most CASE_LIST_CAP cases, the first by report time, saying how many matched', async () => {
    const data = structuredClone(BASE)
    const extra = CASE_LIST_CAP + 1 - data.cases.length
    const template = data.cases[0]!
    for (let i = 0; i < extra; i++)
      data.cases.push({ ...template, id: `copy-${i}`, code: `QS-2027-${String(i).padStart(6, '0')}`, reportedAt: NOW + i })
    const page = await source(DEMO_USERS.countyAdmin, data).listCases()
    expect(page.total).toBe(CASE_LIST_CAP + 1)
    expect(page.truncated).toBe(true)
    expect(page.cases).toHaveLength(CASE_LIST_CAP)
    // The newest copy is the one left out.
    expect(page.cases.some(c => c.id === `copy-${extra - 1}`)).toBe(false)
  })
})

describe('demoDataSource.listCases: ledger filters', () => {
  it('sources, supervised and overdue filter exactly the matching visible cases', async () => {
    const ds = source(DEMO_USERS.townshipCommander)
    const all = (await ds.listCases()).cases
    expect(all.length).toBe(BASE.cases.length)
    const byPhone = (await ds.listCases({ sources: ['phone', 'letter'] })).cases
    expect(ids(byPhone)).toEqual(ids(all.filter(c => c.source === 'phone' || c.source === 'letter')))
    expect(byPhone.length).toBeGreaterThan(0)
    const supervised = (await ds.listCases({ supervised: true })).cases
    const unsupervised = (await ds.listCases({ supervised: false })).cases
    expect(supervised.every(c => c.supervised)).toBe(true)
    expect(supervised.length + unsupervised.length).toBe(all.length)
    const overdue = (await ds.listCases({ overdue: true })).cases
    expect(overdue.length).toBeGreaterThan(0)
    expect(overdue.every(c => c.status !== 'closed' && c.status !== 'cancelled' && c.dueAt < NOW)).toBe(true)
    expect(ids(overdue)).toEqual(ids(all.filter(c => !['closed', 'cancelled'].includes(c.status) && NOW > c.dueAt)))
    expect(((await ds.listCases({ overdue: false })).cases).length).toBe(all.length - overdue.length)
  })

  it('overdue is measured at the source\'s clock', async () => {
    const open = BASE.cases.find(c => c.status === 'in_progress' && c.dueAt > NOW)!
    const before = new DemoDataSource(Promise.resolve(BASE), DEMO_USERS.townshipCommander, () => open.dueAt)
    const after = new DemoDataSource(Promise.resolve(BASE), DEMO_USERS.townshipCommander, () => open.dueAt + 1)
    expect(((await before.listCases({ overdue: true })).cases).some(c => c.id === open.id)).toBe(false)
    expect(((await after.listCases({ overdue: true })).cases).some(c => c.id === open.id)).toBe(true)
  })

  it('a case closed after the source\'s now was still open then: overdue, as the KPIs and the Supabase layer count it', async () => {
    const data = structuredClone(BASE)
    const i = data.cases.findIndex(c => c.status === 'closed' && c.dueAt < NOW)
    data.cases[i] = { ...data.cases[i]!, closedAt: NOW + 60_000 }
    const ds = source(DEMO_USERS.countyAdmin, data)
    expect((await ds.listCases({ overdue: true })).cases.some(c => c.id === data.cases[i]!.id)).toBe(true)
    const later = new DemoDataSource(Promise.resolve(data), DEMO_USERS.countyAdmin, () => NOW + 60_000)
    expect((await later.listCases({ overdue: true })).cases.some(c => c.id === data.cases[i]!.id)).toBe(false)
  })

  it('search is a case-insensitive substring over code, title, description and address', async () => {
    const data = structuredClone(BASE)
    const target = data.cases[10]!
    data.cases[10] = { ...target, address: 'Riverside Lane 7' }
    const ds = source(DEMO_USERS.countyAdmin, data)
    expect(ids((await ds.listCases({ search: target.code.toLowerCase() })).cases)).toEqual([target.id])
    expect(((await ds.listCases({ search: '  riverside LANE ' })).cases).map(c => c.id)).toEqual([target.id])
    const word = target.title.slice(0, 4)
    const hits = (await ds.listCases({ search: word })).cases
    expect(hits.map(c => c.id)).toContain(target.id)
    expect(hits.every(c => `${c.code}${c.title}${c.description}${c.address ?? ''}`.includes(word))).toBe(true)
    const inDescription = target.description.slice(-6)
    expect(((await ds.listCases({ search: inDescription })).cases).map(c => c.id)).toContain(target.id)
    expect((await ds.listCases({ search: '不存在的关键词xyz' })).cases).toEqual([])
    expect(((await ds.listCases({ search: '   ' })).cases).length).toBe(data.cases.length)
  })

  it('mine: cases assigned to the viewer (or their staff record) or led or co-handled by a unit they act for', async () => {
    const data = structuredClone(BASE)
    const coHandled = data.cases.findIndex(c => c.leadUnitId === 'traffic')
    data.cases[coHandled] = { ...data.cases[coHandled]!, coHandlers: [{ unitId: 'police', reportedAt: null, outcome: null }] }
    const unit = (await source(DEMO_UNIT_HANDLER, data).listCases({ mine: true })).cases
    const units = new Set<string>(DEMO_UNIT_HANDLER_UNITS)
    expect(ids(unit)).toEqual(ids(data.cases.filter(c => units.has(c.leadUnitId ?? '') || (c.coHandlers ?? []).some(h => units.has(h.unitId)))))
    expect(unit.map(c => c.id)).toContain(data.cases[coHandled]!.id)

    // The commander is the township's commander staff record, which generated township-level cases are assigned to.
    const staffId = demoStaffIdsOf(data, DEMO_USERS.townshipCommander)[0]!
    const commander = (await source(DEMO_USERS.townshipCommander, data).listCases({ mine: true })).cases
    expect(commander.length).toBeGreaterThan(0)
    expect(ids(commander)).toEqual(ids(data.cases.filter(c => c.assigneeId === staffId)))
    // A wall screen handles nothing.
    expect((await source(DEMO_USERS.wallViewer, data).listCases({ mine: true })).cases).toEqual([])
    // mine: false is the complement, as list_cases answers it: every case for the wall screen, the others for the commander.
    expect((await source(DEMO_USERS.wallViewer, data).listCases({ mine: false })).cases.length).toBe(data.cases.length)
    const notMine = (await source(DEMO_USERS.townshipCommander, data).listCases({ mine: false })).cases
    expect(notMine.length + commander.length).toBe(data.cases.length)
    expect(notMine.some(c => c.assigneeId === staffId)).toBe(false)
  })

  it('combines the new fields with the old ones and with visibility', async () => {
    const ds = source(DEMO_USERS.villageChief)
    const visible = (await ds.listCases()).cases
    expect(visible.length).toBeLessThan(BASE.cases.length)
    const combined = (await ds.listCases({ statuses: ['closed'], sources: ['patrol'], supervised: false, overdue: false })).cases
    expect(ids(combined)).toEqual(ids(visible.filter(c => c.status === 'closed' && c.source === 'patrol' && !c.supervised)))
  })
})

describe('demoDataSource: subtrees and KPIs', () => {
  const township = BASE.grids.find(g => g.level === 1)!

  it('a subtree whose root the viewer cannot see yields the visible part, as under RLS', async () => {
    const chief = source(DEMO_USERS.villageChief)
    const own = await chief.listGrids()
    expect(own.some(g => g.id === township.id)).toBe(false)
    expect(ids((await chief.listCases({ subtreeOf: township.id })).cases)).toEqual(ids((await chief.listCases()).cases))
    expect((await chief.listGrids({ subtreeOf: township.id })).map(g => g.id).sort()).toEqual(own.map(g => g.id).sort())
    await expect(chief.gridKpis(township.id, { from: 0, to: NOW })).rejects.toThrow(/not visible/)
  })

  it('counts cases due in the period whenever they were reported, and children add up to the parent', async () => {
    const ds = source(DEMO_USERS.townshipCommander)
    const period = { from: NOW - 30 * 86_400_000, to: NOW }
    const report = await ds.gridKpis(township.id, period)
    const dueInPeriod = BASE.cases.filter(c => c.status !== 'cancelled' && c.dueAt >= period.from && c.dueAt < period.to && (c.dueAt < NOW || c.status === 'closed'))
    expect(report.grid.kpis).toMatchObject({ dueToClose: dueInPeriod.length })
    expect(dueInPeriod.some(c => c.reportedAt < period.from)).toBe(true)
    for (const key of ['total', 'open', 'overdue', 'closed'] as const)
      expect(report.children.reduce((n, r) => n + r.kpis[key], 0)).toBe(report.grid.kpis[key])
  })
})
