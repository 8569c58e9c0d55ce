// Turns a territory dataset (the domain types of src/domain/types.ts, as the demo generator
// produces them) into seed SQL for the Supabase schema: plain INSERTs in dependency order, with
// demo logins in auth.users so every role can sign in on a seeded project.
import type { Geometry } from 'geojson'
import type { DeadlineUnit } from '~/domain/categories'
import type { Camera, CaseRecord, Grid, KeyPlace, LngLat, Membership, Millis, PatrolRoute, PatrolTeam, Road, Staff, UnitMembership } from '~/domain/types'
import { CATEGORY_TREE } from '~/domain/categories'
import { UNITS } from '~/domain/units'
import { demoUserEmail, toUuid } from './ids'

/** A login to create in auth.users; `staffId` links it to a staff record ("cases assigned to me"). */
export interface SeedUser {
  id: string
  email?: string
  staffId?: string | null
}

/** A row of the category tree; majors have a null parent and no defaults. */
export interface SeedCategory {
  code: string
  parentCode: string | null
  name: string
  nameEn: string
  sortOrder: number
  isDispute: boolean
  defaultDeadline: { amount: number, unit: DeadlineUnit } | null
  defaultUnitId: string | null
  urgentByDefault: boolean
}

/** A handling unit; ids are the demo's unit ids (src/domain/units.ts). */
export interface SeedUnit {
  id: string
  name: string
  nameEn: string
  gridId: string | null
}

/** Reporter contact of a case, kept apart from the case itself. */
export interface SeedCaseContact {
  caseId: string
  reporterName: string
  reporterPhone: string
}

/** Everything a seed holds. The first nine fields are what generateDemoTownship returns. */
export interface SeedDataset {
  grids: readonly Grid[]
  roads: readonly Road[]
  keyPlaces: readonly KeyPlace[]
  patrolTeams: readonly PatrolTeam[]
  patrolRoutes: readonly PatrolRoute[]
  cameras: readonly Camera[]
  cases: readonly CaseRecord[]
  staff: readonly Staff[]
  memberships: readonly Membership[]
  /** Defaults to one login per distinct membership user, linked to no staff record. */
  users?: readonly SeedUser[]
  /** Defaults to the category tree of src/domain/categories.ts. */
  categories?: readonly SeedCategory[]
  /** Defaults to the units of src/domain/units.ts, territory-wide. */
  units?: readonly SeedUnit[]
  caseContacts?: readonly SeedCaseContact[]
  /** Who acts for which handling unit (public.unit_members); each user needs a login. */
  unitMemberships?: readonly UnitMembership[]
}

/** Password of every seeded login. Seeds are for local and demo projects only. */
export const DEMO_PASSWORD = 'pingan-demo-2026'

/** The category tree of the embedded demo as seed rows. */
export function defaultCategories(): SeedCategory[] {
  return CATEGORY_TREE.flatMap((major, i) => [
    { code: major.code, parentCode: null, name: major.name, nameEn: major.nameEn, sortOrder: i, isDispute: false, defaultDeadline: null, defaultUnitId: null, urgentByDefault: false },
    ...major.subcategories.map((sub, j) => ({
      code: sub.code,
      parentCode: major.code,
      name: sub.name,
      nameEn: sub.nameEn,
      sortOrder: j,
      isDispute: sub.isDispute,
      defaultDeadline: { amount: sub.defaultDeadline.amount, unit: sub.defaultDeadline.unit },
      defaultUnitId: sub.defaultUnitId,
      urgentByDefault: sub.urgentByDefault,
    })),
  ])
}

/** The handling units of the embedded demo as seed rows. */
export function defaultUnits(): SeedUnit[] {
  return UNITS.map(u => ({ id: u.id, name: u.name, nameEn: u.nameEn, gridId: null }))
}

