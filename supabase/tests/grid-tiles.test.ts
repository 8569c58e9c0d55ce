// The county-scale grid reads (issue 13): grid_tile (Mapbox Vector Tiles), grid_summaries and
// grid_outline, under each fixture user's claims. A tile holds exactly the visible grids of its
// zoom's levels that touch it (buffer included), with the properties the map needs, and reads
// like the demo's browser-side cut of the same grids; summaries and outlines are the visible
// grids only; anon gets nothing.
import type { Feature, MultiPolygon } from 'geojson'
import type { Claims, TestDatabase } from './harness/db'
import type { Grid } from '~/domain/types'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createGridTileCutter } from '~/data/demo/tiles/gridTiles'
import { decodeByteaHex } from '~/data/supabase/gridTiles'
import { GRID_LABEL_LAYER, GRID_TILE_LAYER, GRID_TILE_MAX_ZOOM, gridLevelsAtZoom } from '~/domain/gridTiles'
import { toUuid } from '../seed/ids'
import { expectedVisibleGrids } from './expectations'
import { fixtureTerritory, gridId, memberOf, USERS } from './fixtures/territory'
import { ANON, asRequest, callRpc, createTestDatabase, loadDataset, SERVICE, sqlState, userClaims } from './harness/db'

const dataset = fixtureTerritory()
const ALL_USERS = [...Object.values(USERS), memberOf('V2'), memberOf('H11')]
// The fixture's grids as the database holds them (uuids), for the expectations and the demo cutter.
const GRIDS: Grid[] = dataset.grids.map(g => ({ ...g, id: toUuid(g.id), parentId: g.parentId === null ? null : toUuid(g.parentId) }))

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, dataset)
})
afterAll(async () => db?.drop())

async function sqlTile(claims: Claims, z: number, x: number, y: number): Promise<Uint8Array> {
  const bytes = await asRequest(db, claims, c => callRpc<Buffer>(c, 'grid_tile', { z, x, y }))
  return new Uint8Array(bytes)
}

interface Decoded { layer: string, type: number, props: Record<string, unknown> }
function decode(bytes: Uint8Array): Decoded[] {
  if (bytes.length === 0)
    return []
  const tile = new VectorTile(new PbfReader(bytes))
  return Object.entries(tile.layers).flatMap(([layer, l]) => Array.from({ length: l.length }, (_, i) => {
    const f = l.feature(i)
    return { layer, type: f.type, props: { ...f.properties } }
  }))
}
const idsOf = (features: Decoded[], layer: string) => features.filter(f => f.layer === layer).map(f => String(f.props.id)).sort()

function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = lat * Math.PI / 180
  return [Math.floor((lng + 180) / 360 * n), Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n)]
}

/** The tile's box in degrees, grown by the 64-of-4096 buffer. */
function bufferedBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z
  const m = 64 / 4096
  const lat = (t: number) => Math.atan(Math.sinh(Math.PI * (1 - 2 * t / n))) * 180 / Math.PI
  return [(x - m) / n * 360 - 180, lat(y + 1 + m), (x + 1 + m) / n * 360 - 180, lat(y - m)]
}

function bbox(g: Grid): [number, number, number, number] {
  const pts = g.boundary.coordinates.flat(2)
  return [Math.min(...pts.map(p => p[0]!)), Math.min(...pts.map(p => p[1]!)), Math.max(...pts.map(p => p[0]!)), Math.max(...pts.map(p => p[1]!))]
}

// Tiles over the fixture's townships at every zoom band: T1/T2 (county 330102) and C1 (330103).
const TILES: Array<[number, number, number]> = [4, 7, 8, 10, 11, 12, 13, 14].flatMap(z => [
  [z, ...tileOf(120.01, 30.01, z)] as [number, number, number],
  [z, ...tileOf(120.3, 30.1, z)] as [number, number, number],
  [z, ...tileOf(121.1, 30.1, z)] as [number, number, number],
])

describe('grid levels per zoom', () => {
  it('private.grid_tile_levels agrees with gridLevelsAtZoom at every zoom', async () => {
    const { rows } = await db.admin.query<{ z: number, levels: number[] }>(
      'select z, private.grid_tile_levels(z)::int[] as levels from generate_series(0, $1::int) z',
      [GRID_TILE_MAX_ZOOM],
    )
    expect(rows).toHaveLength(GRID_TILE_MAX_ZOOM + 1)
    for (const { z, levels } of rows)
      expect(levels, `z${z}`).toEqual(gridLevelsAtZoom(z))
  })
})

