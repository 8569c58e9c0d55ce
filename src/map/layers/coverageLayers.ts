// Layer specs and GeoJSON of the coverage overlays (patrol reach, camera sectors, hot spots),
// built from the same input and answer the coverage engine used, so what is drawn is what was counted.
import type { FeatureCollection, LineString, Polygon } from 'geojson'
import type { ExpressionSpecification, FillLayerSpecification, LineLayerSpecification } from 'maplibre-gl'
import type { OverlayLayerId, OverlaySourceId } from '../layerIds'
import type { DutyFilter, HotSpotFigures, PlacedRaster } from '~/domain/coverage'
import type { LngLat, PatrolRoute, PatrolTeam, PatrolTeamKind } from '~/domain/types'
import { countsUnderFilter } from '~/domain/coverage'
import { CAMERA_COLORS, HOT_SPOT_COLORS, TEAM_COLORS, UNKNOWN_KIND_COLOR } from '~/theme/palette'

/** Metres of the Web Mercator equator per pixel at zoom 0 (512 px tiles, as MapLibre draws them). */
const EQUATOR_M_PER_PX = 40_075_016.686 / 512

/**
 * A line width that stays `metres` wide on the ground at latitude `lat` at every zoom (a line's
 * width doubles with each zoom step, as the ground under a pixel halves). `metres` may be an
 * expression reading the feature, so each route is drawn with its own team's reach.
 */
export function groundWidth(metres: number | ExpressionSpecification, lat: number): ExpressionSpecification {
  const perMetreAtZ0 = 1 / (EQUATOR_M_PER_PX * Math.cos(lat * Math.PI / 180))
  const at = (z: number): number | ExpressionSpecification => typeof metres === 'number' ? metres * perMetreAtZ0 * 2 ** z : ['*', metres, perMetreAtZ0 * 2 ** z]
  return ['interpolate', ['exponential', 2], ['zoom'], 0, at(0), 24, at(24)]
}

export type ReachFeatures = FeatureCollection<LineString, { id: string, kind: PatrolTeamKind, reachM: number }>

/**
 * The routes whose reach the engine stamped under `filter` (the team's kind selected, on duty on
 * the day class and in the hour), each with its team kind's reach in metres.
 */
export function patrolReachLines(routes: readonly PatrolRoute[], teams: readonly PatrolTeam[], filter: DutyFilter | undefined, reachM: Readonly<Record<PatrolTeamKind, number>>): ReachFeatures {
  const byId = new Map(teams.map(t => [t.id, t]))
  return {
    type: 'FeatureCollection',
    features: routes.flatMap((r) => {
      const team = byId.get(r.teamId)
      if (!team || !countsUnderFilter(team.kind, r.schedule, filter))
        return []
      return [{ type: 'Feature' as const, geometry: r.path, properties: { id: r.id, kind: team.kind, reachM: reachM[team.kind] } }]
    }),
  }
}

function kindColor(): ExpressionSpecification {
  const match: unknown[] = ['match', ['get', 'kind']]
  for (const [kind, color] of Object.entries(TEAM_COLORS))
    match.push(kind, color)
  match.push(UNKNOWN_KIND_COLOR)
  return match as ExpressionSpecification
}

/** The band within reach of a route: a line twice the reach wide, round at its ends and bends (a true buffer). */
export function patrolReachLayerSpec(id: OverlayLayerId, source: OverlaySourceId, lat: number): LineLayerSpecification & { id: OverlayLayerId } {
  return {
    id,
    type: 'line',
    source,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': kindColor(), 'line-opacity': 0.28, 'line-width': groundWidth(['*', 2, ['get', 'reachM']], lat) },
  }
}

/** The cameras' view cones as counted: online ones filled, offline ones outlined only (they see nothing now). */
export function cameraSectorLayerSpecs(source: OverlaySourceId): [FillLayerSpecification & { id: OverlayLayerId }, LineLayerSpecification & { id: OverlayLayerId }] {
  const online: ExpressionSpecification = ['==', ['get', 'status'], 'online']
  return [
    { id: `${source}-fill`, type: 'fill', source, filter: online, paint: { 'fill-color': CAMERA_COLORS.online, 'fill-opacity': 0.3 } },
    { id: `${source}-line`, type: 'line', source, paint: { 'line-color': ['case', online, CAMERA_COLORS.online, CAMERA_COLORS.offline], 'line-width': 1 } },
  ]
}

