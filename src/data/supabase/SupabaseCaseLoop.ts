import type { Json } from '../../../supabase/types.generated'
// The case loop on a Supabase project: one RPC per CaseLoopSource method
// (supabase/migrations/20261121200200_case_loop_rpcs.sql). The database runs the same state
// machine as the demo (case_transition reads the transition table generated from machine.ts), so
// this class only shapes requests, maps rows and turns refusals into DataErrors.
import type { CaseContact, CaseLoopSource, WriteOptions } from '../CaseLoopSource'
import type { PinganSupabaseClient } from './client'
import type { RpcResult } from './errors'
import type { Actor, CaseAction, CaseEvent, CaseNotice, NewCaseInput, TransitionInput } from '~/domain/caseLoop'
import type { CaseRecord, CaseStatus, Grid, LngLat, Role } from '~/domain/types'
import { CASE_ACTIONS, CASE_STATUSES, NOTICE_ACTIONS, PHOTO_TYPES, PHOTO_UPLOAD_RULES } from '~/domain/caseLoop'
import { DataError } from '../DataSource'
import { checkPhoto, idempotencyKeyOf } from '../inputErrors'
import { newUuid } from '../uuid'
import { caseLoopError, runRpc } from './errors'
import { cappedFromJson, caseFromJson, gridsFromFeatureCollection, myAccessFromJson, toMillis } from './mappers'
import { isUuid } from './SupabaseDataSource'

/**
 * What this class needs of supabase-js: calling an RPC, Storage, and the session (whose user id
 * names the folder a photo is uploaded to). Typed without the generated schema so the case-loop
 * RPCs need not be in supabase/types.generated.ts for this file to compile; the app passes its
 * one typed client.
 */
export type CaseLoopClient = Pick<PinganSupabaseClient, 'rpc' | 'storage' | 'auth'>

/** The private Storage bucket holding case photos (supabase/migrations/20261122200000_case_photos_storage.sql). */
export const PHOTO_BUCKET = 'case-photos'
/** How long a signed photo URL stays valid, in seconds: long enough for a drawer left open. */
export const PHOTO_URL_TTL_S = 3600
// What uploadPhoto names objects: the uploader's user id as the folder (the bucket's insert policy
// requires it), a fresh uuid and the type's extension — nothing the uploader chose.
const UUID_PART = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const PHOTO_PATH = new RegExp(`^${UUID_PART}/${UUID_PART}\\.(?:jpg|png|webp)$`)

/** The case-loop SQLSTATEs and their DataError kinds (defined with the other error mappings). */
export { CASE_LOOP_SQLSTATES } from './errors'

/**
 * CaseLoopSource on Supabase. Every call runs as the signed-in user: the reads under row-level
 * security, create_case and case_transition as definer (they alone write the event log) with every
 * right checked against auth.uid() inside them. Times cross as epoch milliseconds, as in the read RPCs.
 */
export class SupabaseCaseLoop implements CaseLoopSource {
  constructor(private client: CaseLoopClient) {}

  private run<T>(action: string, call: () => PromiseLike<RpcResult>, map: (data: unknown) => T): Promise<T> {
    return runRpc(action, call, map, caseLoopError)
  }

  async actor(): Promise<Actor> {
    return this.run('Loading who you are', () => this.client.rpc('my_access'), (data) => {
      const actor = actorFromMyAccess(data)
      if (actor === null)
        throw new DataError('forbidden', 'Sign in to work on cases')
      return actor
    })
  }

  async locateGrid(location: LngLat): Promise<Grid | null> {
    const grids = await this.run('Finding the grid of a point', () => this.client.rpc('locate_grid', { p_lng: location[0], p_lat: location[1] }), data => gridsFromFeatureCollection(data, 'locate_grid'))
    return grids[0] ?? null
  }

  async getCase(caseId: string): Promise<CaseRecord | null> {
    if (!isUuid(caseId))
      return null
    const page = await this.run('Loading a case', () => this.client.rpc('cases_in_view', { p_ids: [caseId] }), data => cappedFromJson(data, 'cases', caseFromJson, 'cases_in_view'))
    return page.items[0] ?? null
  }

