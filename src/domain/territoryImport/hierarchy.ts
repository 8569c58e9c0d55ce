// Checks of codes, names and the tree they form: malformed and duplicate codes, a level or parent
// attribute that disagrees with the code, parents that are missing and levels that are skipped.
import type { GridDraft, Problem } from './types'
import { GridCodeError, isGridCode, parentGridCode, parseGridCode } from '../gridCode'
import { parseLevel } from './mapping'

export interface HierarchyOptions {
  /** Codes already in the territory (a re-import of one township finds its parent there). */
  existingCodes?: ReadonlySet<string>
  /** The county the import is for (6 digits): codes of another county are refused. */
  countyCode?: string
}

/** The label a problem uses for a draft: its code and name when it has them. */
export function subjectOf(d: Pick<GridDraft, 'code' | 'name' | 'label'>): string {
  return d.code ? `${d.code}${d.name ? ` ${d.name}` : ''}` : `${d.label}${d.name ? ` (${d.name})` : ''}`
}

/** Problems of the codes and the tree; the location is left to the caller (label points). */
export function checkHierarchy(drafts: readonly GridDraft[], options: HierarchyOptions = {}): Problem[] {
  const problems: Problem[] = []
  const firstByCode = new Map<string, GridDraft>()
  const push = (d: GridDraft, p: Omit<Problem, 'feature' | 'subject' | 'location'>): void => {
    problems.push({ feature: d.index, subject: subjectOf(d), location: null, ...p })
  }
  for (const d of drafts) {
    if (!d.name)
      push(d, { kind: 'name-missing', severity: 'error', message: `${subjectOf(d)} has no name`, params: {} })
    else if (d.name.length > 100)
      push(d, { kind: 'name-missing', severity: 'error', message: `${subjectOf(d)}: the name is ${d.name.length} characters; at most 100`, params: { length: d.name.length } })
    if (!d.code) {
      push(d, { kind: 'code-missing', severity: 'error', message: `${d.label} has no grid code`, params: {} })
      continue
    }
    try {
      parseGridCode(d.code)
    }
    catch (e) {
      push(d, { kind: 'code-malformed', severity: 'error', message: e instanceof GridCodeError ? e.message : String(e), params: { code: d.code } })
      continue
    }
    if (options.countyCode && !d.code.startsWith(options.countyCode)) {
      push(d, { kind: 'code-malformed', severity: 'error', message: `${subjectOf(d)} belongs to county ${d.code.slice(0, 6)}, not to ${options.countyCode}`, params: { code: d.code, county: options.countyCode } })
      continue
    }
    const first = firstByCode.get(d.code)
    if (first) {
      push(d, { kind: 'code-duplicate', severity: 'error', message: `${subjectOf(d)} (${d.label}) has the same code as ${first.label}`, params: { code: d.code, other: first.label } })
      continue
    }
    firstByCode.set(d.code, d)
    if (d.declaredLevel !== null && parseLevel(d.declaredLevel) !== d.level)
      push(d, { kind: 'level-mismatch', severity: 'error', message: `${subjectOf(d)}: the level attribute says "${d.declaredLevel}" but the code is of level ${d.level}`, params: { declared: d.declaredLevel, level: d.level ?? 0 } })
    if (d.declaredParent !== null && d.declaredParent !== d.parentCode)
      push(d, { kind: 'parent-mismatch', severity: 'error', message: `${subjectOf(d)}: the parent attribute says ${d.declaredParent} but the code's prefix makes the parent ${d.parentCode ?? '(none: a township)'}`, params: { declared: d.declaredParent, parent: d.parentCode ?? '' } })
  }
  const known = (c: string): boolean => firstByCode.has(c) || (options.existingCodes?.has(c) ?? false)
  for (const d of firstByCode.values()) {
    if (!d.parentCode || known(d.parentCode))
      continue
    // Walk up: an ancestor that is present means a level in between is missing.
    let ancestor = parentGridCode(d.parentCode)
    while (ancestor && !known(ancestor)) ancestor = parentGridCode(ancestor)
    if (ancestor) {
      push(d, { kind: 'level-skipped', severity: 'error', message: `${subjectOf(d)} sits under ${ancestor} with no grid ${d.parentCode} in between: level ${parseGridCode(d.parentCode).level} is skipped`, params: { parent: d.parentCode, ancestor } })
    }
    else {
      push(d, { kind: 'parent-missing', severity: 'error', message: `${subjectOf(d)}: its parent ${d.parentCode} is neither in the file nor in the territory`, params: { parent: d.parentCode } })
    }
  }
  return problems
}

/** True when a draft has a well-formed code (the other stages only look at those). */
export function hasGridCode(d: GridDraft): boolean {
  return isGridCode(d.code)
}
