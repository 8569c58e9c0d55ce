// Reporter contacts for part of the demo's cases, so the ledger's "含反映人联系方式" export and
// the drawer show the privacy rule at work: a handler of the case sees the name and number, anyone
// else sees nothing. Only cases a resident brought (a visit, a call, a letter) and some patrol
// finds carry one, as in a real ledger. The people and numbers are made up: the names are drawn
// like the staff's, and every number has 0000 in the middle, a pattern that marks it as invented.
import type { Rng } from './random'
import type { CaseRecord, CaseSource } from '~/domain/types'
import { personName } from './names'

/** A case's reporter contact as the generator makes it (the seed's case_contacts row). */
export interface DemoCaseContact {
  caseId: string
  reporterName: string
  reporterPhone: string
}

/** Share of cases of each source that name a reporter. */
export const CONTACT_SHARE: Readonly<Record<CaseSource, number>> = {
  visit: 0.9,
  phone: 0.95,
  letter: 0.7,
  patrol: 0.15,
  sweep: 0.1,
  camera: 0,
  handover: 0,
}

const PREFIXES = ['133', '135', '137', '138', '139', '150', '151', '158', '159', '177', '181', '186', '189']

/** Contacts for some of `cases`, in case order. Pure: the same rng state gives the same contacts. */
export function buildCaseContacts(rng: Rng, cases: readonly CaseRecord[]): DemoCaseContact[] {
  const used = new Set<string>()
  const out: DemoCaseContact[] = []
  for (const c of cases) {
    if (!rng.chance(CONTACT_SHARE[c.source]))
      continue
    // Residents repeat: a name may come back on another case, so names are not kept unique.
    used.clear()
    const reporterName = personName(rng, used)
    const reporterPhone = `${rng.pick(PREFIXES)}0000${String(rng.int(0, 9999)).padStart(4, '0')}`
    out.push({ caseId: c.id, reporterName, reporterPhone })
  }
  return out
}