  async createCase(input: NewCaseInput, options?: WriteOptions): Promise<CaseRecord> {
    const key = idempotencyKey(options)
    return this.run('Reporting a case', () => this.client.rpc('create_case', { p_input: asJson(input), ...key }), data => caseLoopRecord(data, 'create_case'))
  }

  async transitionCase<A extends CaseAction>(caseId: string, action: A, input: TransitionInput<A>, options?: WriteOptions): Promise<CaseRecord> {
    const key = idempotencyKey(options)
    if (!isUuid(caseId))
      throw notFound(caseId)
    // The version travels as its own argument; the rest is the action's input as the machine takes it.
    const { expectedVersion, ...rest } = input as TransitionInput<A> & Record<string, unknown>
    return this.run(
      `Case action ${action}`,
      () => this.client.rpc('case_transition', { p_case_id: caseId, p_action: action, p_input: asJson(rest), p_expected_version: expectedVersion, ...key }),
      data => caseLoopRecord(data, 'case_transition'),
    )
  }

  async listCaseEvents(caseId: string): Promise<CaseEvent[]> {
    if (!isUuid(caseId))
      throw notFound(caseId)
    const page = await this.run('Loading the case timeline', () => this.client.rpc('case_events_of', { p_case_id: caseId }), data => cappedFromJson(data, 'events', v => v, 'case_events_of'))
    // The intake row ("create") is no move of the machine: the record's reportedAt tells it, as in
    // the demo. Corrections ("edit", edit_case) are logged beside the moves and not shown as moves.
    return page.items.flatMap((r, i) => {
      const action = (r as { action?: unknown } | null)?.action
      return action === 'create' || action === 'edit' ? [] : [caseEventFromJson(r, `case_events_of.events[${i}]`)]
    })
  }

  async getCaseContact(caseId: string): Promise<CaseContact | null> {
    if (!isUuid(caseId))
      return null
    return this.run('Loading the reporter contact', () => this.client.rpc('case_contact', { p_case_id: caseId }), (data) => {
      if (data === null || data === undefined)
        return null
      const o = object(data, 'case_contact')
      return { name: stringOrNull(o, 'name', 'case_contact'), phone: stringOrNull(o, 'phone', 'case_contact') }
    })
  }

  async uploadPhoto(file: Blob, name: string): Promise<string> {
    const type = checkPhoto(file, name)
    const { data } = await this.client.auth.getSession()
    const uploader = data.session?.user.id
    if (!uploader)
      throw new DataError('forbidden', `Uploading "${name}" failed: sign in to upload photos`)
    // Under the uploader's folder (the bucket's policy binds each object to who uploaded it), named
    // by a fresh uuid so no upload can overwrite another or leak the file name.
    const path = `${uploader}/${newUuid()}.${PHOTO_TYPES[type]}`
    let result: { error: StorageFailure | null }
    try {
      result = await this.client.storage.from(PHOTO_BUCKET).upload(path, file, { contentType: type, upsert: false })
    }
    catch (error) {
      throw new DataError('unavailable', `Uploading "${name}" failed: the server could not be reached`, undefined, { cause: error })
    }
    if (result.error)
      throw storageError(result.error, `Uploading "${name}"`, PHOTO_UPLOAD_RULES)
    return path
  }

  async photoUrl(photoId: string): Promise<string | null> {
    if (!PHOTO_PATH.test(photoId))
      return null
    try {
      const { data, error } = await this.client.storage.from(PHOTO_BUCKET).createSignedUrl(photoId, PHOTO_URL_TTL_S)
      // Storage answers "not found" alike for a missing object and one the select policy hides.
      return error || !data ? null : data.signedUrl
    }
    catch {
      return null
    }
  }

