import type { DemoDataset } from '~/demo'
import type { NewCaseInput } from '~/domain/caseLoop'
import type { CaseRecord, Grid, LngLat } from '~/domain/types'
import { booleanPointInPolygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { DEMO_USERS, generateDemoTownship } from '~/demo'
import { CN_TOWNSHIP_CALENDAR, defaultDueAt, MAX_DEADLINE_DAYS, PHOTO_UPLOAD_RULES, PHOTO_UPLOADS_PER_DAY } from '~/domain/caseLoop'
import { DataError } from '../DataSource'
import { DemoCaseLoop, REMIND_INTERVAL_MS } from './DemoCaseLoop'
import { DemoDataSource } from './DemoDataSource'
import { DEMO_UNIT_HANDLER, DEMO_UNIT_HANDLER_UNITS, demoStaffIdsOf, withDemoUnitHandlers } from './demoUsers'

const ANCHOR = Date.parse('2026-11-21T00:00:00+08:00')
// Saturday 2026-11-21 10:00 China time: deadlines start counting on Monday.
const NOW = ANCHOR + 10 * 3_600_000
// Generated once and never touched: every test clones it, so no test sees another's writes.
const BASE: DemoDataset = generateDemoTownship({ anchor: ANCHOR })

function setup(clock: () => number = () => NOW) {
  const data = withDemoUnitHandlers(structuredClone(BASE))
  const dataset = Promise.resolve(data)
  let n = 0
  const loop = (viewer: string) => new DemoCaseLoop(dataset, viewer, { clock, newId: () => `new-case-${++n}` })
  const reads = (viewer: string) => new DemoDataSource(dataset, viewer, clock)
  const grid = (userId: string): Grid => data.grids.find(g => g.id === data.memberships.find(m => m.userId === userId)!.gridId)!
  return { data, loop, reads, grid }
}

/** A finest grid below `root` and a point inside it. */
function pointIn(data: DemoDataset, root: Grid): { grid: Grid, point: LngLat } {
  let g = root
  for (;;) {
    const child = data.grids.find(c => c.parentId === g.id)
    if (!child)
      return { grid: g, point: g.labelPoint }
    g = child
  }
}

function inSubtree(data: DemoDataset, gridId: string, rootId: string): boolean {
  for (let g = data.grids.find(x => x.id === gridId); g; g = data.grids.find(x => x.id === g!.parentId)) {
    if (g.id === rootId)
      return true
  }
  return false
}

function intake(location: LngLat, extra: Partial<NewCaseInput> = {}): NewCaseInput {
  return {
    categoryCode: '0102',
    title: '夫妻因赡养老人问题发生争吵',
    description: '网格员走访发现，双方情绪激动，需司法所介入调解。',
    source: 'patrol',
    urgent: false,
    location,
    address: '三组村道口',
    reporterName: '王女士',
    reporterPhone: '13812345678',
    photoIds: [],
    ...extra,
  }
}

async function refusal(p: Promise<unknown>): Promise<DataError> {
  try {
    await p
  }
  catch (e) {
    expect(e).toBeInstanceOf(DataError)
    return e as DataError
  }
  throw new Error('expected a refusal')
}

describe('withDemoUnitHandlers', () => {
  it('adds the unit handler as a grid worker on the township acting for the listed units, once', () => {
    const data = structuredClone(BASE)
    withDemoUnitHandlers(data)
    const twice = withDemoUnitHandlers(data)
    const township = data.grids.find(g => g.level === 1)!
    expect(data.memberships.filter(m => m.userId === DEMO_UNIT_HANDLER)).toEqual([{ userId: DEMO_UNIT_HANDLER, gridId: township.id, role: 'grid_worker' }])
    expect(twice.unitMemberships.map(u => u.unitId)).toEqual([...DEMO_UNIT_HANDLER_UNITS])
  })
})

describe('demoCaseLoop: the whole loop', () => {
  it('register → dispatch to a unit → the unit accepts and reports back → the centre verifies and closes', async () => {
    const { data, loop, reads, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const commander = loop(DEMO_USERS.townshipCommander)
    const unit = loop(DEMO_UNIT_HANDLER)
    const { grid: finest, point } = pointIn(data, grid(DEMO_USERS.gridWorker))

    const created = await worker.createCase(intake(point))
    expect(created).toMatchObject({ status: 'reported', gridId: finest.id, escalationLevel: 0, leadUnitId: null, assigneeId: null, version: 1, reportedAt: NOW, address: '三组村道口' })
    expect(created.dueAt).toBe(defaultDueAt('0102', NOW, CN_TOWNSHIP_CALENDAR))
    // The write is visible to the read side of every viewer over the same dataset.
    expect(((await reads(DEMO_USERS.townshipCommander).listCases({ search: created.code })).cases).map(c => c.id)).toEqual([created.id])

    const registered = await commander.transitionCase(created.id, 'register', { expectedVersion: 1 })
    expect(registered).toMatchObject({ status: 'registered', registeredAt: NOW, version: 2 })
    const dispatched = await commander.transitionCase(created.id, 'dispatch', { leadUnitId: 'justice', expectedVersion: 2 })
    expect(dispatched).toMatchObject({ status: 'dispatched', leadUnitId: 'justice', dispatchedAt: NOW })
    // Members of the lead unit handle it, so they may call the reporter back.
    expect(await unit.getCaseContact(created.id)).toEqual({ name: '王女士', phone: '13812345678' })

    const accepted = await unit.transitionCase(created.id, 'accept', { expectedVersion: 3 })
    expect(accepted).toMatchObject({ status: 'in_progress', assigneeId: DEMO_UNIT_HANDLER })
    expect(((await reads(DEMO_UNIT_HANDLER).listCases({ mine: true })).cases).map(c => c.id)).toContain(created.id)
    expect(await unit.getCaseContact(created.id)).toEqual({ name: '王女士', phone: '13812345678' })

    const reported = await unit.transitionCase(created.id, 'report_back', { resultText: '经调解双方达成协议。', outcome: 'mediated', expectedVersion: 4 })
    expect(reported).toMatchObject({ status: 'reported_back', outcome: 'mediated', reportedBackAt: NOW })
    const closed = await commander.transitionCase(created.id, 'verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied', note: null }, expectedVersion: 5 })
    expect(closed).toMatchObject({ status: 'closed', closedAt: NOW, version: 6 })

    const events = await commander.listCaseEvents(created.id)
    expect(events.map(e => [e.action, e.from, e.to, e.version])).toEqual([
      ['register', 'reported', 'registered', 2],
      ['dispatch', 'registered', 'dispatched', 3],
      ['accept', 'dispatched', 'in_progress', 4],
      ['report_back', 'in_progress', 'reported_back', 5],
      ['verify_close', 'reported_back', 'closed', 6],
    ])
    expect(events[2]).toMatchObject({ actorId: DEMO_UNIT_HANDLER, actorRole: 'grid_worker' })
    expect(await commander.getCase(created.id)).toEqual(closed)
  })

  it('escalates a village case to the township, which sends it back down', async () => {
    const { data, loop, grid } = setup()
    const chief = loop(DEMO_USERS.villageChief)
    const commander = loop(DEMO_USERS.townshipCommander)
    const created = await chief.createCase(intake(pointIn(data, grid(DEMO_USERS.villageChief)).point))
    await chief.transitionCase(created.id, 'register', { expectedVersion: 1 })
    const up = await chief.transitionCase(created.id, 'escalate', { reason: '涉及多个村，需镇里协调', expectedVersion: 2 })
    expect(up).toMatchObject({ status: 'escalated', escalationLevel: 1 })
    // Once it is at the township, the village chief is no longer its centre.
    expect((await refusal(chief.transitionCase(created.id, 'send_back_down', { reason: 'x', expectedVersion: 3 }))).kind).toBe('forbidden')
    const down = await commander.transitionCase(created.id, 'send_back_down', { reason: '属村内事务，请村里调处', expectedVersion: 3 })
    expect(down).toMatchObject({ status: 'registered', escalationLevel: 0, leadUnitId: null })
    expect((await chief.listCaseEvents(created.id)).map(e => e.action)).toEqual(['register', 'escalate', 'send_back_down'])
  })

  it('replaces the record instead of mutating it', async () => {
    const { data, loop, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const created = await worker.createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point))
    const snapshot = structuredClone(created)
    const next = await loop(DEMO_USERS.townshipCommander).transitionCase(created.id, 'register', { expectedVersion: 1 })
    expect(created).toEqual(snapshot)
    expect(next).not.toBe(created)
    expect(data.cases.find(c => c.id === created.id)).toBe(next)
  })

  it('registration counts the deadline from registration, for the category it is registered under', async () => {
    let now = NOW
    const { data, loop, grid } = setup(() => now)
    const created = await loop(DEMO_USERS.gridWorker).createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point))
    now += 3 * 86_400_000
    const registered = await loop(DEMO_USERS.townshipCommander).transitionCase(created.id, 'register', { categoryCode: '0501', expectedVersion: 1 })
    expect(registered).toMatchObject({ categoryCode: '0501', dueAt: defaultDueAt('0501', now, CN_TOWNSHIP_CALENDAR) })
    const explicit = await loop(DEMO_USERS.gridWorker).createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point))
    const given = await loop(DEMO_USERS.townshipCommander).transitionCase(explicit.id, 'register', { dueAt: now + 3_600_000, expectedVersion: 1 })
    expect(given.dueAt).toBe(now + 3_600_000)
  })

  it('an urgent report starts at the township centre', async () => {
    const { data, loop, grid } = setup()
    const created = await loop(DEMO_USERS.gridWorker).createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point, { urgent: true, categoryCode: '0801' }))
    expect(created.escalationLevel).toBe(1)
    expect((await refusal(loop(DEMO_USERS.villageChief).transitionCase(created.id, 'register', { expectedVersion: 1 }))).kind).toBe('forbidden')
  })
})

