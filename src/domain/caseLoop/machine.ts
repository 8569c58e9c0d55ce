// The case loop (事件处置闭环) as one explicit, data-driven state machine. The same table is
// rendered into SQL (transitionsSql.ts) so the database's transition RPC enforces exactly these
// moves; a test compares the two. Everything here is plain data and pure functions.
import type { CaseOutcome, CaseRecord, CaseStatus, CoHandler, EscalationLevel, Membership, Millis, Role } from '../types'
import { CaseInputError, validateTransitionInput } from './validate'

// A Record so that a CaseStatus added to types.ts without a place here fails to compile.
const STATUS_ORDER: Record<CaseStatus, number> = {
  reported: 0,
  registered: 1,
  dispatched: 2,
  in_progress: 3,
  reported_back: 4,
  returned: 5,
  escalated: 6,
  closed: 7,
  cancelled: 8,
}

/** Every case status, in loop order. */
export const CASE_STATUSES: readonly CaseStatus[] = (Object.keys(STATUS_ORDER) as CaseStatus[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b])

/** Statuses in which no further work happens (reopen is the only way out of `closed`). */
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['closed', 'cancelled']

/** Every action the loop knows. */
export const CASE_ACTIONS = [
  'register',
  'dispatch',
  'decline',
  'accept',
  'assign',
  'report_back',
  'co_report',
  'verify_close',
  'return_for_rework',
  'escalate',
  'accept_escalation',
  'send_back_down',
  'reopen',
  'cancel',
  'supervise',
  'end_supervision',
  'remind',
] as const

/** An action on a case. */
export type CaseAction = typeof CASE_ACTIONS[number]

/**
 * How an actor must stand to the case for an action (any listed relation suffices):
 * - `centre`: a membership covering the case's grid whose role is the centre of the case's
 *   current escalation level or a higher one (village chief 0, township commander 1, county admin 2);
 * - `subtree`: a membership covering the case's grid (the grid or an ancestor; for a county
 *   admin, anywhere in its county — see ActorMembership.scopeGridIds);
 * - `assignee`: the person the case is assigned to;
 * - `lead_unit`: acts for the lead handling unit;
 * - `co_unit`: acts for one of the co-handling units.
 */
export type Relation = 'centre' | 'subtree' | 'assignee' | 'lead_unit' | 'co_unit'

/** Every relation, for tests and SQL checks. */
export const RELATIONS: readonly Relation[] = ['centre', 'subtree', 'assignee', 'lead_unit', 'co_unit']

/**
 * What an action needs besides the actor's right: input fields (`lead_unit`, `assignee`,
 * `result`, `outcome`, `reason`, `call_back`, `cancel_kind`) and conditions on the case
 * (`all_co_reported`, `co_report_pending`, `below_county`, `above_village`, `not_supervised`,
 * `supervised`).
 */
export type Requirement
  = | 'lead_unit'
    | 'assignee'
    | 'result'
    | 'outcome'
    | 'reason'
    | 'call_back'
    | 'cancel_kind'
    | 'all_co_reported'
    | 'co_report_pending'
    | 'below_county'
    | 'above_village'
    | 'not_supervised'
    | 'supervised'

/** One allowed move: `action` from `from` to `to`. The table holds one row per (action, from). */
export interface Transition {
  action: CaseAction
  from: CaseStatus
  to: CaseStatus
  roles: readonly Role[]
  relations: readonly Relation[]
  requires: readonly Requirement[]
  /** Keys of the event payload this move records. */
  records: readonly string[]
  /** False for moves that change no case field (a reminder): they log an event but leave the version alone, so they never make someone else's edit stale. */
  bumpsVersion: boolean
}

/** The roles that run a centre, lowest level first; index = the escalation level they own. */
export const CENTRE_ROLE_BY_LEVEL: readonly [Role, Role, Role] = ['village_chief', 'township_commander', 'county_admin']

const CENTRE: readonly Role[] = CENTRE_ROLE_BY_LEVEL
const STAFF: readonly Role[] = ['grid_worker', ...CENTRE_ROLE_BY_LEVEL]
const COMMANDERS: readonly Role[] = ['township_commander', 'county_admin']
const OPEN: readonly CaseStatus[] = ['reported', 'registered', 'dispatched', 'in_progress', 'reported_back', 'returned', 'escalated']
const WORKING: readonly CaseStatus[] = ['dispatched', 'in_progress', 'returned']

