// The /import preview on the map: every feature of the file as it would be imported, coloured by
// whether it has errors, warnings or nothing, left-out features dashed; each problem a marker
// at its location, the one picked in the list ringed.
import type { FeatureCollection, MultiPolygon, Point } from 'geojson'
import type { LayerSpecification } from 'maplibre-gl'
import type { GridDraft, Problem, Severity } from '~/domain/territoryImport/types'
import { IMPORT_COLORS, THEME } from '~/theme/palette'
import { LAYER, SOURCE } from '../layerIds'

export type DraftStatus = Severity | 'ok' | 'excluded'

/** The drafts with a boundary, each with its worst problem as `status`. */
export function draftFeatures(drafts: readonly GridDraft[], problems: readonly Problem[], excluded: readonly number[]): FeatureCollection<MultiPolygon, { index: number, code: string, level: number, status: DraftStatus }> {
  const worst = new Map<number, Severity>()
  for (const p of problems) {
    if (p.feature !== null && worst.get(p.feature) !== 'error')
      worst.set(p.feature, p.severity)
  }
  const out = new Set(excluded)
  return {
    type: 'FeatureCollection',
    features: drafts.filter(d => d.boundary).map(d => ({
      type: 'Feature',
      id: d.index,
      geometry: d.boundary!,
      properties: { index: d.index, code: d.code, level: d.level ?? 0, status: out.has(d.index) ? 'excluded' : worst.get(d.index) ?? 'ok' },
    })),
  }
}

/** One point per located problem; `n` is its position in the problem list. */
export function problemFeatures(problems: readonly Problem[]): FeatureCollection<Point, { n: number, severity: Severity }> {
  return {
    type: 'FeatureCollection',
    features: problems.flatMap((p, n) => p.location ? [{ type: 'Feature' as const, id: n, geometry: { type: 'Point' as const, coordinates: p.location }, properties: { n, severity: p.severity } }] : []),
  }
}

const statusColor = ['match', ['get', 'status'], 'error', IMPORT_COLORS.error, 'warning', IMPORT_COLORS.warning, 'excluded', IMPORT_COLORS.excluded, IMPORT_COLORS.ok] as const

export function importLayerSpecs(): LayerSpecification[] {
  return [
    {
      id: LAYER.importFill,
      type: 'fill',
      source: SOURCE.importGrids,
      paint: { 'fill-color': statusColor as never, 'fill-opacity': ['case', ['==', ['get', 'status'], 'excluded'], 0.05, ['==', ['get', 'status'], 'ok'], 0.12, 0.3] },
    },
    {
      id: LAYER.importOutline,
      type: 'line',
      source: SOURCE.importGrids,
      paint: {
        'line-color': statusColor as never,
        // Townships bold, villages medium, groups fine.
        'line-width': ['match', ['get', 'level'], 1, 3, 2, 2, 1],
      },
    },
    {
      id: LAYER.importProblemPoints,
      type: 'circle',
      source: SOURCE.importProblems,
      paint: {
        'circle-color': ['match', ['get', 'severity'], 'error', IMPORT_COLORS.error, IMPORT_COLORS.warning],
        'circle-radius': ['case', ['boolean', ['feature-state', 'picked'], false], 11, 6],
        'circle-stroke-color': ['case', ['boolean', ['feature-state', 'picked'], false], THEME.selected, THEME.textHalo],
        'circle-stroke-width': ['case', ['boolean', ['feature-state', 'picked'], false], 4, 2],
      },
    },
  ]
}
