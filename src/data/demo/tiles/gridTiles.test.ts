import type { Grid } from '~/domain/types'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { GRID_LABEL_LAYER, GRID_TILE_LAYER, gridLevelsAtZoom } from '~/domain/gridTiles'
import { createGridTileCutter } from './gridTiles'

function box(id: string, code: string, level: Grid['level'], parentId: string | null, [w, s, e, n]: [number, number, number, number]): Grid {
  return {
    id,
    code,
    level,
    parentId,
    name: `格${id}`,
    nameEn: `Grid ${id}`,
    boundary: { type: 'MultiPolygon', coordinates: [[[[w, s], [e, s], [e, n], [w, n], [w, s]]]] },
    labelPoint: [(w + e) / 2, (s + n) / 2],
    areaKm2: 1,
    chiefId: null,
    workerIds: [],
    households: 0,
    population: 0,
  }
}

// A township of two villages; the first has a group with a sub-grid.
const GRIDS: Grid[] = [
  box('t', '330102001000000', 1, null, [120.0, 30.0, 120.2, 30.2]),
  box('v1', '330102001001000', 2, 't', [120.0, 30.0, 120.1, 30.2]),
  box('v2', '330102001002000', 2, 't', [120.1, 30.0, 120.2, 30.2]),
  box('g', '330102001001001', 3, 'v1', [120.0, 30.0, 120.1, 30.1]),
  box('s', '330102001001001001', 4, 'g', [120.0, 30.0, 120.05, 30.05]),
]

function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = lat * Math.PI / 180
  return [Math.floor((lng + 180) / 360 * n), Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n)]
}

/** [w, s, e, n] of a tile in degrees. */
function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z
  const lat = (t: number) => Math.atan(Math.sinh(Math.PI * (1 - 2 * t / n))) * 180 / Math.PI
  return [x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)]
}

function overlaps(g: Grid, [w, s, e, n]: [number, number, number, number]): boolean {
  const ring = g.boundary.coordinates[0]![0]!
  const xs = ring.map(p => p[0]!)
  const ys = ring.map(p => p[1]!)
  return Math.min(...xs) < e && Math.max(...xs) > w && Math.min(...ys) < n && Math.max(...ys) > s
}

function decode(bytes: Uint8Array): Record<string, Array<Record<string, unknown> & { type: number }>> {
  const tile = new VectorTile(new PbfReader(bytes))
  return Object.fromEntries(Object.entries(tile.layers).map(([name, layer]) => [name, Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i)
    return { ...f.properties, type: f.type }
  })]))
}

describe('createGridTileCutter', () => {
  const cutter = createGridTileCutter(GRIDS)

  it('a tile decodes to the grids of its zoom\'s levels, with the SQL tile\'s layers and properties', () => {
    for (const z of [6, 9, 12, 14]) {
      const [x, y] = tileOf(120.01, 30.01, z)
      const layers = decode(cutter.tile(z, x, y))
      const expected = GRIDS.filter(g => gridLevelsAtZoom(z).includes(g.level) && overlaps(g, tileBounds(z, x, y))).map(g => g.id).sort()
      expect(expected.length, `z${z}`).toBeGreaterThan(z >= 13 ? 3 : 0)
      expect(layers[GRID_TILE_LAYER]!.map(f => f.id).sort(), `z${z}`).toEqual(expected)
      expect(new Set(layers[GRID_TILE_LAYER]!.map(f => f.type)), `z${z}`).toEqual(new Set([3]))
      expect([GRID_LABEL_LAYER, GRID_TILE_LAYER]).toEqual(expect.arrayContaining(Object.keys(layers)))
    }
    const [x, y] = tileOf(120.01, 30.01, 14)
    const s = decode(cutter.tile(14, x, y))[GRID_TILE_LAYER]!.find(f => f.id === 's')
    expect(s).toEqual({ id: 's', code: '330102001001001001', level: 4, name: '格s', nameEn: 'Grid s', parentId: 'g', type: 3 })
    const t = decode(cutter.tile(14, x, y))[GRID_TILE_LAYER]!.find(f => f.id === 't')
    expect(t?.parentId).toBe('')
  })

  it('labels sit in the one tile that holds the label point', () => {
    const z = 14
    const [x, y] = tileOf(120.01, 30.01, z)
    // The tile holds parts of four grids but none of their label points (the nearest, the sub-grid's, is at 120.025, 30.025).
    expect(decode(cutter.tile(z, x, y))[GRID_TILE_LAYER]).toHaveLength(4)
    expect(decode(cutter.tile(z, x, y))[GRID_LABEL_LAYER]).toBeUndefined()
    const [gx, gy] = tileOf(120.05, 30.05, z)
    expect((decode(cutter.tile(z, gx, gy))[GRID_LABEL_LAYER] ?? []).map(f => f.id)).toContain('g')
    expect(new Set(decode(cutter.tile(z, gx, gy))[GRID_LABEL_LAYER]!.map(f => f.type))).toEqual(new Set([1]))
  })

  it('a tile without grids is empty, as grid_tile answers', () => {
    expect(cutter.tile(10, 0, 0)).toEqual(new Uint8Array(0))
  })

  it('refuses a tile outside the pyramid, naming it', () => {
    expect(() => cutter.tile(23, 0, 0)).toThrow('grid tile 23/0/0')
    expect(() => cutter.tile(3, 8, 0)).toThrow('3/8/0 does not exist')
    expect(() => cutter.tile(3, -1, 0)).toThrow('3/-1/0 does not exist')
  })
})
