import type { LedgerSheet } from './ledger'
import { inflateRawSync, crc32 as nodeCrc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { CATEGORY_TREE } from '../categories'
import { UNITS } from '../units'
import { formatChinaTime, ledgerRows } from './ledger'
import { columnLetters, excelSerial, toXlsx, xmlText } from './xlsx'
import { crc32 } from './zip'

/** Reads a ZIP from its central directory, inflating and CRC-checking every entry with Node's zlib. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = bytes.length - 22
  expect(view.getUint32(end, true), 'end of central directory').toBe(0x06054B50)
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const files = new Map<string, string>()
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014B50)
    const method = view.getUint16(at + 10, true)
    const crc = view.getUint32(at + 16, true)
    const size = view.getUint32(at + 20, true)
    const nameLength = view.getUint16(at + 28, true)
    const local = view.getUint32(at + 42, true)
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength))
    expect(view.getUint32(local, true), `local header of ${name}`).toBe(0x04034B50)
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
    const body = bytes.subarray(start, start + size)
    const data = method === 8 ? new Uint8Array(inflateRawSync(body)) : body
    expect(method === 0 || method === 8, `method of ${name}`).toBe(true)
    expect(nodeCrc32(data) >>> 0, `crc of ${name}`).toBe(crc)
    files.set(name, new TextDecoder().decode(data))
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  return files
}

interface Cell {
  ref: string
  style: number
  type: 'inlineStr' | 'n'
  value: string
  formula: boolean
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')

/** The cells of a worksheet, by row. */
function readCells(sheetXml: string): Cell[][] {
  return [...sheetXml.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)].map(([, , body]) => [...body!.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(.*?)<\/c>/gs)].map(([, ref, attrs, inner]) => ({
    ref: ref!,
    style: Number(/ s="(\d+)"/.exec(attrs!)?.[1] ?? 0),
    type: / t="inlineStr"/.test(attrs!) ? 'inlineStr' as const : 'n' as const,
    value: unescape(/<t[^>]*>(.*?)<\/t>/s.exec(inner!)?.[1] ?? /<v>(.*?)<\/v>/.exec(inner!)?.[1] ?? ''),
    formula: inner!.includes('<f'),
  })))
}

/** China local "YYYY-MM-DD HH:mm" of an Excel serial, the way Excel displays it. */
function serialToText(serial: number): string {
  const ms = Math.round((serial - 25569) * 86_400_000)
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
}

const T1 = Date.parse('2026-01-31T16:05:00Z')
const T2 = Date.parse('2026-11-21T02:00:00Z')
const SHEET: LedgerSheet = {
  columns: [
    { key: 'code', header: '案件编号', kind: 'text', width: 17 },
    { key: 'title', header: '事件标题', kind: 'text', width: 32 },
    { key: 'at', header: '上报时间', kind: 'datetime', width: 17 },
    { key: 'closed', header: '结案时间', kind: 'datetime', width: 17 },
  ],
  rows: [
    ['QS-2026-000001', '=cmd|\'/c calc\'!A0', T1, T2],
    ['QS-2026-000002', '<b>邻里</b> & "纠纷"\n第二行', T2, null],
    ['QS-2026-000003', 'bell\u0007char', null, null],
  ],
}

