import type { FeatureCollection, LineString, Point, Polygon } from 'geojson'
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import type { CaseClass } from '~/domain/casePredicates'
import type { Camera, CaseRecord, KeyPlace, KeyPlaceKind, Millis, PatrolRoute, PatrolTeam, PatrolTeamKind, Road } from '~/domain/types'
import { caseClassAt } from '~/domain/casePredicates'
import { sectorRing } from '~/domain/geometry'
import { localNameKey } from '~/domain/localName'
import { CAMERA_COLORS, CAMERA_RING_COLORS, CASE_COLORS, CASE_DENSITY_RAMP, PLACE_COLORS, TEAM_COLORS, THEME, UNKNOWN_KIND_COLOR } from '~/theme/palette'
import { LAYER, SOURCE } from '../layerIds'
import { CLUSTER_ICONS } from './clusterIcons'

export function casePoints(cases: readonly CaseRecord[], now: Millis): FeatureCollection<Point, { id: string, cls: CaseClass, rank: number }> {
  const rank: Record<CaseClass, number> = { closed: 0, open: 1, overdue: 2, urgent: 3 }
  return {
    type: 'FeatureCollection',
    features: cases.map((c) => {
      const cls = caseClassAt(c, now)
      return { type: 'Feature', geometry: { type: 'Point', coordinates: c.location }, properties: { id: c.id, cls, rank: rank[cls] } }
    }),
  }
}

export function patrolLines(routes: readonly PatrolRoute[], teams: readonly PatrolTeam[]): FeatureCollection<LineString, { id: string, name: string, kind: PatrolTeamKind }> {
  const byId = new Map(teams.map(t => [t.id, t]))
  return {
    type: 'FeatureCollection',
    features: routes.flatMap((r) => {
      const team = byId.get(r.teamId)
      return team ? [{ type: 'Feature' as const, geometry: r.path, properties: { id: r.id, name: r.name, kind: team.kind } }] : []
    }),
  }
}

export function cameraPoints(cameras: readonly Camera[]): FeatureCollection<Point, { id: string, status: string, kind: string }> {
  return {
    type: 'FeatureCollection',
    features: cameras.map(c => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c.location }, properties: { id: c.id, status: c.status, kind: c.kind } })),
  }
}

export function cameraSectors(cameras: readonly Camera[]): FeatureCollection<Polygon, { id: string, status: string }> {
  return {
    type: 'FeatureCollection',
    features: cameras.map(c => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [sectorRing(c.location, c.bearing, c.fov, c.rangeM)] },
      properties: { id: c.id, status: c.status },
    })),
  }
}

export function keyPlacePoints(places: readonly KeyPlace[]): FeatureCollection<Point, { id: string, name: string, nameEn: string, kind: KeyPlaceKind }> {
  return {
    type: 'FeatureCollection',
    features: places.map(p => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p.location }, properties: { id: p.id, name: p.name, nameEn: p.nameEn, kind: p.kind } })),
  }
}

export function roadLines(roads: readonly Road[]): FeatureCollection<LineString, { id: string, name: string, kind: Road['kind'] }> {
  return {
    type: 'FeatureCollection',
    features: roads.map(r => ({ type: 'Feature', geometry: r.path, properties: { id: r.id, name: r.name, kind: r.kind } })),
  }
}

function matchColor(property: string, colors: Readonly<Record<string, string>>, fallback: string): ExpressionSpecification {
  return ['match', ['get', property], ...Object.entries(colors).flat(), fallback] as unknown as ExpressionSpecification
}

/**
 * How the clustered case source groups points: above zoom 14 cases are single points by status,
 * below it they cluster, and clusters carry how many urgent and overdue cases they hold, so their
 * colour warns before zooming in. One definition for the app and the bare benchmark page.
 */
export const CASE_CLUSTERING: Omit<GeoJSONSourceSpecification, 'type' | 'data'> = {
  cluster: true,
  clusterMaxZoom: 14,
  clusterRadius: 48,
  promoteId: 'id',
  clusterProperties: {
    urgent: ['+', ['case', ['==', ['get', 'cls'], 'urgent'], 1, 0]],
    overdue: ['+', ['case', ['==', ['get', 'cls'], 'overdue'], 1, 0]],
  },
}
/** Camera sectors appear from this zoom, where 150 m is wide enough to read. */
export const SECTOR_MIN_ZOOM = 14.5