describe.each(ALL_USERS)('grid_tile as %s', (userId) => {
  const claims = userClaims(userId)
  const visible = expectedVisibleGrids(dataset, userId)
  const visibleGrids = GRIDS.filter(g => visible.has(g.id))
  const cutter = createGridTileCutter(visibleGrids)

  it('holds exactly the visible grids of the zoom\'s levels touching the tile, like the demo cutter', async () => {
    let nonEmpty = 0
    for (const [z, x, y] of TILES) {
      const [w, s, e, n] = bufferedBounds(z, x, y)
      const expected = visibleGrids.filter((g) => {
        const [gw, gs, ge, gn] = bbox(g)
        return gridLevelsAtZoom(z).includes(g.level) && gw <= e && ge >= w && gs <= n && gn >= s
      }).map(g => g.id).sort()
      const sql = decode(await sqlTile(claims, z, x, y))
      expect(idsOf(sql, GRID_TILE_LAYER), `${z}/${x}/${y}`).toEqual(expected)
      const demo = decode(cutter.tile(z, x, y))
      expect(idsOf(demo, GRID_TILE_LAYER), `demo ${z}/${x}/${y}`).toEqual(expected)
      expect(idsOf(sql, GRID_LABEL_LAYER), `labels ${z}/${x}/${y}`).toEqual(idsOf(demo, GRID_LABEL_LAYER))
      const props = (f: Decoded[]) => f.map(d => JSON.stringify([d.layer, d.type, d.props.id, d.props.code, d.props.level, d.props.name, d.props.nameEn, d.props.parentId])).sort()
      expect(props(sql), `properties ${z}/${x}/${y}`).toEqual(props(demo))
      if (expected.length > 0)
        nonEmpty++
    }
    if (visible.size > 0)
      expect(nonEmpty).toBeGreaterThan(1)
  })
})

describe('grid_tile bytes and properties', () => {
  const admin = userClaims(USERS.admin)

  it('carries id, code, level, name, nameEn, parentId on polygons and label points', async () => {
    const [x, y] = tileOf(120.01, 30.01, 14)
    const features = decode(await sqlTile(admin, 14, x, y))
    const s111 = GRIDS.find(g => g.id === toUuid(gridId('S111')))!
    expect(features.find(f => f.layer === GRID_TILE_LAYER && f.props.id === s111.id)).toEqual({
      layer: GRID_TILE_LAYER,
      type: 3,
      props: { id: s111.id, code: s111.code, level: 4, name: s111.name, nameEn: s111.nameEn, parentId: s111.parentId },
    })
    const t1 = features.find(f => f.layer === GRID_TILE_LAYER && f.props.id === toUuid(gridId('T1')))!
    expect(t1.props.parentId).toBe('')
    const [lx, ly] = tileOf(120.025, 30.025, 14)
    const labels = decode(await sqlTile(admin, 14, lx, ly)).filter(f => f.layer === GRID_LABEL_LAYER)
    expect(labels.map(f => [f.type, f.props.id])).toEqual([[1, s111.id]])
  })

  it('reaches supabase-js as PostgREST renders bytea in JSON, and decodes to the same bytes', async () => {
    const [x, y] = tileOf(120.01, 30.01, 12)
    const raw = await sqlTile(admin, 12, x, y)
    expect(raw.length).toBeGreaterThan(100)
    // PostgREST builds the JSON body of an RPC answer with to_json of its result.
    const json = await asRequest(db, admin, async c => (await c.query<{ body: string }>('select to_json(public.grid_tile(12, $1, $2))::text as body', [x, y])).rows[0]!.body)
    const text = JSON.parse(json) as string
    expect(text.startsWith('\\x')).toBe(true)
    expect(decodeByteaHex(text)).toEqual(raw)
    // An empty tile is zero bytes: "\x".
    const empty = await asRequest(db, admin, async c => (await c.query<{ body: string }>('select to_json(public.grid_tile(12, 0, 0))::text as body')).rows[0]!.body)
    expect(decodeByteaHex(JSON.parse(empty) as string)).toEqual(new Uint8Array(0))
    expect(() => decodeByteaHex('1a2b')).toThrow('expected a bytea in hex')
  })

  it('follows a redrawn boundary (the tile shapes are generated columns)', async () => {
    const g21 = toUuid(gridId('G21'))
    await db.admin.query('begin')
    try {
      // Shrink G21 to its southern half: a z14 tile in its northern half loses it.
      await db.admin.query(`update public.grids set boundary = extensions.st_multi(extensions.st_makeenvelope(120.1, 30.0, 120.2, 30.1, 4326)),
        label_point = extensions.st_setsrid(extensions.st_makepoint(120.15, 30.05), 4326) where id = $1`, [g21])
      const [x, y] = tileOf(120.15, 30.18, 14)
      const { rows } = await db.admin.query<{ tile: Buffer }>('select public.grid_tile(14, $1, $2) as tile', [x, y])
      expect(idsOf(decode(new Uint8Array(rows[0]!.tile)), GRID_TILE_LAYER)).not.toContain(g21)
    }
    finally {
      await db.admin.query('rollback')
    }
    const [x, y] = tileOf(120.15, 30.18, 14)
    expect(idsOf(decode(await sqlTile(admin, 14, x, y)), GRID_TILE_LAYER)).toContain(g21)
  })

  it('refuses a tile outside the pyramid, naming it (22023)', async () => {
    for (const [z, x, y] of [[23, 0, 0], [-1, 0, 0], [3, 8, 0], [3, 0, -1]]) {
      const state = await asRequest(db, admin, c => sqlState(c, 'select public.grid_tile($1, $2, $3)', [z, x, y]))
      expect(state, `${z}/${x}/${y}`).toBe('22023')
    }
  })

  it('service_role gets every grid; anon may call none of the three', async () => {
    const [x, y] = tileOf(120.01, 30.01, 8)
    const ids = idsOf(decode(await sqlTile(SERVICE, 8, x, y)), GRID_TILE_LAYER)
    expect(ids).toEqual(expect.arrayContaining([toUuid(gridId('T1')), toUuid(gridId('V1')), toUuid(gridId('T2'))]))
    for (const sql of ['select public.grid_tile(8, 0, 0)', 'select public.grid_summaries()', `select public.grid_outline('${toUuid(gridId('T1'))}')`])
      expect(await asRequest(db, ANON, c => sqlState(c, sql)), sql).toBe('42501')
  })
})