describe('demoCaseLoop: refusals', () => {
  it('a stale version is a conflict, naming both versions', async () => {
    const { data, loop, grid } = setup()
    const created = await loop(DEMO_USERS.gridWorker).createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point))
    const commander = loop(DEMO_USERS.townshipCommander)
    await commander.transitionCase(created.id, 'register', { expectedVersion: 1 })
    const e = await refusal(loop(DEMO_USERS.villageChief).transitionCase(created.id, 'cancel', { kind: 'invalid', reason: '重复', expectedVersion: 1 }))
    expect(e.kind).toBe('conflict')
    expect(e.message).toMatch(/version 1.*version 2/)
    expect((await commander.getCase(created.id))!.status).toBe('registered')
  })

  it('illegal moves and bad input are invalid, naming the field; missing rights are forbidden', async () => {
    const { data, loop, grid } = setup()
    const created = await loop(DEMO_USERS.gridWorker).createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point))
    const commander = loop(DEMO_USERS.townshipCommander)
    const illegal = await refusal(commander.transitionCase(created.id, 'verify_close', { callBack: { method: 'phone', satisfaction: 'satisfied', note: null }, expectedVersion: 1 }))
    expect(illegal).toMatchObject({ kind: 'invalid', detail: { code: 'illegal_transition' } })
    const forbidden = await refusal(loop(DEMO_USERS.gridWorker).transitionCase(created.id, 'register', { expectedVersion: 1 }))
    expect(forbidden).toMatchObject({ kind: 'forbidden', detail: { code: 'not_permitted' } })
    await commander.transitionCase(created.id, 'register', { expectedVersion: 1 })
    const missing = await refusal(commander.transitionCase(created.id, 'dispatch', { expectedVersion: 2 } as never))
    expect(missing).toMatchObject({ kind: 'invalid', detail: { code: 'missing_input', field: 'leadUnitId' } })
    const unknownUnit = await refusal(commander.transitionCase(created.id, 'dispatch', { leadUnitId: 'ministry', expectedVersion: 2 }))
    expect(unknownUnit).toMatchObject({ kind: 'invalid', detail: { field: 'leadUnitId' } })
    expect(unknownUnit.message).toContain('"ministry" is not a known handling unit')
    const unknownPerson = await refusal(commander.transitionCase(created.id, 'dispatch', { leadUnitId: 'police', assigneeId: 'nobody', expectedVersion: 2 }))
    expect(unknownPerson).toMatchObject({ kind: 'invalid', detail: { field: 'assigneeId' } })
    const selfDuplicate = await refusal(commander.transitionCase(created.id, 'cancel', { kind: 'duplicate', reason: '重复上报', duplicateOfId: created.id, expectedVersion: 2 }))
    expect(selfDuplicate).toMatchObject({ kind: 'invalid', detail: { field: 'duplicateOfId' } })
    const unknownOriginal = await refusal(commander.transitionCase(created.id, 'cancel', { kind: 'duplicate', reason: '重复上报', duplicateOfId: 'no-such-case', expectedVersion: 2 }))
    expect(unknownOriginal).toMatchObject({ kind: 'invalid', detail: { field: 'duplicateOfId' } })
    // None of the refused moves changed the case or its log.
    expect((await commander.getCase(created.id))!.version).toBe(2)
    expect(await commander.listCaseEvents(created.id)).toHaveLength(1)
  })

  it('an unknown or invisible case is not found', async () => {
    const { data, loop, grid } = setup()
    const other = data.cases.find(c => !inSubtree(data, c.gridId, grid(DEMO_USERS.gridWorker).id))!
    const worker = loop(DEMO_USERS.gridWorker)
    expect(await worker.getCase(other.id)).toBeNull()
    expect((await refusal(worker.transitionCase(other.id, 'remind', { expectedVersion: other.version }))).kind).toBe('not_found')
    expect((await refusal(worker.listCaseEvents('no-such-case'))).kind).toBe('not_found')
  })

  it('intake refuses unknown categories, points outside the viewer\'s grids (one answer, whether a grid lies there or not), and viewers who cannot report', async () => {
    const { data, loop, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const inside = pointIn(data, grid(DEMO_USERS.gridWorker)).point
    const unknown = await refusal(worker.createCase(intake(inside, { categoryCode: '0999' })))
    expect(unknown).toMatchObject({ kind: 'invalid', detail: { code: 'invalid_input', field: 'categoryCode', reason: 'unknown_category' } })
    const outside = await refusal(worker.createCase(intake([100, 20])))
    expect(outside).toMatchObject({ kind: 'invalid', detail: { field: 'location', reason: 'outside_territory' } })
    expect(outside.message).toBe('Cannot report a case at [100, 20]: the point is outside the grids you cover; a case must lie inside one of them')
    const elsewhere = data.grids.find(g => g.level === 2 && g.id !== grid(DEMO_USERS.villageChief).id)!
    const p = pointIn(data, elsewhere).point
    const notMine = await refusal(worker.createCase(intake(p)))
    // A grid the worker cannot see lies there, and the answer does not say so.
    expect({ kind: notMine.kind, detail: notMine.detail }).toEqual({ kind: outside.kind, detail: outside.detail })
    expect(notMine.message).toBe(`Cannot report a case at [${p[0]}, ${p[1]}]: the point is outside the grids you cover; a case must lie inside one of them`)
    const wall = await refusal(loop(DEMO_USERS.wallViewer).createCase(intake(inside)))
    expect(wall.kind).toBe('forbidden')
    const html = await worker.createCase(intake(inside, { title: '<img src=x onerror=alert(1)>' }))
    expect(html.title).toBe('<img src=x onerror=alert(1)>')
    expect(data.cases.length).toBe(BASE.cases.length + 1)
  })
})

