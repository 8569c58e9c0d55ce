import type { ReadResult, SourceFeature } from '../types'
import { CrsError, crsFromWkt } from '../../chinaCoords/crs'
import { checkCounts, ImportError } from '../limits'
import { countVertices } from './count'
import { encodingFromCpg, encodingFromLdid, looksLikeUtf8, readDbf } from './dbf'
import { readShp } from './shp'
import { canDecode, decodeUtf8OrGbk } from './text'
import { unzipEntries } from './zip'

export interface ShapefileOptions {
  /** The attribute encoding the user chose ('gbk', 'utf-8' …); overrides .cpg and detection. */
  encoding?: string
}

const PARTS = /\.(?:shp|shx|dbf|prj|cpg)$/i

/**
 * Reads one or more Shapefile layers from their parts (path → bytes): every .shp with its .dbf,
 * .prj and .cpg of the same base name. Layers must agree on the coordinate system.
 */
export function readShapefileParts(name: string, files: Map<string, Uint8Array>, options: ShapefileOptions = {}): ReadResult {
  const byBase = new Map<string, Map<string, Uint8Array>>()
  for (const [path, bytes] of files) {
    const m = /^(.*)\.(shp|shx|dbf|prj|cpg)$/i.exec(path)
    if (!m || /(?:^|\/)__MACOSX\//.test(path))
      continue
    const base = m[1]!.toLowerCase()
    if (!byBase.has(base))
      byBase.set(base, new Map())
    byBase.get(base)!.set(m[2]!.toLowerCase(), bytes)
  }
  const layers = [...byBase.entries()].filter(([, p]) => p.has('shp')).sort(([a], [b]) => a.localeCompare(b))
  if (layers.length === 0)
    throw new ImportError(`${name} holds no .shp file`)
  if (options.encoding && !canDecode(options.encoding))
    throw new ImportError(`this browser cannot decode "${options.encoding}"`)

  const features: SourceFeature[] = []
  const fields: string[] = []
  const notes: string[] = []
  let declared: ReadResult['declaredCrs'] = null
  let declaredFrom = ''
  let encoding: ReadResult['encoding'] = null
  for (const [base, parts] of layers) {
    const layer = base.split('/').pop()!
    const dbf = parts.get('dbf')
    if (!dbf)
      throw new ImportError(`${layer}.shp has no .dbf beside it: the attribute table (codes, names) is needed`)
    const prj = parts.get('prj')
    if (prj) {
      let crs
      try {
        crs = crsFromWkt(decodeUtf8OrGbk(prj).text)
      }
      catch (e) {
        throw new ImportError(`${layer}.prj: ${e instanceof CrsError ? e.message : String(e)}`)
      }
      if (declared && JSON.stringify(declared) !== JSON.stringify(crs))
        throw new ImportError(`${layer}.prj declares a different coordinate system from ${declaredFrom}.prj: import the layers separately`)
      declared = crs
      declaredFrom = layer
    }
    const cpg = parts.get('cpg')
    const fromCpg = cpg ? encodingFromCpg(new TextDecoder().decode(cpg)) : null
    const fromLdid = encodingFromLdid(dbf)
    const utf8 = looksLikeUtf8(dbf)
    const chosen: NonNullable<ReadResult['encoding']> = options.encoding
      ? { name: options.encoding, source: 'user' }
      : fromCpg
        ? { name: fromCpg, source: 'cpg' }
        : fromLdid
          ? { name: fromLdid, source: 'ldid' }
          // With nothing declared, text that is not valid UTF-8 is most likely GBK in China.
          : { name: utf8 === false ? 'gbk' : 'utf-8', source: 'detected' }
    if (chosen.source === 'detected' && utf8 !== null)
      notes.push(`${layer}.dbf names no encoding (no .cpg); its text was read as ${chosen.name === 'gbk' ? 'GBK' : 'UTF-8'}. If names look wrong, choose the encoding.`)
    encoding ??= chosen
    const geometries = readShp(`${layer}.shp`, parts.get('shp')!)
    const table = readDbf(`${layer}.dbf`, dbf, chosen.name)
    if (table.records.length !== geometries.length)
      throw new ImportError(`${layer}.shp has ${geometries.length} shapes but ${layer}.dbf has ${table.records.length} records: the files do not belong together`)
    for (const f of table.fields) {
      if (!fields.includes(f.name))
        fields.push(f.name)
    }
    geometries.forEach((geometry, r) => {
      if (table.deleted.has(r))
        return
      features.push({
        index: features.length,
        label: layers.length > 1 ? `${layer} record ${r + 1}` : `record ${r + 1}`,
        properties: table.records[r]!,
        geometry,
      })
    })
  }
  checkCounts(name, features.length, features.reduce((n, f) => n + countVertices(f.geometry), 0))
  return { format: 'shapefile', features, fields, declaredCrs: declared, encoding, notes }
}

/** Reads a zipped Shapefile (.zip holding .shp, .shx, .dbf, .prj and optionally .cpg). */
export function readShapefileZip(name: string, bytes: Uint8Array, options: ShapefileOptions = {}): ReadResult {
  return readShapefileParts(name, unzipEntries(name, bytes, p => PARTS.test(p)), options)
}
