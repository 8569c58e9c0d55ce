// The row-level security matrix: every role x (own grid, parent, sibling, child, another
// township, another county) x every grid-scoped table x select/insert/update/delete, made as
// PostgREST would make the request. Expectations are written out by hand below (EXPECTED_RIGHTS
// and the per-table rules), not derived from the policies or from src/domain/access.ts.
import type { PoolClient } from 'pg'
import type { GridKey } from './fixtures/territory'
import type { Claims, TestDatabase } from './harness/db'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { childGridCode } from '~/domain/gridCode'
import { toUuid } from '../seed/ids'
import { caseId, fixtureTerritory, GRID_CODES, GRID_KEYS, gridBox, gridId, memberOf, pointIn, USERS } from './fixtures/territory'
import { ANON, asRequest, createTestDatabase, loadDataset, userClaims } from './harness/db'

/** What a subject may do on a grid, weakest first. */
type Right = 'none' | 'read' | 'report' | 'manage' | 'admin'
const RANK: Record<Right, number> = { none: 0, read: 1, report: 2, manage: 3, admin: 4 }

interface Target {
  relation: string
  grid: GridKey
  right: Right
  /** The grid's case "a" is assigned to this subject's staff record. */
  assigned?: boolean
}

interface Subject {
  name: string
  claims: Claims
  targets: Target[]
}

// The hand-written expectation: what each role may do on each grid relative to its membership.
const SUBJECTS: Subject[] = [
  {
    name: 'county_admin (T1, county 330102)',
    claims: userClaims(USERS.admin),
    targets: [
      { relation: 'own', grid: 'T1', right: 'admin' },
      { relation: 'child', grid: 'V1', right: 'admin' },
      { relation: 'descendant', grid: 'S111', right: 'admin' },
      { relation: 'another township', grid: 'T2', right: 'admin' },
      { relation: 'another county', grid: 'C1', right: 'none' },
    ],
  },
  {
    name: 'county_admin of the other county (C1, county 330103)',
    claims: userClaims(USERS.foreignAdmin),
    targets: [
      { relation: 'own', grid: 'C1', right: 'admin' },
      { relation: 'child', grid: 'CV1', right: 'admin' },
      { relation: 'another township of the county', grid: 'C2', right: 'admin' },
      { relation: 'another county', grid: 'T1', right: 'none' },
      { relation: 'another county, deep', grid: 'S111', right: 'none' },
    ],
  },
  {
    name: 'township_commander (T1)',
    claims: userClaims(USERS.commander),
    targets: [
      { relation: 'own', grid: 'T1', right: 'manage' },
      { relation: 'child', grid: 'V1', right: 'manage' },
      { relation: 'descendant', grid: 'S111', right: 'manage' },
      { relation: 'another township', grid: 'T2', right: 'none' },
      { relation: 'another county', grid: 'C1', right: 'none' },
    ],
  },
  {
    name: 'village_chief (V1)',
    claims: userClaims(USERS.chief),
    targets: [
      { relation: 'own', grid: 'V1', right: 'manage' },
      { relation: 'parent', grid: 'T1', right: 'none' },
      { relation: 'sibling', grid: 'V2', right: 'none' },
      { relation: 'child', grid: 'G11', right: 'manage' },
      { relation: 'another township', grid: 'W1', right: 'none' },
    ],
  },
  {
    name: 'grid_worker (G11)',
    claims: userClaims(USERS.worker),
    targets: [
      { relation: 'own', grid: 'G11', right: 'report', assigned: true },
      { relation: 'parent', grid: 'V1', right: 'none', assigned: true },
      { relation: 'sibling', grid: 'G12', right: 'none' },
      { relation: 'child', grid: 'S111', right: 'report', assigned: true },
      { relation: 'another township', grid: 'H11', right: 'none' },
    ],
  },
  {
    name: 'wall_viewer (T1)',
    claims: userClaims(USERS.viewer),
    targets: [
      { relation: 'own', grid: 'T1', right: 'read' },
      { relation: 'child', grid: 'V1', right: 'read' },
      { relation: 'descendant', grid: 'S111', right: 'read' },
      { relation: 'another township', grid: 'T2', right: 'none' },
    ],
  },
  {
    name: 'signed in without membership',
    claims: userClaims(USERS.outsider),
    targets: [
      { relation: 'township', grid: 'T1', right: 'none' },
      { relation: 'group', grid: 'G11', right: 'none' },
    ],
  },
  {
    name: 'anon',
    claims: ANON,
    targets: [
      { relation: 'township', grid: 'T1', right: 'none' },
      { relation: 'group', grid: 'G11', right: 'none' },
    ],
  },
]

