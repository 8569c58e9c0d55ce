import type { Geometry } from 'geojson'
import type { SourceCrs } from '../../chinaCoords/crs'
import type { AttributeValue, ReadResult, SourceFeature } from '../types'
import { CrsError, crsFromEpsg } from '../../chinaCoords/crs'
import { checkCounts, ImportError } from '../limits'
import { countVertices } from './count'
import { decodeUtf8OrGbk } from './text'

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'])

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Attribute values are kept flat: nested objects and arrays become their JSON text. */
export function toAttribute(v: unknown): AttributeValue {
  if (v === null || v === undefined)
    return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return v
  return JSON.stringify(v)
}

// RFC 7946 dropped "crs", but files from GDAL and Chinese tools still carry the 2008 form,
// e.g. {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}}.
function declaredCrs(root: Record<string, unknown>): SourceCrs | null {
  const crs = root.crs
  if (!isObject(crs) || !isObject(crs.properties) || typeof crs.properties.name !== 'string')
    return null
  const name = crs.properties.name
  if (/CRS84$/i.test(name))
    return crsFromEpsg(4326)
  const m = /EPSG:{1,2}(\d+)$/i.exec(name)
  if (!m)
    throw new ImportError(`the GeoJSON declares the coordinate system "${name}", which is not one we read`)
  try {
    return crsFromEpsg(Number(m[1]))
  }
  catch (e) {
    throw new ImportError(`the GeoJSON declares ${name}: ${e instanceof CrsError ? e.message : String(e)}`)
  }
}

/** Reads a GeoJSON FeatureCollection, Feature or bare geometry. */
export function readGeoJson(name: string, bytes: Uint8Array): ReadResult {
  const { text, encoding } = decodeUtf8OrGbk(bytes)
  let root: unknown
  try {
    root = JSON.parse(text)
  }
  catch (e) {
    throw new ImportError(`${name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!isObject(root))
    throw new ImportError(`${name} is not a GeoJSON object`)
  const raw: unknown[] = root.type === 'FeatureCollection'
    ? (Array.isArray(root.features) ? root.features : [])
    : root.type === 'Feature'
      ? [root]
      : GEOMETRY_TYPES.has(String(root.type)) ? [{ type: 'Feature', properties: {}, geometry: root }] : []
  if (raw.length === 0 && root.type !== 'FeatureCollection')
    throw new ImportError(`${name} is not GeoJSON: expected a FeatureCollection, a Feature or a geometry, found type "${String(root.type)}"`)
  const fields = new Set<string>()
  let vertices = 0
  const features: SourceFeature[] = raw.map((f, index) => {
    if (!isObject(f) || f.type !== 'Feature')
      throw new ImportError(`${name}: item ${index + 1} of "features" is not a Feature`)
    const properties: Record<string, AttributeValue> = {}
    for (const [k, v] of Object.entries(isObject(f.properties) ? f.properties : {})) {
      properties[k] = toAttribute(v)
      fields.add(k)
    }
    const geometry = isObject(f.geometry) && GEOMETRY_TYPES.has(String(f.geometry.type)) ? f.geometry as unknown as Geometry : null
    vertices += countVertices(geometry)
    return { index, label: `feature ${index + 1}`, properties, geometry }
  })
  checkCounts(name, features.length, vertices)
  return {
    format: 'geojson',
    features,
    fields: [...fields],
    declaredCrs: declaredCrs(root),
    encoding: { name: encoding, source: encoding === 'utf-8' ? 'fixed' : 'detected' },
    notes: encoding === 'gbk' ? [`${name} is not UTF-8 as GeoJSON should be; it was read as GBK`] : [],
  }
}
