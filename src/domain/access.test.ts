import type { CaseRecord, Grid, Membership } from './types'
import { describe, expect, it } from 'vitest'
import { CAPABILITY_ROLES, createAccess, gridPath, pathWithin, scopePath, visibleGridIds } from './access'

function grid(id: string, code: string, parentId: string | null): Grid {
  return {
    id,
    code,
    level: (code.length === 18 ? 4 : code.endsWith('000000') ? 1 : code.endsWith('000') ? 2 : 3) as Grid['level'],
    parentId,
    name: id,
    nameEn: id,
    boundary: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] },
    labelPoint: [0.5, 0.5],
    areaKm2: 1,
    chiefId: null,
    workerIds: [],
    households: 0,
    population: 0,
  }
}

// Two townships of county 330102 and one of a neighbouring county.
const GRIDS: Grid[] = [
  grid('t1', '330102001000000', null),
  grid('v1', '330102001001000', 't1'),
  grid('v2', '330102001002000', 't1'),
  grid('g11', '330102001001001', 'v1'),
  grid('g12', '330102001001002', 'v1'),
  grid('s111', '330102001001001001', 'g11'),
  grid('t2', '330102002000000', null),
  grid('w1', '330102002001000', 't2'),
  grid('c1', '330103001000000', null),
]

const MEMBERSHIPS: Membership[] = [
  { userId: 'admin', gridId: 't1', role: 'county_admin' },
  { userId: 'commander', gridId: 't1', role: 'township_commander' },
  { userId: 'chief', gridId: 'v1', role: 'village_chief' },
  { userId: 'worker', gridId: 'g11', role: 'grid_worker' },
  { userId: 'viewer', gridId: 't1', role: 'wall_viewer' },
  { userId: 'double', gridId: 'g12', role: 'grid_worker' },
  { userId: 'double', gridId: 'w1', role: 'wall_viewer' },
]

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort()
}

describe('gridPath and scopes', () => {
  it('splits a code into its non-zero segments like the database path', () => {
    expect(gridPath('330102001000000')).toBe('330102.001')
    expect(gridPath('330102001002000')).toBe('330102.001.002')
    expect(gridPath('330102001002003')).toBe('330102.001.002.003')
    expect(gridPath('330102001002003004')).toBe('330102.001.002.003.004')
  })

  it('gives a county admin the whole county and everyone else their grid', () => {
    expect(scopePath('county_admin', '330102001002000')).toBe('330102')
    expect(scopePath('village_chief', '330102001002000')).toBe('330102.001.002')
  })

  it('treats a path as within its own scope but not within a sibling sharing a prefix', () => {
    expect(pathWithin('330102.001', '330102.001')).toBe(true)
    expect(pathWithin('330102.001.002', '330102.001')).toBe(true)
    expect(pathWithin('330102.0011', '330102.001')).toBe(false)
    expect(pathWithin('330102.001', '330102.001.002')).toBe(false)
  })

  it('keeps wall viewers and grid workers out of the managing capabilities', () => {
    expect(CAPABILITY_ROLES.manage).not.toContain('wall_viewer')
    expect(CAPABILITY_ROLES.manage).not.toContain('grid_worker')
    expect(CAPABILITY_ROLES.report).not.toContain('wall_viewer')
  })
})

describe('visibleGridIds', () => {
  it('gives a county admin every grid of the county and none of the neighbouring county', () => {
    expect(sorted(visibleGridIds(MEMBERSHIPS, GRIDS, 'admin'))).toEqual(['g11', 'g12', 's111', 't1', 't2', 'v1', 'v2', 'w1'])
  })

  it('gives a township commander their township subtree only', () => {
    expect(sorted(visibleGridIds(MEMBERSHIPS, GRIDS, 'commander'))).toEqual(['g11', 'g12', 's111', 't1', 'v1', 'v2'])
  })

  it('gives a village chief their village and below, not the township above or a sibling village', () => {
    expect(sorted(visibleGridIds(MEMBERSHIPS, GRIDS, 'chief'))).toEqual(['g11', 'g12', 's111', 'v1'])
  })

  it('gives a grid worker their group and its sub-grids', () => {
    expect(sorted(visibleGridIds(MEMBERSHIPS, GRIDS, 'worker'))).toEqual(['g11', 's111'])
  })

  it('unions the subtrees of several memberships', () => {
    expect(sorted(visibleGridIds(MEMBERSHIPS, GRIDS, 'double'))).toEqual(['g12', 'w1'])
  })

  it('gives a user without memberships nothing', () => {
    expect(visibleGridIds(MEMBERSHIPS, GRIDS, 'stranger').size).toBe(0)
  })

  it('ignores memberships on grids missing from the dataset', () => {
    expect(visibleGridIds([{ userId: 'x', gridId: 'nowhere', role: 'county_admin' }], GRIDS, 'x').size).toBe(0)
  })
})

