// Planning scenarios (issue 11): who sees and edits a scenario, the caps, the version step, and
// apply_scenario — administrators only, all or nothing, refusing a stale version or base, logged.
// Each call is one committed PostgREST request, as a hostile caller would make it.
import type { LoopUser } from './fixtures/caseLoop'
import type { GridKey } from './fixtures/territory'
import { describe, expect, it } from 'vitest'
import { toUuid } from '../seed/ids'
import { attempt, attemptSql, refusal, snapshot } from './attacks/attack'
import { claimsOf, useCaseLoopDatabase } from './fixtures/caseLoop'
import { gridId, pointIn } from './fixtures/territory'
import { callRpc, SERVICE } from './harness/db'

const db = useCaseLoopDatabase()

const grid = (key: GridKey) => toUuid(gridId(key))
const camera = (key: GridKey) => toUuid(`camera-${key}`)
const route = (key: GridKey) => toUuid(`route-${key}`)

async function revision(key: GridKey): Promise<string> {
  const out = await attempt(db, SERVICE, c => callRpc(c, 'planning_revision', { p_grid_id: grid(key) }))
  if (out.refused)
    throw new Error(out.message)
  return out.result as string
}

interface Row { id: string, owner_id: string, version: number, grid_path: string }

/** Creates a scenario as `user`; resolves to its row. */
async function create(user: LoopUser, key: GridKey, edits: unknown[] = [], extra: Record<string, unknown> = {}): Promise<Row> {
  const base = await revision(key)
  const out = await attempt(db, claimsOf(user), async c => (await c.query<Row>(
    'insert into public.scenarios (name, grid_id, base_revision, edits, owner_id, version) values ($1, $2, $3, $4, coalesce($5, $6::uuid), coalesce($7, 1)) returning id, owner_id, version, grid_path::text',
    [`方案-${user}`, grid(key), base, JSON.stringify(edits), extra.owner_id ?? null, toUuid(`u-${user}`), extra.version ?? null],
  )).rows[0])
  if (out.refused)
    throw new Error(`${out.code} ${out.message}`)
  return out.result as Row
}

async function visibleTo(user: LoopUser, id: string) {
  const out = await attemptSql(db, claimsOf(user), 'select 1 from public.scenarios where id = $1', [id])
  return !out.refused && out.result === 1
}
function renameAs(user: LoopUser, id: string, version: number) {
  return attemptSql(db, claimsOf(user), 'update public.scenarios set name = $2 where id = $1 and version = $3', [id, `改-${user}`, version])
}
function applyAs(user: LoopUser | 'service', id: string, version: number) {
  return attempt(db, user === 'service' ? SERVICE : claimsOf(user), c => callRpc(c, 'apply_scenario', { p_id: id, p_expected_version: version }))
}

const REAL = [
  'select id, code, bearing, fov, range_m, extensions.st_astext(location) as at, grid_id from public.cameras order by id',
  'select id, schedule, stops, extensions.st_astext(path) as path from public.patrol_routes order by id',
  'select kind, target_id from public.admin_events order by id',
]
const real = () => Promise.all(REAL.map(sql => snapshot(db, sql)))

describe('scenarios: who sees them', () => {
  it('shows a commander\'s township scenario to everyone on its branch, and to no one elsewhere', async () => {
    const s = await create('commander', 'T1')
    for (const user of ['commander', 'admin', 'chief', 'worker', 'viewer', 'chiefV2'] as const)
      expect(await visibleTo(user, s.id), user).toBe(true)
    for (const user of ['outsider', 'foreignAdmin', 'foreignCommander'] as const)
      expect(await visibleTo(user, s.id), user).toBe(false)
  })

  it('shows a grid worker\'s scenario above and inside its grid, not in a sibling village', async () => {
    const s = await create('worker', 'G11')
    for (const user of ['worker', 'otherWorker', 'chief', 'commander', 'admin'] as const)
      expect(await visibleTo(user, s.id), user).toBe(true)
    for (const user of ['chiefV2', 'foreignCommander', 'outsider'] as const)
      expect(await visibleTo(user, s.id), user).toBe(false)
  })
})

