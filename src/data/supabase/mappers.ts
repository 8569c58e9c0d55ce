// Server JSON -> domain types, at the boundary. The read RPCs already answer in the domain's shape
// (camelCase keys, epoch milliseconds, GeoJSON), so mapping is mostly checking: a row that does
// not have the shape the screens rely on fails here with the field it broke on, not later in a
// chart. Keys are also accepted in snake_case and times as ISO strings, the way plain table reads
// return them, so a later switch from an RPC to a table read needs no new mapper.
import type { LineString, MultiPolygon } from 'geojson'
import type { GridKpiReport, GridKpiRow } from '../DataSource'
import type { CaseKpis } from '~/domain/kpi'
import type { Camera, CameraKind, CameraStatus, CaseOutcome, CaseRecord, CaseSource, CaseStatus, CoHandler, EscalationLevel, Grid, GridLevel, KeyPlace, KeyPlaceKind, LngLat, Millis, PatrolDays, PatrolRoute, PatrolSchedule, PatrolTeam, PatrolTeamKind, Road, Role, Staff, StaffRole, TimeWindow } from '~/domain/types'
import { DataError } from '../DataSource'

/** Raised (as a DataError of kind 'unknown') when the server's JSON lacks the expected shape. */
function malformed(path: string, problem: string, value: unknown): never {
  const shown = JSON.stringify(value)
  throw new DataError('unknown', `unexpected data from the server: ${path} ${problem} (got ${shown === undefined ? 'nothing' : shown.slice(0, 80)})`, { path, value })
}

type Json = Record<string, unknown>