interface ActionSpec {
  action: CaseAction
  from: readonly CaseStatus[]
  /** 'same' keeps the status; a map gives the target per source status. */
  to: CaseStatus | 'same' | Partial<Record<CaseStatus, CaseStatus>>
  roles: readonly Role[]
  relations: readonly Relation[]
  requires: readonly Requirement[]
  records: readonly string[]
  bumpsVersion?: boolean
}

// The loop, one entry per action. Read top to bottom it is the path a case normally takes.
const SPECS: readonly ActionSpec[] = [
  { action: 'register', from: ['reported'], to: 'registered', roles: CENTRE, relations: ['centre'], requires: [], records: ['categoryCode', 'dueAt', 'note'] },
  { action: 'dispatch', from: ['registered'], to: 'dispatched', roles: CENTRE, relations: ['centre'], requires: ['lead_unit'], records: ['leadUnitId', 'coUnitIds', 'assigneeId', 'dueAt', 'note'] },
  // The unit says the case is not theirs (退单): back to the centre to dispatch elsewhere.
  { action: 'decline', from: ['dispatched'], to: 'registered', roles: STAFF, relations: ['lead_unit', 'assignee'], requires: ['reason'], records: ['unitId', 'reason'] },
  { action: 'accept', from: ['dispatched', 'returned'], to: 'in_progress', roles: STAFF, relations: ['lead_unit', 'assignee'], requires: [], records: ['assigneeId', 'note'] },
  { action: 'assign', from: WORKING, to: 'same', roles: STAFF, relations: ['centre', 'lead_unit'], requires: ['assignee'], records: ['assigneeId', 'previousAssigneeId'] },
  { action: 'report_back', from: ['in_progress'], to: 'reported_back', roles: STAFF, relations: ['lead_unit', 'assignee'], requires: ['result', 'outcome'], records: ['unitId', 'resultText', 'outcome'] },
  { action: 'co_report', from: [...WORKING, 'reported_back'], to: 'same', roles: STAFF, relations: ['co_unit'], requires: ['result', 'co_report_pending'], records: ['unitId', 'resultText', 'outcome'] },
  { action: 'verify_close', from: ['reported_back'], to: 'closed', roles: CENTRE, relations: ['centre'], requires: ['call_back', 'all_co_reported'], records: ['callBack', 'outcome', 'note'] },
  { action: 'return_for_rework', from: ['reported_back'], to: 'returned', roles: CENTRE, relations: ['centre'], requires: ['reason'], records: ['reason', 'coUnitIds'] },
  { action: 'escalate', from: ['registered', ...WORKING, 'reported_back'], to: 'escalated', roles: CENTRE, relations: ['centre'], requires: ['reason', 'below_county'], records: ['reason', 'fromLevel', 'toLevel'] },
  { action: 'accept_escalation', from: ['escalated'], to: 'registered', roles: CENTRE, relations: ['centre'], requires: [], records: ['level', 'dueAt', 'note'] },
  // A higher centre hands a case down: an escalation it declines, or a case that reached it directly (an urgent report) but belongs lower.
  { action: 'send_back_down', from: ['reported', 'registered', 'escalated'], to: { reported: 'reported', registered: 'registered', escalated: 'registered' }, roles: CENTRE, relations: ['centre'], requires: ['reason', 'above_village'], records: ['reason', 'fromLevel', 'toLevel'] },
  { action: 'reopen', from: ['closed'], to: 'registered', roles: CENTRE, relations: ['centre'], requires: ['reason'], records: ['reason', 'previousOutcome', 'previousClosedAt'] },
  { action: 'cancel', from: ['reported', 'registered', 'dispatched', 'escalated'], to: 'cancelled', roles: CENTRE, relations: ['centre'], requires: ['cancel_kind', 'reason'], records: ['kind', 'reason', 'duplicateOfId'] },
  { action: 'supervise', from: OPEN, to: 'same', roles: COMMANDERS, relations: ['subtree'], requires: ['reason', 'not_supervised'], records: ['reason'] },
  { action: 'end_supervision', from: OPEN, to: 'same', roles: COMMANDERS, relations: ['subtree'], requires: ['supervised'], records: ['note'] },
  { action: 'remind', from: OPEN, to: 'same', roles: CENTRE, relations: ['subtree'], requires: [], records: ['message', 'leadUnitId', 'assigneeId'], bumpsVersion: false },
]

