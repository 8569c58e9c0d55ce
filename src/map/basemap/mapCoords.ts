// The one place where data coordinates (WGS 84) meet the basemap's coordinates. Under a GCJ-02
// basemap every overlay is drawn shifted into GCJ-02 and every point read off the map (a click, the
// cursor) is shifted back, so what the user clicks on the basemap is what is stored, in WGS 84.
import type { GeoJSON, Geometry, Position } from 'geojson'
import type { ShiftedSystem } from '~/domain/chinaCoords/shifted'
import type { BBox, LngLat } from '~/domain/types'
import { fromWgs84, toWgs84 } from '~/domain/chinaCoords/shifted'

/** Converts between WGS 84 (the data) and the coordinates the basemap is drawn in. */
export interface MapCoords {
  shift: ShiftedSystem | null
  /** WGS 84 → map. */
  toMap: (p: LngLat) => LngLat
  /** Map → WGS 84. */
  fromMap: (p: LngLat) => LngLat
  /** A GeoJSON value in map coordinates; the same object when there is no shift. */
  geoJsonToMap: <T extends GeoJSON>(value: T) => T
  /** A WGS 84 box as the map box that holds its shifted corners. */
  bboxToMap: (b: BBox) => BBox
}

function mapPositions(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point': return { ...g, coordinates: f(g.coordinates) }
    case 'MultiPoint':
    case 'LineString': return { ...g, coordinates: g.coordinates.map(f) }
    case 'MultiLineString':
    case 'Polygon': return { ...g, coordinates: g.coordinates.map(r => r.map(f)) }
    case 'MultiPolygon': return { ...g, coordinates: g.coordinates.map(p => p.map(r => r.map(f))) }
    case 'GeometryCollection': return { ...g, geometries: g.geometries.map(x => mapPositions(x, f)) }
  }
}

/** Every position of a GeoJSON value passed through `f` (a new value; the input is not touched). */
export function mapGeoJson<T extends GeoJSON>(value: T, f: (p: Position) => Position): T {
  switch (value.type) {
    case 'FeatureCollection': return { ...value, features: value.features.map(x => mapGeoJson(x, f)) }
    case 'Feature': return { ...value, geometry: value.geometry ? mapPositions(value.geometry, f) : value.geometry }
    default: return mapPositions(value as Geometry, f) as T
  }
}

const IDENTITY: MapCoords = {
  shift: null,
  toMap: p => p,
  fromMap: p => p,
  geoJsonToMap: v => v,
  bboxToMap: b => b,
}

/** The conversions for a basemap drawn in `shift` (null: WGS 84, nothing converted). */
export function mapCoordsFor(shift: ShiftedSystem | null): MapCoords {
  if (!shift)
    return IDENTITY
  const toMap = (p: LngLat): LngLat => fromWgs84(p, shift)
  const position = (p: Position): Position => {
    const [x, y] = toMap([p[0]!, p[1]!])
    return p.length > 2 ? [x, y, ...p.slice(2)] : [x, y]
  }
  return {
    shift,
    toMap,
    fromMap: p => toWgs84(p, shift),
    geoJsonToMap: v => mapGeoJson(v, position),
    bboxToMap: ([w, s, e, n]) => {
      const corners = [toMap([w, s]), toMap([e, s]), toMap([e, n]), toMap([w, n])]
      return [Math.min(...corners.map(c => c[0])), Math.min(...corners.map(c => c[1])), Math.max(...corners.map(c => c[0])), Math.max(...corners.map(c => c[1]))]
    },
  }
}
