// list_cases, the ledger query: every filter of CaseFilter, sort, paging and the total, checked
// under each user's claims against the same filter applied in TypeScript to what cases_in_view
// shows that user; malformed filters refused naming the key.
import type { LoopUser } from './fixtures/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { beforeAll, describe, expect, it } from 'vitest'
import { toUuid } from '../seed/ids'
import { claimsOf, HANDLED, insertCase, useCaseLoopDatabase } from './fixtures/caseLoop'
import { gridBox, gridId, OTHER_WORKER_STAFF } from './fixtures/territory'
import { asRequest, callRpc, SERVICE } from './harness/db'

const db = useCaseLoopDatabase(async (db) => {
  // Cases that exercise the filters the fixture's cases do not: units, sources, supervision, addresses.
  const supervised = await insertCase(db, { status: 'in_progress', ...HANDLED, supervised: true, title: '噪音扰民 50%_折扣' })
  const coLed = await insertCase(db, { status: 'dispatched', leadUnitId: 'labour', coHandlers: [{ unitId: 'police', reportedAt: null, outcome: null }], assigneeId: OTHER_WORKER_STAFF, grid: 'G12' })
  const phoned = await insertCase(db, { status: 'registered', grid: 'H11' })
  await db.admin.query('update public.cases set source = \'phone\', title = \'退款500元\', address = \'青山路88号 Alpha Mansion\' where id = $1', [phoned])
  await db.admin.query('update public.cases set address = \'东岭村委会旁\' where id = $1', [coLed])
  await db.admin.query('update public.cases set due_at = now() - interval \'1 day\' where id = $1', [supervised])
})

interface Page { total: number | null, cases: CaseRecord[], truncated: boolean, limit: number }
type Filter = Record<string, unknown>

async function ledger(user: LoopUser, filter: Filter): Promise<Page> {
  return asRequest(db, claimsOf(user), c => callRpc<Page>(c, 'list_cases', { p_filter: filter }))
}

/** What the user sees, with addresses, the clock, and who they are. */
async function visible(user: LoopUser) {
  return asRequest(db, claimsOf(user), async (c) => {
    const { cases } = await callRpc<{ cases: CaseRecord[] }>(c, 'cases_in_view')
    const { rows: [now] } = await c.query('select private.epoch_ms(now()) as ms')
    const me = await callRpc<{ staffIds: string[], unitIds: string[] }>(c, 'my_access')
    const { rows } = await db.admin.query<{ id: string, address: string | null }>('select id, address from public.cases')
    const address = new Map(rows.map(r => [r.id, r.address]))
    return { cases: cases.map(k => ({ ...k, address: address.get(k.id) ?? null })), now: now.ms as number, me }
  })
}

const byLedgerOrder = (a: CaseRecord, b: CaseRecord) => b.reportedAt - a.reportedAt || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

