// The memberships of an Actor, scoped as access.ts and the database scope them: a membership covers
// its grid's subtree, a county admin's the whole county. The machine sees only grid ids, so each
// membership carries the grids at the top of what it covers.
import type { Grid, Membership } from '../types'
import type { ActorMembership } from './machine'
import { gridPath, pathWithin, scopePath } from '../access'

/**
 * A user's memberships for the case-loop Actor, each with `scopeGridIds`: its own grid, or for a
 * county admin every top-level grid (township) of its county, in code order. Memberships on grids
 * missing from `grids` are left out, as access.ts leaves them out.
 */
export function actorMemberships(memberships: readonly Membership[], grids: readonly Grid[], userId: string): ActorMembership[] {
  const byId = new Map(grids.map(g => [g.id, g]))
  const roots = grids.filter(g => g.parentId === null).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const out: ActorMembership[] = []
  for (const m of memberships) {
    const grid = byId.get(m.gridId)
    if (m.userId !== userId || grid === undefined)
      continue
    const scope = scopePath(m.role, grid.code)
    const scopeGridIds = m.role === 'county_admin' ? roots.filter(r => pathWithin(gridPath(r.code), scope)).map(r => r.id) : [m.gridId]
    out.push({ gridId: m.gridId, role: m.role, scopeGridIds })
  }
  return out
}
