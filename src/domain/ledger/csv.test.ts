import type { LedgerSheet } from './ledger'
import { describe, expect, it } from 'vitest'
import { readCsv as parseCsv } from '../../../tests/support/ledgerFiles'
import { csvField, inertCsvText, toCsv, UTF8_BOM } from './csv'

const T = Date.parse('2026-03-01T01:02:00Z')
const SHEET: LedgerSheet = {
  columns: [
    { key: 'code', header: '案件编号', kind: 'text', width: 10 },
    { key: 'title', header: '事件标题', kind: 'text', width: 10 },
    { key: 'at', header: '上报时间', kind: 'datetime', width: 10 },
  ],
  rows: [
    ['QS-2026-000001', '他说"不行"，又说, 不, 行', T],
    ['QS-2026-000002', '第一行\r\n第二行\n第三行', null],
    ['QS-2026-000003', '=HYPERLINK("http://evil","点我")', T],
    ['QS-2026-000004', '+86 138', null],
    ['QS-2026-000005', '-1+2', null],
    ['QS-2026-000006', '@SUM(A1)', null],
    ['QS-2026-000007', '<img src=x onerror=alert(1)>', null],
    ['QS-2026-000008', '1-2 号楼', null],
  ],
}

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    const csv = toCsv(SHEET)
    expect(csv.startsWith(UTF8_BOM)).toBe(true)
    expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xEF, 0xBB, 0xBF])
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(csv.split('\r\n')[0]).toBe(`${UTF8_BOM}案件编号,事件标题,上报时间`)
  })

  it('round-trips through an RFC 4180 parser: quotes, commas and line breaks survive', () => {
    const records = parseCsv(toCsv(SHEET).slice(1))
    expect(records).toHaveLength(SHEET.rows.length + 1)
    expect(records[0]).toEqual(['案件编号', '事件标题', '上报时间'])
    expect(records[1]).toEqual(['QS-2026-000001', '他说"不行"，又说, 不, 行', '2026-03-01 09:02'])
    expect(records[2]).toEqual(['QS-2026-000002', '第一行\r\n第二行\n第三行', ''])
  })

  it('makes formulas inert with a leading quote, and leaves other text alone', () => {
    const titles = parseCsv(toCsv(SHEET).slice(1)).slice(3).map(r => r[1])
    expect(titles).toEqual([
      '\'=HYPERLINK("http://evil","点我")',
      '\'+86 138',
      '\'-1+2',
      '\'@SUM(A1)',
      '<img src=x onerror=alert(1)>',
      '1-2 号楼',
    ])
    expect(inertCsvText('\tcmd')).toBe('\'\tcmd')
    expect(inertCsvText('正常')).toBe('正常')
  })

  it('quotes only when RFC 4180 needs it', () => {
    expect(csvField('plain 文本')).toBe('plain 文本')
    expect(csvField('a"b')).toBe('"a""b"')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('a\nb')).toBe('"a\nb"')
  })

  it('an empty ledger is just the header', () => {
    expect(toCsv({ columns: SHEET.columns, rows: [] })).toBe(`${UTF8_BOM}案件编号,事件标题,上报时间\r\n`)
  })
})
