// Attacks on the territory (issue 7, "reference data and geometry"): redrawing a grid to capture
// other villages' intake, assigning cases to staff of other townships and counties, probing with
// ids and points what one cannot see, and unmasked phones. Made as PostgREST would make them,
// committed if they work; each test asserts the refusal and that nothing changed.
import type { PoolClient } from 'pg'
import type { GridKey } from '../fixtures/territory'
import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { toUuid } from '../../seed/ids'
import { claimsOf, HANDLED, insertCase, transitionOn, useCaseLoopDatabase } from '../fixtures/caseLoop'
import { gridBox, gridId, pointIn } from '../fixtures/territory'
import { asRequest, callRpc, SERVICE } from '../harness/db'
import { attempt, attemptSql, refusal, snapshot } from './attack'

const db = useCaseLoopDatabase(async (db) => {
  await db.admin.query('insert into public.units (id, name, county_path) values (\'c2-police\', \'乙县公安局\', \'330103\')')
})

const GRIDS = 'select id, code, extensions.st_astext(boundary) as boundary, area_km2 from public.grids order by code'
const ADMIN_LOG = 'select * from public.admin_events order by id'

type Box = [number, number, number, number]
const polygon = ([w, s, e, n]: Box) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] })
const change = (key: GridKey, shape: unknown) => ({ gridId: toUuid(gridId(key)), boundary: shape })
const setBoundaries = (changes: unknown[]) => (c: PoolClient) => callRpc(c, 'set_grid_boundaries', { p_changes: changes })

/** The grid create_case files a report at `point` under, as the county admin. */
async function filedUnder(point: [number, number]): Promise<string> {
  const record = await asRequest(db, claimsOf('admin'), c => callRpc<CaseRecord>(c, 'create_case', {
    p_input: { categoryCode: '0101', title: '探测', description: '探测', source: 'patrol', location: point },
  }))
  return record.gridId
}