function expand(spec: ActionSpec): Transition[] {
  return spec.from.map((from) => {
    const to = spec.to === 'same' ? from : typeof spec.to === 'string' ? spec.to : spec.to[from]
    if (to === undefined)
      throw new Error(`transition table: ${spec.action} from ${from} has no target`)
    return {
      action: spec.action,
      from,
      to,
      roles: spec.roles,
      relations: spec.relations,
      requires: spec.requires,
      records: spec.records,
      bumpsVersion: spec.bumpsVersion ?? true,
    }
  })
}

/** The whole machine as plain data, one row per (action, from-status); the database mirrors it row for row. */
export const TRANSITIONS: readonly Transition[] = Object.freeze(SPECS.flatMap(expand))

const BY_KEY = new Map(TRANSITIONS.map(t => [`${t.action}:${t.from}`, t]))
const ACTION_SET = new Set<string>(CASE_ACTIONS)

/** The row for `action` from `status`, or undefined when the move is not in the machine. */
export function findTransition(action: CaseAction, status: CaseStatus): Transition | undefined {
  return BY_KEY.get(`${action}:${status}`)
}

/** The statuses `action` may start from. */
export function fromStatuses(action: CaseAction): CaseStatus[] {
  return TRANSITIONS.filter(t => t.action === action).map(t => t.from)
}

export type { CoHandler }

/** The fields of a case the machine reads and writes. A CaseRecord plus its grid path fits. */
export type CaseLoopState = Pick<
  CaseRecord,
  'id' | 'gridId' | 'status' | 'escalationLevel' | 'categoryCode' | 'leadUnitId' | 'assigneeId' | 'outcome'
  | 'reportedAt' | 'registeredAt' | 'dispatchedAt' | 'reportedBackAt' | 'closedAt' | 'dueAt' | 'supervised' | 'version' | 'coHandlers'
> & {
  /** Grid ids from the territory root down to the case's grid, inclusive; the database keeps the same path on the row. */
  gridPath: readonly string[]
}

/** A membership as the machine sees it: a role on a grid, and the subtrees it covers. */
export interface ActorMembership extends Pick<Membership, 'gridId' | 'role'> {
  /**
   * Grid ids whose subtrees the membership covers; omitted, its own grid's. A county admin's
   * membership covers its whole county — every township of it — as in access.ts (scopePath) and
   * the database (memberships.scope_path); actorMemberships() fills it in.
   */
  scopeGridIds?: readonly string[]
}

/** Who is acting: their memberships and the handling units they act for. */
export interface Actor {
  userId: string
  memberships: readonly ActorMembership[]
  unitIds?: readonly string[]
}

/** How the reporter was called back before closing (回访). `none` needs a note saying why (e.g. anonymous report). */
export interface CallBack {
  method: 'phone' | 'visit' | 'sms' | 'none'
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null
  note: string | null
}

/** Why a case is cancelled. */
export type CancelKind = 'duplicate' | 'invalid'

/** The input each action takes (before the common `expectedVersion`). */
export interface ActionInputs {
  register: { categoryCode?: string, dueAt?: Millis, note?: string }
  dispatch: { leadUnitId: string, coUnitIds?: string[], assigneeId?: string | null, dueAt?: Millis, note?: string }
  decline: { reason: string }
  accept: { note?: string }
  assign: { assigneeId: string }
  report_back: { resultText: string, outcome: CaseOutcome }
  co_report: { unitId?: string, resultText: string, outcome?: CaseOutcome | null }
  verify_close: { callBack: CallBack, note?: string }
  return_for_rework: { reason: string, coUnitIds?: string[] }
  escalate: { reason: string }
  accept_escalation: { dueAt?: Millis, note?: string }
  send_back_down: { reason: string }
  reopen: { reason: string }
  cancel: { kind: CancelKind, reason: string, duplicateOfId?: string | null }
  supervise: { reason: string }
  end_supervision: { note?: string }
  remind: { message?: string }
}

/** Input of an action, with the version the actor last saw (optimistic concurrency). */
export type TransitionInput<A extends CaseAction> = ActionInputs[A] & { expectedVersion: number }

