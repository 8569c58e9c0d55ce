// The ledger as an Excel workbook (.xlsx, Office Open XML SpreadsheetML), written directly: one
// sheet, bold frozen header with a filter, column widths, and times as real Excel dates showing
// China local time. Text goes in as inline strings, so nothing in a case (a title starting with
// "=", or HTML) can become a formula or markup: a string cell is only ever text.
import type { LedgerSheet } from './ledger'
import { zip } from './zip'

/** Options of toXlsx. */
export interface XlsxOptions {
  /** Sheet name (at most 31 characters, none of : \ / ? * [ ]). */
  sheetName?: string
  /** Deflate the parts (default true); false stores them, for tests that read the bytes plainly. */
  compress?: boolean
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships'
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

/** Style indexes in styles.xml's cellXfs. */
const STYLE = { text: 0, header: 1, datetime: 2 } as const

const CHINA_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000
// Excel's serial day 25569 is 1970-01-01 (the 1900 date system).
const EXCEL_EPOCH_DAYS = 25_569

/** The Excel date serial that displays the China local date and time of an instant. */
export function excelSerial(t: number): number {
  return (t + CHINA_OFFSET_MS) / DAY_MS + EXCEL_EPOCH_DAYS
}

/** A1-style column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

// XML 1.0 cannot carry C0 controls other than tab, LF and CR, even escaped, nor U+FFFE/U+FFFF;
// they are replaced rather than dropped, so the reader sees that something was there.
function xmlChars(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    out += (c < 0x20 && c !== 0x09 && c !== 0x0A && c !== 0x0D) || c === 0xFFFE || c === 0xFFFF ? '\uFFFD' : s[i]
  }
  return out
}

/** Text escaped for XML content and attribute values. */
export function xmlText(s: string): string {
  return xmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function sheetNameOk(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31)
  return clean.length > 0 ? clean : 'Sheet1'
}

function inlineString(ref: string, text: string, style: number): string {
  return `<c r="${ref}" t="inlineStr"${style === 0 ? '' : ` s="${style}"`}><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`
}

function worksheetXml(sheet: LedgerSheet): string {
  const cols = sheet.columns
  const lastCol = columnLetters(Math.max(cols.length - 1, 0))
  const lastRow = sheet.rows.length + 1
  const range = `A1:${lastCol}${lastRow}`
  const out: string[] = [
    XML_HEAD,
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
    `<dimension ref="${range}"/>`,
    // Frozen header: the first row stays in view while scrolling.
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
    '<sheetFormatPr defaultRowHeight="15"/>',
  ]
  if (cols.length > 0)
    out.push(`<cols>${cols.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols>`)
  out.push('<sheetData>')
  out.push(`<row r="1">${cols.map((c, i) => inlineString(`${columnLetters(i)}1`, c.header, STYLE.header)).join('')}</row>`)
  sheet.rows.forEach((row, r) => {
    const rowNumber = r + 2
    const cells: string[] = []
    cols.forEach((col, i) => {
      const cell = row[i] ?? null
      if (cell === null)
        return
      const ref = `${columnLetters(i)}${rowNumber}`
      if (col.kind === 'datetime' && typeof cell === 'number')
        cells.push(`<c r="${ref}" s="${STYLE.datetime}"><v>${excelSerial(cell)}</v></c>`)
      else if (col.kind === 'number' && typeof cell === 'number' && Number.isFinite(cell))
        cells.push(`<c r="${ref}"><v>${cell}</v></c>`)
      else
        cells.push(inlineString(ref, String(cell), STYLE.text))
    })
    out.push(`<row r="${rowNumber}">${cells.join('')}</row>`)
  })
  out.push('</sheetData>')
  if (cols.length > 0)
    out.push(`<autoFilter ref="${range}"/>`)
  out.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
  out.push('</worksheet>')
  return out.join('')
}

// 等线 is the default font of Chinese Excel; charset 134 (GB2312) lets it pick a CJK face.
const STYLES_XML = `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">`
  + '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
  + '<fonts count="2">'
  + '<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
  + '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
  + '</fonts>'
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="3">'
  + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
  + '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
  + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '</cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
  + '</styleSheet>'

function workbookXml(sheetName: string, sheet: LedgerSheet): string {
  const lastCol = columnLetters(Math.max(sheet.columns.length - 1, 0))
  const quoted = `'${sheetName.replace(/'/g, '\'\'')}'`
  // Excel keeps the filter range in this hidden name; without it some versions drop the filter.
  const filter = sheet.columns.length > 0
    ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${xmlText(`${quoted}!$A$1:$${lastCol}$${sheet.rows.length + 1}`)}</definedName></definedNames>`
    : ''
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews>`
    + `<sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets>${filter}</workbook>`
}

const CONTENT_TYPES_XML = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
  + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
  + '<Default Extension="xml" ContentType="application/xml"/>'
  + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
  + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
  + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
  + '</Types>'

const ROOT_RELS_XML = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
  + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>`
  + '</Relationships>'

const WORKBOOK_RELS_XML = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
  + `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>`
  + `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>`
  + '</Relationships>'

/** The MIME type of an .xlsx file, for the download's Blob. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The ledger as the bytes of an .xlsx workbook with one sheet (default name 台账). */
export async function toXlsx(sheet: LedgerSheet, options: XlsxOptions = {}): Promise<Uint8Array> {
  const encoder = new TextEncoder()
  const sheetName = sheetNameOk(options.sheetName ?? '台账')
  return zip([
    { name: '[Content_Types].xml', data: encoder.encode(CONTENT_TYPES_XML) },
    { name: '_rels/.rels', data: encoder.encode(ROOT_RELS_XML) },
    { name: 'xl/workbook.xml', data: encoder.encode(workbookXml(sheetName, sheet)) },
    { name: 'xl/_rels/workbook.xml.rels', data: encoder.encode(WORKBOOK_RELS_XML) },
    { name: 'xl/styles.xml', data: encoder.encode(STYLES_XML) },
    { name: 'xl/worksheets/sheet1.xml', data: encoder.encode(worksheetXml(sheet)) },
  ], { compress: options.compress ?? true })
}