describe('demoCaseLoop: intake details', () => {
  it('continues the generator\'s code sequence within the year and starts a new one in a new year', async () => {
    let now = NOW
    const { data, loop, grid } = setup(() => now)
    const worker = loop(DEMO_USERS.gridWorker)
    const point = pointIn(data, grid(DEMO_USERS.gridWorker)).point
    const last = Math.max(...BASE.cases.filter(c => c.code.startsWith('QS-2026-')).map(c => Number(c.code.slice(8))))
    expect((await worker.createCase(intake(point))).code).toBe(`QS-2026-${String(last + 1).padStart(6, '0')}`)
    expect((await loop(DEMO_USERS.villageChief).createCase(intake(point))).code).toBe(`QS-2026-${String(last + 2).padStart(6, '0')}`)
    now = Date.parse('2027-01-04T09:00:00+08:00')
    expect((await worker.createCase(intake(point))).code).toBe('QS-2027-000001')
  })

  it('locates the deepest visible grid containing a point', async () => {
    const { data, loop, grid } = setup()
    const commander = loop(DEMO_USERS.townshipCommander)
    for (const g of data.grids.filter((_, i) => i % 7 === 0)) {
      const found = await commander.locateGrid(g.labelPoint)
      expect(found).not.toBeNull()
      expect(booleanPointInPolygon(g.labelPoint, found!.boundary)).toBe(true)
      // Nothing deeper contains it.
      expect(data.grids.some(c => c.parentId === found!.id && booleanPointInPolygon(g.labelPoint, c.boundary))).toBe(false)
    }
    expect(await commander.locateGrid([100, 20])).toBeNull()
    const elsewhere = data.grids.find(g => g.level === 2 && g.id !== grid(DEMO_USERS.villageChief).id)!
    expect(await loop(DEMO_USERS.villageChief).locateGrid(pointIn(data, elsewhere).point)).toBeNull()
  })

  it('serves the generated reporter contacts by role: a case\'s handlers see them, the others and the wall do not', async () => {
    const { data, loop } = setup()
    const withContact = data.cases.filter(c => data.caseContacts.some(x => x.caseId === c.id))
    const seen = async (viewer: string): Promise<string[]> => {
      const l = loop(viewer)
      const out: string[] = []
      for (const c of withContact) {
        if (await l.getCaseContact(c.id))
          out.push(c.id)
      }
      return out
    }
    const ids = (cases: CaseRecord[]) => cases.map(c => c.id)
    expect(withContact.length).toBeGreaterThan(100)
    expect(await seen(DEMO_USERS.countyAdmin)).toEqual(ids(withContact))
    // The township centre handles what has not gone up to the county.
    expect(await seen(DEMO_USERS.townshipCommander)).toEqual(ids(withContact.filter(c => c.escalationLevel <= 1)))
    // A grid worker sees only the cases assigned to them.
    const mine = demoStaffIdsOf(data, DEMO_USERS.gridWorker)
    const workerSees = await seen(DEMO_USERS.gridWorker)
    expect(workerSees).toEqual(ids(withContact.filter(c => c.assigneeId !== null && mine.includes(c.assigneeId))))
    expect(workerSees.length).toBeLessThan(withContact.length / 4)
    // The unit handler sees the cases dispatched to their units.
    const units: readonly string[] = DEMO_UNIT_HANDLER_UNITS
    const unitSees = await seen(DEMO_UNIT_HANDLER)
    for (const c of withContact.filter(c => (c.leadUnitId !== null && units.includes(c.leadUnitId)) || (c.coHandlers ?? []).some(h => units.includes(h.unitId))))
      expect(unitSees).toContain(c.id)
    expect(unitSees.length).toBeLessThan(withContact.length)
    expect(await seen(DEMO_USERS.wallViewer)).toEqual([])
  })

  it('returns the reporter contact only to the case\'s handlers', async () => {
    const { data, loop, grid } = setup()
    const created = await loop(DEMO_USERS.gridWorker).createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point))
    const contact = { name: '王女士', phone: '13812345678' }
    expect(await loop(DEMO_USERS.villageChief).getCaseContact(created.id)).toEqual(contact)
    expect(await loop(DEMO_USERS.townshipCommander).getCaseContact(created.id)).toEqual(contact)
    expect(await loop(DEMO_USERS.countyAdmin).getCaseContact(created.id)).toEqual(contact)
    expect(await loop(DEMO_USERS.gridWorker).getCaseContact(created.id)).toBeNull()
    expect(await loop(DEMO_USERS.wallViewer).getCaseContact(created.id)).toBeNull()
    // Not dispatched yet: no unit handles it.
    expect(await loop(DEMO_UNIT_HANDLER).getCaseContact(created.id)).toBeNull()
    // The record itself never carries the contact.
    expect(JSON.stringify(created)).not.toContain('13812345678')
    // Dispatched to a unit the handler does not act for: still not theirs.
    const commander = loop(DEMO_USERS.townshipCommander)
    await commander.transitionCase(created.id, 'register', { expectedVersion: 1 })
    await commander.transitionCase(created.id, 'dispatch', { leadUnitId: 'traffic', expectedVersion: 2 })
    expect(await loop(DEMO_UNIT_HANDLER).getCaseContact(created.id)).toBeNull()
    // Escalated to the township: the village chief no longer owns it.
    await commander.transitionCase(created.id, 'escalate', { reason: '需镇级协调', expectedVersion: 3 })
    expect(await loop(DEMO_USERS.villageChief).getCaseContact(created.id)).toBeNull()
    expect(await commander.getCaseContact(created.id)).toEqual(contact)
    const anonymous = await loop(DEMO_USERS.gridWorker).createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point, { reporterName: null, reporterPhone: null }))
    expect(await loop(DEMO_USERS.townshipCommander).getCaseContact(anonymous.id)).toBeNull()
  })
})

