import type { CaseRecord, Grid } from '../types'
import { describe, expect, it } from 'vitest'
import { CATEGORY_TREE } from '../categories'
import { UNITS } from '../units'
import { formatChinaTime, isOverdueForLedger, ledgerColumns, ledgerFileName, ledgerRows } from './ledger'

const square = { type: 'MultiPolygon' as const, coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }
function grid(id: string, parentId: string | null, name: string, level: Grid['level']): Grid {
  return { id, code: id, level, parentId, name, nameEn: name, boundary: square, labelPoint: [0.5, 0.5], areaKm2: 1, chiefId: null, workerIds: [], households: 0, population: 0 }
}
const GRIDS = [grid('t', null, '青山镇', 1), grid('v', 't', '东岭村', 2), grid('g', 'v', '三组', 3)]
const NOW = Date.parse('2026-11-21T10:00:00+08:00')
const H = 3_600_000

function kase(over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 'c1',
    code: 'QS-2026-000001',
    categoryCode: '0102',
    title: '夫妻争吵',
    description: '详情',
    source: 'visit',
    status: 'in_progress',
    outcome: null,
    urgent: false,
    location: [0.5, 0.5],
    address: '村口',
    gridId: 'g',
    escalationLevel: 0,
    leadUnitId: 'justice',
    coHandlers: [{ unitId: 'police', reportedAt: null, outcome: null }, { unitId: 'village', reportedAt: null, outcome: null }],
    assigneeId: 'staff-1',
    reportedAt: NOW - 48 * H,
    registeredAt: NOW - 47 * H,
    dispatchedAt: NOW - 46 * H,
    reportedBackAt: null,
    closedAt: null,
    dueAt: NOW + 24 * H,
    supervised: true,
    version: 4,
    ...over,
  }
}

const OPTIONS = { categories: CATEGORY_TREE, units: UNITS, grids: GRIDS, now: NOW }

const HEADERS = ['案件编号', '事件标题', '大类', '小类', '来源', '所属网格', '事发地点', '上报时间', '立案时间', '办理时限', '状态', '是否紧急', '是否超期', '是否督办', '办理层级', '主办单位', '协办单位', '结案时间', '处置结果']

describe('ledgerRows', () => {
  it('has the Chinese headers and no contact columns by default', () => {
    const sheet = ledgerRows([kase()], OPTIONS)
    expect(sheet.columns.map(c => c.header)).toEqual(HEADERS)
    expect(sheet.rows[0]).toHaveLength(HEADERS.length)
    expect(sheet.columns.filter(c => c.kind === 'datetime').map(c => c.header)).toEqual(['上报时间', '立案时间', '办理时限', '结案时间'])
  })

  it('writes names for codes and ids, the grid\'s full path, and times as instants', () => {
    const c = kase()
    const [row] = ledgerRows([c], OPTIONS).rows
    expect(row).toEqual([
      'QS-2026-000001',
      '夫妻争吵',
      '矛盾纠纷',
      '婚姻家庭纠纷',
      '群众来访',
      '青山镇/东岭村/三组',
      '村口',
      c.reportedAt,
      c.registeredAt,
      c.dueAt,
      '办理中',
      '否',
      '否',
      '是',
      '村（社区）',
      '司法所',
      '派出所、村（社区）委会',
      null,
      null,
    ])
  })

  it('a closed case shows its closing time and outcome; missing values stay empty', () => {
    const closed = kase({ status: 'closed', outcome: 'mediated', closedAt: NOW - H, reportedBackAt: NOW - 2 * H, coHandlers: [], leadUnitId: null, address: null, registeredAt: null, escalationLevel: 1 })
    const row = ledgerRows([closed], OPTIONS).rows[0]!
    const at = (h: string) => row[HEADERS.indexOf(h)]
    expect(at('结案时间')).toBe(NOW - H)
    expect(at('处置结果')).toBe('调解成功')
    expect(at('状态')).toBe('已结案')
    expect(at('办理层级')).toBe('乡镇（街道）')
    expect([at('主办单位'), at('协办单位'), at('事发地点'), at('立案时间')]).toEqual([null, null, null, null])
  })

  it('overdue: open past the deadline now, closed after it; never when cancelled', () => {
    expect(isOverdueForLedger(kase({ dueAt: NOW - 1 }), NOW)).toBe(true)
    expect(isOverdueForLedger(kase({ dueAt: NOW }), NOW)).toBe(false)
    expect(isOverdueForLedger(kase({ status: 'closed', closedAt: NOW - H, dueAt: NOW - 2 * H }), NOW)).toBe(true)
    expect(isOverdueForLedger(kase({ status: 'closed', closedAt: NOW - 3 * H, dueAt: NOW - 2 * H }), NOW)).toBe(false)
    expect(isOverdueForLedger(kase({ status: 'cancelled', dueAt: NOW - 2 * H }), NOW)).toBe(false)
    const rows = ledgerRows([kase({ dueAt: NOW - 1 }), kase({ id: 'c2' })], OPTIONS).rows
    expect(rows.map(r => r[HEADERS.indexOf('是否超期')])).toEqual(['是', '否'])
  })

  it('contact columns appear only on request, filled only for the cases in the map', () => {
    const contacts = new Map([['c1', { name: '王女士', phone: '13812345678' }]])
    const sheet = ledgerRows([kase(), kase({ id: 'c2', code: 'QS-2026-000002' })], { ...OPTIONS, includeContacts: contacts })
    expect(sheet.columns.map(c => c.header)).toEqual([...HEADERS, '反映人', '联系电话'])
    expect(sheet.rows.map(r => r.slice(-2))).toEqual([['王女士', '13812345678'], [null, null]])
    expect(ledgerColumns(false).some(c => c.header === '联系电话')).toBe(false)
    // An empty map still says "contacts were asked for", but fills nothing.
    expect(ledgerRows([kase()], { ...OPTIONS, includeContacts: new Map() }).rows[0]!.slice(-2)).toEqual([null, null])
  })

  it('keeps unknown codes and ids visible instead of dropping them, and text verbatim', () => {
    const row = ledgerRows([kase({ categoryCode: '0999', leadUnitId: 'ministry', gridId: 'elsewhere', title: '<script>alert(1)</script>' })], OPTIONS).rows[0]!
    expect(row.slice(1, 4)).toEqual(['<script>alert(1)</script>', '09', '0999'])
    expect(row[HEADERS.indexOf('所属网格')]).toBe('elsewhere')
    expect(row[HEADERS.indexOf('主办单位')]).toBe('ministry')
  })

  it('formats times in China time whatever the machine\'s zone, and names files by it', () => {
    expect(formatChinaTime(Date.parse('2026-01-01T16:30:00Z'))).toBe('2026-01-02 00:30')
    expect(ledgerFileName(Date.parse('2026-11-21T02:05:00Z'), 'xlsx')).toBe('事件台账_20261121_1005.xlsx')
  })
})