describe('scenarios: who edits them', () => {
  it('sets the owner to the caller, whatever the insert names, and starts at version 1', async () => {
    const s = await create('worker', 'G11', [], { owner_id: toUuid('u-commander'), version: 9 })
    expect(s.owner_id).toBe(toUuid('u-worker'))
    expect(s.version).toBe(1)
  })

  it('lets the owner and the township commander save, moving the version by one each time', async () => {
    const s = await create('worker', 'G11')
    expect(await renameAs('worker', s.id, 1)).toEqual({ refused: false, result: 1 })
    expect(await renameAs('commander', s.id, 2)).toEqual({ refused: false, result: 1 })
    // A save naming the old version matches nothing: the optimistic check.
    expect(await renameAs('worker', s.id, 2)).toEqual({ refused: false, result: 0 })
    expect((await snapshot(db, 'select name, version from public.scenarios where id = $1', [s.id]))[0]).toEqual({ name: '改-commander', version: 3 })
  })

  it.each(['otherWorker', 'chief', 'admin', 'viewer', 'foreignCommander', 'foreignAdmin', 'outsider'] as const)('refuses %s editing or deleting a grid worker\'s scenario', async (user) => {
    const s = await create('worker', 'G11')
    const before = await snapshot(db, 'select * from public.scenarios where id = $1', [s.id])
    expect(await renameAs(user, s.id, 1)).toEqual({ refused: false, result: 0 })
    expect(await attemptSql(db, claimsOf(user), 'delete from public.scenarios where id = $1', [s.id])).toEqual({ refused: false, result: 0 })
    expect(await snapshot(db, 'select * from public.scenarios where id = $1', [s.id])).toEqual(before)
  })

  it('refuses another township\'s commander creating a scenario in this one, and a wall viewer creating any', async () => {
    await expect(create('foreignCommander', 'T1')).rejects.toThrow(/^42501 new row violates row-level security policy/)
    await expect(create('viewer', 'T1')).rejects.toThrow(/^42501/)
  })

  it('refuses the owner moving a scenario out of their grid, changing its owner or marking it applied', async () => {
    const s = await create('worker', 'G11')
    expect(refusal(await attemptSql(db, claimsOf('worker'), 'update public.scenarios set grid_id = $2 where id = $1', [s.id, grid('G12')])).code).toBe('42501')
    expect(refusal(await attemptSql(db, claimsOf('worker'), 'update public.scenarios set owner_id = $2 where id = $1', [s.id, toUuid('u-other-worker')])).message)
      .toBe('A scenario\'s id, owner, creation time and applied mark are not changed by saving it')
    expect(refusal(await attemptSql(db, claimsOf('worker'), 'update public.scenarios set applied_at = now() where id = $1', [s.id])).code).toBe('42501')
  })

  it('caps the edits: their number, their size and their kinds', async () => {
    const many = Array.from({ length: 501 }, () => ({ kind: 'camera.rotate', cameraId: camera('G11'), bearing: 1 }))
    await expect(create('worker', 'G11', many)).rejects.toThrow(/^23514 .*scenarios_edits_list/)
    const big = [{ kind: 'route.stops', routeId: route('G11'), stops: [], note: 'x'.repeat(330_000) }]
    await expect(create('worker', 'G11', big)).rejects.toThrow(/^23514 .*scenarios_edits_size/)
    await expect(create('worker', 'G11', [{ kind: 'camera.rotate' }, { kind: 'drop.table' }])).rejects.toThrow('23514 Invalid scenario: edits[1].kind "drop.table" is not a known edit')
  })
})

