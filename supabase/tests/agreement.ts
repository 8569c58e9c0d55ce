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
    if ((error as { code?: string }).code === '42501')
      return false
    throw error
  }
}

/**
 * For every login and every grid (and every case), each capability of createAccess() against the
 * statement it stands for, run under that login's claims: manage = update the grid, report =
 * insert a case there, update a case, read its reporter contact, read and write reference data.
 */
export async function capabilityDisagreements(db: TestDatabase, dataset: SeedDataset): Promise<Disagreement[]> {
  const out: Disagreement[] = []
  const users = seedUsers(dataset)
  const categoryCode = dataset.cases[0]?.categoryCode ?? '0101'
  for (const user of users) {
    const staffIds = users.filter(u => u.id === user.id && u.staffId).map(u => u.staffId!)
    const access = createAccess({ userId: user.id, memberships: dataset.memberships, grids: dataset.grids, staffIds })
    await asRequest(db, userClaims(user.id), async (c) => {
      const check = async (name: string, expected: boolean, sql: string, params: unknown[]) => {
        const actual = await succeeds(c, sql, params)
        if (actual !== expected)
          out.push({ userId: user.id, check: name, typescript: expected, database: actual })
      }
      for (const grid of dataset.grids) {
        const id = toUuid(grid.id)
        await check(`manage ${grid.code}`, access.canManage(grid.id), 'update public.grids set households = households where id = $1', [id])
        await check(`report in ${grid.code}`, access.canCreateCaseIn(grid.id), `insert into public.cases (code, category_code, title, source, location, grid_id, due_at)
          values ('PROBE-' || $2, $3, 'probe', 'patrol', extensions.st_setsrid(extensions.st_makepoint(0, 0), 4326), $1, now())`, [id, grid.code, categoryCode])
      }
      for (const kase of dataset.cases) {
        const id = toUuid(kase.id)
        await check(`update case ${kase.code}`, access.canUpdateCase(kase), 'update public.cases set supervised = supervised where id = $1', [id])
      }
      for (const contact of dataset.caseContacts ?? []) {
        const kase = dataset.cases.find(c => c.id === contact.caseId)!
        await check(`contact of ${kase.code}`, access.canReadReporterContact(kase), 'select 1 from public.case_contacts where case_id = $1', [toUuid(kase.id)])
      }
      await check('read reference data', access.canReadReferenceData(), 'select 1 from public.categories', [])
      await check('write reference data', access.canWriteReferenceData(), 'update public.units set name = name where id = (select min(id) from public.units)', [])
    })
  }
  return out
}