describe.each<LoopUser>(['admin', 'chief', 'worker', 'police', 'viewer'])('list_cases as %s', (user) => {
  let seen: Awaited<ReturnType<typeof visible>>

  beforeAll(async () => {
    seen = await visible(user)
  })

  const open = (c: CaseRecord) => c.status !== 'closed' && c.status !== 'cancelled'
  const handled = (c: CaseRecord) => (c.assigneeId !== null && seen.me.staffIds.includes(c.assigneeId))
    || (c.leadUnitId !== null && seen.me.unitIds.includes(c.leadUnitId))
    || (c.coHandlers ?? []).some(h => seen.me.unitIds.includes(h.unitId))
  const text = (needle: string) => (c: CaseRecord) => [c.code, c.title, c.description, c.address ?? ''].some(t => t.toLowerCase().includes(needle.toLowerCase()))
  const periodFrom = Date.UTC(2026, 1, 1)
  const periodTo = Date.UTC(2026, 4, 1)
  const [w, s, e, n] = gridBox('V1')
  const inT1 = (c: CaseRecord) => (['T1', 'V1', 'V2', 'G11', 'G12', 'G21', 'S111'] as const).map(k => toUuid(gridId(k))).includes(c.gridId)

  const filters: Array<[string, Filter, (c: CaseRecord) => boolean]> = [
    ['no filter', {}, () => true],
    ['a subtree', { subtreeOf: toUuid(gridId('V1')) }, c => [gridId('V1'), gridId('G11'), gridId('G12'), gridId('S111')].map(toUuid).includes(c.gridId)],
    ['statuses', { statuses: ['closed', 'cancelled'] }, c => !open(c)],
    ['categories', { categoryCodes: ['0301'] }, c => c.categoryCode === '0301'],
    ['sources', { sources: ['phone'] }, c => c.source === 'phone'],
    ['a period', { period: { from: periodFrom, to: periodTo } }, c => c.reportedAt >= periodFrom && c.reportedAt < periodTo],
    ['overdue', { overdue: true }, c => open(c) && c.dueAt < seen.now],
    ['not overdue', { overdue: false }, c => !(open(c) && c.dueAt < seen.now)],
    ['supervised', { supervised: true }, c => c.supervised],
    ['mine', { mine: true }, handled],
    ['not mine', { mine: false }, c => !handled(c)],
    ['search, any case', { search: '  g11 ' }, text('g11')],
    ['search in Chinese', { search: '噪音' }, text('噪音')],
    ['search in Chinese, three characters and more (the trigram index)', { search: '扰民 50' }, text('扰民 50')],
    ['search, upper case', { search: 'FIXTURE CASE' }, text('fixture case')],
    ['search in an address', { search: 'alpha mansion' }, text('alpha mansion')],
    ['search with LIKE wildcards taken literally', { search: '50%_' }, text('50%_')],
    ['a blank search', { search: '   ' }, () => true],
    ['a bounding box', { bbox: [w, s, e, n] }, c => c.location[0] >= w && c.location[0] <= e && c.location[1] >= s && c.location[1] <= n],
    ['several at once', { statuses: ['in_progress', 'dispatched', 'registered'], overdue: false, subtreeOf: toUuid(gridId('T1')) }, c => ['in_progress', 'dispatched', 'registered'].includes(c.status) && !(open(c) && c.dueAt < seen.now) && inT1(c)],
  ]

  it.each(filters)('%s', async (_label, filter, keep) => {
    const page = await ledger(user, { ...filter, limit: 10000 })
    const expected = seen.cases.filter(keep).sort(byLedgerOrder)
    expect(page.total).toBe(expected.length)
    expect(page.cases.map(c => c.id)).toEqual(expected.map(c => c.id))
  })

  it('pages through the whole list in any sort, with the total on every page', async () => {
    const all = await ledger(user, { sort: { by: 'dueAt' }, limit: 10000 })
    const pages: CaseRecord[] = []
    for (let offset = 0; offset < (all.total ?? 0); offset += 7) {
      const page = await ledger(user, { sort: { by: 'dueAt' }, limit: 7, offset })
      expect(page.total).toBe(all.total)
      pages.push(...page.cases)
    }
    expect(pages.map(c => c.id)).toEqual(all.cases.map(c => c.id))
    const dues = all.cases.map(c => c.dueAt)
    expect(dues).toEqual([...dues].sort((a, b) => a - b))
  })
})