/** The logins a dataset implies: its explicit users, or one per distinct membership user. */
export function seedUsers(dataset: SeedDataset): SeedUser[] {
  if (dataset.users)
    return [...dataset.users]
  return [...new Set(dataset.memberships.map(m => m.userId))].sort().map(id => ({ id }))
}

/** A SQL string literal (standard_conforming_strings: only quotes need doubling). */
export function sqlText(value: string | null): string {
  if (value === null)
    return 'null'
  if (value.includes('\u0000'))
    throw new Error('text contains a NUL character, which PostgreSQL cannot store')
  return `'${value.replace(/'/g, '\'\'')}'`
}

function sqlNumber(value: number | null): string {
  if (value === null)
    return 'null'
  if (!Number.isFinite(value))
    throw new Error(`not a finite number: ${value}`)
  return String(value)
}

function sqlUuid(id: string | null): string {
  return id === null ? 'null' : `'${toUuid(id)}'`
}

function sqlUuidArray(ids: readonly string[]): string {
  return `'{${ids.map(toUuid).join(',')}}'::uuid[]`
}

function sqlTime(ms: Millis | null): string {
  return ms === null ? 'null' : `'${new Date(ms).toISOString()}'::timestamptz`
}

function sqlBool(value: boolean): string {
  return value ? 'true' : 'false'
}

function sqlJson(value: unknown): string {
  return `${sqlText(JSON.stringify(value))}::jsonb`
}

function sqlGeometry(geometry: Geometry): string {
  return `extensions.st_setsrid(extensions.st_geomfromgeojson(${sqlText(JSON.stringify(geometry))}), 4326)`
}

function sqlPoint([lng, lat]: LngLat): string {
  return `extensions.st_setsrid(extensions.st_makepoint(${sqlNumber(lng)}, ${sqlNumber(lat)}), 4326)`
}

/** Multi-row INSERTs of at most `chunk` rows each; nothing for no rows. */
function insert(table: string, columns: readonly string[], rows: readonly string[][], chunk = 500): string {
  const out: string[] = []
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map(r => `  (${r.join(', ')})`).join(',\n')
    out.push(`insert into ${table} (${columns.join(', ')}) values\n${values};`)
  }
  return out.join('\n')
}

const roundMs = (ms: Millis | null): Millis | null => (ms === null ? null : Math.round(ms))

/**
 * The dataset as the database stores it: case times rounded to whole milliseconds (timestamptz
 * keeps microseconds, but the RPCs return epoch milliseconds as integers). Expectations for the
 * database are computed from this, so they compare like with like.
 */
export function storedDataset<T extends SeedDataset>(dataset: T): T {
  return {
    ...dataset,
    cases: dataset.cases.map(c => ({
      ...c,
      reportedAt: Math.round(c.reportedAt),
      registeredAt: roundMs(c.registeredAt),
      dispatchedAt: roundMs(c.dispatchedAt),
      reportedBackAt: roundMs(c.reportedBackAt),
      closedAt: roundMs(c.closedAt),
      dueAt: Math.round(c.dueAt),
      ...(c.coHandlers ? { coHandlers: c.coHandlers.map(h => ({ ...h, reportedAt: roundMs(h.reportedAt) })) } : {}),
    })),
  }
}

