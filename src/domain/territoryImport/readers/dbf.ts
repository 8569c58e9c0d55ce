// A dBase (.dbf) attribute table reader. Written here rather than taken from shpjs or shapefile
// because both parse numeric fields as doubles (an 18-digit grid code stored as N(18,0) loses its
// last digits) and neither reads the language driver byte that ArcGIS uses to mark GBK tables.
import type { AttributeValue } from '../types'
import { ImportError } from '../limits'
import { canDecode, decodeStrict } from './text'

export interface DbfField {
  name: string
  type: string
  length: number
  decimals: number
}

export interface DbfTable {
  fields: DbfField[]
  records: Array<Record<string, AttributeValue>>
  /** Deleted records are skipped, but their positions still count (they pair with .shp records). */
  deleted: Set<number>
}

// Language driver ids (byte 29) that name a code page; 0x57 "ANSI" means the writer's system code
// page, which tells us nothing, so it is left to detection.
const LDID: Record<number, string> = { 0x03: 'windows-1252', 0x4D: 'gbk', 0x7A: 'gbk', 0x4F: 'big5', 0x78: 'big5', 0x13: 'shift_jis', 0x7B: 'shift_jis' }

/** The encoding a .cpg names ("GBK", "936", "UTF-8", "65001", "ANSI 936" …), or null if unknown. */
export function encodingFromCpg(cpg: string): string | null {
  const s = cpg.trim().toLowerCase()
  if (/65001|utf-?8/.test(s))
    return 'utf-8'
  if (/936|gbk|gb2312|gb18030|cp936/.test(s))
    return 'gbk'
  if (/950|big5/.test(s))
    return 'big5'
  if (/1252|8859-?1|latin/.test(s))
    return 'windows-1252'
  return s && canDecode(s) ? s : null
}

/** The encoding the header's language driver byte names, or null. */
export function encodingFromLdid(bytes: Uint8Array): string | null {
  return bytes.length > 29 ? LDID[bytes[29]!] ?? null : null
}

/** True when every text field byte sequence in the table is valid UTF-8 (and some is not ASCII). */
export function looksLikeUtf8(bytes: Uint8Array): boolean | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerLength = view.getUint16(8, true)
  let nonAscii = false
  for (let i = 32; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      nonAscii = true
      break
    }
  }
  if (!nonAscii)
    return null
  try {
    decodeStrict(bytes.subarray(32, headerLength), 'utf-8')
    decodeStrict(bytes.subarray(headerLength), 'utf-8')
    return true
  }
  catch {
    return false
  }
}

function parseNumber(text: string): AttributeValue {
  const t = text.trim()
  if (t === '' || /^\*+$/.test(t))
    return null
  // Beyond 15 significant digits a double is no longer exact: keep the text (codes, ids).
  if (t.replace(/^[-+]?0*|\.|\D+$/g, '').length > 15)
    return t.replace(/\.0*$/, '')
  const n = Number(t)
  return Number.isFinite(n) ? n : t
}

/** Reads a .dbf with the given text encoding. */
export function readDbf(name: string, bytes: Uint8Array, encoding: string): DbfTable {
  if (bytes.length < 33)
    throw new ImportError(`${name} is too short to be a dBase table (${bytes.length} bytes)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const recordCount = view.getUint32(4, true)
  const headerLength = view.getUint16(8, true)
  const recordLength = view.getUint16(10, true)
  if (headerLength > bytes.length || recordLength === 0)
    throw new ImportError(`${name} has a damaged header (header ${headerLength} bytes, record ${recordLength} bytes, file ${bytes.length} bytes)`)
  const decoder = new TextDecoder(encoding)
  const fields: DbfField[] = []
  for (let o = 32; o + 32 <= headerLength && bytes[o] !== 0x0D; o += 32) {
    let end = o
    while (end < o + 11 && bytes[end] !== 0) end++
    fields.push({
      // Names are cut at 10 bytes, in UTF-8 sometimes mid-character (GDAL does): drop the remnant.
      name: decoder.decode(bytes.subarray(o, end)).replace(/\uFFFD+$/, '').trim(),
      type: String.fromCharCode(bytes[o + 11]!),
      length: bytes[o + 16]!,
      decimals: bytes[o + 17]!,
    })
  }
  const records: DbfTable['records'] = []
  const deleted = new Set<number>()
  const available = Math.floor((bytes.length - headerLength) / recordLength)
  const count = Math.min(recordCount, available)
  for (let r = 0; r < count; r++) {
    const start = headerLength + r * recordLength
    if (bytes[start] === 0x2A)
      deleted.add(r)
    const record: Record<string, AttributeValue> = {}
    let o = start + 1
    for (const f of fields) {
      const raw = bytes.subarray(o, o + f.length)
      o += f.length
      switch (f.type) {
        case 'N':
        case 'F':
          record[f.name] = parseNumber(String.fromCharCode(...raw))
          break
        case 'L': {
          const c = String.fromCharCode(raw[0] ?? 0x3F).toUpperCase()
          record[f.name] = 'TY'.includes(c) ? true : 'FN'.includes(c) ? false : null
          break
        }
        case 'D': {
          const t = String.fromCharCode(...raw).trim()
          record[f.name] = /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}` : null
          break
        }
        default: {
          const t = decoder.decode(raw).replace(/[\s\0]+$/, '').trimStart()
          record[f.name] = t === '' ? null : t
        }
      }
    }
    records.push(record)
  }
  if (count < recordCount)
    throw new ImportError(`${name} is truncated: its header promises ${recordCount} records, the file holds ${count}`)
  return { fields, records, deleted }
}
