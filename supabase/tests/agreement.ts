// Checks that src/domain/access.ts (what the embedded demo's "view as" applies) and row-level
// security (what Supabase applies) decide the same, for every user of a dataset. Works on any
// SeedDataset loaded into the test database: the hand-made fixture or the demo township.
import type { PoolClient } from 'pg'
import type { SeedDataset } from '../seed/seedSql'
import type { TestDatabase } from './harness/db'
import { createAccess } from '~/domain/access'
import { toUuid } from '../seed/ids'
import { seedUsers } from '../seed/seedSql'
import { asRequest, userClaims } from './harness/db'

/** One disagreement between the TypeScript rule and the database. */
export interface Disagreement {
  userId: string
  check: string
  typescript: unknown
  database: unknown
}

const sorted = (ids: Iterable<string>) => [...ids].sort()

/** For every login of the dataset: the grid ids RLS lets them select equal visibleGridIds(). */
export async function visibilityDisagreements(db: TestDatabase, dataset: SeedDataset): Promise<Disagreement[]> {
  const out: Disagreement[] = []
  for (const user of seedUsers(dataset)) {
    const expected = sorted(createAccess({ userId: user.id, memberships: dataset.memberships, grids: dataset.grids }).visibleGridIds)
      .map(toUuid)
      .sort()
    const actual = await asRequest(db, userClaims(user.id), async c =>
      (await c.query<{ id: string }>('select id from public.grids')).rows.map(r => r.id).sort())
    if (JSON.stringify(expected) !== JSON.stringify(actual))
      out.push({ userId: user.id, check: 'visible grids', typescript: expected, database: actual })
  }
  return out
}

async function succeeds(c: PoolClient, sql: string, params: unknown[]): Promise<boolean> {
  await c.query('savepoint probe')
  try {
    const r = await c.query(sql, params)
    await c.query('release savepoint probe')
    return (r.rowCount ?? 0) > 0
  }
  catch (error) {
    await c.query('rollback to savepoint probe')
    // Refusals: no grant or policy (42501), the case loop's "not permitted" (CL003), "not found
    // or not visible" (P0002) and a point outside the caller's grids. Anything else is a broken probe.
    const e = error as { code?: string, message?: string }
    if (['42501', 'CL003', 'P0002'].includes(e.code ?? '') || (e.code === 'CL006' && e.message?.includes('outside the grids you cover')))
      return false
    throw error
  }
}

/**
 * For every login and every grid (and every case), each capability of createAccess() against the
 * statement it stands for, run under that login's claims: manage = update the grid, report =
 * create_case at a point of the grid that lies in none of its children, update a case = edit_case,
 * read its reporter contact, read the national reference data, write each county's own.
 */
export async function capabilityDisagreements(db: TestDatabase, dataset: SeedDataset): Promise<Disagreement[]> {
  const out: Disagreement[] = []
  const users = seedUsers(dataset)
  const categoryCode = dataset.cases[0]?.categoryCode ?? '0101'
  // Where a case would be filed under each grid itself: a point of it outside its children (none
  // when the children tile it; such grids are covered through their children).
  const { rows: own } = await db.admin.query<{ id: string, lng: number, lat: number }>(`
    select g.id, extensions.st_x(p) as lng, extensions.st_y(p) as lat
    from public.grids g
    cross join lateral (select extensions.st_union(k.boundary) as children from public.grids k where k.parent_id = g.id) k
    cross join lateral (select extensions.st_pointonsurface(coalesce(extensions.st_difference(g.boundary, k.children), g.boundary)) as p) x
    where k.children is null or not extensions.st_isempty(extensions.st_difference(g.boundary, k.children))`)
  const ownPoint = new Map(own.map(r => [r.id, [r.lng, r.lat] as const]))
  const counties = [...new Set(dataset.grids.map(g => g.code.slice(0, 6)))].sort()
  for (const user of users) {
    const staffIds = users.filter(u => u.id === user.id && u.staffId).map(u => u.staffId!)
    const unitIds = (dataset.unitMemberships ?? []).filter(u => u.userId === user.id).map(u => u.unitId)
    const access = createAccess({ userId: user.id, memberships: dataset.memberships, grids: dataset.grids, staffIds, unitIds })
    await asRequest(db, userClaims(user.id), async (c) => {
      const check = async (name: string, expected: boolean, sql: string, params: unknown[]) => {
        const actual = await succeeds(c, sql, params)
        if (actual !== expected)
          out.push({ userId: user.id, check: name, typescript: expected, database: actual })
      }
      for (const grid of dataset.grids) {
        const id = toUuid(grid.id)
        await check(`manage ${grid.code}`, access.canManage(grid.id), 'update public.grids set households = households where id = $1', [id])
        const point = ownPoint.get(id)
        if (point) {
          await check(`report in ${grid.code}`, access.canCreateCaseIn(grid.id), `select public.create_case(jsonb_build_object(
            'categoryCode', $1::text, 'title', 'probe', 'description', 'probe', 'source', 'patrol', 'location', jsonb_build_array($2::float8, $3::float8)))`, [categoryCode, point[0], point[1]])
        }
      }
      for (const kase of dataset.cases) {
        const id = toUuid(kase.id)
        await check(`update case ${kase.code}`, access.canUpdateCase(kase), `select public.edit_case(k.id, jsonb_build_object('title', k.title || '*'), k.version)
          from public.cases k where k.id = $1`, [id])
      }
      for (const contact of dataset.caseContacts ?? []) {
        const kase = dataset.cases.find(c => c.id === contact.caseId)!
        await check(`contact of ${kase.code}`, access.canReadReporterContact(kase), 'select 1 from public.case_contacts where case_id = $1', [toUuid(kase.id)])
      }
      await check('read reference data', access.canReadReferenceData(), 'select 1 from public.categories', [])
      for (const county of counties) {
        await check(`write reference data of ${county}`, access.canWriteReferenceData(county), `insert into public.units (id, name, county_path) values ('probe-' || $1, '探针', $1::extensions.ltree)`, [county])
      }
    })
  }
  return out
}
