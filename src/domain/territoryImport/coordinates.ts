// From file coordinates to WGS 84: which system the numbers are in (declared, or guessed from
// their size), the conversion, and the per-feature checks that catch a wrong system.
import type { Geometry, MultiPolygon, Position } from 'geojson'
import type { SourceCrs } from '../chinaCoords/crs'
import type { BBox, LngLat } from '../types'
import type { Problem, SourceFeature } from './types'
import { crsFromEpsg, describeCrs, toWgs84Converter, WGS84 } from '../chinaCoords/crs'
import { fromWgs84, toWgs84 } from '../chinaCoords/shifted'

/** China's extent, generously rounded (73.4°E–135.1°E, 3.8°N–53.6°N): a plausibility test, not a border. */
export const CHINA_BBOX: BBox = [73.4, 3.8, 135.1, 53.6]
// Northings of China in a Gauss-Krüger zone: 3.8°N ≈ 420 km, 53.6°N ≈ 5,940 km.
const NORTHING = [300_000, 6_100_000] as const

function inBox([x, y]: LngLat, b: BBox): boolean {
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3]
}

/** Bounding box of every position of a geometry, or null when it has none. */
export function geometryBBox(g: Geometry | null): BBox | null {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  const visit = (p: Position): void => {
    const x = p[0]!
    const y = p[1]!
    if (x < w)
      w = x
    if (x > e)
      e = x
    if (y < s)
      s = y
    if (y > n)
      n = y
  }
  forEachPosition(g, visit)
  return Number.isFinite(w) ? [w, s, e, n] : null
}

function forEachPosition(g: Geometry | null, f: (p: Position) => void): void {
  if (!g)
    return
  switch (g.type) {
    case 'Point': f(g.coordinates)
      break
    case 'MultiPoint':
    case 'LineString': g.coordinates.forEach(f)
      break
    case 'MultiLineString':
    case 'Polygon': g.coordinates.forEach(r => r.forEach(f))
      break
    case 'MultiPolygon': g.coordinates.forEach(p => p.forEach(r => r.forEach(f)))
      break
    case 'GeometryCollection': g.geometries.forEach(x => forEachPosition(x, f))
  }
}

/** What the numbers of a bounding box look like, as a system to suggest, or null. */
export function guessCrsFromBBox(b: BBox): { crs: SourceCrs, reason: string } | null {
  const [w, s, e, n] = b
  if (inBox([w, s], CHINA_BBOX) && inBox([e, n], CHINA_BBOX))
    return { crs: WGS84, reason: 'coordinates are longitude/latitude inside China' }
  if (s >= NORTHING[0] && n <= NORTHING[1]) {
    const zone = Math.floor(w / 1e6)
    // The zone number in the false easting: 3-degree zones are 25–45, 6-degree zones 13–23.
    if (zone === Math.floor(e / 1e6) && ((zone >= 25 && zone <= 45) || (zone >= 13 && zone <= 23))) {
      const crs = crsFromEpsg(zone >= 25 ? 4513 + zone - 25 : 4491 + zone - 13)
      return { crs, reason: `eastings start with ${zone} and northings are those of China: ${describeCrs(crs)}` }
    }
  }
  return null
}

/** True when eastings/northings look like a Gauss-Krüger zone without the zone number (central meridian unknown). */
export function looksLikeZoneWithoutNumber(b: BBox): boolean {
  return b[0] >= 0 && b[2] <= 1_000_000 && b[1] >= NORTHING[0] && b[3] <= NORTHING[1]
}

function toMultiPolygon(g: Geometry): MultiPolygon | null {
  if (g.type === 'Polygon')
    return { type: 'MultiPolygon', coordinates: [g.coordinates] }
  if (g.type === 'MultiPolygon')
    return g
  if (g.type === 'GeometryCollection') {
    const parts = g.geometries.map(toMultiPolygon)
    if (parts.length === 0 || parts.includes(null))
      return null
    return { type: 'MultiPolygon', coordinates: parts.flatMap(p => p!.coordinates) }
  }
  return null
}

function mapMultiPolygon(g: MultiPolygon, f: (p: Position) => Position): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: g.coordinates.map(poly => poly.map(ring => ring.map(f))) }
}

function centre(b: BBox): LngLat {
  return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]
}

/** One feature's boundary converted to WGS 84, or the problem that stopped it. */
export interface ConvertedFeature {
  boundary: MultiPolygon | null
  problems: Problem[]
}

/**
 * Converts one feature's geometry to a WGS 84 MultiPolygon, reporting geometries that are not
 * polygons, numbers that are not finite and projected numbers in a geographic file. Where the
 * result lies is checked afterwards (checkRegion), so that it can be checked again after a repair.
 */
