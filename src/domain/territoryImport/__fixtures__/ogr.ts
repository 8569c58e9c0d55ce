// Real Shapefiles for the reader tests, written by GDAL's ogr2ogr (Debian's gdal-bin, installed by
// tests/ensure-system-deps.sh) from a GeoJSON: the same producer survey companies and bureaus use.
import type { FeatureCollection } from 'geojson'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zipSync } from 'fflate'

export interface OgrShapefileOptions {
  /** Target system, e.g. 4549 (CGCS2000 3-degree zone CM 120°E) or 4528 (zone 40 in the easting). */
  epsg: number
  /** Attribute encoding written to the .dbf and .cpg: 'GBK' or 'UTF-8'. */
  encoding: string
  layer?: string
  /** Parts to leave out of the zip, e.g. ['cpg'] for a table that names no encoding. */
  omit?: string[]
  /** Extra ogr2ogr arguments (field types, …). */
  args?: string[]
}

/** The Shapefile parts ogr2ogr writes for a WGS 84 FeatureCollection, keyed by file name. */
export function ogrShapefileParts(fc: FeatureCollection, o: OgrShapefileOptions): Map<string, Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'pingan-ogr-'))
  const layer = o.layer ?? 'grids'
  try {
    writeFileSync(join(dir, 'in.geojson'), JSON.stringify(fc))
    try {
      execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-s_srs', 'EPSG:4326', '-t_srs', `EPSG:${o.epsg}`, '-lco', `ENCODING=${o.encoding}`, '-nlt', 'MULTIPOLYGON', ...(o.args ?? []), join(dir, `${layer}.shp`), join(dir, 'in.geojson')], { stdio: 'pipe' })
    }
    catch (e) {
      const err = e as { code?: string, stderr?: Buffer }
      throw new Error(err.code === 'ENOENT' ? 'ogr2ogr is missing: run tests/ensure-system-deps.sh (it installs gdal-bin)' : `ogr2ogr failed: ${err.stderr?.toString() ?? String(e)}`)
    }
    const parts = new Map<string, Uint8Array>()
    for (const f of readdirSync(dir)) {
      const ext = f.split('.').pop()!.toLowerCase()
      if (f.startsWith(`${layer}.`) && !(o.omit ?? []).includes(ext))
        parts.set(f, new Uint8Array(readFileSync(join(dir, f))))
    }
    return parts
  }
  finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The same parts zipped, as a centre would send them (optionally inside a folder). */
export function ogrShapefileZip(fc: FeatureCollection, o: OgrShapefileOptions & { folder?: string }): Uint8Array {
  const entries: Record<string, Uint8Array> = {}
  for (const [name, bytes] of ogrShapefileParts(fc, o)) entries[`${o.folder ? `${o.folder}/` : ''}${name}`] = bytes
  return zipSync(entries)
}