describe('a grid\'s boundary changes only by its administrators, through set_grid_boundaries', () => {
  it('a village chief redraws their village to cover the whole township, to receive the other village\'s cases', async () => {
    const before = [await snapshot(db, GRIDS), await snapshot(db, ADMIN_LOG)]
    const [w, s, e, n] = gridBox('T1')
    const out = refusal(await attemptSql(db, claimsOf('chief'), 'update public.grids set boundary = extensions.st_multi(extensions.st_makeenvelope($2, $3, $4, $5, 4326)) where id = $1', [toUuid(gridId('V1')), w, s, e, n]))
    expect(out).toMatchObject({ code: '42501', message: expect.stringMatching(/its boundary and area change only through set_grid_boundaries/) })
    expect([await snapshot(db, GRIDS), await snapshot(db, ADMIN_LOG)]).toEqual(before)
    expect(await filedUnder(pointIn('V2', 0.5, 0.5))).toBe(toUuid(gridId('G21')))
  })

  it('a village chief or township commander redraws through set_grid_boundaries', async () => {
    const before = [await snapshot(db, GRIDS), await snapshot(db, ADMIN_LOG)]
    for (const user of ['chief', 'commander'] as const) {
      const out = refusal(await attempt(db, claimsOf(user), setBoundaries([change('V1', polygon(gridBox('T1')))])))
      expect(out, user).toMatchObject({ code: 'P0002', message: expect.stringMatching(/^p_changes\[0\]\.gridId: grid .* does not exist or is not yours to administer$/) })
    }
    expect([await snapshot(db, GRIDS), await snapshot(db, ADMIN_LOG)]).toEqual(before)
  })

  it('a county admin of another county redraws this county\'s grid: the same answer as for a grid that does not exist', async () => {
    const before = [await snapshot(db, GRIDS), await snapshot(db, ADMIN_LOG)]
    const foreign = refusal(await attempt(db, claimsOf('foreignAdmin'), setBoundaries([change('V1', polygon(gridBox('V1')))])))
    const unknown = refusal(await attempt(db, claimsOf('foreignAdmin'), setBoundaries([{ gridId: '00000000-0000-4000-8000-000000000000', boundary: polygon(gridBox('V1')) }])))
    expect(foreign.code).toBe('P0002')
    expect(foreign.message.replace(toUuid(gridId('V1')), '<id>')).toBe(unknown.message.replace('00000000-0000-4000-8000-000000000000', '<id>'))
    expect([await snapshot(db, GRIDS), await snapshot(db, ADMIN_LOG)]).toEqual(before)
  })

  it.each([
    ['stretches a village into the next township', [change('V2', polygon([120.1, 30.0, 120.3, 30.2]))], /p_changes\[0\] \(grid 330102001002000\): it reaches \d+ m² outside its parent 330102001000000 \(tolerance \d+ m²\)/],
    ['makes a group overlap its sibling', [change('G12', polygon([120.0, 30.05, 120.1, 30.2]))], /it overlaps its sibling 330102001001001 by \d+ m² \(tolerance \d+ m²\)/],
    ['shrinks a village so its groups fall outside it', [change('V1', polygon([120.0, 30.0, 120.05, 30.2]))], /it would leave \d+ m² of its child 330102001001001 outside it/],
    ['draws a self-intersecting boundary', [change('G12', { type: 'Polygon', coordinates: [[[120.0, 30.1], [120.1, 30.2], [120.1, 30.1], [120.0, 30.2], [120.0, 30.1]]] })], /the boundary is not a valid polygon: Self-intersection/],
    ['re-cuts two villages but leaves the second one\'s group outside it (one bad entry in a batch)', [change('V1', polygon([120.0, 30.0, 120.12, 30.2])), change('V2', polygon([120.12, 30.0, 120.2, 30.2]))], /p_changes\[1\] \(grid 330102001002000\): it would leave \d+ m² of its child 330102001002001 outside it/],
  ])('a county admin %s: nothing is changed', async (_what, changes, problem) => {
    const before = [await snapshot(db, GRIDS), await snapshot(db, ADMIN_LOG)]
    const out = refusal(await attempt(db, claimsOf('admin'), setBoundaries(changes)))
    expect(out.code).toBe('22023')
    expect(out.message).toMatch(/^p_changes: \d+ problem\(s\), nothing was changed: /)
    expect(out.message).toMatch(problem)
    expect(JSON.parse(out.detail!)).toEqual(expect.arrayContaining([expect.objectContaining({ problem: expect.any(String), index: expect.any(Number) })]))
    expect([await snapshot(db, GRIDS), await snapshot(db, ADMIN_LOG)]).toEqual(before)
  })

  it('a county admin creates a grid reaching outside its parent', async () => {
    const before = await snapshot(db, GRIDS)
    const out = refusal(await attemptSql(db, claimsOf('admin'), `insert into public.grids (code, name, boundary, label_point, area_km2)
      values ('330102001009000', '越界村', extensions.st_multi(extensions.st_makeenvelope(120.15, 30.0, 120.3, 30.1, 4326)), extensions.st_setsrid(extensions.st_makepoint(120.16, 30.05), 4326), 1)`))
    expect(out).toMatchObject({ code: '23514', message: expect.stringMatching(/^Grid 330102001009000 was not created: it reaches \d+ m² outside its parent 330102001000000/) })
    expect(await snapshot(db, GRIDS)).toEqual(before)
  })

  it('the county admin\'s batch re-cut is checked as a whole, applied together and logged grid by grid with old and new', async () => {
    const recut = [change('V1', polygon([120.0, 30.0, 120.12, 30.2])), change('V2', polygon([120.12, 30.0, 120.2, 30.2])), change('G21', polygon([120.12, 30.0, 120.2, 30.2]))]
    const out = await attempt(db, claimsOf('admin'), setBoundaries(recut))
    expect(out).toMatchObject({ refused: false, result: { changed: [{ code: '330102001001000' }, { code: '330102001002000' }, { code: '330102001002001' }] } })
    const { rows } = await db.admin.query(`select kind, target_id, actor_id, actor_role, scope_path::text, data -> 'newBoundary' -> 'type' as type,
      extensions.st_area(extensions.st_geomfromgeojson(data ->> 'newBoundary')) > extensions.st_area(extensions.st_geomfromgeojson(data ->> 'oldBoundary')) as grew from public.admin_events where kind = 'grid_boundary' order by id`)
    expect(rows).toEqual([
      { kind: 'grid_boundary', target_id: toUuid(gridId('V1')), actor_id: toUuid('u-admin'), actor_role: 'county_admin', scope_path: '330102', type: 'MultiPolygon', grew: true },
      { kind: 'grid_boundary', target_id: toUuid(gridId('V2')), actor_id: toUuid('u-admin'), actor_role: 'county_admin', scope_path: '330102', type: 'MultiPolygon', grew: false },
      { kind: 'grid_boundary', target_id: toUuid(gridId('G21')), actor_id: toUuid('u-admin'), actor_role: 'county_admin', scope_path: '330102', type: 'MultiPolygon', grew: false },
    ])
    // Intake follows the new line.
    expect(await filedUnder([120.11, 30.1])).toBe(toUuid(gridId('V1')))
    // Put back, as service_role, so the other tests keep the fixture's shapes.
    const back = await attempt(db, SERVICE, setBoundaries([change('V1', polygon(gridBox('V1'))), change('V2', polygon(gridBox('V2'))), change('G21', polygon(gridBox('G21')))]))
    expect(back.refused).toBe(false)
  })

  it('digitising noise along a shared edge is within the stated tolerance; a real overlap is not', async () => {
    const sliver = await attempt(db, claimsOf('admin'), setBoundaries([change('G12', polygon([120.0, 30.0999999, 120.1, 30.2]))]))
    expect(sliver.refused).toBe(false)
    const real = refusal(await attempt(db, claimsOf('admin'), setBoundaries([change('G12', polygon([120.0, 30.099, 120.1, 30.2]))])))
    expect(real.message).toMatch(/it overlaps its sibling 330102001001001 by \d+ m² \(tolerance \d+ m²\)/)
    await attempt(db, SERVICE, setBoundaries([change('G12', polygon(gridBox('G12')))]))
  })
})

