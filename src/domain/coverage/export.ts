import type { Feature, FeatureCollection, Polygon, Position } from 'geojson'
// Exports: the coverage table as a sheet for the .xlsx writer the ledger uses, and blind spots
// as GeoJSON. Shares are written as percentages with one decimal, areas in m², lengths in m.
import type { LedgerColumn, LedgerSheet } from '../ledger'
import type { BlindSpotShapes, BlindSpotTable, GridFigures } from './summary'
import { gridRow } from './rows'

/** Names of the grids for the sheet, by id. */
export type GridNames = ReadonlyMap<string, { code: string, name: string }>

const COLUMNS: ReadonlyArray<LedgerColumn> = [
  { key: 'code', header: '网格编码', kind: 'text', width: 20 },
  { key: 'name', header: '网格名称', kind: 'text', width: 16 },
  { key: 'area', header: '面积(平方米)', kind: 'number', width: 14 },
  { key: 'patrol', header: '巡防覆盖率(%)', kind: 'number', width: 14 },
  { key: 'camera', header: '视频覆盖率(%)', kind: 'number', width: 14 },
  { key: 'either', header: '综合覆盖率(%)', kind: 'number', width: 14 },
  { key: 'both', header: '双重覆盖率(%)', kind: 'number', width: 14 },
  { key: 'k2', header: '两路以上视频(%)', kind: 'number', width: 16 },
  { key: 'offline', header: '仅离线视频(%)', kind: 'number', width: 14 },
  { key: 'roads', header: '道路覆盖率(%)', kind: 'number', width: 14 },
  { key: 'cases', header: '事件数', kind: 'number', width: 10 },
  { key: 'casesCovered', header: '事件空间覆盖率(%)', kind: 'number', width: 18 },
  { key: 'casesOnDuty', header: '事件在岗覆盖率(%)', kind: 'number', width: 18 },
  { key: 'keyPlaces', header: '重点场所数', kind: 'number', width: 12 },
  { key: 'keyPlacesInView', header: '重点场所视频覆盖率(%)', kind: 'number', width: 22 },
  { key: 'blindSpots', header: '盲区数', kind: 'number', width: 10 },
  { key: 'blindArea', header: '盲区面积(平方米)', kind: 'number', width: 16 },
  { key: 'blindCases', header: '盲区内事件', kind: 'number', width: 12 },
]

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10)

/** The coverage table, one row per listed grid (in the order given). */
export function coverageSheet(f: GridFigures, gridIds: readonly string[], names: GridNames): LedgerSheet {
  const index = new Map(f.ids.map((id, i) => [id, i]))
  return {
    columns: COLUMNS,
    rows: gridIds.filter(id => index.has(id)).map((id) => {
      const r = gridRow(f, index.get(id)!)
      return [
        names.get(id)?.code ?? id,
        names.get(id)?.name ?? '',
        Math.round(r.areaM2),
        pct(r.patrolArea),
        pct(r.cameraArea),
        pct(r.eitherArea),
        pct(r.bothArea),
        pct(r.k2Area),
        pct(r.offlineOnlyArea),
        pct(r.roadsCovered),
        r.cases,
        pct(r.casesCovered),
        pct(r.casesCoveredOnDuty),
        r.keyPlaces,
        pct(r.keyPlacesInView),
        r.blindSpots,
        Math.round(r.blindM2),
        r.blindCases,
      ]
    }),
  }
}

/** Outline k as a GeoJSON polygon (rings closed, outer anticlockwise, holes clockwise). */
export function blindSpotPolygon(t: BlindSpotShapes, k: number): Polygon {
  const rings: Position[][] = []
  for (let r = t.ringStart[k]!; r < t.ringStart[k + 1]!; r++) {
    const ring: Position[] = []
    for (let c = t.coordStart[r]!; c < t.coordStart[r + 1]!; c++)
      ring.push([t.coords[2 * c]!, t.coords[2 * c + 1]!])
    ring.push(ring[0]!)
    rings.push(ring)
  }
  return { type: 'Polygon', coordinates: rings }
}

/**
 * Blind spots as a FeatureCollection in rank order, with grid, area, cases and risk; `shapes`
 * holds their outlines in table order (as the client resolves them, or a whole summary's).
 */
export function blindSpotsGeoJson(t: BlindSpotTable, shapes: BlindSpotShapes, gridIds: readonly string[]): FeatureCollection<Polygon> {
  const features: Array<Feature<Polygon>> = []
  for (let k = 0; k < t.count; k++) {
    if (shapes.id[k] !== t.id[k])
      throw new Error(`blind spot ${t.id[k]} (rank ${k + 1}): outlines are not in table order`)
    features.push({
      type: 'Feature',
      id: t.id[k]!,
      geometry: blindSpotPolygon(shapes, k),
      properties: {
        rank: k + 1,
        gridId: gridIds[t.grid[k]!] ?? null,
        areaM2: Math.round(t.areaM2[k]!),
        cases: t.cases[k]!,
        expectedCases: Math.round(t.risk[k]! * 100) / 100,
      },
    })
  }
  return { type: 'FeatureCollection', features }
}