/** Parents before children, so the grid trigger finds each parent. */
function gridsInTreeOrder(grids: readonly Grid[]): Grid[] {
  return [...grids].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

/** The seed SQL for a dataset: one transaction, safe to load into a freshly migrated database. */
export function buildSeedSql(source: SeedDataset, options: { header?: string, password?: string } = {}): string {
  const dataset = storedDataset(source)
  const password = options.password ?? DEMO_PASSWORD
  const users = seedUsers(dataset)
  const staffUser = new Map(users.filter(u => u.staffId).map(u => [u.staffId!, u.id]))
  const categories = dataset.categories ?? defaultCategories()
  const units = dataset.units ?? defaultUnits()
  const now = 'now()'

  const parts: string[] = [
    options.header ?? '-- Seed data for Pingan Grid. Generated; do not edit by hand.',
    'begin;',
    '-- grids.chief_id -> staff is checked at commit, so grids and staff can go in either order.',
    'set constraints all deferred;',
    '',
    '-- Logins (password for all: see DEMO_PASSWORD in supabase/seed/seedSql.ts).',
    insert('auth.users', ['instance_id', 'id', 'aud', 'role', 'email', 'encrypted_password', 'email_confirmed_at', 'raw_app_meta_data', 'raw_user_meta_data', 'created_at', 'updated_at', 'confirmation_token', 'recovery_token', 'email_change_token_new', 'email_change'], users.map(u => [
      '\'00000000-0000-0000-0000-000000000000\'',
      sqlUuid(u.id),
      '\'authenticated\'',
      '\'authenticated\'',
      sqlText(u.email ?? demoUserEmail(u.id)),
      `extensions.crypt(${sqlText(password)}, extensions.gen_salt('bf'))`,
      now,
      sqlJson({ provider: 'email', providers: ['email'] }),
      sqlJson({ demoUserId: u.id }),
      now,
      now,
      '\'\'',
      '\'\'',
      '\'\'',
      '\'\'',
    ])),
    insert('auth.identities', ['provider_id', 'user_id', 'identity_data', 'provider', 'last_sign_in_at', 'created_at', 'updated_at'], users.map(u => [
      sqlText(toUuid(u.id)),
      sqlUuid(u.id),
      sqlJson({ sub: toUuid(u.id), email: u.email ?? demoUserEmail(u.id), email_verified: true }),
      '\'email\'',
      now,
      now,
      now,
    ])),
    '',
    insert('public.units', ['id', 'name', 'name_en', 'grid_id'], units.map(u => [sqlText(u.id), sqlText(u.name), sqlText(u.nameEn), sqlUuid(u.gridId)])),
    insert('public.categories', ['code', 'parent_code', 'name', 'name_en', 'sort_order', 'is_dispute', 'default_deadline_amount', 'default_deadline_unit', 'default_unit_id', 'urgent_by_default'], [...categories].sort((a, b) => Number(a.parentCode !== null) - Number(b.parentCode !== null)).map(c => [
      sqlText(c.code),
      sqlText(c.parentCode),
      sqlText(c.name),
      sqlText(c.nameEn),
      sqlNumber(c.sortOrder),
      sqlBool(c.isDispute),
      sqlNumber(c.defaultDeadline?.amount ?? null),
      sqlText(c.defaultDeadline?.unit ?? null),
      sqlText(c.defaultUnitId),
      sqlBool(c.urgentByDefault),
    ])),
    '',
    insert('public.grids', ['id', 'code', 'parent_id', 'name', 'name_en', 'boundary', 'label_point', 'area_km2', 'households', 'population', 'chief_id', 'worker_ids'], gridsInTreeOrder(dataset.grids).map(g => [
      sqlUuid(g.id),
      sqlText(g.code),
      sqlUuid(g.parentId),
      sqlText(g.name),
      sqlText(g.nameEn),
      sqlGeometry(g.boundary),
      sqlPoint(g.labelPoint),
      sqlNumber(g.areaKm2),
      sqlNumber(g.households),
      sqlNumber(g.population),
      sqlUuid(g.chiefId),
      sqlUuidArray(g.workerIds),
    ]), 200),
    insert('public.staff', ['id', 'user_id', 'name', 'role', 'grid_id', 'phone_masked'], dataset.staff.map((s: Staff) => [
      sqlUuid(s.id),
      sqlUuid(staffUser.get(s.id) ?? null),
      sqlText(s.name),
      sqlText(s.role),
      sqlUuid(s.gridId),
      sqlText(s.phoneMasked),
    ])),
    insert('public.memberships', ['user_id', 'grid_id', 'role'], dataset.memberships.map(m => [sqlUuid(m.userId), sqlUuid(m.gridId), sqlText(m.role)])),
    insert('public.unit_members', ['user_id', 'unit_id'], (dataset.unitMemberships ?? []).map(u => [sqlUuid(u.userId), sqlText(u.unitId)])),
    '',
    insert('public.roads', ['id', 'name', 'kind', 'path'], dataset.roads.map(r => [sqlUuid(r.id), sqlText(r.name), sqlText(r.kind), sqlGeometry(r.path)])),
    insert('public.key_places', ['id', 'name', 'name_en', 'kind', 'location', 'grid_id'], dataset.keyPlaces.map(k => [
      sqlUuid(k.id),
      sqlText(k.name),
      sqlText(k.nameEn),
      sqlText(k.kind),
      sqlPoint(k.location),
      sqlUuid(k.gridId),
    ])),
    insert('public.patrol_teams', ['id', 'name', 'name_en', 'kind', 'grid_id', 'member_count', 'leader_id', 'post'], dataset.patrolTeams.map(t => [
      sqlUuid(t.id),
      sqlText(t.name),
      sqlText(t.nameEn),
      sqlText(t.kind),
      sqlUuid(t.gridId),
      sqlNumber(t.memberCount),
      sqlUuid(t.leaderId),
      t.post ? sqlPoint(t.post) : 'null',
    ])),
    insert('public.patrol_routes', ['id', 'team_id', 'name', 'name_en', 'path', 'length_km', 'schedule'], dataset.patrolRoutes.map(r => [
      sqlUuid(r.id),
      sqlUuid(r.teamId),
      sqlText(r.name),
      sqlText(r.nameEn),
      sqlGeometry(r.path),
      sqlNumber(r.lengthKm),
      sqlJson(r.schedule),
    ])),
    insert('public.cameras', ['id', 'code', 'name', 'kind', 'location', 'bearing', 'fov', 'range_m', 'status', 'grid_id'], dataset.cameras.map(c => [
      sqlUuid(c.id),
      sqlText(c.code),
      sqlText(c.name),
      sqlText(c.kind),
      sqlPoint(c.location),
      sqlNumber(c.bearing),
      sqlNumber(c.fov),
      sqlNumber(c.rangeM),
      sqlText(c.status),
      sqlUuid(c.gridId),
    ])),
    '',
    insert('public.cases', ['id', 'code', 'category_code', 'title', 'description', 'source', 'status', 'outcome', 'urgent', 'location', 'grid_id', 'escalation_level', 'lead_unit_id', 'co_handlers', 'assignee_id', 'reported_at', 'registered_at', 'dispatched_at', 'reported_back_at', 'closed_at', 'due_at', 'supervised', 'version'], dataset.cases.map(c => [
      sqlUuid(c.id),
      sqlText(c.code),
      sqlText(c.categoryCode),
      sqlText(c.title),
      sqlText(c.description),
      sqlText(c.source),
      sqlText(c.status),
      sqlText(c.outcome),
      sqlBool(c.urgent),
      sqlPoint(c.location),
      sqlUuid(c.gridId),
      sqlNumber(c.escalationLevel),
      sqlText(c.leadUnitId),
      sqlJson(c.coHandlers ?? []),
      sqlUuid(c.assigneeId),
      sqlTime(c.reportedAt),
      sqlTime(c.registeredAt),
      sqlTime(c.dispatchedAt),
      sqlTime(c.reportedBackAt),
      sqlTime(c.closedAt),
      sqlTime(c.dueAt),
      sqlBool(c.supervised),
      sqlNumber(c.version),
    ])),
    insert('public.case_contacts', ['case_id', 'reporter_name', 'reporter_phone'], (dataset.caseContacts ?? []).map(c => [sqlUuid(c.caseId), sqlText(c.reporterName), sqlText(c.reporterPhone)])),
    '',
    'commit;',
    '',
  ]
  return parts.filter(p => p !== undefined).join('\n')
}