function snake(key: string): string {
  return key.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`)
}

/** A JSON object with typed field readers that name the field in their error. */
class Fields {
  constructor(readonly path: string, private o: Json) {}

  static of(value: unknown, path: string): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      malformed(path, 'is not an object', value)
    return new Fields(path, value as Json)
  }

  raw(key: string): unknown {
    return key in this.o ? this.o[key] : this.o[snake(key)]
  }

  at(key: string): string {
    return `${this.path}.${key}`
  }

  str(key: string): string {
    const v = this.raw(key)
    return typeof v === 'string' ? v : malformed(this.at(key), 'is not a string', v)
  }

  strOrNull(key: string): string | null {
    const v = this.raw(key)
    return v === null || v === undefined ? null : this.str(key)
  }

  num(key: string): number {
    const v = this.raw(key)
    return typeof v === 'number' && Number.isFinite(v) ? v : malformed(this.at(key), 'is not a finite number', v)
  }

  numOrNull(key: string): number | null {
    const v = this.raw(key)
    return v === null || v === undefined ? null : this.num(key)
  }

  bool(key: string): boolean {
    const v = this.raw(key)
    return typeof v === 'boolean' ? v : malformed(this.at(key), 'is not a boolean', v)
  }

  millis(key: string): Millis {
    return toMillis(this.raw(key), this.at(key))
  }

  millisOrNull(key: string): Millis | null {
    const v = this.raw(key)
    return v === null || v === undefined ? null : toMillis(v, this.at(key))
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.raw(key)
    return allowed.includes(v as T) ? v as T : malformed(this.at(key), `is not one of ${allowed.join('|')}`, v)
  }

  oneOfOrNull<T extends string>(key: string, allowed: readonly T[]): T | null {
    const v = this.raw(key)
    return v === null || v === undefined ? null : this.oneOf(key, allowed)
  }

  array(key: string): unknown[] {
    const v = this.raw(key)
    return Array.isArray(v) ? v : malformed(this.at(key), 'is not an array', v)
  }

  obj(key: string): Fields {
    return Fields.of(this.raw(key), this.at(key))
  }
}

/** Epoch milliseconds from a number or an ISO 8601 timestamp (what PostgREST returns for timestamptz). */
export function toMillis(value: unknown, path = 'time'): Millis {
  if (typeof value === 'number' && Number.isFinite(value))
    return value
  if (typeof value === 'string') {
    const ms = Date.parse(value)
    if (!Number.isNaN(ms))
      return ms
  }
  return malformed(path, 'is not a time', value)
}

function arrayOf(value: unknown, path: string): unknown[] {
  return Array.isArray(value) ? value : malformed(path, 'is not an array', value)
}

function lngLat(value: unknown, path: string): LngLat {
  if (!Array.isArray(value) || value.length < 2 || !value.every(n => typeof n === 'number' && Number.isFinite(n)))
    malformed(path, 'is not a [lng, lat] position', value)
  const [lng, lat] = value as number[]
  if (lng! < -180 || lng! > 180 || lat! < -90 || lat! > 90)
    malformed(path, 'is outside WGS 84 bounds', value)
  return [lng!, lat!]
}

function positions(value: unknown, path: string, minLength: number): LngLat[] {
  const list = arrayOf(value, path)
  if (list.length < minLength)
    malformed(path, `has fewer than ${minLength} positions`, value)
  return list.map((p, i) => lngLat(p, `${path}[${i}]`))
}

function multiPolygon(value: unknown, path: string): MultiPolygon {
  const g = Fields.of(value, path)
  const type = g.str('type')
  const coords = g.array('coordinates')
  // ST_AsGeoJSON of a MultiPolygon column; a Polygon is accepted and wrapped (e.g. a simplified overview).
  const polygons = type === 'MultiPolygon' ? coords : type === 'Polygon' ? [coords] : malformed(g.at('type'), 'is not MultiPolygon', type)
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((poly, i) => arrayOf(poly, `${g.at('coordinates')}[${i}]`)
      .map((ring, j) => positions(ring, `${g.at('coordinates')}[${i}][${j}]`, 4))),
  }
}

function lineString(value: unknown, path: string): LineString {
  const g = Fields.of(value, path)
  if (g.str('type') !== 'LineString')
    malformed(g.at('type'), 'is not LineString', g.raw('type'))
  return { type: 'LineString', coordinates: positions(g.raw('coordinates'), g.at('coordinates'), 2) }
}

const GRID_LEVELS: readonly GridLevel[] = [1, 2, 3, 4]

/** One grid from a GeoJSON Feature of grids_geojson / grid_lineage (properties + geometry). */
export function gridFromFeature(feature: unknown, path = 'grid'): Grid {
  const f = Fields.of(feature, path)
  const p = f.obj('properties')
  const level = p.num('level')
  if (!GRID_LEVELS.includes(level as GridLevel))
    malformed(p.at('level'), 'is not 1–4', level)
  return {
    id: p.str('id'),
    code: p.str('code'),
    level: level as GridLevel,
    parentId: p.strOrNull('parentId'),
    name: p.str('name'),
    nameEn: p.str('nameEn'),
    boundary: multiPolygon(f.raw('geometry'), f.at('geometry')),
    labelPoint: lngLat(p.raw('labelPoint'), p.at('labelPoint')),
    areaKm2: p.num('areaKm2'),
    chiefId: p.strOrNull('chiefId'),
    workerIds: p.array('workerIds').map((id, i) => typeof id === 'string' ? id : malformed(`${p.at('workerIds')}[${i}]`, 'is not a string', id)),
    households: p.num('households'),
    population: p.num('population'),
  }
}

/** Every grid of a FeatureCollection, in the server's order. */
export function gridsFromFeatureCollection(value: unknown, path = 'grids'): Grid[] {
  const fc = Fields.of(value, path)
  if (fc.raw('type') !== 'FeatureCollection')
    malformed(fc.at('type'), 'is not FeatureCollection', fc.raw('type'))
  return fc.array('features').map((f, i) => gridFromFeature(f, `${fc.at('features')}[${i}]`))
}

const CASE_SOURCES: readonly CaseSource[] = ['patrol', 'visit', 'phone', 'letter', 'camera', 'handover', 'sweep']
const CASE_STATUSES: readonly CaseStatus[] = ['reported', 'registered', 'dispatched', 'in_progress', 'reported_back', 'returned', 'escalated', 'closed', 'cancelled']
const CASE_OUTCOMES: readonly CaseOutcome[] = ['resolved', 'mediated', 'unresolvable', 'referred']

function coHandler(value: unknown, path: string): CoHandler {
  const h = Fields.of(value, path)
  return { unitId: h.str('unitId'), reportedAt: h.millisOrNull('reportedAt'), outcome: h.oneOfOrNull('outcome', CASE_OUTCOMES) }
}

/** One case (cases_in_view row). Co-handlers are always an array, empty when there are none. */
export function caseFromJson(value: unknown, path = 'case'): CaseRecord {
  const c = Fields.of(value, path)
  const escalation = c.num('escalationLevel')
  if (escalation !== 0 && escalation !== 1 && escalation !== 2)
    malformed(c.at('escalationLevel'), 'is not 0, 1 or 2', escalation)
  const coHandlers = c.raw('coHandlers')
  const photoIds = c.raw('photoIds')
  return {
    id: c.str('id'),
    code: c.str('code'),
    categoryCode: c.str('categoryCode'),
    title: c.str('title'),
    description: c.str('description'),
    source: c.oneOf('source', CASE_SOURCES),
    status: c.oneOf('status', CASE_STATUSES),
    outcome: c.oneOfOrNull('outcome', CASE_OUTCOMES),
    urgent: c.bool('urgent'),
    location: lngLat(c.raw('location'), c.at('location')),
    ...(c.raw('address') === undefined ? {} : { address: c.strOrNull('address') }),
    gridId: c.str('gridId'),
    escalationLevel: escalation as EscalationLevel,
    leadUnitId: c.strOrNull('leadUnitId'),
    coHandlers: coHandlers === null || coHandlers === undefined ? [] : arrayOf(coHandlers, c.at('coHandlers')).map((h, i) => coHandler(h, `${c.at('coHandlers')}[${i}]`)),
    assigneeId: c.strOrNull('assigneeId'),
    reportedAt: c.millis('reportedAt'),
    registeredAt: c.millisOrNull('registeredAt'),
    dispatchedAt: c.millisOrNull('dispatchedAt'),
    reportedBackAt: c.millisOrNull('reportedBackAt'),
    closedAt: c.millisOrNull('closedAt'),
    dueAt: c.millis('dueAt'),
    supervised: c.bool('supervised'),
    version: c.num('version'),
    ...(photoIds === null || photoIds === undefined ? {} : { photoIds: arrayOf(photoIds, c.at('photoIds')).map((p, i) => typeof p === 'string' ? p : malformed(`${c.at('photoIds')}[${i}]`, 'is not a string', p)) }),
  }
}

// grid_kpis answers with every CaseKpis figure; the contract's GridKpis is the first seven.
function kpisFromJson(value: unknown, path: string): CaseKpis {
  const k = Fields.of(value, path)
  return {
    total: k.num('total'),
    open: k.num('open'),
    overdue: k.num('overdue'),
    closed: k.num('closed'),
    resolved: k.num('resolved'),
    resolutionRate: k.numOrNull('resolutionRate'),
    onTimeRate: k.numOrNull('onTimeRate'),
    dueToClose: k.num('dueToClose'),
    closedOfDue: k.num('closedOfDue'),
    closingRate: k.numOrNull('closingRate'),
    closedOnTimeOfDue: k.num('closedOnTimeOfDue'),
    onTimeClosingRate: k.numOrNull('onTimeClosingRate'),
    disputes: k.num('disputes'),
    disputesResolved: k.num('disputesResolved'),
    disputeResolutionRate: k.numOrNull('disputeResolutionRate'),
    closedInPeriod: k.num('closedInPeriod'),
    avgHandlingMs: k.numOrNull('avgHandlingMs'),
  }
}

function kpiRow(value: unknown, path: string): GridKpiRow {
  const r = Fields.of(value, path)
  return { gridId: r.str('gridId'), kpis: kpisFromJson(r.raw('kpis'), r.at('kpis')) }
}

/** The grid_kpis report: the grid's figures and each child's, children in the server's order. */
export function kpiReportFromJson(value: unknown, path = 'kpis'): GridKpiReport {
  const r = Fields.of(value, path)
  return {
    grid: kpiRow(r.raw('grid'), r.at('grid')),
    children: r.array('children').map((c, i) => kpiRow(c, `${r.at('children')}[${i}]`)),
  }
}

const STAFF_ROLES: readonly StaffRole[] = ['commander', 'chief', 'worker', 'helper']

/** One member of staff (list_staff row). */
export function staffFromJson(value: unknown, path = 'staff'): Staff {
  const s = Fields.of(value, path)
  return { id: s.str('id'), name: s.str('name'), role: s.oneOf('role', STAFF_ROLES), gridId: s.str('gridId'), phoneMasked: s.str('phoneMasked') }
}

const TEAM_KINDS: readonly PatrolTeamKind[] = ['police', 'militia', 'volunteer', 'security']

/** One patrol team (list_patrol_teams row). */
export function patrolTeamFromJson(value: unknown, path = 'patrolTeam'): PatrolTeam {
  const t = Fields.of(value, path)
  return {
    id: t.str('id'),
    name: t.str('name'),
    nameEn: t.str('nameEn'),
    kind: t.oneOf('kind', TEAM_KINDS),
    gridId: t.str('gridId'),
    memberCount: t.num('memberCount'),
    leaderId: t.strOrNull('leaderId'),
    // Absent from a server older than the posts migration: no post, as the column's default.
    post: t.raw('post') == null ? null : lngLat(t.raw('post'), t.at('post')),
  }
}

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/

function schedule(value: unknown, path: string): PatrolSchedule {
  const s = Fields.of(value, path)
  const d = s.obj('days')
  const kind = d.oneOf('kind', ['daily', 'odd', 'even', 'weekdays'] as const)
  let days: PatrolDays
  if (kind === 'weekdays') {
    const weekdays = d.array('weekdays').map((n, i) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 7
      ? n as number
      : malformed(`${d.at('weekdays')}[${i}]`, 'is not an ISO weekday 1–7', n))
    days = { kind, weekdays }
  }
  else {
    days = { kind }
  }
  const windows = s.array('windows').map((w, i): TimeWindow => {
    const t = Fields.of(w, `${s.at('windows')}[${i}]`)
    const start = t.str('start')
    const end = t.str('end')
    if (!HH_MM.test(start) || !HH_MM.test(end))
      malformed(t.path, 'is not an HH:MM window', w)
    return { start, end }
  })
  return { days, windows }
}

/** One patrol route (list_patrol_routes row). */
export function patrolRouteFromJson(value: unknown, path = 'patrolRoute'): PatrolRoute {
  const r = Fields.of(value, path)
  return {
    id: r.str('id'),
    teamId: r.str('teamId'),
    name: r.str('name'),
    nameEn: r.str('nameEn'),
    path: lineString(r.raw('path'), r.at('path')),
    lengthKm: r.num('lengthKm'),
    schedule: schedule(r.raw('schedule'), r.at('schedule')),
  }
}

const CAMERA_KINDS: readonly CameraKind[] = ['junction', 'key_place', 'checkpoint', 'road']
const CAMERA_STATUSES: readonly CameraStatus[] = ['online', 'offline']

/** One camera (list_cameras row). */
export function cameraFromJson(value: unknown, path = 'camera'): Camera {
  const c = Fields.of(value, path)
  return {
    id: c.str('id'),
    code: c.str('code'),
    name: c.str('name'),
    kind: c.oneOf('kind', CAMERA_KINDS),
    location: lngLat(c.raw('location'), c.at('location')),
    bearing: c.num('bearing'),
    fov: c.num('fov'),
    rangeM: c.num('rangeM'),
    status: c.oneOf('status', CAMERA_STATUSES),
    gridId: c.str('gridId'),
  }
}

const PLACE_KINDS: readonly KeyPlaceKind[] = ['school', 'market', 'clinic', 'government', 'police', 'construction', 'factory', 'station', 'square', 'temple']

/** One key place (list_key_places row). */
export function keyPlaceFromJson(value: unknown, path = 'keyPlace'): KeyPlace {
  const k = Fields.of(value, path)
  return {
    id: k.str('id'),
    name: k.str('name'),
    nameEn: k.str('nameEn'),
    kind: k.oneOf('kind', PLACE_KINDS),
    location: lngLat(k.raw('location'), k.at('location')),
    gridId: k.str('gridId'),
  }
}

/** One road (list_roads row). */
export function roadFromJson(value: unknown, path = 'road'): Road {
  const r = Fields.of(value, path)
  return { id: r.str('id'), name: r.str('name'), kind: r.oneOf('kind', ['main', 'village'] as const), path: lineString(r.raw('path'), r.at('path')) }
}

/** Maps a JSON array with `one`, naming the index of a bad element. */
export function listFromJson<T>(value: unknown, one: (v: unknown, path: string) => T, path: string): T[] {
  return arrayOf(value, path).map((v, i) => one(v, `${path}[${i}]`))
}

/** A capped answer of a list RPC: the items under `key`, how many matched and whether the answer was cut. */
export interface CappedList<T> {
  items: T[]
  total: number
  truncated: boolean
}

/** A list RPC's capped answer ({<key>: [...], total, truncated, limit}), each item mapped with `one`. */
export function cappedFromJson<T>(value: unknown, key: string, one: (v: unknown, path: string) => T, path: string): CappedList<T> {
  const page = Fields.of(value, path)
  return { items: listFromJson(page.raw(key), one, page.at(key)), total: page.num('total'), truncated: page.bool('truncated') }
}

/** A membership of the signed-in user, with its grid's code and level for the role-dependent UI. */
export interface AccessMembership {
  gridId: string
  gridCode: string
  gridLevel: GridLevel
  role: Role
}

/** Who the signed-in user is to the database (my_access). */
export interface MyAccess {
  /** null when the request carried no user (the anonymous key). */
  userId: string | null
  /** Staff records linked to the login ("cases assigned to me"). */
  staffIds: string[]
  /** Handling units the user acts for (cases led or co-handled by them); empty until the server reports them. */
  unitIds: string[]
  memberships: AccessMembership[]
}

const ROLES: readonly Role[] = ['county_admin', 'township_commander', 'village_chief', 'grid_worker', 'wall_viewer']

/** The my_access answer. */
export function myAccessFromJson(value: unknown, path = 'myAccess'): MyAccess {
  const a = Fields.of(value, path)
  return {
    userId: a.strOrNull('userId'),
    staffIds: a.array('staffIds').map((id, i) => typeof id === 'string' ? id : malformed(`${a.at('staffIds')}[${i}]`, 'is not a string', id)),
    unitIds: a.raw('unitIds') === undefined ? [] : a.array('unitIds').map((id, i) => typeof id === 'string' ? id : malformed(`${a.at('unitIds')}[${i}]`, 'is not a string', id)),
    memberships: a.array('memberships').map((m, i) => {
      const f = Fields.of(m, `${a.at('memberships')}[${i}]`)
      const level = f.num('gridLevel')
      if (!GRID_LEVELS.includes(level as GridLevel))
        malformed(f.at('gridLevel'), 'is not 1–4', level)
      return { gridId: f.str('gridId'), gridCode: f.str('gridCode'), gridLevel: level as GridLevel, role: f.oneOf('role', ROLES) }
    }),
  }
}
