// Grids back out as GeoJSON and KML, in the shape our readers suggest a mapping for without help
// (fields code, name, level, parent_code), with full-precision coordinates so that importing an
// export gives the same grids.
import type { FeatureCollection, MultiPolygon, Position } from 'geojson'
import type { TerritoryGrid } from './pipeline'

/** Grids as an RFC 7946 FeatureCollection (WGS 84). */
export function exportGeoJson(grids: readonly TerritoryGrid[]): string {
  const fc: FeatureCollection<MultiPolygon> = {
    type: 'FeatureCollection',
    features: grids.map(g => ({
      type: 'Feature',
      properties: { code: g.code, name: g.name, level: g.level, parent_code: g.parentCode },
      geometry: g.boundary,
    })),
  }
  return JSON.stringify(fc)
}

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '\'': '&apos;', '"': '&quot;' })[c]!)

// KML colours are aabbggrr. One style per level: townships bold, sub-grids faint.
const LEVEL_STYLE: Record<TerritoryGrid['level'], { line: string, width: number, fill: string }> = {
  1: { line: 'ff2f3fd1', width: 3, fill: '142f3fd1' },
  2: { line: 'ffd17f2f', width: 2, fill: '1ed17f2f' },
  3: { line: 'ff3fa03f', width: 1.5, fill: '283fa03f' },
  4: { line: 'ff8f8f8f', width: 1, fill: '288f8f8f' },
}

const coords = (ring: Position[]): string => ring.map(p => `${p[0]},${p[1]}`).join(' ')

function placemark(g: TerritoryGrid, indent: string): string {
  const polygons = g.boundary.coordinates.map(poly => [
    `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(poly[0]!)}</coordinates></LinearRing></outerBoundaryIs>`,
    ...poly.slice(1).map(h => `<innerBoundaryIs><LinearRing><coordinates>${coords(h)}</coordinates></LinearRing></innerBoundaryIs>`),
    '</Polygon>',
  ].join(''))
  const data = (name: string, value: string): string => `<Data name="${name}"><value>${escapeXml(value)}</value></Data>`
  return [
    `${indent}<Placemark>`,
    `${indent}  <name>${escapeXml(g.name)}</name>`,
    `${indent}  <styleUrl>#level${g.level}</styleUrl>`,
    `${indent}  <ExtendedData>${data('code', g.code)}${data('level', String(g.level))}${data('parent_code', g.parentCode ?? '')}</ExtendedData>`,
    `${indent}  <MultiGeometry>${polygons.join('')}</MultiGeometry>`,
    `${indent}</Placemark>`,
  ].join('\n')
}

/**
 * Grids as KML 2.2: one folder per grid that has children (the grid's own placemark first, then
 * its children), a style per level, code, level and parent in ExtendedData.
 */
export function exportKml(grids: readonly TerritoryGrid[], documentName = '网格'): string {
  const children = new Map<string | null, TerritoryGrid[]>()
  const codes = new Set(grids.map(g => g.code))
  for (const g of grids) {
    // A grid whose parent is not exported goes at the top, so nothing is lost.
    const key = g.parentCode !== null && codes.has(g.parentCode) ? g.parentCode : null
    const list = children.get(key)
    if (list)
      list.push(g)
    else
      children.set(key, [g])
  }
  const out: string[] = []
  const emit = (g: TerritoryGrid, depth: number): void => {
    const indent = '  '.repeat(depth)
    const kids = children.get(g.code) ?? []
    if (kids.length === 0) {
      out.push(placemark(g, indent))
      return
    }
    out.push(`${indent}<Folder>`, `${indent}  <name>${escapeXml(g.name)}</name>`, placemark(g, `${indent}  `))
    for (const k of kids) emit(k, depth + 1)
    out.push(`${indent}</Folder>`)
  }
  const styles = Object.entries(LEVEL_STYLE).map(([level, s]) => `    <Style id="level${level}"><LineStyle><color>${s.line}</color><width>${s.width}</width></LineStyle><PolyStyle><color>${s.fill}</color></PolyStyle></Style>`)
  for (const g of children.get(null) ?? []) emit(g, 2)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '  <Document>',
    `    <name>${escapeXml(documentName)}</name>`,
    ...styles,
    ...out,
    '  </Document>',
    '</kml>',
    '',
  ].join('\n')
}
