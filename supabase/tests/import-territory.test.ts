// public.import_territory (issue 12): who may import, all or nothing on a defect anywhere in the
// file, and what happens to the cases and the log. Each call is one committed PostgREST request.
import type { GridKey } from './fixtures/territory'
import { describe, expect, it } from 'vitest'
import { toUuid } from '../seed/ids'
import { attempt, refusal, snapshot } from './attacks/attack'
import { claimsOf, useCaseLoopDatabase } from './fixtures/caseLoop'
import { caseId, GRID_CODES, gridBox, gridId } from './fixtures/territory'
import { ANON, callRpc, SERVICE } from './harness/db'

const db = useCaseLoopDatabase()

type Box = [number, number, number, number]
const shape = ([w, s, e, n]: Box) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] })
const level = (code: string) => code.length === 18 ? 4 : code.endsWith('000000') ? 1 : code.endsWith('000') ? 2 : 3
const entry = (code: string, name: string, box: Box) => ({ code, name, level: level(code), boundary: shape(box) })
const fixtureEntry = (key: GridKey, name = `网格${key}`) => entry(GRID_CODES[key], name, gridBox(key))

const G22 = '330102001002002'
// Where G21 is cut: a latitude no decimal rounding keeps, so a re-import proves the stored shape is the file's.
const CUT = 30.1 + 1 / 7 / 1000
/** Township T1 re-cut: V2 renamed, its group G21 cut in two, the northern part a new group G22. */
function recutT1() {
  return [
    fixtureEntry('T1'),
    fixtureEntry('V1'),
    fixtureEntry('V2', '新二村'),
    fixtureEntry('G11'),
    fixtureEntry('G12'),
    fixtureEntry('S111'),
    entry(GRID_CODES.G21, '网格G21', [120.1, 30.0, 120.2, CUT]),
    entry(G22, '新二组', [120.1, CUT, 120.2, 30.2]),
  ]
}

function importAs(user: Parameters<typeof claimsOf>[0] | 'anon' | 'service', grids: unknown, county = '330102') {
  return attempt(db, user === 'anon' ? ANON : user === 'service' ? SERVICE : claimsOf(user), c => callRpc(c, 'import_territory', { p_county_code: county, p_grids: grids, p_file_name: 'test.zip' }))
}

const STATE = [
  'select id, code, name, extensions.st_astext(boundary) as b, area_km2 from public.grids order by code',
  'select id, grid_id, grid_path::text from public.cases order by id',
  'select kind, target_id from public.admin_events order by id',
]
const state = () => Promise.all(STATE.map(sql => snapshot(db, sql)))
const gridOfCase = async (id: string) => (await db.admin.query<{ code: string }>('select g.code from public.cases c join public.grids g on g.id = c.grid_id where c.id = $1', [toUuid(id)])).rows[0]!.code

describe('import_territory: who may import', () => {
  it.each(['commander', 'chief', 'worker', 'viewer', 'outsider', 'foreignAdmin', 'foreignCommander'] as const)('refuses %s, changing nothing', async (user) => {
    const before = await state()
    expect(refusal(await importAs(user, recutT1()))).toMatchObject({ code: '42501', message: 'Only a county admin of county 330102 (or service_role) imports its territory' })
    expect(await state()).toEqual(before)
  })

  it('refuses anon, who may not even call it', async () => {
    expect(refusal(await importAs('anon', recutT1())).code).toBe('42501')
  })

  it('refuses a county admin importing into their county grids of another county', async () => {
    const before = await state()
    const out = refusal(await importAs('admin', [...recutT1(), fixtureEntry('C1')]))
    expect(out).toMatchObject({ code: '22023', message: 'p_grids[8].code 330103001000000: belongs to county 330103, not to 330102' })
    // Nor can another county's admin import them by naming this county.
    expect(refusal(await importAs('foreignAdmin', [fixtureEntry('C1')], '330102')).code).toBe('42501')
    expect(await state()).toEqual(before)
  })
})

