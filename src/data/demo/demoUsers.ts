// Who is who in the embedded demo: the sign-ins of "view as", the one who acts for the township's
// handling units, and which staff records and units each demo user is. Kept apart from the case
// loop so the read side (DemoDataSource) can know them without loading the state machine.
import type { DemoDataset } from '~/demo'
import type { Role, StaffRole, UnitMembership } from '~/domain/types'
import type { UnitId } from '~/domain/units'

/** The demo sign-in that acts for handling units: it accepts, handles and reports back what the centre dispatches to them. */
export const DEMO_UNIT_HANDLER = 'demo-unit-handler'

/**
 * The units the demo unit handler acts for: the township offices most cases are dispatched to
 * (综治办, 派出所, 司法所, 信访办, 村镇建设办), so "view as" can walk the whole loop between
 * the township commander and this one person.
 */
export const DEMO_UNIT_HANDLER_UNITS: readonly UnitId[] = ['governance', 'police', 'justice', 'petition', 'construction']

/** The demo dataset plus who acts for which handling unit. */
export interface DemoCaseLoopDataset extends DemoDataset {
  unitMemberships: UnitMembership[]
}

/**
 * Adds the demo unit handler to a generated dataset, in place and idempotently: a grid-worker
 * membership on the township (to see and report across it) and unit memberships for
 * DEMO_UNIT_HANDLER_UNITS. Kept here, not in the generator, because who acts for a unit is a
 * case-loop matter the generator's output (and its seed.sql) need not carry.
 */
export function withDemoUnitHandlers(data: DemoDataset): DemoCaseLoopDataset {
  const out = data as DemoCaseLoopDataset
  const township = data.grids.find(g => g.level === 1)
  if (township && !data.memberships.some(m => m.userId === DEMO_UNIT_HANDLER))
    data.memberships.push({ userId: DEMO_UNIT_HANDLER, gridId: township.id, role: 'grid_worker' })
  out.unitMemberships ??= []
  for (const unitId of DEMO_UNIT_HANDLER_UNITS) {
    if (!out.unitMemberships.some(u => u.userId === DEMO_UNIT_HANDLER && u.unitId === unitId))
      out.unitMemberships.push({ userId: DEMO_UNIT_HANDLER, unitId })
  }
  return out
}

// Which staff record a role's holder is on their grid, as supabase/seed/demo.ts links the demo logins.
const STAFF_ROLE: Partial<Record<Role, StaffRole>> = {
  township_commander: 'commander',
  village_chief: 'chief',
  grid_worker: 'worker',
}

/** The staff records a demo user is (first staff of the matching role on each membership grid), as the Supabase seed links logins. */
export function demoStaffIdsOf(data: Pick<DemoDataset, 'memberships' | 'staff'>, userId: string): string[] {
  const ids: string[] = []
  for (const m of data.memberships) {
    const role = STAFF_ROLE[m.role]
    if (m.userId !== userId || role === undefined)
      continue
    const staff = data.staff.find(s => s.gridId === m.gridId && s.role === role)
    if (staff && !ids.includes(staff.id))
      ids.push(staff.id)
  }
  return ids
}

/** The units a demo user acts for. */
export function demoUnitIdsOf(data: Partial<Pick<DemoCaseLoopDataset, 'unitMemberships'>>, userId: string): string[] {
  return (data.unitMemberships ?? []).filter(u => u.userId === userId).map(u => u.unitId)
}

/**
 * The demo's users, one per role (their memberships come with the demo township), plus the unit
 * handler who acts for the township's offices in the case loop. `label` is the i18n key naming them.
 */
export const DEMO_VIEWERS: ReadonlyArray<{ id: string, role: Role, label: string }> = [
  { id: 'demo-county-admin', role: 'county_admin', label: 'role.county_admin' },
  { id: 'demo-township-commander', role: 'township_commander', label: 'role.township_commander' },
  { id: 'demo-village-chief', role: 'village_chief', label: 'role.village_chief' },
  { id: 'demo-grid-worker', role: 'grid_worker', label: 'role.grid_worker' },
  { id: 'demo-wall-viewer', role: 'wall_viewer', label: 'role.wall_viewer' },
  { id: DEMO_UNIT_HANDLER, role: 'grid_worker', label: 'role.unit_handler' },
]