export function caseLayerSpecs(): LayerSpecification[] {
  return [
    {
      id: LAYER.caseHeatmap,
      type: 'heatmap',
      source: SOURCE.cases,
      maxzoom: 17,
      paint: {
        'heatmap-weight': ['interpolate', ['linear'], ['get', 'rank'], 0, 0.3, 3, 1],
        'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 15, 2],
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 10, 8, 15, 30],
        'heatmap-opacity': 0.75,
        'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], ...CASE_DENSITY_RAMP.flat()] as ExpressionSpecification,
      },
    },
    {
      // A symbol, not a circle, so it takes part in collision: placed after the grid and place
      // labels drawn above it, a cluster that would cover a name moves beside it (variable
      // anchors), or is left out at this zoom when no place around is free. See clusterIcons.ts.
      id: LAYER.caseClusters,
      type: 'symbol',
      source: SOURCE.casesClustered,
      filter: ['has', 'point_count'],
      layout: {
        'icon-image': ['case', ['>', ['get', 'urgent'], 0], CLUSTER_ICONS.urgent, ['>', ['get', 'overdue'], 0], CLUSTER_ICONS.overdue, CLUSTER_ICONS.open],
        // The disc is fitted around its count, which grows with the cluster (13 px for 2 cases, 20 for 500).
        'icon-text-fit': 'both',
        'icon-text-fit-padding': [4, 6, 4, 6],
        'icon-padding': 0,
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': ['Noto Sans CJK SC Bold', 'sans-serif'],
        'text-size': ['interpolate', ['linear'], ['get', 'point_count'], 2, 13, 50, 16, 500, 20],
        'text-padding': 1,
        'text-variable-anchor': ['center', 'left', 'right', 'top', 'bottom', 'top-left', 'top-right', 'bottom-left', 'bottom-right'],
        'text-radial-offset': 1.2,
        // Icon and count stand or fall together, and neither may cover an earlier placed label.
        'icon-allow-overlap': false,
        'text-allow-overlap': false,
        // Among clusters, the bigger one is placed first.
        'symbol-sort-key': ['-', ['get', 'point_count']],
      },
      paint: { 'text-color': THEME.background },
    },
    {
      id: LAYER.casePoints,
      type: 'circle',
      source: SOURCE.casesClustered,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': matchColor('cls', CASE_COLORS, CASE_COLORS.open),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 4, 17, 8],
        'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], THEME.focus, THEME.textHalo],
        'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 1.2],
      },
    },
  ]
}

export function patrolLayerSpec(): LayerSpecification {
  return {
    id: LAYER.patrolRoutes,
    type: 'line',
    source: SOURCE.patrolRoutes,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': matchColor('kind', TEAM_COLORS, UNKNOWN_KIND_COLOR),
      'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 16, 5],
      'line-opacity': 0.9,
      'line-dasharray': [2, 1],
    },
  }
}

export function cameraLayerSpecs(): LayerSpecification[] {
  return [
    {
      id: LAYER.cameraSectors,
      type: 'fill',
      source: SOURCE.cameraSectors,
      minzoom: SECTOR_MIN_ZOOM,
      paint: {
        'fill-color': matchColor('status', CAMERA_COLORS, CAMERA_COLORS.offline),
        'fill-opacity': 0.22,
        'fill-outline-color': CAMERA_COLORS.online,
      },
    },
    {
      id: LAYER.cameraPoints,
      type: 'circle',
      source: SOURCE.cameras,
      paint: {
        'circle-color': matchColor('status', CAMERA_COLORS, CAMERA_COLORS.offline),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 16, 6],
        'circle-stroke-color': matchColor('status', CAMERA_RING_COLORS, CAMERA_RING_COLORS.offline),
        'circle-stroke-width': ['case', ['==', ['get', 'status'], 'online'], 1, 2],
      },
    },
  ]
}

export function keyPlaceLayerSpecs(locale: string): LayerSpecification[] {
  return [
    {
      id: LAYER.keyPlacePoints,
      type: 'circle',
      source: SOURCE.keyPlaces,
      paint: {
        'circle-color': matchColor('kind', PLACE_COLORS, UNKNOWN_KIND_COLOR),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 5, 16, 9],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: LAYER.keyPlaceLabels,
      type: 'symbol',
      source: SOURCE.keyPlaces,
      minzoom: 13,
      layout: {
        'text-field': ['get', localNameKey(locale)],
        'text-font': ['Noto Sans CJK SC', 'sans-serif'],
        'text-size': 13,
        'text-offset': [0, 1.1],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#ffe9b0', 'text-halo-color': THEME.textHalo, 'text-halo-width': 1.5 },
    },
  ]
}

export function roadLayerSpecs(): LayerSpecification[] {
  return [
    {
      id: LAYER.roadsVillage,
      type: 'line',
      source: SOURCE.roads,
      filter: ['==', ['get', 'kind'], 'village'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': THEME.road, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.8, 16, 3] },
    },
    {
      id: LAYER.roadsMain,
      type: 'line',
      source: SOURCE.roads,
      filter: ['==', ['get', 'kind'], 'main'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': THEME.roadMain, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.6, 16, 6] },
    },
  ]
}