describe('import_territory: all or nothing', () => {
  it.each([
    ['a boundary with a text coordinate mid-way', (g: any[]) => { g[3].boundary.coordinates[0][2] = ['120.1', 30.1] }, /^p_grids\[3\]\.boundary \(grid 330102001001001\): every coordinate must be a finite number$/],
    ['a self-intersecting boundary mid-way', (g: any[]) => { g[4].boundary = { type: 'Polygon', coordinates: [[[120.0, 30.1], [120.1, 30.2], [120.1, 30.1], [120.0, 30.2], [120.0, 30.1]]] } }, /^p_grids\[4\]\.boundary \(grid 330102001001002\) is not a valid polygon: Self-intersection/],
    ['a level that contradicts the code', (g: any[]) => { g[5].level = 2 }, /^p_grids\[5\]\.level of grid 330102001001001001 must be 4, as its code says$/],
    ['a code listed twice', (g: any[]) => { g.push({ ...g[6] }) }, /^p_grids\[8\]\.code 330102001002001 is listed twice$/],
    ['a grid whose parent is nowhere', (g: any[]) => { g.push(entry('330102001009001', '孤组', [120.1, 30.0, 120.12, 30.02])) }, /^p_grids\[8\]\.code 330102001009001: its parent 330102001009000 is neither in the file nor in the county$/],
  ])('refuses %s before writing anything', async (_what, spoil, message) => {
    const before = await state()
    const grids = recutT1()
    spoil(grids)
    const out = refusal(await importAs('admin', grids))
    expect(out.code).toBe('22023')
    expect(out.message).toMatch(message)
    expect(await state()).toEqual(before)
  })

  it('undoes every write when a new grid, written mid-way, overlaps its sibling', async () => {
    const before = await state()
    // G23 overlaps G22: found only once the new grids are written, after the inserts, the case
    // moves and the redraw of G21 went through.
    const out = refusal(await importAs('admin', [...recutT1(), entry('330102001002003', '重叠组', [120.15, 30.15, 120.2, 30.2])]))
    expect(out.code).toBe('22023')
    expect(out.message).toMatch(/^Nothing was imported: \d problem\(s\): .*grid 330102001002003: it overlaps its sibling 330102001002002 by \d+ m²/)
    expect(JSON.parse(out.detail!)).toEqual(expect.arrayContaining([expect.objectContaining({ code: '330102001002003' })]))
    expect(await state()).toEqual(before)
  })

  it('undoes every write when a new grid reaches outside its parent', async () => {
    const before = await state()
    const out = refusal(await importAs('admin', [...recutT1(), entry('330102001002003', '越界组', [120.2, 30.0, 120.25, 30.05])]))
    expect(out.message).toMatch(/grid 330102001002003: it reaches \d+ m² outside its parent 330102001002000/)
    expect(await state()).toEqual(before)
  })

  it('undoes everything when a redrawn grid leaves its child outside (the set_grid_boundaries check)', async () => {
    const before = await state()
    const grids = recutT1()
    grids[1] = entry(GRID_CODES.V1, '网格V1', [120.0, 30.0, 120.1, 30.15])
    const out = refusal(await importAs('admin', grids))
    expect(out.code).toBe('22023')
    expect(out.message).toMatch(/p_changes\[\d\] \(grid 330102001001000\): it would leave \d+ m² of its child 330102001001002 outside it/)
    expect(await state()).toEqual(before)
  })

  it('refuses to remove a grid that still has staff, teams, cameras or places, changing nothing', async () => {
    const before = await state()
    const out = refusal(await importAs('admin', recutT1().filter(g => g.code !== GRID_CODES.S111)))
    expect(out).toMatchObject({ code: '23503', message: expect.stringMatching(/^Nothing was imported: grids 330102001001001001 are not in the file but still have staff/) })
    expect(await state()).toEqual(before)
  })
})