describe('cases go only to staff and units of their county that the caller can see', () => {
  const CASE = 'select * from public.cases where id = $1'
  const EVENTS = 'select * from public.case_events where case_id = $1'

  it.each([
    ['a member of staff of another county', toUuid('staff-C1')],
    ['a member of staff of another township the commander cannot see', toUuid('staff-H11')],
    ['an id that is nobody\'s', '00000000-0000-4000-8000-00000000beef'],
  ])('a township commander dispatches and assigns a case to %s: one and the same refusal', async (_who, staff) => {
    const registered = await insertCase(db, { status: 'registered' })
    const accepted = await insertCase(db, { status: 'in_progress', ...HANDLED })
    const before = [await snapshot(db, CASE, [registered]), await snapshot(db, CASE, [accepted]), await snapshot(db, EVENTS, [registered]), await snapshot(db, EVENTS, [accepted])]
    const out = await asRequest(db, claimsOf('commander'), async c => [
      await transitionOn(c, registered, 'dispatch', { leadUnitId: 'police', assigneeId: staff }, 1),
      await transitionOn(c, accepted, 'assign', { assigneeId: staff }, 1),
    ], { commit: true })
    expect(out.map(o => o.ok ? 'done' : { ...o, message: o.message.replace(/case [0-9a-f-]+/, 'case <id>').replace(staff, '<staff>') })).toEqual([
      { ok: false, code: 'invalid_input', field: 'assigneeId', message: 'Cannot dispatch case <id>: assigneeId: "<staff>" is not a member of staff you may assign this case to' },
      { ok: false, code: 'invalid_input', field: 'assigneeId', message: 'Cannot assign case <id>: assigneeId: "<staff>" is not a member of staff you may assign this case to' },
    ])
    expect([await snapshot(db, CASE, [registered]), await snapshot(db, CASE, [accepted]), await snapshot(db, EVENTS, [registered]), await snapshot(db, EVENTS, [accepted])]).toEqual(before)
  })

  it('a township commander dispatches a case to another county\'s own unit: the same refusal as for an unknown unit', async () => {
    const registered = await insertCase(db, { status: 'registered' })
    const before = [await snapshot(db, CASE, [registered]), await snapshot(db, EVENTS, [registered])]
    const out = await asRequest(db, claimsOf('commander'), async c => [
      await transitionOn(c, registered, 'dispatch', { leadUnitId: 'c2-police' }, 1),
      await transitionOn(c, registered, 'dispatch', { leadUnitId: 'no-such-unit' }, 1),
    ], { commit: true })
    expect(out.map(o => !o.ok && o.message.replace(/"[a-z0-9-]+" is/, '"<unit>" is'))).toEqual([
      expect.stringMatching(/"<unit>" is not a known handling unit$/),
      expect.stringMatching(/"<unit>" is not a known handling unit$/),
    ])
    expect(new Set(out.map(o => !o.ok && o.message.replace(/"[a-z0-9-]+" is/, '"<unit>" is'))).size).toBe(1)
    expect([await snapshot(db, CASE, [registered]), await snapshot(db, EVENTS, [registered])]).toEqual(before)
  })
})

