import { describe, expect, it } from 'vitest'
import { DataError } from '../DataSource'
import { CASE, CASE_ROW, GRID, GRID_FEATURE, MY_ACCESS_ROW, ROUTE_ROW, TEAM, TEAM_ROW } from './__fixtures__/rows'
import { caseFromJson, gridFromFeature, gridsFromFeatureCollection, myAccessFromJson, patrolRouteFromJson, patrolTeamFromJson, toMillis } from './mappers'

function thrown(fn: () => unknown): DataError {
  try {
    fn()
  }
  catch (error) {
    expect(error).toBeInstanceOf(DataError)
    return error as DataError
  }
  throw new Error('expected a DataError')
}

describe('toMillis', () => {
  it('takes epoch milliseconds and ISO timestamps with any offset', () => {
    expect(toMillis(1767225600000)).toBe(1767225600000)
    expect(toMillis('2026-01-01T00:00:00Z')).toBe(1767225600000)
    expect(toMillis('2026-01-01 08:00:00+08:00')).toBe(1767225600000)
  })

  it('refuses anything else', () => {
    expect(thrown(() => toMillis('yesterday', 'case.dueAt')).message).toContain('case.dueAt is not a time')
    expect(thrown(() => toMillis(Number.NaN)).kind).toBe('unknown')
  })
})

describe('grids', () => {
  it('reads snake_case properties the way a table read returns them', () => {
    const { nameEn, labelPoint, areaKm2, parentId, chiefId, workerIds, ...rest } = GRID_FEATURE.properties
    const snake = { ...rest, name_en: nameEn, label_point: labelPoint, area_km2: areaKm2, parent_id: parentId, chief_id: chiefId, worker_ids: workerIds }
    expect(gridFromFeature({ ...GRID_FEATURE, properties: snake })).toEqual(GRID)
  })

  it('wraps a Polygon geometry (a simplified overview) as a MultiPolygon', () => {
    const polygon = { type: 'Polygon', coordinates: GRID.boundary.coordinates[0] }
    expect(gridFromFeature({ ...GRID_FEATURE, geometry: polygon }).boundary).toEqual(GRID.boundary)
  })

  it('refuses a level outside 1–4, an open ring, a non-collection', () => {
    expect(thrown(() => gridFromFeature({ ...GRID_FEATURE, properties: { ...GRID_FEATURE.properties, level: 5 } })).message).toContain('grid.properties.level is not 1–4')
    const ring = [[[[120, 30], [120.1, 30], [120, 30]]]]
    expect(thrown(() => gridFromFeature({ ...GRID_FEATURE, geometry: { type: 'MultiPolygon', coordinates: ring } })).message).toContain('has fewer than 4 positions')
    expect(thrown(() => gridsFromFeatureCollection([GRID_FEATURE])).message).toContain('grids is not an object')
    expect(thrown(() => gridsFromFeatureCollection({ type: 'Feature' })).message).toContain('grids.type is not FeatureCollection')
  })
})

describe('cases', () => {
  it('keeps the address when the server sends one, and leaves it out otherwise', () => {
    expect(caseFromJson({ ...CASE_ROW, address: '东岭村3组' })).toEqual({ ...CASE, address: '东岭村3组' })
    expect('address' in caseFromJson(CASE_ROW)).toBe(false)
  })

  it('keeps photo ids when the server sends them, leaves them out otherwise, and refuses ids that are not text', () => {
    expect(caseFromJson({ ...CASE_ROW, photoIds: ['a.png', 'b.jpg'] })).toEqual({ ...CASE, photoIds: ['a.png', 'b.jpg'] })
    expect('photoIds' in caseFromJson(CASE_ROW)).toBe(false)
    expect('photoIds' in caseFromJson({ ...CASE_ROW, photoIds: null })).toBe(false)
    expect(thrown(() => caseFromJson({ ...CASE_ROW, photoIds: ['a.png', 7] })).message).toContain('case.photoIds[1] is not a string')
  })

  it('refuses an escalation level outside 0–2 and a location that is not [lng, lat]', () => {
    expect(thrown(() => caseFromJson({ ...CASE_ROW, escalationLevel: 3 })).message).toContain('case.escalationLevel is not 0, 1 or 2')
    expect(thrown(() => caseFromJson({ ...CASE_ROW, location: { lng: 1, lat: 2 } })).message).toContain('case.location is not a [lng, lat] position')
  })
})

describe('patrol routes', () => {
  it('refuses a schedule window that is not HH:MM and a weekday outside 1–7', () => {
    const badWindow = { ...ROUTE_ROW, schedule: { days: { kind: 'daily' }, windows: [{ start: '7pm', end: '21:00' }] } }
    expect(thrown(() => patrolRouteFromJson(badWindow)).message).toContain('patrolRoute.schedule.windows[0] is not an HH:MM window')
    const badDay = { ...ROUTE_ROW, schedule: { days: { kind: 'weekdays', weekdays: [0] }, windows: [] } }
    expect(thrown(() => patrolRouteFromJson(badDay)).message).toContain('is not an ISO weekday 1–7')
  })
})

describe('patrol teams', () => {
  it('maps the post, null when there is none or the server predates posts', () => {
    expect(patrolTeamFromJson(TEAM_ROW)).toEqual(TEAM)
    expect(patrolTeamFromJson({ ...TEAM_ROW, post: null }).post).toBeNull()
    const { post: _post, ...old } = TEAM_ROW
    expect(patrolTeamFromJson(old).post).toBeNull()
  })

  it('refuses a post that is no WGS 84 position, naming the field', () => {
    expect(thrown(() => patrolTeamFromJson({ ...TEAM_ROW, post: [500, 30] })).message).toContain('patrolTeam.post is outside WGS 84 bounds')
    expect(thrown(() => patrolTeamFromJson({ ...TEAM_ROW, post: 'here' })).message).toContain('patrolTeam.post is not a [lng, lat] position')
  })
})

describe('my_access', () => {
  it('maps memberships and staff records; unit ids default to none', () => {
    expect(myAccessFromJson(MY_ACCESS_ROW)).toEqual({ ...MY_ACCESS_ROW, unitIds: [] })
    expect(myAccessFromJson({ ...MY_ACCESS_ROW, unitIds: ['police'] }).unitIds).toEqual(['police'])
  })

  it('refuses an unknown role', () => {
    const row = { ...MY_ACCESS_ROW, memberships: [{ ...MY_ACCESS_ROW.memberships[0], role: 'mayor' }] }
    expect(thrown(() => myAccessFromJson(row)).message).toContain('myAccess.memberships[0].role is not one of')
  })
})
