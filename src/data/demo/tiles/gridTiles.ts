// The demo's grid vector tiles, cut in the browser (or a worker: pure, no DOM, the answer is a
// transferable Uint8Array) from the demo territory's Grid[], so the map has one code path for
// both data layers: a tile of the demo reads exactly like a tile of public.grid_tile — the same
// two layers, the same properties, the same levels per zoom (src/domain/gridTiles.ts), extent
// 4096 and a 64-unit buffer.
//
// Why @maplibre/geojson-vt and @maplibre/vt-pbf: they are the cutter and encoder MapLibre itself
// runs for every GeoJSON source (already in the bundle as maplibre-gl's dependencies), kept by
// the MapLibre project; geojson-vt clips and simplifies per zoom (Douglas–Peucker in tile units)
// and cuts lazily, so only tiles that are asked for are ever built.
import type { GeoJSONVTTile } from '@maplibre/geojson-vt'
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson'
import type { GridTileProperties } from '~/domain/gridTiles'
import type { Grid, GridLevel } from '~/domain/types'
import { GeoJSONVT } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import { GRID_LABEL_LAYER, GRID_TILE_LAYER, GRID_TILE_MAX_ZOOM, gridLevelsAtZoom } from '~/domain/gridTiles'

/** Tile extent and polygon buffer in tile units, as ST_AsMVT/ST_AsMVTGeom are called in SQL. */
export const GRID_TILE_EXTENT = 4096
export const GRID_TILE_BUFFER = 64

/** Cuts grid tiles on demand. */
export interface GridTileCutter {
  /**
   * The tile z/x/y (XYZ, as MapLibre's {z}/{x}/{y}) as MVT bytes; an empty array when no grid of
   * the zoom's levels touches it (public.grid_tile answers zero bytes then too). Throws a
   * RangeError naming the tile for a zoom or x/y outside the tile pyramid.
   */
  tile: (z: number, x: number, y: number) => Uint8Array
}

function properties(g: Grid): GridTileProperties {
  return { id: g.id, code: g.code, level: g.level, name: g.name, nameEn: g.nameEn, parentId: g.parentId ?? '' }
}

function index(features: Array<Feature<MultiPolygon | Point, GridTileProperties>>, buffer: number): GeoJSONVT {
  const data: FeatureCollection = { type: 'FeatureCollection', features }
  // tolerance 3 (tile units at 4096, geojson-vt's default) is well under the 512-pixel tile's half
  // pixel (4 units) the SQL shapes are simplified to; indexMaxZoom 5 keeps the up-front cut small.
  return new GeoJSONVT(data, { maxZoom: GRID_TILE_MAX_ZOOM, indexMaxZoom: 5, extent: GRID_TILE_EXTENT, buffer, tolerance: 3 })
}

/** A cutter over `grids` (their ids go into the tiles as they are: uuids on Supabase, demo ids in the demo). */
export function createGridTileCutter(grids: readonly Grid[]): GridTileCutter {
  // One index per level, so a tile of zoom z is the union of the tiles of the levels z shows and
  // no index ever holds a level it would have to filter out again.
  const boundaries = new Map<GridLevel, GeoJSONVT>()
  const labels = new Map<GridLevel, GeoJSONVT>()
  for (const level of [1, 2, 3, 4] as const) {
    const ofLevel = grids.filter(g => g.level === level)
    if (ofLevel.length === 0)
      continue
    boundaries.set(level, index(ofLevel.map(g => ({ type: 'Feature', geometry: g.boundary, properties: properties(g) })), GRID_TILE_BUFFER))
    labels.set(level, index(ofLevel.map(g => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [...g.labelPoint] }, properties: properties(g) })), 0))
  }
  return {
    tile(z, x, y) {
      if (!Number.isInteger(z) || z < 0 || z > GRID_TILE_MAX_ZOOM)
        throw new RangeError(`grid tile ${z}/${x}/${y}: z must be an integer 0–${GRID_TILE_MAX_ZOOM}`)
      const n = 2 ** z
      if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n)
        throw new RangeError(`grid tile ${z}/${x}/${y} does not exist: x and y must be 0–${n - 1} at zoom ${z}`)
      const layers: Parameters<typeof fromGeojsonVt>[0] = {}
      for (const [name, byLevel] of [[GRID_TILE_LAYER, boundaries], [GRID_LABEL_LAYER, labels]] as const) {
        const tiles = gridLevelsAtZoom(z).flatMap(level => byLevel.get(level)?.getTile(z, x, y) ?? [])
        const features = tiles.flatMap(t => t.features)
        // vt-pbf reads only a layer's features; the type asks for a whole tile, whose internal
        // (untransformed) feature type the merged list does not match.
        if (features.length > 0)
          layers[name] = { ...tiles[0]!, features } as GeoJSONVTTile
      }
      if (Object.keys(layers).length === 0)
        return new Uint8Array(0)
      return fromGeojsonVt(layers, { version: 2, extent: GRID_TILE_EXTENT })
    },
  }
}
