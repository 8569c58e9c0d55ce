import type { CaseRecord } from '../types'
import type { Actor } from './machine'
import { CENTRE_ROLE_BY_LEVEL, coversGrid } from './machine'

/**
 * Whether the actor handles the case, and so may read its reporter's contact: its assignee, a
 * member of its lead or a co-handling unit, or the centre that owns it at its escalation level or
 * above (a village chief loses it once the case goes up to the township). Mirrors the database's
 * contact policies. `personIds` are the ids the actor may be assigned under (user and staff ids).
 */
export function isCaseHandler(
  actor: Actor,
  c: Pick<CaseRecord, 'assigneeId' | 'escalationLevel' | 'leadUnitId' | 'coHandlers'>,
  gridPath: readonly string[],
  personIds: readonly string[] = [actor.userId],
): boolean {
  if (c.assigneeId !== null && personIds.includes(c.assigneeId))
    return true
  const units = actor.unitIds ?? []
  if ((c.leadUnitId !== null && units.includes(c.leadUnitId)) || (c.coHandlers ?? []).some(h => units.includes(h.unitId)))
    return true
  return actor.memberships.some(m => CENTRE_ROLE_BY_LEVEL.indexOf(m.role) >= c.escalationLevel && coversGrid(m, gridPath))
}