/** What each action records in the event log. */
export interface EventPayloads {
  register: { categoryCode: string, dueAt: Millis, note: string | null }
  dispatch: { leadUnitId: string, coUnitIds: string[], assigneeId: string | null, dueAt: Millis, note: string | null }
  decline: { unitId: string | null, reason: string }
  accept: { assigneeId: string, note: string | null }
  assign: { assigneeId: string, previousAssigneeId: string | null }
  report_back: { unitId: string | null, resultText: string, outcome: CaseOutcome }
  co_report: { unitId: string, resultText: string, outcome: CaseOutcome | null }
  verify_close: { callBack: CallBack, outcome: CaseOutcome | null, note: string | null }
  return_for_rework: { reason: string, coUnitIds: string[] }
  escalate: { reason: string, fromLevel: EscalationLevel, toLevel: EscalationLevel }
  accept_escalation: { level: EscalationLevel, dueAt: Millis, note: string | null }
  send_back_down: { reason: string, fromLevel: EscalationLevel, toLevel: EscalationLevel }
  reopen: { reason: string, previousOutcome: CaseOutcome | null, previousClosedAt: Millis | null }
  cancel: { kind: CancelKind, reason: string, duplicateOfId: string | null }
  supervise: { reason: string }
  end_supervision: { note: string | null }
  remind: { message: string | null, leadUnitId: string | null, assigneeId: string | null }
}

/** One entry of the append-only event log. `version` is the case's version after the event. */
export interface CaseEvent<A extends CaseAction = CaseAction> {
  caseId: string
  action: A
  from: CaseStatus
  to: CaseStatus
  actorId: string
  actorRole: Role
  at: Millis
  version: number
  payload: EventPayloads[A]
}

/** Why a move was refused. */
export type CaseTransitionErrorCode
  = | 'unknown_action'
    | 'stale_version'
    | 'illegal_transition'
    | 'not_permitted'
    | 'precondition_failed'
    | 'missing_input'
    | 'invalid_input'

/** A refused move; `code` is stable for the UI and the database, `message` says what and why. */
export class CaseTransitionError extends Error {
  constructor(
    readonly code: CaseTransitionErrorCode,
    message: string,
    readonly action: string,
    readonly status: CaseStatus,
    /** The input field at fault, for missing/invalid input. */
    readonly field: string | null = null,
  ) {
    super(message)
    this.name = 'CaseTransitionError'
  }
}

/** The escalation level a new case starts at: urgent reports go straight to the township centre. */
export function initialEscalationLevel(urgent: boolean): EscalationLevel {
  return urgent ? 1 : 0
}

/** Roles that may report a new case in a grid they cover (the database's insert policy mirrors this). */
export const REPORT_ROLES: readonly Role[] = STAFF

/** True when a membership covers the grid at the end of `gridPath` (grid ids from the territory root down). */
export function coversGrid(m: ActorMembership, gridPath: readonly string[]): boolean {
  return (m.scopeGridIds ?? [m.gridId]).some(id => gridPath.includes(id))
}

/** True when the actor may report a case in the grid at the end of `gridPath`. */
export function canReport(actor: Actor, gridPath: readonly string[]): boolean {
  return actor.memberships.some(m => REPORT_ROLES.includes(m.role) && coversGrid(m, gridPath))
}

function roleRank(role: Role): number {
  return CENTRE_ROLE_BY_LEVEL.indexOf(role)
}

function relationHolds(relation: Relation, m: ActorMembership, actor: Actor, s: CaseLoopState): boolean {
  switch (relation) {
    case 'subtree':
      return coversGrid(m, s.gridPath)
    case 'centre':
      return coversGrid(m, s.gridPath) && roleRank(m.role) >= s.escalationLevel
    case 'assignee':
      return s.assigneeId !== null && s.assigneeId === actor.userId
    case 'lead_unit':
      return s.leadUnitId !== null && (actor.unitIds ?? []).includes(s.leadUnitId)
    case 'co_unit':
      return (s.coHandlers ?? []).some(c => (actor.unitIds ?? []).includes(c.unitId))
  }
}

/** The role under which the actor may make this move, or null when they may not. */
export function permittingRole(t: Transition, actor: Actor, state: CaseLoopState): Role | null {
  for (const m of actor.memberships) {
    if (t.roles.includes(m.role) && t.relations.some(r => relationHolds(r, m, actor, state)))
      return m.role
  }
  return null
}

