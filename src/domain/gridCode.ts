import type { GridLevel } from './types'

/** The parts of a grid code: county(6) + township(3) + village(3) + grid(3) [+ sub-grid(3)]. */
export interface GridCodeParts {
  county: string
  township: string
  village: string
  grid: string
  /** Level-4 suffix; null for levels 1–3. */
  sub: string | null
  level: GridLevel
}

/** Raised for a malformed grid code; the message says what is wrong and where. */
export class GridCodeError extends Error {
  constructor(readonly code: string, reason: string) {
    super(`Invalid grid code "${code}": ${reason}`)
    this.name = 'GridCodeError'
  }
}

const ZERO3 = '000'

/**
 * Parses a 15-digit grid code (18 with a level-4 suffix). The level follows from which
 * segments are non-zero; a non-zero segment under a zero one is refused, because it would
 * name a grid with no parent.
 */
export function parseGridCode(code: string): GridCodeParts {
  if (typeof code !== 'string' || code.length === 0)
    throw new GridCodeError(String(code), 'empty')
  if (!/^\d+$/.test(code))
    throw new GridCodeError(code, `only digits are allowed (found "${code.replace(/\d/g, '')[0]}" at position ${code.search(/\D/) + 1})`)
  if (code.length !== 15 && code.length !== 18)
    throw new GridCodeError(code, `expected 15 digits (18 for a level-4 sub-grid), got ${code.length}`)
  const county = code.slice(0, 6)
  const township = code.slice(6, 9)
  const village = code.slice(9, 12)
  const grid = code.slice(12, 15)
  const sub = code.length === 18 ? code.slice(15, 18) : null
  if (/^0{6}$/.test(county) || county.slice(0, 2) === '00')
    throw new GridCodeError(code, `county segment "${county}" (digits 1–6) is not a county code`)
  if (township === ZERO3)
    throw new GridCodeError(code, 'township segment (digits 7–9) is 000')
  if (village === ZERO3 && grid !== ZERO3)
    throw new GridCodeError(code, 'grid segment (digits 13–15) is set but village segment (digits 10–12) is 000')
  if (sub !== null) {
    if (grid === ZERO3)
      throw new GridCodeError(code, 'a level-4 suffix needs a non-zero grid segment (digits 13–15)')
    if (sub === ZERO3)
      throw new GridCodeError(code, 'level-4 suffix (digits 16–18) is 000')
  }
  const level: GridLevel = sub !== null ? 4 : grid !== ZERO3 ? 3 : village !== ZERO3 ? 2 : 1
  return { county, township, village, grid, sub, level }
}

/** True when the string is a well-formed grid code. */
export function isGridCode(code: string): boolean {
  try {
    parseGridCode(code)
    return true
  }
  catch {
    return false
  }
}

/** The code of the parent grid, or null for a township (level 1). */
export function parentGridCode(code: string): string | null {
  const p = parseGridCode(code)
  switch (p.level) {
    case 1: return null
    case 2: return `${p.county}${p.township}${ZERO3}${ZERO3}`
    case 3: return `${p.county}${p.township}${p.village}${ZERO3}`
    case 4: return `${p.county}${p.township}${p.village}${p.grid}`
  }
}

/** Builds the code of the n-th child (1-based) of a grid. */
export function childGridCode(parentCode: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999)
    throw new RangeError(`child number must be 1–999, got ${n}`)
  const p = parseGridCode(parentCode)
  const seg = String(n).padStart(3, '0')
  switch (p.level) {
    case 1: return `${p.county}${p.township}${seg}${ZERO3}`
    case 2: return `${p.county}${p.township}${p.village}${seg}`
    case 3: return `${p.county}${p.township}${p.village}${p.grid}${seg}`
    case 4: throw new GridCodeError(parentCode, 'a level-4 sub-grid has no children')
  }
}

/** True when `code` is `ancestor` itself or lies below it. */
export function isInSubtree(code: string, ancestor: string): boolean {
  const a = parseGridCode(ancestor)
  const prefixLength = a.level === 1 ? 9 : a.level === 2 ? 12 : a.level === 3 ? 15 : 18
  return code.startsWith(ancestor.slice(0, prefixLength)) && parseGridCode(code).level >= a.level
}