describe('create_case reveals nothing about grids the caller cannot see', () => {
  it('a grid worker probes where other townships and counties lie with points: every point outside their grids gets one answer', async () => {
    const before = await snapshot(db, 'select id from public.cases order by id')
    const answers = []
    for (const point of [pointIn('G12', 0.5, 0.5), pointIn('H11', 0.5, 0.5), pointIn('C2', 0.5, 0.5), [0, 0] as [number, number], [10, 10] as [number, number]]) {
      const out = refusal(await attempt(db, claimsOf('worker'), c => callRpc(c, 'create_case', {
        p_input: { categoryCode: '0101', title: '探测', description: '探测', source: 'patrol', location: point },
      })))
      answers.push({ code: out.code, message: out.message.replace(/\[[^\]]+\]/, '[<point>]'), detail: out.detail })
    }
    expect(new Set(answers.map(a => JSON.stringify(a))).size).toBe(1)
    expect(answers[0]!.message).toBe('Cannot report a case at [<point>]: the point is outside the grids you cover; a case must lie inside one of them')
    expect(await snapshot(db, 'select id from public.cases order by id')).toEqual(before)
  })
})

describe('staff phones are really masked', () => {
  it.each(['138-0013-8000', '13800138000', '138 0013 8000', '+86 138****8000x', '138****800', '0571-87654321'])('a village chief stores %s as a masked phone', async (phone) => {
    const STAFF = 'select id, phone_masked from public.staff order by id'
    const before = await snapshot(db, STAFF)
    const updated = refusal(await attemptSql(db, claimsOf('chief'), 'update public.staff set phone_masked = $2 where id = $1', [toUuid('staff-G11'), phone]))
    const inserted = refusal(await attemptSql(db, claimsOf('chief'), 'insert into public.staff (name, role, grid_id, phone_masked) values (\'新人\', \'helper\', $1, $2)', [toUuid(gridId('G11')), phone]))
    expect([updated.code, inserted.code]).toEqual(['23514', '23514'])
    expect(updated.message).toMatch(/staff_phone_masked/)
    expect(await snapshot(db, STAFF)).toEqual(before)
  })

  it('a masked mobile or landline, or none, is taken', async () => {
    for (const phone of ['138****8000', '0571-****4321', ''])
      expect(await attemptSql(db, claimsOf('chief'), 'update public.staff set phone_masked = $2 where id = $1', [toUuid('staff-G11'), phone]), phone).toEqual({ refused: false, result: 1 })
  })
})