  async listNotices(): Promise<CaseNotice[]> {
    return this.run('Loading your reminders', () => this.client.rpc('my_notices'), (data) => {
      if (!Array.isArray(data))
        return malformed('my_notices', 'is not an array', data)
      return data.map((n, i) => noticeFromJson(n, `my_notices[${i}]`))
    })
  }

  async markNoticeRead(noticeId: string): Promise<void> {
    // Notice ids are the log's bigint ids; anything else names no notice (and is not sent).
    if (!/^\d{1,15}$/.test(noticeId))
      throw new DataError('not_found', `notice ${noticeId} does not exist or is not addressed to you`)
    await this.run('Marking a reminder read', () => this.client.rpc('mark_notice_read', { p_event_id: Number(noticeId) }), () => undefined)
  }
}

/** What supabase-js's Storage errors carry: the HTTP status and Storage's own code (often the intended status as text). */
interface StorageFailure {
  message: string
  status?: number
  statusCode?: string
}

/**
 * A DataError for a failed Storage request. Storage answers many refusals as HTTP 400 with the
 * meaning in statusCode ("403" for a policy, "413" too large, "415" wrong type), so that comes first.
 */
export function storageError(error: StorageFailure, action: string, forbiddenBecause?: string): DataError {
  const code = Number(error.statusCode ?? error.status)
  const kind = error.status === undefined && error.statusCode === undefined
    ? 'unavailable'
    : code === 401 || code === 403
      ? 'forbidden'
      : code === 404
        ? 'not_found'
        : code === 409
          ? 'conflict'
          : code === 400 || code === 413 || code === 415 || code === 422
            ? 'invalid'
            : 'unknown'
  const reason = kind === 'unavailable'
    ? 'the server could not be reached'
    : kind === 'forbidden' && forbiddenBecause !== undefined ? `${error.message} (${forbiddenBecause})` : error.message
  return new DataError(kind, `${action} failed: ${reason}`, { status: error.status ?? null, statusCode: error.statusCode ?? null, message: error.message })
}

/** The RPC argument carrying a write's idempotency key; none without a key, so the request is as before keys existed. */
function idempotencyKey(options: WriteOptions | undefined): { p_idempotency_key?: string } {
  const key = idempotencyKeyOf(options)
  return key === null ? {} : { p_idempotency_key: key }
}

function notFound(caseId: string): DataError {
  return new DataError('not_found', `case ${caseId} does not exist or is not visible to you`)
}

/**
 * The case-loop inputs as the Json the generated RPC signatures take: plain objects of strings,
 * numbers, arrays and nulls, built by the domain; TypeScript interfaces lack Json's index signature.
 */
function asJson(value: object): Json {
  return value as unknown as Json
}

function malformed(path: string, problem: string, value: unknown): never {
  const shown = JSON.stringify(value)
  throw new DataError('unknown', `unexpected data from the server: ${path} ${problem} (got ${shown === undefined ? 'nothing' : shown.slice(0, 80)})`, { path, value })
}

function object(value: unknown, path: string): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : malformed(path, 'is not an object', value)
}

function stringOrNull(o: Record<string, unknown>, key: string, path: string): string | null {
  const v = o[key]
  return v === null || v === undefined ? null : typeof v === 'string' ? v : malformed(`${path}.${key}`, 'is not a string', v)
}

/** A CaseRecord from create_case / case_transition: the read RPCs' shape plus the address when there is one. */
function caseLoopRecord(value: unknown, path: string): CaseRecord {
  const record = caseFromJson(value, path)
  const address = stringOrNull(object(value, path), 'address', path)
  return address === null ? record : { ...record, address }
}

/**
 * The case-loop Actor of a my_access answer, or null when nobody is signed in. Cases are assigned
 * to staff records, so a user linked to one acts as it (as case_transition does); each membership
 * keeps the grids it covers (scopeGridIds: a county admin's whole county), which a database
 * without that key leaves to the machine's default, the membership's own grid.
 */