describe('list_cases returns records and honours sort and defaults', () => {
  it('records have the shape cases_in_view gives, plus the address when one is set', async () => {
    const page = await ledger('admin', { sources: ['phone'] })
    expect(page.cases).toHaveLength(1)
    const [viewed] = (await asRequest(db, claimsOf('admin'), c => callRpc<{ cases: CaseRecord[] }>(c, 'cases_in_view', { p_ids: [page.cases[0]!.id] }))).cases
    expect(page.cases[0]).toEqual({ ...viewed, address: '青山路88号 Alpha Mansion' })
  })

  it('a hundred cases a page unless told otherwise, newest first', async () => {
    const page = await ledger('admin', {})
    expect(page.total).toBeGreaterThan(100)
    expect(page.cases).toHaveLength(100)
    const reported = page.cases.map(c => c.reportedAt)
    expect(reported).toEqual([...reported].sort((a, b) => b - a))
  })

  it('skips the count when asked to, and still says whether more follow', async () => {
    const page = await ledger('chief', { limit: 5, offset: 5, withTotal: false })
    expect(page.total).toBeNull()
    expect(page.cases).toHaveLength(5)
    expect(page.truncated).toBe(true)
    const all = await ledger('chief', { limit: 10000 })
    const last = await ledger('chief', { limit: 5, offset: all.total! - 5, withTotal: false })
    expect([last.cases.length, last.truncated]).toEqual([5, false])
    expect(last.cases.map(c => c.id)).toEqual(all.cases.slice(-5).map(c => c.id))
  })

  it('a page says how much matched and whether it is cut', async () => {
    const page = await ledger('admin', { limit: 3, offset: 2 })
    expect(page.cases).toHaveLength(3)
    expect(page).toMatchObject({ truncated: true, limit: 3 })
    const whole = await ledger('admin', { limit: 10000 })
    expect(whole.truncated).toBe(false)
    expect(page.cases.map(c => c.id)).toEqual(whole.cases.slice(2, 5).map(c => c.id))
  })

  it('searches as the service role too, over every case', async () => {
    const page = await asRequest(db, SERVICE, c => callRpc<Page>(c, 'list_cases', { p_filter: { search: 'alpha', limit: 10 } }))
    expect(page.total).toBe(1)
  })

  it('sorts by code descending', async () => {
    const page = await ledger('chief', { sort: { by: 'code', desc: true }, limit: 10000 })
    const codes = page.cases.map(c => c.code)
    expect(codes).toEqual([...codes].sort().reverse())
  })

  it('a point on a box edge is in it, a point a hair outside is not', async () => {
    const [c] = (await ledger('admin', { sources: ['phone'] })).cases
    const [x, y] = c!.location
    const ids = async (bbox: number[]) => (await ledger('admin', { bbox, limit: 10000 })).cases.map(k => k.id)
    expect(await ids([x - 0.01, y - 0.01, x, y])).toContain(c!.id)
    for (const bbox of [[x - 0.01, y - 0.01, x - 1e-7, y + 0.01], [x - 0.01, y + 1e-7, x + 0.01, y + 0.01]])
      expect(await ids(bbox), JSON.stringify(bbox)).not.toContain(c!.id)
  })

  it('a subtree the caller cannot see gives nothing', async () => {
    expect(await ledger('chief', { subtreeOf: toUuid(gridId('H11')) })).toEqual({ total: 0, cases: [], truncated: false, limit: 100 })
    expect(await ledger('chief', { subtreeOf: '00000000-0000-0000-0000-000000000000' })).toEqual({ total: 0, cases: [], truncated: false, limit: 100 })
  })
})

describe('list_cases refuses a malformed filter, naming the key', () => {
  it.each<[Filter, string]>([
    [{ status: ['closed'] }, 'p_filter has unknown key(s) status; known: subtreeOf, bbox, period, statuses, categoryCodes, sources, overdue, supervised, mine, search, sort, limit, offset, withTotal'],
    [{ statuses: ['done'] }, 'p_filter.statuses must list case statuses (reported, registered, dispatched, in_progress, reported_back, returned, escalated, closed, cancelled), got "done"'],
    [{ statuses: 'closed' }, 'p_filter.statuses must list case statuses (reported, registered, dispatched, in_progress, reported_back, returned, escalated, closed, cancelled), got "closed"'],
    [{ sources: ['email'] }, 'p_filter.sources must list case sources (patrol, visit, phone, letter, camera, handover, sweep), got "email"'],
    [{ overdue: 'yes' }, 'p_filter.overdue must be true or false, got "yes"'],
    [{ subtreeOf: 'V1' }, 'p_filter.subtreeOf must be a grid id (uuid), got "V1"'],
    [{ limit: 10001 }, 'p_filter.limit must be a whole number 0–10000, got 10001'],
    [{ offset: -1 }, 'p_filter.offset must be a whole number ≥ 0, got -1'],
    [{ period: { from: 10, to: 5 } }, 'p_filter.period: from (10) is after to (5)'],
    [{ bbox: [1, 2, 3] }, 'p_filter.bbox must be [west, south, east, north] with west ≤ east and south ≤ north, got [1, 2, 3]'],
    [{ bbox: [3, 2, 1, 4] }, 'p_filter.bbox must be [west, south, east, north] with west ≤ east and south ≤ north, got [3, 2, 1, 4]'],
  ])('%j', async (filter, message) => {
    const error = await ledger('admin', filter).then(() => null, (e: { code: string, message: string }) => e)
    expect(error?.code).toBe('22023')
    expect(error?.message).toBe(message)
  })

  it('an unknown sort', async () => {
    const error = await ledger('admin', { sort: { by: 'title' } }).then(() => null, (e: { code: string, message: string }) => e)
    expect(error?.code).toBe('22023')
    expect(error?.message).toMatch(/^p_filter\.sort must be \{"by": one of .*reportedAt.*, "desc"\?: boolean\}, got \{"by": "title"\}$/)
  })
})