describe('createAccess', () => {
  const kase = (gridId: string, assigneeId: string | null, escalationLevel: CaseRecord['escalationLevel'] = 0) => ({ gridId, assigneeId, escalationLevel })

  it('lets the wall viewer read but never write', () => {
    const a = createAccess({ userId: 'viewer', memberships: MEMBERSHIPS, grids: GRIDS })
    expect(a.canRead('v1')).toBe(true)
    expect(a.canCreateCaseIn('v1')).toBe(false)
    expect(a.canManage('v1')).toBe(false)
    expect(a.canUpdateCase(kase('v1', null))).toBe(false)
    expect(a.canReadReporterContact(kase('v1', null))).toBe(false)
    expect(a.canReadReferenceData()).toBe(true)
    expect(a.canWriteReferenceData('330102')).toBe(false)
  })

  it('lets a grid worker report in their grids and update only cases assigned to them there', () => {
    const a = createAccess({ userId: 'worker', memberships: MEMBERSHIPS, grids: GRIDS, staffIds: ['staff-worker'] })
    expect(a.canCreateCaseIn('g11')).toBe(true)
    expect(a.canCreateCaseIn('s111')).toBe(true)
    expect(a.canCreateCaseIn('g12')).toBe(false)
    expect(a.canManage('g11')).toBe(false)
    expect(a.canUpdateCase(kase('g11', 'staff-worker'))).toBe(true)
    expect(a.canUpdateCase(kase('g11', 'someone-else'))).toBe(false)
    expect(a.canUpdateCase(kase('g12', 'staff-worker'))).toBe(false)
    expect(a.canReadReporterContact(kase('g11', 'staff-worker', 2))).toBe(true)
    expect(a.canReadReporterContact(kase('g11', null))).toBe(false)
  })

  it('lets a unit officer read the reporter contact of the cases dispatched to their units, within what they see', () => {
    const a = createAccess({ userId: 'worker', memberships: MEMBERSHIPS, grids: GRIDS, unitIds: ['police'] })
    expect(a.canReadReporterContact({ ...kase('g11', null, 2), leadUnitId: 'police' })).toBe(true)
    expect(a.canReadReporterContact({ ...kase('g11', null), leadUnitId: 'justice', coHandlers: [{ unitId: 'police', reportedAt: null, outcome: null }] })).toBe(true)
    expect(a.canReadReporterContact({ ...kase('g11', null), leadUnitId: 'justice' })).toBe(false)
    // Outside what the officer's memberships let them see, the unit alone is not enough.
    expect(a.canReadReporterContact({ ...kase('g12', null), leadUnitId: 'police' })).toBe(false)
  })

  it('lets a village chief manage their subtree but not edit the grid tree or memberships', () => {
    const a = createAccess({ userId: 'chief', memberships: MEMBERSHIPS, grids: GRIDS })
    expect(a.canManage('v1')).toBe(true)
    expect(a.canManage('s111')).toBe(true)
    expect(a.canManage('v2')).toBe(false)
    expect(a.canManage('t1')).toBe(false)
    expect(a.canEditGridTree('g11')).toBe(false)
    expect(a.canManageMemberships('g11')).toBe(false)
    expect(a.canUpdateCase(kase('g12', null))).toBe(true)
  })

  it('gives reporter contacts to the centre at the case level or above only', () => {
    const chief = createAccess({ userId: 'chief', memberships: MEMBERSHIPS, grids: GRIDS })
    const commander = createAccess({ userId: 'commander', memberships: MEMBERSHIPS, grids: GRIDS })
    const admin = createAccess({ userId: 'admin', memberships: MEMBERSHIPS, grids: GRIDS })
    expect([0, 1, 2].map(l => chief.canReadReporterContact(kase('g11', null, l as 0 | 1 | 2)))).toEqual([true, false, false])
    expect([0, 1, 2].map(l => commander.canReadReporterContact(kase('g11', null, l as 0 | 1 | 2)))).toEqual([true, true, false])
    expect([0, 1, 2].map(l => admin.canReadReporterContact(kase('g11', null, l as 0 | 1 | 2)))).toEqual([true, true, true])
  })

  it('shows managers the memberships below them and everyone their own', () => {
    const chief = createAccess({ userId: 'chief', memberships: MEMBERSHIPS, grids: GRIDS })
    const worker = createAccess({ userId: 'worker', memberships: MEMBERSHIPS, grids: GRIDS })
    const workerMembership = MEMBERSHIPS.find(m => m.userId === 'worker')!
    const commanderMembership = MEMBERSHIPS.find(m => m.userId === 'commander')!
    expect(chief.canReadMembership(workerMembership)).toBe(true)
    expect(chief.canReadMembership(commanderMembership)).toBe(false)
    expect(worker.canReadMembership(workerMembership)).toBe(true)
    expect(worker.canReadMembership(MEMBERSHIPS.find(m => m.userId === 'chief')!)).toBe(false)
  })

  it('lets a county admin edit the grid tree, memberships and reference data within the county', () => {
    const a = createAccess({ userId: 'admin', memberships: MEMBERSHIPS, grids: GRIDS })
    expect(a.canEditGridTree('w1')).toBe(true)
    expect(a.canEditGridTree('c1')).toBe(false)
    expect(a.canManageMemberships('t2')).toBe(true)
    // Its own county's reference data, not another county's.
    expect(a.canWriteReferenceData('330102')).toBe(true)
    expect(a.canWriteReferenceData('330103')).toBe(false)
  })
})
