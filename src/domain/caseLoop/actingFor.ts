// Who an event's actor acted for. The log records the membership role that permitted a move
// (a unit officer holds a grid-worker membership to see the township), not the capacity: a
// 派出所 officer accepting a case is logged as a grid worker. The capacity follows from the log
// itself: a unit move by someone who was not the case's assignee then was made for the lead unit.
import type { CaseEvent } from './machine'

/** Moves a unit officer makes for the lead unit (or, failing that, as the assignee). */
const LEAD_UNIT_MOVES = new Set(['decline', 'accept', 'report_back'])
/** Roles that act as a centre; a move by one of them is never a unit's. */
const CENTRE_ROLES = new Set(['village_chief', 'township_commander', 'county_admin'])

/** Per event (same order), the handling unit its actor acted for, or null when they acted in their own role. */
export function actingUnits(events: readonly CaseEvent[]): Array<string | null> {
  let leadUnitId: string | null = null
  let assigneeId: string | null = null
  return events.map((e) => {
    let unit: string | null = null
    const p = e.payload as { unitId?: string | null, leadUnitId?: string, assigneeId?: string | null }
    if (e.action === 'co_report' || ((e.action === 'decline' || e.action === 'report_back') && p.unitId))
      unit = p.unitId ?? null
    else if (LEAD_UNIT_MOVES.has(e.action) && e.actorId !== assigneeId)
      unit = leadUnitId
    else if (e.action === 'assign' && !CENTRE_ROLES.has(e.actorRole))
      unit = leadUnitId
    // Follow the case's lead unit and assignee as the log moves them.
    if (e.action === 'dispatch') {
      leadUnitId = p.leadUnitId ?? null
      assigneeId = p.assigneeId ?? null
    }
    else if (e.action === 'accept' || e.action === 'assign') {
      assigneeId = p.assigneeId ?? null
    }
    else if (e.action === 'decline') {
      leadUnitId = null
      assigneeId = null
    }
    return unit
  })
}
