// The ledger as CSV for Excel and WPS: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order
// mark, without which Excel on Chinese Windows reads the file as GBK and shows mojibake.
import type { LedgerSheet } from './ledger'
import { formatChinaTime } from './ledger'

/** The byte-order mark that tells Excel the file is UTF-8. */
export const UTF8_BOM = '\uFEFF'

// Text a spreadsheet would run as a formula (CSV injection): = + - @, and tab or CR, which some
// spreadsheets skip before looking for one (the OWASP list).
const FORMULA_START = /^[=+\-@\t\r]/

/** One cell's text, neutralised if a spreadsheet would read it as a formula: a leading ' keeps it text. */
export function inertCsvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** A field quoted as RFC 4180 asks when it holds a quote, comma or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The ledger as CSV text starting with a BOM; times as China local "YYYY-MM-DD HH:mm". Encode as UTF-8. */
export function toCsv(sheet: LedgerSheet): string {
  const lines = [sheet.columns.map(c => csvField(inertCsvText(c.header)))]
  for (const row of sheet.rows) {
    lines.push(sheet.columns.map((col, i) => {
      const cell = row[i] ?? null
      if (cell === null)
        return ''
      const text = col.kind === 'datetime' && typeof cell === 'number' ? formatChinaTime(cell) : String(cell)
      return csvField(inertCsvText(text))
    }))
  }
  return `${UTF8_BOM}${lines.map(l => l.join(',')).join('\r\n')}\r\n`
}
