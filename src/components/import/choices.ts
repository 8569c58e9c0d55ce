// The choices of the /import screen turned into what the pipeline takes.
import type { SourceCrs } from '~/domain/chinaCoords/crs'
import type { GridDraft } from '~/domain/territoryImport/types'
import type { BBox } from '~/domain/types'
import { CGCS2000, crsFromEpsg, WGS84 } from '~/domain/chinaCoords/crs'
import { bboxOfMultiPolygon, unionBBox } from '~/domain/geometry'
import { withShift } from '~/domain/territoryImport/pipeline'

/** Attribute encodings offered besides the file's own (.cpg, language driver, detection). */
export const ENCODINGS = ['gbk', 'gb18030', 'utf-8', 'big5'] as const

/**
 * The system for a choice of the selector: undefined for "as the file says"; for 'epsg' the
 * typed code (undefined while empty). Throws CrsError naming what is not supported.
 */
export function crsOfChoice(choice: string, epsg: string): SourceCrs | undefined {
  switch (choice) {
    case 'wgs84': return WGS84
    case 'cgcs2000': return CGCS2000
    case 'gcj02': return withShift(WGS84, 'gcj02')
    case 'bd09': return withShift(WGS84, 'bd09')
    case 'epsg': {
      const code = epsg.trim().replace(/^epsg:/i, '')
      if (code === '')
        return undefined
      if (!/^\d{4,5}$/.test(code))
        throw new RangeError(`"${epsg}" is not an EPSG code`)
      return crsFromEpsg(Number(code))
    }
    default: return undefined
  }
}

/** The box of the drafts that converted to plausible longitude/latitude, null when none did. */
export function importBBox(drafts: readonly GridDraft[]): BBox | null {
  const boxes = drafts.flatMap((d) => {
    if (!d.boundary || d.boundary.coordinates.length === 0)
      return []
    const b = bboxOfMultiPolygon(d.boundary)
    return b.every(Number.isFinite) && b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90 ? [b] : []
  })
  return boxes.length > 0 ? unionBBox(boxes) : null
}