export function actorFromMyAccess(data: unknown): Actor | null {
  const access = myAccessFromJson(data, 'my_access')
  if (access.userId === null)
    return null
  const raw = object(data, 'my_access').memberships as unknown[]
  return {
    userId: access.staffIds[0] ?? access.userId,
    memberships: access.memberships.map((m, i) => {
      const scope = scopeGridIdsFromJson(raw[i], `my_access.memberships[${i}]`)
      return scope === null ? { gridId: m.gridId, role: m.role } : { gridId: m.gridId, role: m.role, scopeGridIds: scope }
    }),
    unitIds: unitIdsFromJson(data),
  }
}

function scopeGridIdsFromJson(value: unknown, path: string): string[] | null {
  const raw = object(value, path).scopeGridIds
  if (raw === undefined || raw === null)
    return null
  if (!Array.isArray(raw))
    return malformed(`${path}.scopeGridIds`, 'is not an array', raw)
  return raw.map((id, i) => typeof id === 'string' ? id : malformed(`${path}.scopeGridIds[${i}]`, 'is not a string', id))
}

/** The unit ids my_access adds for the case loop ([] from a database without unit members). */
function unitIdsFromJson(value: unknown): string[] {
  const raw = object(value, 'my_access').unitIds
  if (raw === undefined || raw === null)
    return []
  if (!Array.isArray(raw))
    return malformed('my_access.unitIds', 'is not an array', raw)
  return raw.map((u, i) => typeof u === 'string' ? u : malformed(`my_access.unitIds[${i}]`, 'is not a string', u))
}

const ROLES: readonly Role[] = ['county_admin', 'township_commander', 'village_chief', 'grid_worker', 'wall_viewer']

function oneOf<T extends string>(o: Record<string, unknown>, key: string, allowed: readonly T[], path: string): T {
  const v = o[key]
  return allowed.includes(v as T) ? v as T : malformed(`${path}.${key}`, `is not one of ${allowed.join('|')}`, v)
}

/** One event of case_events_of as a CaseEvent. The payload is the machine's EventPayloads object, passed on as stored. */
export function caseEventFromJson(value: unknown, path = 'event'): CaseEvent {
  const o = object(value, path)
  const version = o.version
  if (typeof version !== 'number' || !Number.isInteger(version))
    malformed(`${path}.version`, 'is not a whole number', version)
  const caseId = o.caseId
  if (typeof caseId !== 'string')
    malformed(`${path}.caseId`, 'is not a string', caseId)
  const actorId = o.actorId
  if (typeof actorId !== 'string')
    malformed(`${path}.actorId`, 'is not a string', actorId)
  return {
    caseId,
    action: oneOf(o, 'action', CASE_ACTIONS, path),
    from: oneOf<CaseStatus>(o, 'from', CASE_STATUSES, path),
    to: oneOf<CaseStatus>(o, 'to', CASE_STATUSES, path),
    actorId,
    actorRole: oneOf(o, 'actorRole', ROLES, path),
    at: toMillis(o.at, `${path}.at`),
    version,
    payload: object(o.payload, `${path}.payload`),
  } as CaseEvent
}

/** One entry of my_notices as a CaseNotice. */
export function noticeFromJson(value: unknown, path = 'notice'): CaseNotice {
  const o = object(value, path)
  const text = (key: string): string => typeof o[key] === 'string' ? o[key] as string : malformed(`${path}.${key}`, 'is not a string', o[key])
  if (typeof o.read !== 'boolean')
    malformed(`${path}.read`, 'is not a boolean', o.read)
  return {
    id: text('id'),
    kind: oneOf(o, 'kind', NOTICE_ACTIONS, path),
    caseId: text('caseId'),
    caseCode: text('caseCode'),
    caseTitle: text('caseTitle'),
    caseStatus: oneOf<CaseStatus>(o, 'caseStatus', CASE_STATUSES, path),
    at: toMillis(o.at, `${path}.at`),
    actorId: text('actorId'),
    actorRole: oneOf(o, 'actorRole', ROLES, path),
    message: stringOrNull(o, 'message', path),
    read: o.read as boolean,
  }
}
