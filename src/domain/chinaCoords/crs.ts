// The coordinate systems boundary files in China come in, and their conversion to what we store.
//
// Storage is WGS 84 longitude/latitude (EPSG:4326), and CGCS2000 (EPSG:4490) is treated as the
// same. Why that is safe at grid scale: the two ellipsoids differ only in flattening (a 0.1 mm
// effect), and the frames differ by how far the crust has moved since CGCS2000's epoch 2000.0
// (ITRF97) relative to the current WGS 84 realisation: a few centimetres at the epoch, growing
// with plate motion of ~3 cm a year to under a metre today. PROJ, too, treats the change as a null
// transformation (cs2cs EPSG:4490 EPSG:4326 returns its input), so our numbers match GIS tools.
import type { Position } from 'geojson'
import type { LngLat } from '../types'
import type { ShiftedSystem } from './shifted'
import type { WktNode } from './wkt'
import proj4 from 'proj4'
import { bd09ToWgs84, gcj02ToWgs84 } from './shifted'
import { children, find, nameOf, parseWkt, WktSyntaxError } from './wkt'

export type Datum = 'WGS84' | 'CGCS2000'

/** Longitude/latitude, possibly with a web-map offset. */
export interface GeographicCrs {
  kind: 'geographic'
  datum: Datum
  /** A web-map offset the user said the file carries (there is no way to detect it). */
  shift: ShiftedSystem | null
  epsg: number | null
}

/** A coordinate system we can read from. */
export type SourceCrs
  = | GeographicCrs
    | {
      kind: 'transverse-mercator'
      datum: Datum
      centralMeridian: number
      falseEasting: number
      falseNorthing: number
      scale: number
      latitudeOfOrigin: number
      epsg: number | null
    }

/** Raised for a system we cannot convert faithfully; the message says which and what to do. */
export class CrsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CrsError'
  }
}

/** WGS 84 longitude/latitude. */
export const WGS84: GeographicCrs = { kind: 'geographic', datum: 'WGS84', shift: null, epsg: 4326 }
/** CGCS2000 longitude/latitude. */
export const CGCS2000: GeographicCrs = { kind: 'geographic', datum: 'CGCS2000', shift: null, epsg: 4490 }

/** The 3-degree Gauss-Krüger zone (25–45) whose central meridian is nearest a longitude. */
export function gaussKrugerZone(lng: number): { zone: number, centralMeridian: number, epsgWithZone: number, epsgWithoutZone: number } {
  const zone = Math.round(lng / 3)
  if (zone < 25 || zone > 45)
    throw new CrsError(`longitude ${lng} is outside China's 3-degree Gauss-Krüger zones 25–45 (73.5°E–136.5°E)`)
  return { zone, centralMeridian: zone * 3, epsgWithZone: 4513 + zone - 25, epsgWithoutZone: 4534 + zone - 25 }
}

function transverseMercator(centralMeridian: number, falseEasting: number, epsg: number, scale = 1): SourceCrs {
  return { kind: 'transverse-mercator', datum: 'CGCS2000', centralMeridian, falseEasting, falseNorthing: 0, scale, latitudeOfOrigin: 0, epsg }
}

/**
 * The systems known by EPSG code: 4326 (WGS 84), 4490 (CGCS2000), 4513–4533 (CGCS2000 3-degree
 * Gauss-Krüger zones 25–45, zone number in the false easting), 4534–4554 (the same zones without
 * it), 4491–4501 / 4502–4512 (the 6-degree zones 13–23, with and without the zone number).
 */
