// Which attribute is the code, the name, the level and the parent: suggested from the field
// names Chinese boundary files use and from the values themselves, then applied to every feature.
import type { GridLevel } from '../types'
import type { AttributeMapping, AttributeValue, ReadResult } from './types'
import { isGridCode, parentGridCode, parseGridCode } from '../gridCode'

const norm = (s: string): string => s.toLowerCase().replace(/[\s_\-.]/g, '')

// Best first. Pinyin initials (WGBM = 网格编码, WGMC = 网格名称 …) are what many survey companies use.
const CANDIDATES: Record<keyof AttributeMapping, string[]> = {
  code: ['网格编码', '网格代码', '网格编号', '编码', '代码', '编号', '区划代码', '行政区划代码', 'gridcode', 'code', 'wgbm', 'wgdm', 'wgbh', 'bm', 'dm', 'xzqdm', 'qhdm'],
  name: ['网格名称', '网格名', '名称', '村名', '社区名称', '村社区名称', 'gridname', 'name', 'wgmc', 'mc', 'xzqmc', 'qhmc'],
  level: ['网格层级', '层级', '级别', '网格级别', 'level', 'gridlevel', 'wgjb', 'jb', 'cj'],
  parent: ['上级网格编码', '上级编码', '父级编码', '上级代码', '上级网格', 'parentcode', 'parent', 'pcode', 'sjbm', 'sjdm', 'sjwgbm'],
}

// A DBF field name holds 10 bytes: 网格名称 in UTF-8 (12 bytes) arrives as 网格名.
const CUT_CJK = /^[\u4E00-\u9FFF]{3}$/

function matchesName(field: string, candidate: string): boolean {
  const f = norm(field)
  return f === norm(candidate) || (CUT_CJK.test(f) && candidate.startsWith(f))
}

function valuesOf(read: ReadResult, field: string, limit = 200): AttributeValue[] {
  const out: AttributeValue[] = []
  for (const f of read.features) {
    if (out.length >= limit)
      break
    const v = f.properties[field]
    if (v !== null && v !== undefined && v !== '')
      out.push(v)
  }
  return out
}

function share(values: AttributeValue[], test: (s: string) => boolean): number {
  return values.length === 0 ? 0 : values.filter(v => test(String(v).trim())).length / values.length
}

/**
 * Suggests the mapping: the code is a field named like one that mostly holds 15/18-digit codes,
 * else a field of distinct codes whatever its name, else the best-ranked name; name, level and
 * parent by their names.
 */
export function suggestMapping(read: ReadResult): AttributeMapping {
  const taken = new Set<string>()
  const pick = (key: keyof AttributeMapping): string | null => {
    for (const c of CANDIDATES[key]) {
      const f = read.fields.find(f => matchesName(f, c))
      if (f && !taken.has(f) && valuesOf(read, f).length > 0) {
        taken.add(f)
        return f
      }
    }
    return null
  }
  // A field named like a code and mostly holding codes wins. Otherwise the values decide: files
  // often call the code ID or OBJECTID_1. A field named like the parent holds codes too, and
  // only the code field has them all different.
  const named = CANDIDATES.code.map(c => read.fields.find(f => matchesName(f, c))).find(f => f && share(valuesOf(read, f), isGridCode) >= 0.5)
  let code: string | null = named ?? null
  if (!code) {
    let best = 0.8
    for (const f of read.fields) {
      if (CANDIDATES.parent.some(c => matchesName(f, c)))
        continue
      const values = valuesOf(read, f)
      const s = share(values, isGridCode) * (new Set(values.map(String)).size / Math.max(1, values.length))
      if (s > best) {
        best = s
        code = f
      }
    }
  }
  if (code)
    taken.add(code)
  else
    code = pick('code')
  const name = pick('name')
  const level = pick('level')
  // A parent field holds codes too; the code field itself must not be taken as it.
  const parent = pick('parent')
  return { code, name, level, parent }
}

const LEVEL_WORDS: Array<[RegExp, GridLevel]> = [
  [/^(?:1|一级|乡镇|[乡镇]|街道|township)$/i, 1],
  [/^(?:2|二级|村|社区|行政村|village|community)$/i, 2],
  [/^(?:3|三级|组|村民小组|小区|网格|group)$/i, 3],
  [/^(?:4|四级|微网格|子网格|sub-?grid)$/i, 4],
]

/** A level attribute as a GridLevel ("2", 2, "村", "二级" …), or null when it says none. */
export function parseLevel(v: AttributeValue): GridLevel | null {
  if (v === null || v === undefined)
    return null
  const s = String(v).trim()
  for (const [re, level] of LEVEL_WORDS) {
    if (re.test(s))
      return level
  }
  return null
}

/** The code text of an attribute value: numbers from DBF/JSON written without exponent or decimals. */
export function codeText(v: AttributeValue): string {
  if (v === null || v === undefined)
    return ''
  if (typeof v === 'number')
    return Number.isInteger(v) ? v.toFixed(0) : String(v)
  return String(v).trim()
}

/** Code, name, level and parent of one feature under a mapping; level and parent come from the code where it parses. */
export function mapAttributes(properties: Record<string, AttributeValue>, mapping: AttributeMapping): { code: string, name: string, level: GridLevel | null, parentCode: string | null, declaredLevel: string | null, declaredParent: string | null } {
  const get = (field: string | null): AttributeValue => (field === null ? null : properties[field] ?? null)
  const code = codeText(get(mapping.code))
  const name = String(get(mapping.name) ?? '').trim()
  const rawLevel = get(mapping.level)
  const rawParent = get(mapping.parent)
  const declaredLevel = rawLevel === null || String(rawLevel).trim() === '' ? null : String(rawLevel).trim()
  const declaredParent = codeText(rawParent) || null
  if (isGridCode(code))
    return { code, name, level: parseGridCode(code).level, parentCode: parentGridCode(code), declaredLevel, declaredParent }
  return { code, name, level: parseLevel(rawLevel), parentCode: declaredParent, declaredLevel, declaredParent }
}
