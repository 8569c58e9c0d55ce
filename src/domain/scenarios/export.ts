// A scenario leaves the app as a workbook of its figures (.xlsx, through the ledger's writer) and
// as GeoJSON of the proposed cameras and routes, for GIS tools and the commander's report.
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { LedgerColumn, LedgerSheet } from '../ledger/ledger'
import type { ProposedSet } from './apply'
import type { ComparisonRow, FigureRow } from './compare'
import { toXlsx } from '../ledger/xlsx'

/** Names for the rows: a grid's and a metric's display name (the page passes its locale's). */
export interface ExportNames {
  grid: (gridId: string) => string
  metric: (metric: string) => string
}

const col = (key: string, header: string, kind: LedgerColumn['kind'], width: number): LedgerColumn => ({ key, header, kind, width })

/** The figure rows of one scenario as a sheet: 网格, 指标, 现状, 方案, 变化. */
export function figureSheet(rows: readonly FigureRow[], names: ExportNames): LedgerSheet {
  return {
    columns: [col('grid', '网格', 'text', 24), col('metric', '指标', 'text', 20), col('current', '现状', 'number', 10), col('proposed', '方案', 'number', 10), col('diff', '变化', 'number', 10)],
    rows: rows.map(r => [names.grid(r.gridId), names.metric(r.metric), r.current, r.proposed, r.diff]),
  }
}

/** Two scenarios side by side as a sheet, headed with their names. */
export function comparisonSheet(rows: readonly ComparisonRow[], names: ExportNames & { a: string, b: string }): LedgerSheet {
  return {
    columns: [
      col('grid', '网格', 'text', 24),
      col('metric', '指标', 'text', 20),
      col('current', '现状', 'number', 10),
      col('a', names.a, 'number', 12),
      col('aDiff', `${names.a} 变化`, 'number', 12),
      col('b', names.b, 'number', 12),
      col('bDiff', `${names.b} 变化`, 'number', 12),
      col('bMinusA', `${names.b} − ${names.a}`, 'number', 12),
    ],
    rows: rows.map(r => [names.grid(r.gridId), names.metric(r.metric), r.current, r.a, r.aDiff, r.b, r.bDiff, r.bMinusA]),
  }
}

/** A sheet as .xlsx bytes (the sheet named after the scenario). */
export function scenarioXlsx(sheet: LedgerSheet, scenarioName: string): Promise<Uint8Array> {
  return toXlsx(sheet, { sheetName: scenarioName })
}

/** Properties of the exported features: what each is and whether the scenario added it. */
export type ScenarioFeatureProps
  = | { layer: 'camera', id: string, code: string, name: string, kind: string, bearing: number, fov: number, rangeM: number, added: boolean }
    | { layer: 'route', id: string, name: string, teamId: string, lengthKm: number, days: string, windows: string, added: boolean }
    | { layer: 'stop', routeId: string, order: number, dwellMin: number }

/** The proposed cameras (points), routes (lines) and stops (points) as one FeatureCollection. */
export function proposedGeoJson(set: ProposedSet): FeatureCollection<Geometry, ScenarioFeatureProps> {
  const features: Array<Feature<Geometry, ScenarioFeatureProps>> = []
  for (const c of set.cameras) {
    features.push({
      type: 'Feature',
      id: c.id,
      geometry: { type: 'Point', coordinates: [...c.location] },
      properties: { layer: 'camera', id: c.id, code: c.code, name: c.name, kind: c.kind, bearing: c.bearing, fov: c.fov, rangeM: c.rangeM, added: c.added },
    })
  }
  for (const r of set.routes) {
    const d = r.schedule.days
    features.push({
      type: 'Feature',
      id: r.id,
      geometry: { type: 'LineString', coordinates: r.path.coordinates.map(p => [...p]) },
      properties: {
        layer: 'route',
        id: r.id,
        name: r.name,
        teamId: r.teamId,
        lengthKm: Math.round(r.lengthKm * 1000) / 1000,
        days: d.kind === 'weekdays' ? `weekdays:${d.weekdays.join(',')}` : d.kind,
        windows: r.schedule.windows.map(w => `${w.start}-${w.end}`).join(','),
        added: r.added,
      },
    })
    r.stops.forEach((s, order) => features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [...s.location] },
      properties: { layer: 'stop', routeId: r.id, order, dwellMin: s.dwellMin },
    }))
  }
  return { type: 'FeatureCollection', features }
}
