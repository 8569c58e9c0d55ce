// Who may see and change what: the same rules the database enforces with row-level security
// (supabase/migrations/*_grids_staff_memberships.sql and the tables after it), in plain
// TypeScript for the embedded demo's "view as" switch. A database test checks that both agree.
//
// Scopes are computed from grid codes, as the database does: a grid's path is its code split into
// its non-zero segments, a membership covers the subtree below its grid's path, and a county
// admin's membership covers the whole county (the first segment).
import type { CaseRecord, Grid, Membership, Role } from './types'
import { parseGridCode } from './gridCode'

/** What a role lets its holder do within the subtrees it covers. */
export type Capability = 'read' | 'report' | 'manage' | 'admin'

/** The roles that carry each capability (private.read_scopes(), report_scopes(), ... in SQL). */
export const CAPABILITY_ROLES: Readonly<Record<Capability, readonly Role[]>> = Object.freeze({
  read: ['county_admin', 'township_commander', 'village_chief', 'grid_worker', 'wall_viewer'],
  report: ['county_admin', 'township_commander', 'village_chief', 'grid_worker'],
  manage: ['county_admin', 'township_commander', 'village_chief'],
  admin: ['county_admin'],
})

/** The centre that owns a case at escalation level 0, 1, 2 (same order as CENTRE_ROLE_BY_LEVEL in the case loop). */
const CENTRE_ROLES: readonly Role[] = ['village_chief', 'township_commander', 'county_admin']

/** The ltree path of a grid code as the database stores it, e.g. 330102001002000 -> 330102.001.002. */
export function gridPath(code: string): string {
  const p = parseGridCode(code)
  const segments = [p.county, p.township]
  if (p.level >= 2)
    segments.push(p.village)
  if (p.level >= 3)
    segments.push(p.grid)
  if (p.sub !== null)
    segments.push(p.sub)
  return segments.join('.')
}

/** The path a membership's role covers: its grid's path, or the county for a county admin. */
export function scopePath(role: Role, gridCode: string): string {
  const path = gridPath(gridCode)
  return role === 'county_admin' ? path.slice(0, path.indexOf('.')) : path
}

/** True when `path` is `scope` itself or lies below it (ltree `path <@ scope`). */
export function pathWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`)
}

/** Everything access decisions need to know about one user. */
export interface AccessContext {
  userId: string
  memberships: readonly Membership[]
  grids: readonly Grid[]
  /** Staff records linked to the user's login (staff.user_id), for "cases assigned to me". */
  staffIds?: readonly string[]
  /** Handling units the user acts for (public.unit_members), for the cases dispatched to them. */
  unitIds?: readonly string[]
}

/** Capability checks for one user, mirroring the table policies one to one. */
export interface Access {
  /** Grids the user can see: the union of the subtrees of all their memberships. */
  readonly visibleGridIds: ReadonlySet<string>
  /** grids, staff, cases, case events, patrol teams and routes, cameras, key places: select. */
  canRead: (gridId: string) => boolean
  /** create_case in this grid (which also records the reporter contact and the first event). */
  canCreateCaseIn: (gridId: string) => boolean
  /** staff, patrol teams and routes, cameras, key places: insert/update/delete; grids: update. */
  canManage: (gridId: string) => boolean
  /** grids: insert/delete (the grid tree is the county's). */
  canEditGridTree: (gridId: string) => boolean
  /** memberships: select. */
  canReadMembership: (membership: Membership) => boolean
  /** memberships: insert/update/delete. */
  canManageMemberships: (gridId: string) => boolean
  /** edit_case: correct title, description, address (managers in their subtree; grid workers on cases assigned to them in their grids). */
  canUpdateCase: (c: Pick<CaseRecord, 'gridId' | 'assigneeId'>) => boolean
  /**
   * case_contacts: select (the assignee, the members of its lead and co-handling units, each
   * within what they see, and the centre owning the case at its level or above).
   */
  canReadReporterContact: (c: Pick<CaseRecord, 'gridId' | 'assigneeId' | 'escalationLevel'> & Partial<Pick<CaseRecord, 'leadUnitId' | 'coHandlers'>>) => boolean
  /** The national reference data (category tree, national units and calendar): select. */
  canReadReferenceData: () => boolean
  /**
   * A county's own reference data (its units, category settings, calendars, unit officers,
   * roads): insert/update/delete, for its county admins. The national rows are service_role's.
   */
  canWriteReferenceData: (countyCode: string) => boolean
}

/** Builds the capability checks for one user over one dataset. */
export function createAccess(ctx: AccessContext): Access {
  const pathById = new Map<string, string>()
  const codeById = new Map<string, string>()
  for (const g of ctx.grids) {
    pathById.set(g.id, gridPath(g.code))
    codeById.set(g.id, g.code)
  }
  const own = ctx.memberships.filter(m => m.userId === ctx.userId && codeById.has(m.gridId))
  const scopesByRole = new Map<Role, string[]>()
  for (const m of own) {
    const list = scopesByRole.get(m.role) ?? []
    list.push(scopePath(m.role, codeById.get(m.gridId)!))
    scopesByRole.set(m.role, list)
  }
  const staffIds = new Set(ctx.staffIds ?? [])
  const unitIds = new Set(ctx.unitIds ?? [])

  const covers = (gridId: string, roles: readonly Role[]): boolean => {
    const path = pathById.get(gridId)
    if (path === undefined)
      return false
    return roles.some(role => (scopesByRole.get(role) ?? []).some(scope => pathWithin(path, scope)))
  }
  const can = (capability: Capability) => (gridId: string): boolean => covers(gridId, CAPABILITY_ROLES[capability])
  const isAssignee = (assigneeId: string | null): boolean => assigneeId !== null && staffIds.has(assigneeId)

  const handlesAsUnit = (c: Partial<Pick<CaseRecord, 'leadUnitId' | 'coHandlers'>>): boolean =>
    (c.leadUnitId != null && unitIds.has(c.leadUnitId)) || (c.coHandlers ?? []).some(h => unitIds.has(h.unitId))

  const visible = new Set(ctx.grids.filter(g => covers(g.id, CAPABILITY_ROLES.read)).map(g => g.id))
  return {
    visibleGridIds: visible,
    canRead: gridId => visible.has(gridId),
    canCreateCaseIn: can('report'),
    canManage: can('manage'),
    canEditGridTree: can('admin'),
    canReadMembership: m => m.userId === ctx.userId || covers(m.gridId, CAPABILITY_ROLES.manage),
    canManageMemberships: can('admin'),
    canUpdateCase: c => covers(c.gridId, CAPABILITY_ROLES.manage) || (isAssignee(c.assigneeId) && covers(c.gridId, ['grid_worker'])),
    canReadReporterContact: c => ((isAssignee(c.assigneeId) || handlesAsUnit(c)) && visible.has(c.gridId))
      || covers(c.gridId, CENTRE_ROLES.slice(c.escalationLevel)),
    canReadReferenceData: () => own.length > 0,
    canWriteReferenceData: countyCode => (scopesByRole.get('county_admin') ?? []).includes(countyCode),
  }
}

/** Ids of the grids a user can see: the union of the subtrees of all their memberships (county admins: their county). */
export function visibleGridIds(memberships: readonly Membership[], grids: readonly Grid[], userId: string): Set<string> {
  return new Set(createAccess({ userId, memberships, grids }).visibleGridIds)
}