describe('demoCaseLoop: actors', () => {
  it('gives each viewer their memberships, the units they act for, and the staff record they are', async () => {
    const { data, loop } = setup()
    const unitActor = await loop(DEMO_UNIT_HANDLER).actor()
    expect(unitActor).toMatchObject({ userId: DEMO_UNIT_HANDLER, memberships: [{ role: 'grid_worker' }], unitIds: [...DEMO_UNIT_HANDLER_UNITS] })
    const workerActor = await loop(DEMO_USERS.gridWorker).actor()
    const staffId = demoStaffIdsOf(data, DEMO_USERS.gridWorker)[0]!
    expect(data.staff.find(s => s.id === staffId)).toMatchObject({ role: 'worker', gridId: data.memberships.find(m => m.userId === DEMO_USERS.gridWorker)!.gridId })
    expect(workerActor).toMatchObject({ userId: staffId, unitIds: [] })
    expect((await loop(DEMO_USERS.wallViewer).actor()).userId).toBe(DEMO_USERS.wallViewer)
  })
})

describe('demoCaseLoop: seeded history of generated cases', () => {
  it('every generated case has a consistent timeline ending at its status and version', async () => {
    const { data, loop } = setup()
    const commander = loop(DEMO_USERS.countyAdmin)
    let withEvents = 0
    for (const c of data.cases) {
      const events = await commander.listCaseEvents(c.id)
      if (c.status === 'reported' && !c.supervised) {
        expect(events).toEqual([])
        continue
      }
      withEvents++
      expect(events[0]!.from, c.code).toBe('reported')
      for (let i = 1; i < events.length; i++) {
        expect(events[i]!.from, c.code).toBe(events[i - 1]!.to)
        expect(events[i]!.at, c.code).toBeGreaterThanOrEqual(events[i - 1]!.at)
        expect(events[i]!.version, c.code).toBeGreaterThan(events[i - 1]!.version)
      }
      expect(events.at(-1)!.to, c.code).toBe(c.status)
      expect(events.at(-1)!.version, c.code).toBe(c.version)
      expect(events[0]!.at, c.code).toBeGreaterThanOrEqual(c.reportedAt)
      if (c.status === 'closed')
        expect(events.at(-1)).toMatchObject({ action: 'verify_close', at: c.closedAt })
    }
    expect(withEvents).toBeGreaterThan(data.cases.length * 0.9)
  })

  it('a transition on a generated case continues its seeded log', async () => {
    const { data, loop } = setup()
    const commander = loop(DEMO_USERS.townshipCommander)
    const open = data.cases.find((c): c is CaseRecord => c.status === 'in_progress' && !c.supervised)!
    const before = (await commander.listCaseEvents(open.id)).length
    const next = await commander.transitionCase(open.id, 'supervise', { reason: '群众反映强烈', expectedVersion: open.version })
    const events = await commander.listCaseEvents(open.id)
    expect(events).toHaveLength(before + 1)
    expect(events.at(-1)).toMatchObject({ action: 'supervise', from: 'in_progress', to: 'in_progress', version: open.version + 1, at: NOW })
    expect(next.supervised).toBe(true)
  })
})

