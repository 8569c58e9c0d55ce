import type { IntakeFields } from './intakeValidation'
import { describe, expect, it } from 'vitest'
import { checkIntake, outsideTerritory, submitProblem, withFieldProblem } from './intakeValidation'

const FIELDS: IntakeFields = {
  categoryCode: '0101',
  source: 'patrol',
  title: ' 东岭村三组邻里宅基地纠纷 ',
  description: '两户因宅基地边界发生争执，需村调委会调解。',
  urgent: false,
  address: '',
  reporterName: '',
  reporterPhone: '',
}
const HERE: [number, number] = [120.1, 30.2]

describe('checkIntake', () => {
  it('answers the case to create, trimmed, with no photos yet', () => {
    const r = checkIntake(FIELDS, { location: HERE, located: true, locating: false })
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value.title).toBe('东岭村三组邻里宅基地纠纷')
      expect(r.value.location).toEqual(HERE)
      expect(r.value.photoIds).toEqual([])
    }
  })
  it('refuses a case with no location, naming the field', () => {
    const r = checkIntake(FIELDS, { location: null, located: false, locating: false })
    expect(r).toMatchObject({ ok: false, problems: [{ field: 'location' }] })
  })
  it('refuses a point the territory has no grid for, once the lookup has answered', () => {
    expect(checkIntake(FIELDS, { location: HERE, located: false, locating: false })).toEqual({ ok: false, problems: [outsideTerritory(HERE)] })
    expect(checkIntake(FIELDS, { location: HERE, located: false, locating: true }).ok).toBe(true)
  })
  it('reports the input problem and the territory problem together', () => {
    const r = checkIntake({ ...FIELDS, title: '' }, { location: HERE, located: false, locating: false })
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.problems.map(p => p.field)).toEqual(['title', 'location'])
  })
})

describe('submitProblem', () => {
  it('puts a form-wide refusal about the territory under the location, and leaves others', () => {
    expect(submitProblem({ field: null, reason: 'invalid_input', message: 'the point is outside every grid' }).field).toBe('location')
    expect(submitProblem({ field: null, reason: 'forbidden', message: 'not yours' }).field).toBeNull()
    expect(submitProblem({ field: 'title', reason: 'too_long', message: 'outside' }).field).toBe('title')
  })
})

describe('withFieldProblem', () => {
  const a = { field: 'location', reason: 'invalid', message: 'x' }
  const b = { field: 'title', reason: 'required', message: 'y' }
  it('replaces the field\'s problems, or removes them', () => {
    const c = { field: 'location', reason: 'outside_territory', message: 'z' }
    expect(withFieldProblem([a, b], 'location', c)).toEqual([b, c])
    expect(withFieldProblem([a, b], 'location', null)).toEqual([b])
  })
})
