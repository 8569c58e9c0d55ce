// SupabaseScenarioStore end to end: a real supabase-js client through the PostgREST shim on the real
// schema, signed in per fixture user. What the plan page relies on: another county's commander and
// administrator neither read nor apply a scenario, and applying on a stale base is refused with a
// message the page can show, changing nothing; on a fresh base the administrator's apply lands.
import type { TestDatabase } from './harness/db'
import type { ScenarioStore } from '~/data'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { TEST_ANON_KEY } from '~/data/supabase/__fixtures__/jwt'
import { testClientOptions } from '~/data/supabase/__fixtures__/testClient'
import { createSupabaseAuth } from '~/data/supabase/auth'
import { createSupabaseClient } from '~/data/supabase/client'
import { SupabaseScenarioStore } from '~/data/supabase/SupabaseScenarioStore'
import { demoUserEmail, toUuid } from '../seed/ids'
import { DEMO_PASSWORD } from '../seed/seedSql'
import { fixtureTerritory, gridId, USERS } from './fixtures/territory'
import { createTestDatabase, loadDataset } from './harness/db'
import { createPostgrestShim } from './harness/postgrest-shim'

let db: TestDatabase
let shim: ReturnType<typeof createPostgrestShim>
const T1 = toUuid(gridId('T1'))
const CAMERA = toUuid('camera-V1')

async function storeAs(user: string): Promise<ScenarioStore> {
  const client = createSupabaseClient({ url: 'http://pingan.shim.test', anonKey: TEST_ANON_KEY }, testClientOptions(shim.fetch))
  await createSupabaseAuth(client).signInWithPassword(demoUserEmail(user), DEMO_PASSWORD)
  return new SupabaseScenarioStore(client)
}
const bearing = async () => Number((await db.admin.query('select bearing from public.cameras where id = $1', [CAMERA])).rows[0].bearing)

beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, fixtureTerritory())
  shim = createPostgrestShim(db)
})
afterAll(async () => db?.drop())

describe('supabaseScenarioStore on the real database', () => {
  let commander: ScenarioStore
  let admin: ScenarioStore
  let foreignCommander: ScenarioStore
  let foreignAdmin: ScenarioStore
  let id: string
  let version: number

  beforeAll(async () => {
    commander = await storeAs(USERS.commander)
    admin = await storeAs(USERS.admin)
    foreignCommander = await storeAs(USERS.foreignCommander)
    foreignAdmin = await storeAs(USERS.foreignAdmin)
    const s = await commander.save({ name: '东片补点', gridId: T1, baseRevision: await commander.baseRevision(T1), edits: [{ kind: 'camera.rotate', cameraId: CAMERA, bearing: 135 }] }, null)
    id = s.id
    version = s.version
    expect(s).toMatchObject({ name: '东片补点', ownerId: toUuid(USERS.commander), version: 1 })
  })

  it('lets another county\'s commander and administrator neither list, read nor apply it', async () => {
    expect((await commander.list({ gridId: T1 })).map(s => s.id)).toEqual([id])
    for (const outsider of [foreignCommander, foreignAdmin]) {
      expect(await outsider.list()).toEqual([])
      await expect(outsider.get(id)).rejects.toMatchObject({ kind: 'not_found' })
      await expect(outsider.apply(id, version)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(outsider.save({ id, name: '改', gridId: T1, baseRevision: 'x', edits: [] }, version)).rejects.toMatchObject({ kind: 'not_found' })
    }
    // The planner who drew it proposes; only an administrator applies.
    await expect(commander.apply(id, version)).rejects.toMatchObject({ kind: 'forbidden' })
    expect(await bearing()).not.toBe(135)
  })

  it('refuses applying on a stale base, saying so and changing nothing; applies on a fresh one', async () => {
    const before = await bearing()
    // Someone changes the real cameras after the scenario was drawn.
    await db.admin.query('update public.cameras set range_m = range_m + 1 where id = $1', [CAMERA])
    // The page offers its remedy by this code, not by the message's words.
    await expect(admin.apply(id, version)).rejects.toMatchObject({ kind: 'conflict', detail: { code: 'stale_base' }, message: expect.stringMatching(/its base is stale/) })
    expect(await bearing()).toBe(before)
    // A stale version is refused as well.
    await expect(admin.apply(id, version + 1)).rejects.toMatchObject({ kind: 'conflict', detail: { code: 'stale_version' }, message: expect.stringMatching(/is at version 1, not 2/) })
    // Redrawn on the current set (the page's "rebase"), it applies.
    const again = await commander.save({ id, name: '东片补点', gridId: T1, baseRevision: await commander.baseRevision(T1), edits: [{ kind: 'camera.rotate', cameraId: CAMERA, bearing: 135 }] }, version)
    expect(again.version).toBe(2)
    const applied = await admin.apply(id, again.version)
    expect(applied.revision).not.toBe('')
    expect(await bearing()).toBe(135)
    // Applied once, a second apply is refused as such, not as a stale base.
    const after = await admin.get(id)
    await expect(admin.apply(id, after.version)).rejects.toMatchObject({ kind: 'conflict', detail: { code: 'already_applied' } })
  })
})