const atLeast = (right: Right, min: Right) => RANK[right] >= RANK[min]

type Op = 'select' | 'insert' | 'update' | 'delete'

interface TableCase {
  table: string
  /** Expected permission per operation for a target; null = not applicable to this target. */
  expect: Record<Op, (t: Target) => boolean | null>
  run: Record<Op, (c: PoolClient, key: GridKey) => Promise<Outcome>>
}

/** What happened to one request: it saw or changed `rows` rows, or failed with `code`. */
interface Outcome {
  rows: number
  code: string | null
  message?: string
}

async function attempt(c: PoolClient, sql: string, params: unknown[]): Promise<Outcome> {
  await c.query('savepoint op')
  try {
    const r = await c.query(sql, params)
    await c.query('release savepoint op')
    return { rows: r.command === 'SELECT' ? Number(r.rows[0]?.n ?? r.rowCount) : (r.rowCount ?? 0), code: null }
  }
  catch (error) {
    await c.query('rollback to savepoint op')
    const e = error as { code?: string, message?: string }
    return { rows: 0, code: e.code ?? 'unknown', message: e.message }
  }
}

/**
 * Reads an outcome as allowed or refused. Refused: nothing seen or changed, or "insufficient
 * privilege" (42501: RLS violation or no grant). Allowed: a row seen or changed, or a foreign-key
 * error (23503), which only happens after the policies let the delete through. Any other error is
 * a broken fixture and fails the test.
 */
function allowed(o: Outcome): boolean {
  if (o.code === null)
    return o.rows > 0
  if (o.code === '42501')
    return false
  if (o.code === '23503')
    return true
  throw new Error(`unexpected SQLSTATE ${o.code}: ${o.message}`)
}

const id = (domainId: string) => toUuid(domainId)
function selectCount(table: string, column: string) {
  return (c: PoolClient, value: string) =>
    attempt(c, `select count(*)::int as n from public.${table} where ${column} = $1`, [value])
}
const point = (key: GridKey) => `extensions.st_setsrid(extensions.st_makepoint(${pointIn(key, 0.3, 0.3).join(', ')}), 4326)`

const GRID_SCOPED_SIMPLE: Array<{ table: string, row: (k: GridKey) => string, insert: (k: GridKey) => [string, unknown[]], update: string }> = [
  {
    table: 'staff',
    row: k => `staff-${k}`,
    insert: k => ['insert into public.staff (name, role, grid_id, phone_masked) values (\'新人\', \'helper\', $1, \'136****0000\')', [id(gridId(k))]],
    update: 'update public.staff set name = name || \'*\' where id = $1',
  },
  {
    table: 'cameras',
    row: k => `camera-${k}`,
    insert: k => [`insert into public.cameras (code, name, kind, location, bearing, fov, range_m, grid_id) values ('CAM-NEW', '新点位', 'road', ${point(k)}, 10, 60, 50, $1)`, [id(gridId(k))]],
    update: 'update public.cameras set status = \'offline\' where id = $1',
  },
  {
    table: 'key_places',
    row: k => `place-${k}`,
    insert: k => [`insert into public.key_places (name, kind, location, grid_id) values ('新市场', 'market', ${point(k)}, $1)`, [id(gridId(k))]],
    update: 'update public.key_places set name = name || \'*\' where id = $1',
  },
  {
    table: 'patrol_teams',
    row: k => `team-${k}`,
    insert: k => ['insert into public.patrol_teams (name, kind, grid_id) values (\'新巡防队\', \'militia\', $1)', [id(gridId(k))]],
    update: 'update public.patrol_teams set member_count = member_count + 1 where id = $1',
  },
  {
    table: 'patrol_routes',
    row: k => `route-${k}`,
    insert: k => [`insert into public.patrol_routes (team_id, name, path, length_km, schedule) values ($1, '新路线', extensions.st_setsrid(extensions.st_makeline(${point(k)}, extensions.st_setsrid(extensions.st_makepoint(${pointIn(k, 0.4, 0.4).join(', ')}), 4326)), 4326), 1, '{"days":{"kind":"daily"},"windows":[]}')`, [id(`team-${k}`)]],
    update: 'update public.patrol_routes set length_km = length_km + 1 where id = $1',
  },
]