function actorCoUnits(actor: Actor, s: Pick<CaseLoopState, 'coHandlers'>): CoHandler[] {
  return (s.coHandlers ?? []).filter(c => (actor.unitIds ?? []).includes(c.unitId))
}

/**
 * The co-handling units of this case the actor may report for now (acts for them, not yet
 * reported), in dispatch order: with more than one, a 协办反馈 must name its unit.
 */
export function coReportUnits(state: Pick<CaseLoopState, 'coHandlers'>, actor: Actor): string[] {
  return actorCoUnits(actor, state).filter(c => c.reportedAt === null).map(c => c.unitId)
}

/** The first unmet condition on the case (not on the input) for this move, as a message; null when all hold. */
function failedCondition(t: Transition, actor: Actor, s: CaseLoopState): string | null {
  for (const r of t.requires) {
    switch (r) {
      case 'all_co_reported': {
        const pending = (s.coHandlers ?? []).filter(c => c.reportedAt === null).map(c => c.unitId)
        if (s.reportedBackAt === null)
          return 'the lead unit has not reported back'
        if (pending.length > 0)
          return `co-handling unit(s) ${pending.join(', ')} have not reported`
        break
      }
      case 'co_report_pending':
        if (!actorCoUnits(actor, s).some(c => c.reportedAt === null))
          return 'your co-handling unit has already reported'
        break
      case 'below_county':
        if (s.escalationLevel >= 2)
          return 'the case is already at the county centre, the top level'
        break
      case 'above_village':
        if (s.escalationLevel <= 0)
          return 'the case is already at the village centre, the lowest level'
        break
      case 'not_supervised':
        if (s.supervised)
          return 'the case is already listed for supervision'
        break
      case 'supervised':
        if (!s.supervised)
          return 'the case is not listed for supervision'
        break
      default:
        break
    }
  }
  return null
}

function refuse(code: CaseTransitionErrorCode, action: string, s: CaseLoopState, why: string, field: string | null = null): CaseTransitionError {
  return new CaseTransitionError(code, `Cannot ${action.replace(/_/g, ' ')} case ${s.id}: ${why}`, action, s.status, field)
}

/** Actions this actor could take on the case now (status, right and case conditions; input not considered). For buttons. */
export function availableActions(state: CaseLoopState, actor: Actor): CaseAction[] {
  return TRANSITIONS
    .filter(t => t.from === state.status && permittingRole(t, actor, state) !== null && failedCondition(t, actor, state) === null)
    .map(t => t.action)
}

// A case back at the centre (registered) has no handler: whoever takes it next is dispatched afresh.
function undispatched(): Partial<CaseLoopState> {
  return { leadUnitId: null, coHandlers: [], assigneeId: null, dispatchedAt: null }
}

/** The most days ahead a deadline may be set (private.max_deadline_days() in the database). */
export const MAX_DEADLINE_DAYS = 366

/**
 * A deadline given with a move, or the case's own. A given one must lie after `now` and at most
 * MAX_DEADLINE_DAYS ahead: 1970 and the year 10000 are typing slips, not deadlines.
 */
function boundedDueAt(given: Millis | undefined, current: Millis, now: Millis): Millis {
  if (given === undefined)
    return current
  if (given <= now || given > now + MAX_DEADLINE_DAYS * 86_400_000)
    throw new CaseInputError('dueAt', 'out_of_range', `must be after now and at most ${MAX_DEADLINE_DAYS} days ahead`)
  return given
}

type Step<A extends CaseAction> = (s: CaseLoopState, input: TransitionInput<A>, actor: Actor, now: Millis) => { patch: Partial<CaseLoopState>, payload: EventPayloads[A] }

function unitOf(actor: Actor, s: CaseLoopState): string | null {
  return s.leadUnitId !== null && (actor.unitIds ?? []).includes(s.leadUnitId) ? s.leadUnitId : null
}