/** [lng, lat] of raster corner (column c, row r from the south), interpolated from the raster's four placed corners. */
function cornerAt(p: PlacedRaster, c: number, r: number): LngLat {
  const u = c / p.width
  const v = r / p.height
  const [sw, se, ne, nw] = p.corners
  const w = [(1 - u) * (1 - v), u * (1 - v), u * v, (1 - u) * v] as const
  return [
    w[0] * sw[0] + w[1] * se[0] + w[2] * ne[0] + w[3] * nw[0],
    w[0] * sw[1] + w[1] * se[1] + w[2] * ne[1] + w[3] * nw[1],
  ]
}

function cellRing(p: PlacedRaster, c: number, r: number): LngLat[] {
  const a = cornerAt(p, c, r)
  return [a, cornerAt(p, c + 1, r), cornerAt(p, c + 1, r + 1), cornerAt(p, c, r + 1), a]
}

export type HotCellFeatures = FeatureCollection<Polygon, { bin: number, z: number, cases: number }>

/** Gi* cells classed hot or cold (after the false-discovery-rate correction), as squares. */
export function giStarCells(hot: HotSpotFigures): HotCellFeatures {
  const p = hot.cells
  const features: HotCellFeatures['features'] = []
  for (let r = 0; r < p.height; r++) {
    for (let c = 0; c < p.width; c++) {
      const k = r * p.width + c
      const bin = p.bin[k]!
      if (bin !== 0 && p.inside[k])
        features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [cellRing(p, c, r)] }, properties: { bin, z: Math.round(p.z[k]! * 100) / 100, cases: p.counts[k]! } })
    }
  }
  return { type: 'FeatureCollection', features }
}

export type DensityFeatures = FeatureCollection<Polygon, { share: number }>

/**
 * Kernel-density cells at or above `minShare` of the peak, each with its share of the peak;
 * the faint rest is left out so a township's surface stays a few thousand squares.
 */
export function densityCells(hot: HotSpotFigures, minShare = 0.1): DensityFeatures {
  const p = hot.kde
  const features: DensityFeatures['features'] = []
  if (p.max <= 0)
    return { type: 'FeatureCollection', features }
  for (let r = 0; r < p.height; r++) {
    for (let c = 0; c < p.width; c++) {
      const share = p.density[r * p.width + c]! / p.max
      if (share >= minShare)
        features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [cellRing(p, c, r)] }, properties: { share: Math.round(share * 1000) / 1000 } })
    }
  }
  return { type: 'FeatureCollection', features }
}

/** Density as a wash from transparent to the hot colour; cells touch, so no outline. */
export function densityLayerSpec(id: OverlayLayerId, source: OverlaySourceId): FillLayerSpecification & { id: OverlayLayerId } {
  return {
    id,
    type: 'fill',
    source,
    paint: { 'fill-color': HOT_SPOT_COLORS.density, 'fill-opacity': ['interpolate', ['linear'], ['get', 'share'], 0, 0, 1, 0.7], 'fill-antialias': false },
  }
}

function binColor(): ExpressionSpecification {
  return ['match', ['get', 'bin'], 3, HOT_SPOT_COLORS.hot[2], 2, HOT_SPOT_COLORS.hot[1], 1, HOT_SPOT_COLORS.hot[0], -1, HOT_SPOT_COLORS.cold[0], -2, HOT_SPOT_COLORS.cold[1], HOT_SPOT_COLORS.cold[2]]
}

/** Gi* cells by class: filled in the class colour, outlined so neighbouring cells read as a patch. */
export function giStarLayerSpecs(source: OverlaySourceId): [FillLayerSpecification & { id: OverlayLayerId }, LineLayerSpecification & { id: OverlayLayerId }] {
  return [
    { id: `${source}-fill`, type: 'fill', source, paint: { 'fill-color': binColor(), 'fill-opacity': 0.55 } },
    { id: `${source}-line`, type: 'line', source, paint: { 'line-color': binColor(), 'line-width': 1 } },
  ]
}
