import type { ReadResult } from '../types'
import type { ShapefileOptions } from './shapefile'
import { checkFileSize, ImportError } from '../limits'
import { readGeoJson } from './geojson'
import { readKml, readKmz } from './kml'
import { readShapefileZip } from './shapefile'

export { readGeoJson } from './geojson'
export { FOLDER_PROPERTY, readKml, readKmlText, readKmz } from './kml'
export { readShapefileParts, readShapefileZip } from './shapefile'
export type { ShapefileOptions } from './shapefile'

/**
 * Reads a dropped file by its name and first bytes: .geojson/.json, .zip (Shapefile), .kml, .kmz.
 * Refuses files over the size limit before parsing.
 */
export function readTerritoryFile(name: string, bytes: Uint8Array, options: ShapefileOptions = {}): ReadResult {
  checkFileSize(name, bytes.length)
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4B
  if (ext === 'kmz' || (zip && ext === 'kml'))
    return readKmz(name, bytes)
  if (zip)
    return readShapefileZip(name, bytes, options)
  if (ext === 'kml')
    return readKml(name, bytes)
  if (ext === 'geojson' || ext === 'json')
    return readGeoJson(name, bytes)
  if (ext === 'shp')
    throw new ImportError(`${name} alone is not enough: zip the .shp with its .shx, .dbf, .prj (and .cpg) and import the .zip`)
  throw new ImportError(`${name}: unknown file type ".${ext}"; import GeoJSON (.geojson/.json), a zipped Shapefile (.zip), KML (.kml) or KMZ (.kmz)`)
}