describe('apply_scenario', () => {
  const g11 = () => [
    { kind: 'camera.move', cameraId: camera('G11'), location: pointIn('G11', 0.3, 0.3) },
    { kind: 'camera.rotate', cameraId: camera('G11'), bearing: 200 },
    { kind: 'camera.widen', cameraId: camera('G11'), fov: 120 },
    { kind: 'camera.range', cameraId: camera('G11'), rangeM: 150 },
    { kind: 'camera.add', camera: { id: 'new-1', code: 'NEW-001', name: '新点位', kind: 'road', location: pointIn('S111', 0.5, 0.5), bearing: 10, fov: 90, rangeM: 70 } },
    { kind: 'camera.rotate', cameraId: 'new-1', bearing: 45 },
    { kind: 'camera.remove', cameraId: camera('G12') },
    { kind: 'route.schedule', routeId: route('G11'), schedule: { days: { kind: 'daily' }, windows: [{ start: '07:00', end: '09:00' }] } },
    { kind: 'route.stops', routeId: route('G11'), stops: [{ location: pointIn('G11', 0.4, 0.4), dwellMin: 12 }] },
    { kind: 'route.add', route: { id: 'new-r', teamId: toUuid('team-G11'), name: '新路线', nameEn: 'New', path: { type: 'LineString', coordinates: [pointIn('G11', 0.1, 0.1), pointIn('G11', 0.9, 0.1)] }, schedule: { days: { kind: 'odd' }, windows: [{ start: '20:00', end: '22:00' }] } } },
  ]

  it.each(['commander', 'chief', 'worker', 'viewer', 'foreignAdmin', 'foreignCommander', 'outsider'] as const)('refuses %s, changing nothing', async (user) => {
    const s = await create('commander', 'V1', g11())
    const before = await real()
    expect(refusal(await applyAs(user, s.id, 1))).toMatchObject({ code: '42501', message: `Only a county admin over the scenario's grid (or service_role) applies scenario ${s.id}` })
    expect(await real()).toEqual(before)
  })

  it('applies every edit for a county admin in one go, marks the scenario applied and logs it', async () => {
    const s = await create('commander', 'V1', g11())
    const out = await applyAs('admin', s.id, 1)
    expect(out.refused).toBe(false)
    const result = (out as { result: { version: number, revision: string, addedCameras: Record<string, string>, addedRoutes: Record<string, string> } }).result
    expect(result.version).toBe(2)
    expect(result.revision).toBe(await revision('V1'))
    const moved = (await snapshot(db, 'select bearing, fov, range_m, extensions.st_x(location) as x, grid_id from public.cameras where id = $1', [camera('G11')]))[0]
    // Moved into the sub-grid S111, it is filed there.
    expect(moved).toEqual({ bearing: 200, fov: 120, range_m: 150, x: pointIn('G11', 0.3, 0.3)[0], grid_id: grid('S111') })
    // The new camera is filed under the finest grid holding it, and the later rotate reached it.
    expect((await snapshot(db, 'select code, bearing, grid_id from public.cameras where id = $1', [result.addedCameras['new-1']]))[0]).toEqual({ code: 'NEW-001', bearing: 45, grid_id: grid('S111') })
    expect(await snapshot(db, 'select 1 from public.cameras where id = $1', [camera('G12')])).toEqual([])
    const r = (await snapshot(db, 'select schedule, stops from public.patrol_routes where id = $1', [route('G11')]))[0] as { schedule: unknown, stops: unknown }
    expect(r.schedule).toEqual({ days: { kind: 'daily' }, windows: [{ start: '07:00', end: '09:00' }] })
    expect(r.stops).toEqual([{ location: pointIn('G11', 0.4, 0.4), dwellMin: 12 }])
    const added = (await snapshot(db, 'select name, length_km from public.patrol_routes where id = $1', [result.addedRoutes['new-r']]))[0] as { name: string, length_km: number }
    expect(added.name).toBe('新路线')
    expect(added.length_km).toBeGreaterThan(7)
    expect(await snapshot(db, 'select applied_by, version from public.scenarios where id = $1', [s.id])).toEqual([{ applied_by: toUuid('u-admin'), version: 2 }])
    const log = await snapshot(db, 'select actor_role, kind, target_id, scope_path::text as scope, data ->> \'edits\' as edits from public.admin_events where kind = \'scenario_applied\'')
    expect(log).toEqual([{ actor_role: 'county_admin', kind: 'scenario_applied', target_id: s.id, scope: '330102', edits: '10' }])
    // Applied is final: neither a second apply nor a save.
    expect(refusal(await applyAs('admin', s.id, 2)).code).toBe('40001')
    expect(refusal(await renameAs('commander', s.id, 2)).code).toBe('42501')
  })

  it('refuses a stale version and a stale base, changing nothing', async () => {
    const s = await create('commander', 'V1', [{ kind: 'camera.rotate', cameraId: camera('G11'), bearing: 10 }])
    await renameAs('commander', s.id, 1)
    const before = await real()
    expect(refusal(await applyAs('admin', s.id, 1))).toMatchObject({ code: '40001', message: `Scenario ${s.id} is at version 2, not 1: reload it and check again` })
    // Someone moves a real camera of the grid after the scenario was drawn.
    await db.admin.query('update public.cameras set bearing = 33 where id = $1', [camera('S111')])
    const moved = await real()
    expect(refusal(await applyAs('admin', s.id, 2))).toMatchObject({ code: '40001', message: `Scenario ${s.id} was drawn on cameras and routes that have changed since: its base is stale` })
    expect(await real()).toEqual(moved)
    expect(moved).not.toEqual(before)
  })

  it.each([
    ['an unknown camera', { kind: 'camera.rotate', cameraId: camera('W1'), bearing: 10 }, `edits[2].cameraId: unknown camera id ${camera('W1')} in the scope grid`],
    ['a fov of 0', { kind: 'camera.widen', cameraId: camera('G11'), fov: 0 }, 'edits[2].fov: 0 must be in (0, 360]'],
    ['a negative range', { kind: 'camera.range', cameraId: camera('G11'), rangeM: -1 }, 'edits[2].rangeM: -1 must be in (0, Infinity)'],
    ['a move out of the grid', { kind: 'camera.move', cameraId: camera('G11'), location: pointIn('V2', 0.5, 0.5) }, /^edits\[2\]\.location: \[.*\] is outside the scope grid$/],
    ['a route of one point', { kind: 'route.add', route: { id: 'r', teamId: toUuid('team-G11'), name: '短', path: { type: 'LineString', coordinates: [pointIn('G11', 0.1, 0.1)] }, schedule: { days: { kind: 'daily' }, windows: [{ start: '07:00', end: '09:00' }] } } }, 'edits[2].route.path: needs at least 2 points'],
    ['another township\'s team', { kind: 'route.add', route: { id: 'r', teamId: toUuid('team-W1'), name: '外', path: { type: 'LineString', coordinates: [pointIn('G11', 0.1, 0.1), pointIn('G11', 0.2, 0.2)] }, schedule: { days: { kind: 'daily' }, windows: [{ start: '07:00', end: '09:00' }] } } }, `edits[2].route.teamId: unknown patrol team ${toUuid('team-W1')} in the scope grid`],
  ])('refuses %s midway, writing none of the edits before it', async (_what, bad, message) => {
    const s = await create('commander', 'V1', [
      { kind: 'camera.rotate', cameraId: camera('G11'), bearing: 10 },
      { kind: 'camera.widen', cameraId: camera('S111'), fov: 100 },
      bad,
    ])
    const before = await real()
    const out = refusal(await applyAs('admin', s.id, 1))
    expect(out.code).toBe('22023')
    expect(out.message).toMatch(message)
    expect(await real()).toEqual(before)
    expect(await snapshot(db, 'select applied_at from public.scenarios where id = $1', [s.id])).toEqual([{ applied_at: null }])
  })
})

describe('planning_revision', () => {
  it('answers those who see the grid and changes when a camera does', async () => {
    const out = await attempt(db, claimsOf('worker'), c => callRpc(c, 'planning_revision', { p_grid_id: grid('V1') }))
    expect(out).toEqual({ refused: false, result: await revision('V1') })
    expect(refusal(await attempt(db, claimsOf('foreignCommander'), c => callRpc(c, 'planning_revision', { p_grid_id: grid('V1') }))).code).toBe('42501')
    const before = await revision('V1')
    await db.admin.query('update public.cameras set bearing = 12 where id = $1', [camera('G11')])
    expect(await revision('V1')).not.toBe(before)
    // A camera elsewhere does not move it.
    const after = await revision('V1')
    await db.admin.query('update public.cameras set bearing = 12 where id = $1', [camera('W1')])
    expect(await revision('V1')).toBe(after)
  })
})