describe('demoCaseLoop: the limits the database applies too', () => {
  it('remind: once per case per person per hour, and the refusal says when the next may be sent', async () => {
    let now = NOW
    const { data, loop } = setup(() => now)
    const commander = loop(DEMO_USERS.townshipCommander)
    const open = data.cases.find((c): c is CaseRecord => c.status === 'in_progress')!
    await commander.transitionCase(open.id, 'remind', { message: '请加快办理', expectedVersion: open.version })
    const log = (await commander.listCaseEvents(open.id)).length
    now += 59 * 60_000
    const again = await refusal(commander.transitionCase(open.id, 'remind', { expectedVersion: open.version }))
    expect(again).toMatchObject({
      kind: 'invalid',
      message: `Cannot remind case ${open.id}: you reminded it at ${new Date(NOW).toISOString()}; you may remind it again from ${new Date(NOW + REMIND_INTERVAL_MS).toISOString()} (once an hour)`,
      detail: { code: 'precondition_failed', reason: 'rate_limited', retryAt: NOW + REMIND_INTERVAL_MS },
    })
    expect((await commander.listCaseEvents(open.id)).length).toBe(log)
    // Someone else may remind at once; the same person after the hour.
    await loop(DEMO_USERS.countyAdmin).transitionCase(open.id, 'remind', { expectedVersion: open.version })
    now = NOW + REMIND_INTERVAL_MS + 1
    await commander.transitionCase(open.id, 'remind', { expectedVersion: open.version })
    expect((await commander.listCaseEvents(open.id)).length).toBe(log + 2)
  })

  it('a deadline given with a move lies after now and at most MAX_DEADLINE_DAYS ahead', async () => {
    const { data, loop } = setup()
    const commander = loop(DEMO_USERS.townshipCommander)
    const reported = data.cases.find((c): c is CaseRecord => c.status === 'reported' && c.escalationLevel <= 1)!
    for (const dueAt of [0, NOW, NOW + (MAX_DEADLINE_DAYS * 86_400_000) + 1, 253402300800000]) {
      const refused = await refusal(commander.transitionCase(reported.id, 'register', { dueAt, expectedVersion: reported.version }))
      expect(refused).toMatchObject({ kind: 'invalid', detail: { code: 'invalid_input', field: 'dueAt' } })
      expect(refused.message).toBe(`Cannot register case ${reported.id}: dueAt: must be after now and at most ${MAX_DEADLINE_DAYS} days ahead`)
    }
    const ok = await commander.transitionCase(reported.id, 'register', { dueAt: NOW + MAX_DEADLINE_DAYS * 86_400_000, expectedVersion: reported.version })
    expect(ok.dueAt).toBe(NOW + MAX_DEADLINE_DAYS * 86_400_000)
  })
})

