// Turns grids into the files centres bring, for the reader and pipeline tests.
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson'
import type { TerritoryGrid } from '../pipeline'

/** Grids as a GeoJSON FeatureCollection with Chinese field names, as bureaus write them. */
export function chineseFeatureCollection(grids: readonly TerritoryGrid[]): FeatureCollection<MultiPolygon> {
  return {
    type: 'FeatureCollection',
    features: grids.map((g): Feature<MultiPolygon> => ({
      type: 'Feature',
      properties: { 网格编码: g.code, 网格名称: g.name, 层级: g.level, 上级编码: g.parentCode ?? '' },
      geometry: g.boundary,
    })),
  }
}

/** UTF-8 bytes of a value's JSON. */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value))
}