const STEPS: { [A in CaseAction]: Step<A> } = {
  register: (s, i, _a, now) => {
    const categoryCode = i.categoryCode ?? s.categoryCode
    const dueAt = boundedDueAt(i.dueAt, s.dueAt, now)
    return {
      patch: { registeredAt: s.registeredAt ?? now, categoryCode, dueAt },
      payload: { categoryCode, dueAt, note: i.note ?? null },
    }
  },
  dispatch: (s, i, _a, now) => {
    const coUnitIds = i.coUnitIds ?? []
    if (coUnitIds.includes(i.leadUnitId))
      throw new CaseInputError('coUnitIds', 'invalid', 'the lead unit cannot also be a co-handling unit')
    if (new Set(coUnitIds).size !== coUnitIds.length)
      throw new CaseInputError('coUnitIds', 'invalid', 'a co-handling unit is listed twice')
    const dueAt = boundedDueAt(i.dueAt, s.dueAt, now)
    const assigneeId = i.assigneeId ?? null
    return {
      patch: {
        leadUnitId: i.leadUnitId,
        coHandlers: coUnitIds.map(unitId => ({ unitId, reportedAt: null, outcome: null })),
        assigneeId,
        dispatchedAt: now,
        reportedBackAt: null,
        outcome: null,
        dueAt,
      },
      payload: { leadUnitId: i.leadUnitId, coUnitIds, assigneeId, dueAt, note: i.note ?? null },
    }
  },
  decline: (s, i, a) => ({
    patch: undispatched(),
    payload: { unitId: unitOf(a, s), reason: i.reason },
  }),
  accept: (s, i, a) => {
    // Whoever takes the case up without a named assignee becomes its assignee, so "my cases" finds it.
    const assigneeId = s.assigneeId ?? a.userId
    return { patch: { assigneeId }, payload: { assigneeId, note: i.note ?? null } }
  },
  assign: (s, i) => ({
    patch: { assigneeId: i.assigneeId },
    payload: { assigneeId: i.assigneeId, previousAssigneeId: s.assigneeId },
  }),
  report_back: (s, i, a, now) => ({
    patch: { reportedBackAt: now, outcome: i.outcome },
    payload: { unitId: unitOf(a, s), resultText: i.resultText, outcome: i.outcome },
  }),
  co_report: (s, i, a, now) => {
    const mine = coReportUnits(s, a)
    let unitId: string
    if (i.unitId !== undefined) {
      if (!mine.includes(i.unitId))
        throw new CaseInputError('unitId', 'invalid', `unit ${i.unitId} is not a co-handling unit of this case you act for, or it has already reported`)
      unitId = i.unitId
    }
    else if (mine.length === 1) {
      unitId = mine[0]!
    }
    else {
      throw new CaseInputError('unitId', 'required', 'you act for several co-handling units: say which one reports')
    }
    const outcome = i.outcome ?? null
    return {
      patch: { coHandlers: (s.coHandlers ?? []).map(c => (c.unitId === unitId ? { unitId, reportedAt: now, outcome } : c)) },
      payload: { unitId, resultText: i.resultText, outcome },
    }
  },
  verify_close: (s, i, _a, now) => ({
    patch: { closedAt: now },
    payload: { callBack: i.callBack, outcome: s.outcome, note: i.note ?? null },
  }),
  return_for_rework: (s, i) => {
    const coUnitIds = i.coUnitIds ?? []
    const known = new Set((s.coHandlers ?? []).map(c => c.unitId))
    const stranger = coUnitIds.find(u => !known.has(u))
    if (stranger !== undefined)
      throw new CaseInputError('coUnitIds', 'invalid', `unit ${stranger} is not a co-handling unit of this case`)
    return {
      patch: {
        reportedBackAt: null,
        outcome: null,
        coHandlers: (s.coHandlers ?? []).map(c => (coUnitIds.includes(c.unitId) ? { unitId: c.unitId, reportedAt: null, outcome: null } : c)),
      },
      payload: { reason: i.reason, coUnitIds },
    }
  },
  escalate: (s, i) => {
    const toLevel = (s.escalationLevel + 1) as EscalationLevel
    return { patch: { escalationLevel: toLevel }, payload: { reason: i.reason, fromLevel: s.escalationLevel, toLevel } }
  },
  accept_escalation: (s, i, _a, now) => {
    const dueAt = boundedDueAt(i.dueAt, s.dueAt, now)
    return { patch: { ...undispatched(), dueAt }, payload: { level: s.escalationLevel, dueAt, note: i.note ?? null } }
  },
  send_back_down: (s, i) => {
    const toLevel = (s.escalationLevel - 1) as EscalationLevel
    return { patch: { ...undispatched(), escalationLevel: toLevel }, payload: { reason: i.reason, fromLevel: s.escalationLevel, toLevel } }
  },
  reopen: (s, i) => ({
    patch: { ...undispatched(), closedAt: null, reportedBackAt: null, outcome: null },
    payload: { reason: i.reason, previousOutcome: s.outcome, previousClosedAt: s.closedAt },
  }),
  cancel: (_s, i) => {
    if (i.kind === 'duplicate' && (i.duplicateOfId ?? null) === null)
      throw new CaseInputError('duplicateOfId', 'required', 'a duplicate must name the case it duplicates')
    return { patch: {}, payload: { kind: i.kind, reason: i.reason, duplicateOfId: i.duplicateOfId ?? null } }
  },
  supervise: (_s, i) => ({ patch: { supervised: true }, payload: { reason: i.reason } }),
  end_supervision: (_s, i) => ({ patch: { supervised: false }, payload: { note: i.note ?? null } }),
  remind: (s, i) => ({ patch: {}, payload: { message: i.message ?? null, leadUnitId: s.leadUnitId, assigneeId: s.assigneeId } }),
}

