// The intake form's checks before anything is sent, and the mapping of a refusal back onto its
// fields: pure, so the form parts only hold state and the rules are tested here.
import type { Problem } from './problems'
import type { NewCaseInput } from '~/domain/caseLoop'
import type { CaseSource, LngLat } from '~/domain/types'
import { validateNewCase } from '~/domain/caseLoop'
import { catchInput } from './problems'

/** What the reporter filled in, as the form holds it. */
export interface IntakeFields {
  categoryCode: string
  source: CaseSource
  title: string
  description: string
  urgent: boolean
  address: string
  reporterName: string
  reporterPhone: string
}

/** Where the location part stands: the point placed, whether its grid is known, whether that is still being looked up. */
export interface IntakePlace {
  location: LngLat | null
  located: boolean
  locating: boolean
}

/** The problem of a point that falls in no grid the territory has. */
export function outsideTerritory(p: LngLat): Problem {
  return { field: 'location', reason: 'outside_territory', message: `[${p[0].toFixed(6)}, ${p[1].toFixed(6)}]`, explained: true }
}

/**
 * The case to create (photos still to be added), or every problem that stops it: the domain's
 * input check, and a point placed outside the territory (once its lookup has answered).
 */
export function checkIntake(fields: IntakeFields, place: IntakePlace): { ok: true, value: NewCaseInput } | { ok: false, problems: Problem[] } {
  const checked = catchInput(() => validateNewCase({ ...fields, location: place.location, photoIds: [] }))
  const problems: Problem[] = []
  if (!checked.ok)
    problems.push(...checked.problems)
  if (place.location && !place.located && !place.locating)
    problems.push(outsideTerritory(place.location))
  return checked.ok && problems.length === 0 ? { ok: true, value: checked.value } : { ok: false, problems }
}

/** A refusal from the data layer as the form shows it: one about the territory's edge goes under the location. */
export function submitProblem(p: Problem): Problem {
  return p.field === null && /outside/.test(p.message) ? { ...p, field: 'location' } : p
}

/** The list with the field's problems replaced by `p` (or just removed when `p` is null). */
export function withFieldProblem(list: readonly Problem[], field: string, p: Problem | null): Problem[] {
  const rest = list.filter(x => x.field !== field)
  return p ? [...rest, p] : rest
}
