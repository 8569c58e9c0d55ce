// Reads exported ledgers back for the browser tests, independently of the code that wrote them:
// a ZIP central-directory walk with Node's inflate for .xlsx, and an RFC 4180 parser for .csv.
import { inflateRawSync } from 'node:zlib'

/** The files inside a ZIP archive, by name. Stored (0) and deflated (8) entries only. */
export function unzip(buf: Buffer): Map<string, Buffer> {
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xFFFF); i--) {
    if (buf.readUInt32LE(i) === 0x06054B50) {
      eocd = i
      break
    }
  }
  if (eocd < 0)
    throw new Error('not a ZIP archive: no end of central directory')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const files = new Map<string, Buffer>()
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014B50)
      throw new Error(`bad central directory entry at ${p}`)
    const method = buf.readUInt16LE(p + 10)
    const compressed = buf.readUInt32LE(p + 20)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(dataStart, dataStart + compressed)
    if (method !== 0 && method !== 8)
      throw new Error(`${name}: compression method ${method} not supported`)
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data))
    p += 46 + nameLen + extraLen + commentLen
  }
  return files
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    switch (e) {
      case 'lt': return '<'
      case 'gt': return '>'
      case 'quot': return '"'
      case 'apos': return '\''
      case 'amp': return '&'
      default: return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
    }
  })
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)![0]
  let n = 0
  for (const ch of letters)
    n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

/** The first worksheet of an .xlsx as rows of cell text (numbers as written, empty cells as ''). */
export function readXlsx(buf: Buffer): string[][] {
  const files = unzip(buf)
  const sheet = files.get('xl/worksheets/sheet1.xml')?.toString('utf8')
  if (!sheet)
    throw new Error('xl/worksheets/sheet1.xml is missing')
  const shared = [...(files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map(m => [...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map(t => unescapeXml(t[1]!)).join(''))
  const rows: string[][] = []
  for (const row of sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const out: string[] = []
    for (const cell of row[1]!.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, ref, attrs, body = ''] = cell
      const type = /t="(\w+)"/.exec(attrs!)?.[1]
      let text = ''
      if (type === 'inlineStr')
        text = [...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map(t => unescapeXml(t[1]!)).join('')
      else if (type === 's')
        text = shared[Number(/<v>(\d+)<\/v>/.exec(body)?.[1])] ?? ''
      else
        text = unescapeXml(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '')
      const i = columnIndex(ref!)
      while (out.length < i)
        out.push('')
      out[i] = text
    }
    rows.push(out)
  }
  return rows
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF), without a leading byte-order mark. */
export function readCsv(text: string): string[][] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"'
        i++
      }
      else if (ch === '"') {
        quoted = false
      }
      else {
        field += ch
      }
    }
    else if (ch === '"') {
      quoted = true
    }
    else if (ch === ',') {
      row.push(field)
      field = ''
    }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n')
        i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    }
    else {
      field += ch
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