describe('demoCaseLoop: photos', () => {
  const png = () => new Blob([new Uint8Array([0x89, 0x50, 0x4E, 0x47])], { type: 'image/png' })

  it('stores an upload under photo-<n>.<ext> and shows it to the uploader before it is attached', async () => {
    const { loop } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const id = await worker.uploadPhoto(png(), '现场.png')
    expect(id).toBe('photo-1.png')
    expect(await worker.uploadPhoto(new Blob(['x'], { type: 'image/jpeg' }), 'b.jpg')).toBe('photo-2.jpg')
    const url = await worker.photoUrl(id)
    expect(url).toMatch(/^blob:/)
    // One URL per photo, not a new one per look.
    expect(await worker.photoUrl(id)).toBe(url)
    expect(await (await fetch(url!)).arrayBuffer()).toEqual(await png().arrayBuffer())
    // Nobody else sees an unattached upload.
    expect(await loop(DEMO_USERS.townshipCommander).photoUrl(id)).toBeNull()
    expect(await worker.photoUrl('photo-99.png')).toBeNull()
  })

  it('an attached photo is on the case and shows to whoever sees the case, and to nobody else', async () => {
    const { data, loop, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const id = await worker.uploadPhoto(png(), 'a.png')
    const created = await worker.createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point, { photoIds: [id] }))
    expect(created.photoIds).toEqual([id])
    expect((await worker.getCase(created.id))!.photoIds).toEqual([id])
    expect(await loop(DEMO_USERS.townshipCommander).photoUrl(id)).toMatch(/^blob:/)
    // The chief of another village sees neither a case there nor its photo.
    const commander = loop(DEMO_USERS.townshipCommander)
    const elsewhere = data.grids.find(g => g.level === 2 && g.id !== grid(DEMO_USERS.villageChief).id)!
    const theirs = await commander.uploadPhoto(png(), 'b.png')
    const hidden = await commander.createCase(intake(pointIn(data, elsewhere).point, { photoIds: [theirs] }))
    expect(await commander.photoUrl(theirs)).toMatch(/^blob:/)
    expect(await loop(DEMO_USERS.villageChief).getCase(hidden.id)).toBeNull()
    expect(await loop(DEMO_USERS.villageChief).photoUrl(theirs)).toBeNull()
    // A case reported without photos carries no photoIds at all.
    expect('photoIds' in await worker.createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point))).toBe(false)
  })

  it('attaches only the reporter\'s own photos that no case holds yet, with one answer for every reason', async () => {
    const { data, loop, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const commander = loop(DEMO_USERS.townshipCommander)
    const at = pointIn(data, grid(DEMO_USERS.gridWorker)).point
    const theirs = await commander.uploadPhoto(png(), 'c.png')
    const mine = await worker.uploadPhoto(png(), 'w.png')
    const before = data.cases.length
    const why = (id: string) => `"${id}" is not a photo you uploaded that waits for its case (upload it first; a photo belongs to one case)`
    const stolen = await refusal(worker.createCase(intake(at, { photoIds: [mine, theirs] })))
    expect(stolen).toMatchObject({ kind: 'invalid', message: `photoIds[1]: ${why(theirs)}`, detail: { field: 'photoIds[1]', reason: 'invalid' } })
    const unknown = await refusal(worker.createCase(intake(at, { photoIds: ['photo-99.png'] })))
    expect(unknown.message).toBe(`photoIds[0]: ${why('photo-99.png')}`)
    expect((await refusal(worker.createCase(intake(at, { photoIds: [mine, mine] })))).message).toBe(`photoIds[1]: "${mine}" is listed twice`)
    expect(data.cases.length).toBe(before)
    await worker.createCase(intake(at, { photoIds: [mine] }))
    const again = await refusal(worker.createCase(intake(at, { photoIds: [mine] })))
    expect(again.message).toBe(`photoIds[0]: ${why(mine)}`)
    expect(data.cases.length).toBe(before + 1)
  })

  it('lets only reporters upload, at most PHOTO_UPLOADS_PER_DAY in 24 hours', async () => {
    let now = NOW
    const { loop } = setup(() => now)
    const wall = await refusal(loop(DEMO_USERS.wallViewer).uploadPhoto(png(), 'a.png'))
    expect(wall.kind).toBe('forbidden')
    expect(wall.message).toContain(PHOTO_UPLOAD_RULES)
    const worker = loop(DEMO_USERS.gridWorker)
    for (let i = 0; i < PHOTO_UPLOADS_PER_DAY; i++)
      await worker.uploadPhoto(png(), `p${i}.png`)
    expect((await refusal(worker.uploadPhoto(png(), 'one-more.png'))).kind).toBe('forbidden')
    now += 24 * 3_600_000 + 1
    expect(await worker.uploadPhoto(png(), 'next-day.png')).toMatch(/^photo-\d+\.png$/)
  })

  it('refuses a wrong type or an oversized photo as invalid input on photoIds, naming the file', async () => {
    const { loop } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const pdf = await refusal(worker.uploadPhoto(new Blob(['%PDF'], { type: 'application/pdf' }), 'scan.pdf'))
    expect(pdf).toMatchObject({ kind: 'invalid', detail: { field: 'photoIds', reason: 'invalid' } })
    expect(pdf.message).toContain('"scan.pdf"')
    const big = await refusal(worker.uploadPhoto(new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: 'image/webp' }), 'big.webp'))
    expect(big).toMatchObject({ kind: 'invalid', detail: { field: 'photoIds', reason: 'too_long' } })
    expect(big.message).toContain('5.0 MiB')
  })
})