/**
 * Applies one action. Checks, in this order, and throws CaseTransitionError on the first failure:
 * known action, version (stale_version), status (illegal_transition), the actor's role and
 * relation (not_permitted), conditions on the case (precondition_failed), and the input
 * (missing_input / invalid_input, naming the field). Returns the next state — every field of
 * `state` kept, the moved ones replaced — and the event to append.
 */
export function applyAction<S extends CaseLoopState, A extends CaseAction>(
  state: S,
  action: A,
  actor: Actor,
  input: TransitionInput<A>,
  now: Millis,
): { next: S, event: CaseEvent<A> } {
  if (!ACTION_SET.has(action))
    throw refuse('unknown_action', String(action), state, `"${String(action)}" is not a case action`)
  const raw = input as unknown
  const expectedVersion = typeof raw === 'object' && raw !== null ? (raw as { expectedVersion?: unknown }).expectedVersion : undefined
  if (typeof expectedVersion !== 'number' || !Number.isInteger(expectedVersion))
    throw refuse('missing_input', action, state, 'the version you edited (expectedVersion) is required', 'expectedVersion')
  if (expectedVersion !== state.version)
    throw refuse('stale_version', action, state, `someone else changed it since you opened it (you edited version ${expectedVersion}, it is now at version ${state.version}); reload and try again`)
  const t = findTransition(action, state.status)
  if (t === undefined) {
    const allowed = fromStatuses(action)
    throw refuse('illegal_transition', action, state, `it is ${state.status}; this is only possible when it is ${allowed.join(' or ')}`)
  }
  const role = permittingRole(t, actor, state)
  if (role === null)
    throw refuse('not_permitted', action, state, notPermittedReason(t, actor, state))
  const condition = failedCondition(t, actor, state)
  if (condition !== null)
    throw refuse('precondition_failed', action, state, condition)
  let patch: Partial<CaseLoopState>
  let payload: EventPayloads[A]
  try {
    const checked = validateTransitionInput(action, raw)
    ;({ patch, payload } = (STEPS[action] as Step<A>)(state, checked, actor, now))
  }
  catch (e) {
    if (e instanceof CaseInputError)
      throw refuse(e.reason === 'required' ? 'missing_input' : 'invalid_input', action, state, e.message, e.field)
    throw e
  }
  const version = t.bumpsVersion ? state.version + 1 : state.version
  const next = { ...state, ...patch, status: t.to, version } as S
  const event: CaseEvent<A> = { caseId: state.id, action, from: state.status, to: t.to, actorId: actor.userId, actorRole: role, at: now, version, payload }
  return { next, event }
}

function notPermittedReason(t: Transition, actor: Actor, s: CaseLoopState): string {
  const roles = new Set(actor.memberships.map(m => m.role))
  if (!t.roles.some(r => roles.has(r)))
    return `it needs the role ${t.roles.join(', ')}; you are ${[...roles].join(', ') || 'without a role'}`
  const needs = t.relations.map((r) => {
    switch (r) {
      case 'centre': return `the centre at its current level (${CENTRE_ROLE_BY_LEVEL[s.escalationLevel]} or above, over its grid)`
      case 'subtree': return 'a member of a grid that contains it'
      case 'assignee': return 'its assignee'
      case 'lead_unit': return 'in its lead handling unit'
      case 'co_unit': return 'in one of its co-handling units'
    }
    return r
  })
  return `only someone ${needs.join(' or ')} may do this`
}