describe('toXlsx', () => {
  it.each([true, false])('round-trips headers, text and dates (compress: %s)', async (compress) => {
    const files = unzip(await toXlsx(SHEET, { compress }))
    expect([...files.keys()].sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])
    const rows = readCells(files.get('xl/worksheets/sheet1.xml')!)
    expect(rows).toHaveLength(4)
    expect(rows[0]!.map(c => [c.ref, c.value, c.style])).toEqual([['A1', '案件编号', 1], ['B1', '事件标题', 1], ['C1', '上报时间', 1], ['D1', '结案时间', 1]])
    expect(rows[1]!.map(c => c.ref)).toEqual(['A2', 'B2', 'C2', 'D2'])
    expect(rows[1]!.slice(2).map(c => [c.type, c.style, serialToText(Number(c.value))])).toEqual([['n', 2, formatChinaTime(T1)], ['n', 2, formatChinaTime(T2)]])
    // Empty cells are left out, not written as empty strings.
    expect(rows[2]!.map(c => c.ref)).toEqual(['A3', 'B3', 'C3'])
    expect(rows[2]![1]!.value).toBe('<b>邻里</b> & "纠纷"\n第二行')
  })

  it('text that looks like a formula or markup stays an inline string, never a formula', async () => {
    const files = unzip(await toXlsx(SHEET))
    const sheetXml = files.get('xl/worksheets/sheet1.xml')!
    const cell = readCells(sheetXml)[1]![1]!
    expect(cell).toMatchObject({ type: 'inlineStr', formula: false, value: '=cmd|\'/c calc\'!A0' })
    expect(sheetXml).not.toContain('<f>')
    expect(sheetXml).not.toContain('<b>')
    expect(sheetXml).toContain('&lt;b&gt;邻里&lt;/b&gt; &amp; &quot;纠纷&quot;')
  })

  it('replaces characters XML cannot carry instead of writing a broken file', async () => {
    const rows = readCells(unzip(await toXlsx(SHEET)).get('xl/worksheets/sheet1.xml')!)
    expect(rows[3]![1]!.value).toBe('bell\uFFFDchar')
  })

  it('freezes and filters the header, sets column widths, bold header font and a date format', async () => {
    const files = unzip(await toXlsx(SHEET))
    const sheetXml = files.get('xl/worksheets/sheet1.xml')!
    expect(sheetXml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>')
    expect(sheetXml).toContain('<autoFilter ref="A1:D4"/>')
    expect([...sheetXml.matchAll(/<col min="(\d+)" max="\d+" width="(\d+)"/g)].map(m => [Number(m[1]), Number(m[2])])).toEqual([[1, 17], [2, 32], [3, 17], [4, 17]])
    const styles = files.get('xl/styles.xml')!
    const xfs = [.../<cellXfs[^>]*>(.*)<\/cellXfs>/s.exec(styles)![1]!.matchAll(/<xf ([^>]*)\/>/g)].map(m => m[1]!)
    const fonts = [.../<fonts[^>]*>(.*)<\/fonts>/s.exec(styles)![1]!.matchAll(/<font>(.*?)<\/font>/g)].map(m => m[1]!)
    const fontOf = (xf: string) => fonts[Number(/fontId="(\d+)"/.exec(xf)![1])]!
    expect(fontOf(xfs[1]!)).toContain('<b/>')
    expect(fontOf(xfs[0]!)).not.toContain('<b/>')
    expect(xfs[2]).toContain('numFmtId="164"')
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>')
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="台账" sheetId="1" r:id="rId1"/>')
    expect(files.get('xl/workbook.xml')).toContain('\'台账\'!$A$1:$D$4')
  })

  it('writes a real ledger: every case a row, contact columns only when asked', async () => {
    const now = Date.parse('2026-11-21T10:00:00+08:00')
    const base = { categories: CATEGORY_TREE, units: UNITS, grids: [], now }
    const cases = Array.from({ length: 50 }, (_, i) => ({
      id: `c${i}`,
      code: `QS-2026-${String(i + 1).padStart(6, '0')}`,
      categoryCode: '0101',
      title: `第${i}号`,
      description: '',
      source: 'phone' as const,
      status: 'registered' as const,
      outcome: null,
      urgent: false,
      location: [0, 0] as [number, number],
      gridId: 'g',
      escalationLevel: 0 as const,
      leadUnitId: null,
      assigneeId: null,
      reportedAt: now - i * 3_600_000,
      registeredAt: now,
      dispatchedAt: null,
      reportedBackAt: null,
      closedAt: null,
      dueAt: now + 86_400_000,
      supervised: false,
      version: 2,
    }))
    const plain = readCells(unzip(await toXlsx(ledgerRows(cases, base))).get('xl/worksheets/sheet1.xml')!)
    expect(plain).toHaveLength(51)
    expect(plain[0]!.map(c => c.value)).not.toContain('联系电话')
    expect(plain[50]![0]!.value).toBe('QS-2026-000050')
    const withContacts = readCells(unzip(await toXlsx(ledgerRows(cases, { ...base, includeContacts: new Map([['c3', { name: '李先生', phone: '0571-12345678' }]]) }))).get('xl/worksheets/sheet1.xml')!)
    expect(withContacts[0]!.slice(-2).map(c => c.value)).toEqual(['反映人', '联系电话'])
    expect(withContacts[4]!.slice(-2).map(c => c.value)).toEqual(['李先生', '0571-12345678'])
    expect(withContacts[5]!.some(c => c.value === '李先生')).toBe(false)
  })

  it('is the same bytes for the same ledger', async () => {
    expect(await toXlsx(SHEET)).toEqual(await toXlsx(SHEET))
  })
})

describe('xlsx helpers', () => {
  it('excelSerial shows China local time: 2026-01-01 00:00 +08:00 is day 46023', () => {
    expect(excelSerial(Date.parse('2026-01-01T00:00:00+08:00'))).toBe(46023)
    expect(excelSerial(Date.parse('2026-01-01T12:00:00+08:00'))).toBe(46023.5)
  })

  it('columnLetters counts like Excel', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA'])
  })

  it('xmlText escapes markup and replaces control characters', () => {
    expect(xmlText('<a href="x">&</a>\u0001\t\n')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;\uFFFD\t\n')
  })

  it('crc32 is the IEEE CRC-32 (check value of "123456789")', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xCBF43926)
    const bytes = new TextEncoder().encode('平安网格 ledger')
    expect(crc32(bytes)).toBe(nodeCrc32(bytes) >>> 0)
  })
})
