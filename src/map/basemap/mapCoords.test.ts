import type { FeatureCollection } from 'geojson'
import type { LngLat } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { gcj02ToWgs84, wgs84ToGcj02 } from '~/domain/chinaCoords/shifted'
import { distanceM } from '~/domain/geometry'
import { mapCoordsFor } from './mapCoords'

const P: LngLat = [119.58, 29.86]

describe('mapCoordsFor', () => {
  it('converts nothing without a shift, not even a copy', () => {
    const c = mapCoordsFor(null)
    const fc: FeatureCollection = { type: 'FeatureCollection', features: [] }
    expect(c.geoJsonToMap(fc)).toBe(fc)
    expect(c.toMap(P)).toBe(P)
  })

  it('draws WGS 84 data shifted into GCJ-02 and reads clicks back to WGS 84', () => {
    const c = mapCoordsFor('gcj02')
    const onMap = c.toMap(P)
    expect(onMap).toEqual(wgs84ToGcj02(P))
    expect(distanceM(onMap, P)).toBeGreaterThan(300)
    expect(distanceM(c.fromMap(onMap), P)).toBeLessThan(0.001)
    expect(c.fromMap(onMap)).toEqual(gcj02ToWgs84(onMap))
  })

  it('shifts every position of every geometry kind and keeps properties and extra ordinates', () => {
    const c = mapCoordsFor('gcj02')
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Point', coordinates: [P[0], P[1], 12] } },
        { type: 'Feature', properties: { id: 'b' }, geometry: { type: 'MultiPolygon', coordinates: [[[P, [P[0] + 0.01, P[1]], [P[0], P[1] + 0.01], P]]] } },
        { type: 'Feature', properties: null, geometry: { type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [P, P] }] } },
      ],
    }
    const out = c.geoJsonToMap(fc)
    const g = wgs84ToGcj02(P)
    expect(out.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [g[0], g[1], 12] })
    expect(out.features[0]!.properties).toEqual({ id: 'a' })
    expect((out.features[1]!.geometry as GeoJSON.MultiPolygon).coordinates[0]![0]![0]).toEqual(g)
    expect((out.features[2]!.geometry as GeoJSON.GeometryCollection).geometries[0]).toEqual({ type: 'LineString', coordinates: [g, g] })
    // The input is left as it was.
    expect((fc.features[0]!.geometry as GeoJSON.Point).coordinates).toEqual([P[0], P[1], 12])
  })

  it('boxes the shifted corners', () => {
    const [w, s, e, n] = mapCoordsFor('bd09').bboxToMap([119.5, 29.8, 119.6, 29.9])
    expect(w).toBeGreaterThan(119.5)
    expect(s).toBeGreaterThan(29.8)
    expect(e - w).toBeCloseTo(0.1, 2)
    expect(n - s).toBeCloseTo(0.1, 2)
  })
})