export function crsFromEpsg(code: number): SourceCrs {
  if (code === 4326)
    return WGS84
  if (code === 4490)
    return CGCS2000
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25
    return transverseMercator(zone * 3, zone * 1e6 + 500000, code)
  }
  if (code >= 4534 && code <= 4554)
    return transverseMercator(75 + (code - 4534) * 3, 500000, code)
  if (code >= 4491 && code <= 4501) {
    const zone = code - 4491 + 13
    return transverseMercator(zone * 6 - 3, zone * 1e6 + 500000, code)
  }
  if (code >= 4502 && code <= 4512)
    return transverseMercator(75 + (code - 4502) * 6, 500000, code)
  throw new CrsError(`EPSG:${code} is not a system we read: use WGS 84 (4326), CGCS2000 (4490) or a CGCS2000 Gauss-Krüger zone (4491–4554)`)
}

/** A short human-readable name, e.g. "CGCS2000 / 3-degree Gauss-Krüger zone 39 (EPSG:4527)". */
export function describeCrs(crs: SourceCrs): string {
  const epsg = crs.epsg !== null ? ` (EPSG:${crs.epsg})` : ''
  if (crs.kind === 'geographic') {
    const base = crs.datum === 'WGS84' ? 'WGS 84' : 'CGCS2000'
    return crs.shift ? `${crs.shift === 'gcj02' ? 'GCJ-02' : 'BD-09'} (${base} with the web-map offset)` : `${base} longitude/latitude${epsg}`
  }
  const zoneInEasting = crs.falseEasting >= 1e6 ? Math.floor(crs.falseEasting / 1e6) : null
  const width = crs.scale === 1 && crs.latitudeOfOrigin === 0 && crs.falseNorthing === 0
    ? (crs.centralMeridian % 3 === 0 && (zoneInEasting === null || zoneInEasting * 3 === crs.centralMeridian) ? 3 : (crs.centralMeridian + 3) % 6 === 0 ? 6 : null)
    : null
  const name = width === null
    ? `Transverse Mercator, central meridian ${crs.centralMeridian}°E`
    : zoneInEasting !== null
      ? `${width}-degree Gauss-Krüger zone ${zoneInEasting}`
      : `${width}-degree Gauss-Krüger, central meridian ${crs.centralMeridian}°E`
  return `${crs.datum === 'WGS84' ? 'WGS 84' : 'CGCS2000'} / ${name}${epsg}`
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')

function datumOf(root: WktNode): Datum {
  const datumNode = find(root, 'DATUM', 'GEODETICDATUM', 'TRF')
  const datum = datumNode ? norm(nameOf(datumNode)) : ''
  const spheroid = find(root, 'SPHEROID', 'ELLIPSOID')
  const a = spheroid?.values[1]
  const rf = spheroid?.values[2]
  if (/china2000|cgcs2000|chinageodeticcoordinatesystem2000/.test(datum))
    return 'CGCS2000'
  if (/wgs1984|wgs84|worldgeodeticsystem1984/.test(datum))
    return 'WGS84'
  if (/beijing1954|xian1980|newbeijing|beijing/.test(datum) || a === 6378245 || a === 6378140) {
    throw new CrsError(`the file is in ${nameOf(datumNode ?? root)}, a datum that needs a local 7-parameter transformation to reach CGCS2000: convert it to CGCS2000 in your GIS (with the parameters your surveying bureau publishes) and import again`)
  }
  // A datum named otherwise but on the GRS 80 / WGS 84 ellipsoid is, for China, one of the two.
  if (a === 6378137 && typeof rf === 'number' && Math.abs(rf - 298.2572) < 0.001)
    return 'CGCS2000'
  throw new CrsError(`unknown datum "${datumNode ? nameOf(datumNode) : '(none)'}": only WGS 84 and CGCS2000 are read`)
}

function epsgOf(root: WktNode): number | null {
  // The code of the whole system is the last AUTHORITY/ID directly under the root.
  const ids = children(root, 'AUTHORITY', 'ID')
  const id = ids[ids.length - 1]
  if (!id || norm(nameOf(id)) !== 'epsg')
    return null
  const code = Number(id.values[1])
  return Number.isInteger(code) ? code : null
}

function parameter(root: WktNode, ...names: string[]): number | null {
  const wanted = names.map(norm)
  for (const p of [...children(root, 'PARAMETER'), ...children(find(root, 'CONVERSION') ?? root, 'PARAMETER')]) {
    if (wanted.includes(norm(nameOf(p))) && typeof p.values[1] === 'number')
      return p.values[1]
  }
  return null
}

/** Reads a .prj (WKT1, ESRI WKT or WKT2) into a system we can convert, or says why not. */
export function crsFromWkt(wkt: string): SourceCrs {
  let root: WktNode
  try {
    root = parseWkt(wkt.trim())
  }
  catch (e) {
    throw new CrsError(`the .prj is not readable WKT: ${e instanceof WktSyntaxError ? e.message : String(e)}`)
  }
  const epsg = epsgOf(root)
  if (['GEOGCS', 'GEOGCRS', 'GEODCRS', 'GEOGRAPHICCRS'].includes(root.keyword)) {
    const datum = datumOf(root)
    return { kind: 'geographic', datum, shift: null, epsg: epsg ?? (datum === 'WGS84' ? 4326 : 4490) }
  }
  if (!['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(root.keyword))
    throw new CrsError(`a ${root.keyword} system cannot hold grid boundaries: expected a geographic or projected system`)
  const datum = datumOf(root)
  const method = norm(nameOf(find(root, 'PROJECTION', 'METHOD') ?? root))
  if (!/gausskruger|transversemercator|gaussian/.test(method))
    throw new CrsError(`projection "${nameOf(find(root, 'PROJECTION', 'METHOD') ?? root)}" is not supported: Chinese boundary files use Gauss-Krüger (Transverse Mercator)`)
  const unit = children(root, 'UNIT', 'LENGTHUNIT').at(-1)
  const toMetre = unit && typeof unit.values[1] === 'number' ? unit.values[1] : 1
  if (Math.abs(toMetre - 1) > 1e-9)
    throw new CrsError(`the projected unit is "${nameOf(unit!)}", expected metres`)
  const centralMeridian = parameter(root, 'Central_Meridian', 'Longitude of natural origin', 'Longitude_Of_Center')
  if (centralMeridian === null)
    throw new CrsError('the .prj names a Transverse Mercator projection but no central meridian')
  return {
    kind: 'transverse-mercator',
    datum,
    centralMeridian,
    falseEasting: parameter(root, 'False_Easting', 'False easting') ?? 0,
    falseNorthing: parameter(root, 'False_Northing', 'False northing') ?? 0,
    scale: parameter(root, 'Scale_Factor', 'Scale factor at natural origin') ?? 1,
    latitudeOfOrigin: parameter(root, 'Latitude_Of_Origin', 'Latitude of natural origin') ?? 0,
    epsg,
  }
}

// CGCS2000's ellipsoid; WGS 84's differs in the ninth digit of the flattening (0.1 mm here).
const ELLIPSOID = { CGCS2000: '+a=6378137 +rf=298.257222101', WGS84: '+ellps=WGS84' }

/** A function taking a position in `crs` (easting/northing or lng/lat) to WGS 84 lng/lat. */
export function toWgs84Converter(crs: SourceCrs): (p: Position) => LngLat {
  if (crs.kind === 'geographic') {
    if (crs.shift === 'gcj02')
      return p => gcj02ToWgs84([p[0]!, p[1]!])
    if (crs.shift === 'bd09')
      return p => bd09ToWgs84([p[0]!, p[1]!])
    return p => [p[0]!, p[1]!]
  }
  const def = `+proj=tmerc +lat_0=${crs.latitudeOfOrigin} +lon_0=${crs.centralMeridian} +k=${crs.scale} +x_0=${crs.falseEasting} +y_0=${crs.falseNorthing} ${ELLIPSOID[crs.datum]} +units=m +no_defs`
  const converter = proj4(def, `+proj=longlat ${ELLIPSOID[crs.datum]} +no_defs`)
  return (p) => {
    const r = converter.forward([p[0]!, p[1]!])
    return [r[0]!, r[1]!]
  }
}