export function convertFeature(f: SourceFeature, crs: SourceCrs, subject: string): ConvertedFeature {
  const base = { feature: f.index, subject }
  if (!f.geometry)
    return { boundary: null, problems: [{ ...base, kind: 'geometry-missing', severity: 'error', message: `${subject} has no geometry`, params: {}, location: null }] }
  const multi = toMultiPolygon(f.geometry)
  if (!multi) {
    return { boundary: null, problems: [{ ...base, kind: 'geometry-not-polygon', severity: 'error', message: `${subject} is a ${f.geometry.type}, not a polygon: grids need areas`, params: { type: f.geometry.type }, location: null }] }
  }
  let finite = true
  let someFinite: Position | null = null
  forEachPosition(multi, (p) => {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      finite = false
    else
      someFinite ??= p
  })
  const raw = geometryBBox(multi)
  if (!finite || !raw) {
    // Marked at a good vertex when that is already longitude/latitude in China.
    const p = someFinite as Position | null
    const location: LngLat | null = p && crs.kind === 'geographic' && inBox([p[0]!, p[1]!], CHINA_BBOX) ? [p[0]!, p[1]!] : null
    return { boundary: null, problems: [{ ...base, kind: 'coordinates-not-finite', severity: 'error', message: `${subject} has a coordinate that is not a finite number (empty or NaN)`, params: {}, location }] }
  }
  const lngLat = (x: number, y: number): boolean => Math.abs(x) <= 180 && Math.abs(y) <= 90
  // Numbers that are neither longitude/latitude nor latitude/longitude (checkRegion finds a swap).
  if (crs.kind === 'geographic' && !(lngLat(raw[0], raw[1]) && lngLat(raw[2], raw[3])) && !(lngLat(raw[1], raw[0]) && lngLat(raw[3], raw[2]))) {
    const guess = guessCrsFromBBox(raw)
    const hint = guess ? `; they look like ${describeCrs(guess.crs)}` : looksLikeZoneWithoutNumber(raw) ? '; they look like Gauss-Krüger metres without a zone number: choose the central meridian' : ''
    return {
      boundary: null,
      problems: [{ ...base, kind: 'coordinates-projected-in-geographic', severity: 'error', message: `${subject} has coordinates like ${Math.round(raw[0])}, ${Math.round(raw[1])}, projected metres, but the file is read as ${describeCrs(crs)}${hint}`, params: { x: Math.round(raw[0]), y: Math.round(raw[1]), suggestion: guess?.crs.epsg ?? '' }, location: null }],
    }
  }
  const convert = toWgs84Converter(crs)
  for (const p of [[raw[0], raw[1]], [raw[2], raw[3]]]) {
    const q = convert(p)
    if (!Number.isFinite(q[0]) || !Number.isFinite(q[1]))
      return { boundary: null, problems: [{ ...base, kind: 'coordinates-not-finite', severity: 'error', message: `${subject}: ${p[0]}, ${p[1]} has no position in ${describeCrs(crs)}`, params: {}, location: null }] }
  }
  return { boundary: mapMultiPolygon(multi, convert), problems: [] }
}

/**
 * Problems of a WGS 84 boundary that lies outside China: latitude and longitude swapped (with
 * the swap offered as a repair, undoing and redoing any web-map offset) or just elsewhere.
 */
export function checkRegion(boundary: MultiPolygon, crs: SourceCrs, base: { feature: number, subject: string }): Problem[] {
  const { subject } = base
  const b = geometryBBox(boundary)!
  if (inBox([b[0], b[1]], CHINA_BBOX) && inBox([b[2], b[3]], CHINA_BBOX))
    return []
  const swappedBox: BBox = [b[1], b[0], b[3], b[2]]
  if (crs.kind === 'geographic' && inBox([swappedBox[0], swappedBox[1]], CHINA_BBOX) && inBox([swappedBox[2], swappedBox[3]], CHINA_BBOX)) {
    const shift = crs.shift
    // Back to the file's numbers, swapped, then converted as they should have been.
    const swap = (p: Position): Position => {
      const raw = shift ? fromWgs84([p[0]!, p[1]!], shift) : p
      return shift ? toWgs84([raw[1]!, raw[0]!], shift) : [raw[1]!, raw[0]!]
    }
    return [{ ...base, kind: 'coordinates-swapped', severity: 'error', message: `${subject} has latitude and longitude swapped (${b[0].toFixed(4)}, ${b[1].toFixed(4)} is not in China; swapped it is)`, params: { lng: b[0], lat: b[1] }, location: centre(swappedBox), repair: { kind: 'swap-lng-lat', boundary: mapMultiPolygon(boundary, swap) } }]
  }
  const [lng, lat] = centre(b)
  return [{ ...base, kind: 'coordinates-outside-china', severity: 'error', message: `${subject} lies at ${lng.toFixed(4)}, ${lat.toFixed(4)}, outside China: check the coordinate system (read as ${describeCrs(crs)})`, params: { lng, lat, crs: describeCrs(crs) }, location: [lng, lat] }]
}