interface Summary { id: string, code: string, level: number, parentId: string | null, name: string, nameEn: string, labelPoint: [number, number], bbox: number[], areaKm2: number, households: number, population: number, chiefId: string | null, workerIds: string[], childCount: number }

describe.each(ALL_USERS)('grid_summaries and grid_outline as %s', (userId) => {
  const claims = userClaims(userId)
  const visible = expectedVisibleGrids(dataset, userId)

  it('summaries: the visible grids, ordered by code, with bbox and child counts', async () => {
    const rows = await asRequest(db, claims, c => callRpc<Summary[]>(c, 'grid_summaries'))
    const expected = GRIDS.filter(g => visible.has(g.id)).sort((a, b) => (a.code < b.code ? -1 : 1))
    expect(rows.map(r => r.id)).toEqual(expected.map(g => g.id))
    for (const r of rows) {
      const g = expected.find(e => e.id === r.id)!
      expect(r.bbox, g.code).toEqual(bbox(g))
      expect(r.childCount, g.code).toBe(GRIDS.filter(c => c.parentId === g.id).length)
      expect(r).not.toHaveProperty('boundary')
    }
  })

  it('outline: the boundary of a visible grid, null for any other', async () => {
    for (const g of GRIDS) {
      const f = await asRequest(db, claims, c => callRpc<Feature<MultiPolygon> | null>(c, 'grid_outline', { p_grid_id: g.id }))
      if (!visible.has(g.id)) {
        expect(f, g.code).toBeNull()
        continue
      }
      expect(f!.id, g.code).toBe(g.id)
      expect(f!.geometry, g.code).toEqual(g.boundary)
      expect(f!.bbox, g.code).toEqual(bbox(g))
    }
  })
})

describe('grid_summaries filters', () => {
  const commander = userClaims(USERS.commander)
  const chief = userClaims(USERS.chief)
  const codes = async (claims: Claims, args: Record<string, unknown>) =>
    (await asRequest(db, claims, c => callRpc<Summary[]>(c, 'grid_summaries', args))).map(r => r.code)

  it('by ids, parent, subtree, level and box; the subtree root need not be visible', async () => {
    expect(await codes(commander, { p_parent_id: toUuid(gridId('V1')) })).toEqual(['330102001001001', '330102001001002'])
    expect(await codes(commander, { p_subtree_of: toUuid(gridId('G11')) })).toEqual(['330102001001001', '330102001001001001'])
    expect(await codes(commander, { p_max_level: 2 })).toEqual(['330102001000000', '330102001001000', '330102001002000'])
    expect(await codes(commander, { p_ids: [toUuid(gridId('V2')), toUuid(gridId('C1'))] })).toEqual(['330102001002000'])
    expect(await codes(commander, { p_bbox: [120.15, 30.05, 120.16, 30.06] })).toEqual(['330102001000000', '330102001002000', '330102001002001'])
    expect(await codes(chief, { p_subtree_of: toUuid(gridId('T1')), p_max_level: 2 })).toEqual(['330102001001000'])
  })

  it('refuses a level outside 1–4 and a malformed box (22023)', async () => {
    expect(await asRequest(db, commander, c => sqlState(c, 'select public.grid_summaries(p_max_level := 5)'))).toBe('22023')
    expect(await asRequest(db, commander, c => sqlState(c, 'select public.grid_summaries(p_bbox := \'{1,2,3}\')'))).toBe('22023')
    expect(await asRequest(db, commander, c => sqlState(c, 'select public.grid_outline($1, 23)', [toUuid(gridId('T1'))]))).toBe('22023')
  })
})