const TABLES: TableCase[] = [
  {
    table: 'grids',
    expect: {
      select: t => atLeast(t.right, 'read'),
      // A child of a sub-grid cannot exist (level 4 is the deepest).
      insert: t => (GRID_CODES[t.grid].length === 18 ? null : atLeast(t.right, 'admin')),
      update: t => atLeast(t.right, 'manage'),
      delete: t => atLeast(t.right, 'admin'),
    },
    run: {
      select: (c, k) => selectCount('grids', 'id')(c, id(gridId(k))),
      insert: (c, k) => {
        const [w, s, e, n] = gridBox(k)
        return attempt(c, `insert into public.grids (code, name, boundary, label_point, area_km2)
          values ($1, '新网格', extensions.st_multi(extensions.st_makeenvelope($2, $3, $4, $5, 4326)), extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326), 1)`, [childGridCode(GRID_CODES[k], 9), w, s, (w + e) / 2, (s + n) / 2])
      },
      update: (c, k) => attempt(c, 'update public.grids set households = households + 1 where id = $1', [id(gridId(k))]),
      delete: (c, k) => attempt(c, 'delete from public.grids where id = $1', [id(gridId(k))]),
    },
  },
  ...GRID_SCOPED_SIMPLE.map(s => ({
    table: s.table,
    expect: {
      select: (t: Target) => atLeast(t.right, 'read'),
      insert: (t: Target) => atLeast(t.right, 'manage'),
      update: (t: Target) => atLeast(t.right, 'manage'),
      delete: (t: Target) => atLeast(t.right, 'manage'),
    },
    run: {
      select: (c: PoolClient, k: GridKey) => selectCount(s.table, 'id')(c, id(s.row(k))),
      insert: (c: PoolClient, k: GridKey) => attempt(c, ...s.insert(k)),
      update: (c: PoolClient, k: GridKey) => attempt(c, s.update, [id(s.row(k))]),
      delete: (c: PoolClient, k: GridKey) => attempt(c, `delete from public.${s.table} where id = $1`, [id(s.row(k))]),
    },
  })),
  {
    table: 'cases',
    expect: {
      select: t => atLeast(t.right, 'read'),
      // Cases are written by the case-loop RPCs alone: create_case numbers, places and logs them,
      // case_transition and edit_case change them (and log it). No API role writes the table.
      insert: () => false,
      update: () => false,
      // The ledger keeps every case; duplicates are cancelled, never deleted.
      delete: () => false,
    },
    run: {
      select: (c, k) => attempt(c, 'select count(*)::int as n from public.cases where grid_id = $1', [id(gridId(k))]),
      insert: (c, k) => attempt(c, `insert into public.cases (code, category_code, title, source, location, grid_id, due_at)
        values ('NEW-0001', '0101', '新事件', 'patrol', ${point(k)}, $1, now() + interval '7 days')`, [id(gridId(k))]),
      // A field outside the case loop: loop fields (status, assignee, supervision...) change only through its transition RPC.
      update: (c, k) => attempt(c, 'update public.cases set title = title || \'*\' where id = $1', [id(caseId(k, 'c'))]),
      delete: (c, k) => attempt(c, 'delete from public.cases where id = $1', [id(caseId(k, 'c'))]),
    },
  },
  {
    table: 'cases (assigned to the subject)',
    expect: {
      select: t => atLeast(t.right, 'read'),
      insert: () => null,
      // Even the assignee corrects a case only through edit_case, which logs the edit.
      update: () => false,
      delete: () => false,
    },
    run: {
      select: (c, k) => selectCount('cases', 'id')(c, id(caseId(k, 'a'))),
      insert: async () => ({ rows: 0, code: null }),
      update: (c, k) => attempt(c, 'update public.cases set description = \'跟进中\' where id = $1', [id(caseId(k, 'a'))]),
      delete: (c, k) => attempt(c, 'delete from public.cases where id = $1', [id(caseId(k, 'a'))]),
    },
  },
  {
    table: 'case_events',
    expect: {
      select: t => atLeast(t.right, 'read'),
      // Only the case-loop RPCs (create_case, case_transition: SECURITY DEFINER) write the log,
      // so an event always matches a move the machine allowed.
      insert: () => false,
      // Append-only for everyone.
      update: () => false,
      delete: () => false,
    },
    run: {
      select: (c, k) => selectCount('case_events', 'case_id')(c, id(caseId(k, 'a'))),
      insert: (c, k) => attempt(c, 'insert into public.case_events (case_id, kind, note) values ($1, \'remind\', \'请尽快处理\')', [id(caseId(k, 'a'))]),
      update: (c, k) => attempt(c, 'update public.case_events set note = \'改写\' where case_id = $1', [id(caseId(k, 'a'))]),
      delete: (c, k) => attempt(c, 'delete from public.case_events where case_id = $1', [id(caseId(k, 'a'))]),
    },
  },
  {
    table: 'case_contacts',
    expect: {
      // Case "a" is at escalation level 0: its handlers are the assignee and the managing roles over it.
      select: t => atLeast(t.right, 'manage') || (t.assigned === true && atLeast(t.right, 'read')),
      // Written at intake (create_case) only: nobody plants, rewrites or removes a contact.
      insert: () => false,
      update: () => false,
      delete: () => false,
    },
    run: {
      select: (c, k) => selectCount('case_contacts', 'case_id')(c, id(caseId(k, 'a'))),
      insert: (c, k) => attempt(c, 'insert into public.case_contacts (case_id, reporter_name, reporter_phone) values ($1, \'张三\', \'13900000000\')', [id(caseId(k, 'b'))]),
      update: (c, k) => attempt(c, 'update public.case_contacts set reporter_name = \'李四\' where case_id = $1', [id(caseId(k, 'a'))]),
      delete: (c, k) => attempt(c, 'delete from public.case_contacts where case_id = $1', [id(caseId(k, 'a'))]),
    },
  },
  {
    table: 'memberships',
    expect: {
      // Another user's membership on the grid: visible to those who manage it.
      select: t => atLeast(t.right, 'manage'),
      insert: t => atLeast(t.right, 'admin'),
      update: t => atLeast(t.right, 'admin'),
      delete: t => atLeast(t.right, 'admin'),
    },
    run: {
      select: (c, k) => selectCount('memberships', 'user_id')(c, id(memberOf(k))),
      insert: (c, k) => attempt(c, 'insert into public.memberships (user_id, grid_id, role) values ($1, $2, \'wall_viewer\')', [id(USERS.outsider), id(gridId(k))]),
      update: (c, k) => attempt(c, 'update public.memberships set role = \'grid_worker\' where user_id = $1', [id(memberOf(k))]),
      delete: (c, k) => attempt(c, 'delete from public.memberships where user_id = $1', [id(memberOf(k))]),
    },
  },
]