describe('demoCaseLoop: idempotency keys', () => {
  const KEY = '3f1e0c6a-9b2d-4e7f-8a1c-5d6e7f809a1b'
  const OTHER_KEY = '3f1e0c6a-9b2d-4e7f-8a1c-5d6e7f809a1c'

  it('the same key and request answers the first write without applying it again: one case, one event', async () => {
    const { data, loop, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const point = pointIn(data, grid(DEMO_USERS.gridWorker)).point
    const before = data.cases.length
    const first = await worker.createCase(intake(point), { idempotencyKey: KEY })
    // A retry in another key order (and the key in capitals) is the same request.
    const { title, ...rest } = intake(point)
    const retry = await worker.createCase({ ...rest, title }, { idempotencyKey: KEY.toUpperCase() })
    expect(retry).toEqual(first)
    expect(data.cases.length).toBe(before + 1)

    const commander = loop(DEMO_USERS.townshipCommander)
    const moved = await commander.transitionCase(first.id, 'register', { expectedVersion: 1 }, { idempotencyKey: OTHER_KEY })
    // Re-sent after it applied: the version it was sent with is stale now, yet the answer is the first one, not a conflict.
    expect(await commander.transitionCase(first.id, 'register', { expectedVersion: 1 }, { idempotencyKey: OTHER_KEY })).toEqual(moved)
    expect((await commander.listCaseEvents(first.id)).map(e => e.action)).toEqual(['register'])
    expect((await commander.getCase(first.id))!.version).toBe(2)
  })

  it('two sends of one key at once apply once', async () => {
    const { data, loop, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const input = intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point)
    const before = data.cases.length
    const [a, b] = await Promise.all([worker.createCase(input, { idempotencyKey: KEY }), loop(DEMO_USERS.gridWorker).createCase(input, { idempotencyKey: KEY })])
    expect(a.id).toBe(b.id)
    expect(data.cases.length).toBe(before + 1)
  })

  it('the same key with another request is refused, naming the key, and changes nothing', async () => {
    const { data, loop, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const point = pointIn(data, grid(DEMO_USERS.gridWorker)).point
    const created = await worker.createCase(intake(point), { idempotencyKey: KEY })
    const before = data.cases.length
    const e = await refusal(worker.createCase(intake(point, { title: '另一件事' }), { idempotencyKey: KEY }))
    expect(e).toMatchObject({ kind: 'invalid', detail: { code: 'invalid_input', field: 'idempotencyKey', reason: 'reused' } })
    expect(e.message).toContain(KEY)
    // A move under a key used for intake is another request too.
    const moved = await refusal(loop(DEMO_USERS.gridWorker).transitionCase(created.id, 'remind', { expectedVersion: 1 }, { idempotencyKey: KEY }))
    expect(moved.detail).toMatchObject({ field: 'idempotencyKey', reason: 'reused' })
    expect(data.cases.length).toBe(before)
    expect(await worker.listCaseEvents(created.id)).toEqual([])
  })

  it('a refused write keeps no key: corrected and resent under the same key, it applies', async () => {
    const { data, loop, grid } = setup()
    const worker = loop(DEMO_USERS.gridWorker)
    const point = pointIn(data, grid(DEMO_USERS.gridWorker)).point
    const bad = await refusal(worker.createCase(intake(point, { categoryCode: '9999' }), { idempotencyKey: KEY }))
    expect(bad.detail).toMatchObject({ field: 'categoryCode' })
    const fixed = await worker.createCase(intake(point), { idempotencyKey: KEY })
    expect(fixed.categoryCode).toBe('0102')
  })

  it('keys are per caller: another user\'s key applies a request of one\'s own and tells nothing of theirs', async () => {
    const { data, loop, grid } = setup()
    const point = pointIn(data, grid(DEMO_USERS.gridWorker)).point
    const theirs = await loop(DEMO_USERS.gridWorker).createCase(intake(point), { idempotencyKey: KEY })
    const mine = await loop(DEMO_USERS.villageChief).createCase(intake(point, { title: '另一件事' }), { idempotencyKey: KEY })
    expect(mine.id).not.toBe(theirs.id)
    expect(mine.title).toBe('另一件事')
  })

  it('a key that is no uuid is refused before anything is applied', async () => {
    const { data, loop, grid } = setup()
    const before = data.cases.length
    const e = await refusal(loop(DEMO_USERS.gridWorker).createCase(intake(pointIn(data, grid(DEMO_USERS.gridWorker)).point), { idempotencyKey: 'first-try' }))
    expect(e).toMatchObject({ kind: 'invalid', detail: { field: 'idempotencyKey', reason: 'invalid' } })
    expect(data.cases.length).toBe(before)
  })
})

describe('the notice inbox', () => {
  /** An open case led by one of the unit handler's units, not supervised yet. */
  function unitCase(data: DemoDataset): CaseRecord {
    return data.cases.find(c => c.status === 'in_progress' && c.leadUnitId === 'police' && !c.supervised)!
  }

  it('a commander\'s reminder reaches the lead unit unread, and nobody else; marking it read is remembered', async () => {
    const { data, loop } = setup()
    const c = unitCase(data)
    const handler = loop(DEMO_UNIT_HANDLER)
    const before = await handler.listNotices()
    await loop(DEMO_USERS.townshipCommander).transitionCase(c.id, 'remind', { message: '请今天内反馈', expectedVersion: c.version })
    const after = await handler.listNotices()
    expect(after).toHaveLength(before.length + 1)
    const notice = after.find(n => n.caseId === c.id && n.kind === 'remind')!
    expect(notice).toMatchObject({ caseCode: c.code, caseTitle: c.title, message: '请今天内反馈', actorRole: 'township_commander', at: NOW, read: false })
    // The sender is not notified of their own reminder; a grid worker who does not handle it is not either.
    expect((await loop(DEMO_USERS.townshipCommander).listNotices()).some(n => n.caseId === c.id)).toBe(false)
    expect((await loop(DEMO_USERS.gridWorker).listNotices()).some(n => n.caseId === c.id)).toBe(false)
    await handler.markNoticeRead(notice.id)
    await handler.markNoticeRead(notice.id)
    expect((await handler.listNotices()).find(n => n.id === notice.id)!.read).toBe(true)
    // Read for this login only.
    expect((await loop(DEMO_UNIT_HANDLER).listNotices()).find(n => n.id === notice.id)!.read).toBe(true)
  })

  it('someone else\'s notice cannot be marked, nor one that does not exist', async () => {
    const { data, loop } = setup()
    const c = unitCase(data)
    await loop(DEMO_USERS.townshipCommander).transitionCase(c.id, 'remind', { expectedVersion: c.version })
    const notice = (await loop(DEMO_UNIT_HANDLER).listNotices()).find(n => n.caseId === c.id)!
    expect((await refusal(loop(DEMO_USERS.gridWorker).markNoticeRead(notice.id))).kind).toBe('not_found')
    expect((await refusal(loop(DEMO_UNIT_HANDLER).markNoticeRead('no-such-notice'))).kind).toBe('not_found')
    expect((await loop(DEMO_UNIT_HANDLER).listNotices()).find(n => n.id === notice.id)!.read).toBe(false)
  })

  it('a supervision reaches the assignee, and the notice goes once the case is closed', async () => {
    const { data, loop } = setup()
    const workerStaff = demoStaffIdsOf(data, DEMO_USERS.gridWorker)[0]!
    const c = data.cases.find(x => x.status === 'in_progress' && !x.supervised)!
    // Assigned to the demo grid worker (as a dispatch could have), so the supervision is theirs.
    data.cases[data.cases.indexOf(c)] = { ...c, assigneeId: workerStaff }
    await loop(DEMO_USERS.townshipCommander).transitionCase(c.id, 'supervise', { reason: '群众反映强烈，挂牌督办', expectedVersion: c.version })
    const worker = loop(DEMO_USERS.gridWorker)
    const notice = (await worker.listNotices()).find(n => n.caseId === c.id)
    expect(notice).toMatchObject({ kind: 'supervise', message: '群众反映强烈，挂牌督办', read: false })
    const i = data.cases.findIndex(x => x.id === c.id)
    data.cases[i] = { ...data.cases[i]!, status: 'closed' }
    expect((await worker.listNotices()).some(n => n.caseId === c.id)).toBe(false)
  })

  it('the generated history\'s supervisions of open cases reach their handlers, newest first', async () => {
    const { data, loop } = setup()
    const notices = await loop(DEMO_UNIT_HANDLER).listNotices()
    const expected = data.cases.filter(c => c.supervised && !['closed', 'cancelled'].includes(c.status) && c.leadUnitId !== null && DEMO_UNIT_HANDLER_UNITS.includes(c.leadUnitId as never))
    expect(notices.length).toBe(Math.min(expected.length, 200))
    expect(notices.length).toBeGreaterThan(0)
    expect(notices.every(n => n.kind === 'supervise' && !n.read)).toBe(true)
    expect(notices.map(n => n.at)).toEqual([...notices.map(n => n.at)].sort((a, b) => b - a))
  })
})