describe('import_territory: a county admin re-cuts a township', () => {
  it('creates, renames and redraws grids, re-files the cases, logs it, and leaves the other townships alone', async () => {
    const otherTownship = await snapshot(db, `select * from public.grids where code like '330102002%' order by code`)
    const out = await importAs('admin', recutT1())
    expect(out.refused, JSON.stringify(out)).toBe(false)
    const result = (out as { result: { added: number, renamed: number, redrawn: number, removed: number, unchanged: number, casesMoved: Array<{ code: string, fromCode: string, toCode: string }> } }).result
    expect(result).toMatchObject({ added: 1, renamed: 1, redrawn: 1, removed: 0, unchanged: 5 })
    const grids = await snapshot(db, 'select code, name, extensions.st_astext(boundary) as b, parent_id from public.grids where code in ($1, $2, $3) order by code', [GRID_CODES.V2, GRID_CODES.G21, G22])
    expect(grids).toEqual([
      { code: GRID_CODES.V2, name: '新二村', b: expect.any(String), parent_id: toUuid(gridId('T1')) },
      { code: GRID_CODES.G21, name: '网格G21', b: `MULTIPOLYGON(((120.1 30,120.2 30,120.2 ${CUT},120.1 ${CUT},120.1 30)))`, parent_id: toUuid(gridId('V2')) },
      { code: G22, name: '新二组', b: `MULTIPOLYGON(((120.1 ${CUT},120.2 ${CUT},120.2 30.2,120.1 30.2,120.1 ${CUT})))`, parent_id: toUuid(gridId('V2')) },
    ])
    // G21's cases lie at 70 % of its height: now in the new G22, their paths with them.
    for (const s of ['a', 'b', 'j'])
      expect(await gridOfCase(caseId('G21', s))).toBe(G22)
    const moved = result.casesMoved.filter(m => m.fromCode === GRID_CODES.G21)
    expect(moved).toHaveLength(10)
    expect(moved.every(m => m.toCode === G22)).toBe(true)
    const paths = await snapshot(db, 'select distinct c.grid_path::text as p from public.cases c where c.grid_id = (select id from public.grids where code = $1)', [G22])
    expect(paths).toEqual([{ p: '330102.001.002.002' }])
    const events = await snapshot(db, `select kind, target_id, data->>'fileName' as file, (data->>'added')::int as added from public.admin_events where kind in ('territory_import', 'grid_boundary') order by id`)
    expect(events).toEqual([
      { kind: 'grid_boundary', target_id: toUuid(gridId('G21')), file: null, added: null },
      { kind: 'territory_import', target_id: '330102', file: 'test.zip', added: 1 },
    ])
    expect(await snapshot(db, `select * from public.grids where code like '330102002%' order by code`)).toEqual(otherTownship)
    // The same file again changes nothing.
    const again = await importAs('admin', recutT1())
    expect((again as { result: unknown }).result).toMatchObject({ added: 0, renamed: 0, redrawn: 0, removed: 0, unchanged: 8, casesMoved: [] })
  })

  it('removes a grid left out of the file once nothing is placed in it, its cases moving up to the grid that now holds them', async () => {
    const g = toUuid(gridId('S111'))
    for (const t of ['cameras', 'key_places', 'patrol_routes', 'patrol_teams', 'staff']) {
      const col = t === 'patrol_routes' ? 'team_id in (select id from public.patrol_teams where grid_id = $1)' : 'grid_id = $1'
      await db.admin.query(`update public.grids set chief_id = null where id = $1`, [g])
      await db.admin.query(`delete from public.${t} where ${col}`, [g])
    }
    const out = await importAs('service', recutT1().filter(x => x.code !== GRID_CODES.S111))
    expect(out.refused, JSON.stringify(out)).toBe(false)
    expect((out as { result: unknown }).result).toMatchObject({ removed: 1 })
    expect((await snapshot(db, 'select count(*)::int as n from public.grids where id = $1', [g]))[0]).toEqual({ n: 0 })
    expect(await gridOfCase(caseId('S111', 'a'))).toBe(GRID_CODES.G11)
  })
})