let db: TestDatabase

beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, fixtureTerritory())
  // One logged event per case "a", written behind the policies' back like a migration would.
  await db.admin.query(`insert into public.case_events (case_id, kind, to_status, actor_id)
    select id, 'register', 'registered', null from public.cases where title like '%a'`)
})

afterAll(async () => db?.drop())

describe.each(SUBJECTS)('$name', (subject) => {
  describe.each(TABLES)('$table', (table) => {
    it.each(['select', 'insert', 'update', 'delete'] as Op[])('%s', async (op) => {
      const mismatches: string[] = []
      for (const target of subject.targets) {
        const expected = table.expect[op](target)
        if (expected === null)
          continue
        const outcome = await asRequest(db, subject.claims, c => table.run[op](c, target.grid))
        const actual = allowed(outcome)
        if (actual !== expected)
          mismatches.push(`${target.relation} ${target.grid}: expected ${expected ? 'allowed' : 'refused'}, got ${JSON.stringify(outcome)}`)
      }
      expect(mismatches).toEqual([])
    })
  })
})

describe('the matrix probes really reach the rows', () => {
  it('every probed row exists (checked as the superuser)', async () => {
    const { rows } = await db.admin.query<{ n: number }>(`select
      (select count(*) from public.case_events)::int + (select count(*) from public.case_contacts)::int as n`)
    expect(rows[0]!.n).toBe(2 * GRID_KEYS.length)
  })

  it('an allowed update really changes the row and a refused one leaves it as it was', async () => {
    const before = (await db.admin.query('select households from public.grids where id = $1', [id(gridId('V2'))])).rows[0]!.households
    await asRequest(db, userClaims(USERS.chief), c => c.query('update public.grids set households = 999 where id = $1', [id(gridId('V2'))]), { commit: true })
    await asRequest(db, userClaims(USERS.chief), c => c.query('update public.grids set households = 998 where id = $1', [id(gridId('G12'))]), { commit: true })
    expect((await db.admin.query('select households from public.grids where id = $1', [id(gridId('V2'))])).rows[0]!.households).toBe(before)
    expect((await db.admin.query('select households from public.grids where id = $1', [id(gridId('G12'))])).rows[0]!.households).toBe(998)
  })
})
