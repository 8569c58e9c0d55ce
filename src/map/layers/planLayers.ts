// The plan page's map: the proposed cameras (sectors and points) marked by what the scenario does
// to them, the siting answer's sites, a patrol plan's stops in order, and the grid's patrol hot
// spots numbered as the plan and the checks name them.
import type { FeatureCollection, Geometry } from 'geojson'
import type { LayerSpecification } from 'maplibre-gl'
import type { OverlayLayerId, OverlaySourceId } from '../layerIds'
import type { ProposedSet } from '~/domain/scenarios'
import type { Camera, LngLat } from '~/domain/types'
import { sectorRing } from '~/domain/geometry'
import { PLAN_COLORS, THEME } from '~/theme/palette'

export type PlanCameraState = 'same' | 'added' | 'changed' | 'removed'

export const PLAN_SOURCE = { cameras: 'overlay-plan-cameras', picks: 'overlay-plan-picks', stops: 'overlay-plan-stops', response: 'overlay-plan-response', responseSources: 'overlay-plan-response-sources', spots: 'overlay-plan-spots', sites: 'overlay-plan-sites' } as const satisfies Record<string, OverlaySourceId>
export const PLAN_LAYER = {
  sectors: 'overlay-plan-sectors',
  sectorEdges: 'overlay-plan-sector-edges',
  cameraPoints: 'overlay-plan-camera-points',
  picks: 'overlay-plan-picks',
  stops: 'overlay-plan-stops',
  response: 'overlay-plan-response',
  responseSources: 'overlay-plan-response-sources',
  spots: 'overlay-plan-spots',
  sites: 'overlay-plan-sites',
  spotLabels: 'overlay-plan-spot-labels',
} as const satisfies Record<string, OverlayLayerId>

const same = (a: Camera, b: Camera) => a.location[0] === b.location[0] && a.location[1] === b.location[1] && a.bearing === b.bearing && a.fov === b.fov && a.rangeM === b.rangeM

/** Proposed cameras (sector and point each), and the removed ones, with their state against the current set. */
export function planCameraFeatures(current: readonly Camera[], set: ProposedSet | null): FeatureCollection<Geometry, { id: string, state: PlanCameraState }> {
  const byId = new Map(current.map(c => [c.id, c]))
  const cams: Array<{ c: Camera, state: PlanCameraState }> = set
    ? [
        ...set.cameras.map(c => ({ c, state: (c.added ? 'added' : same(byId.get(c.id)!, c) ? 'same' : 'changed') as PlanCameraState })),
        ...set.removedCameraIds.map(id => ({ c: byId.get(id)!, state: 'removed' as const })),
      ]
    : current.map(c => ({ c, state: 'same' as const }))
  return {
    type: 'FeatureCollection',
    features: cams.flatMap(({ c, state }) => [
      { type: 'Feature' as const, geometry: { type: 'Polygon' as const, coordinates: [sectorRing(c.location, c.bearing, c.fov, c.rangeM)] }, properties: { id: c.id, state } },
      { type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [...c.location] }, properties: { id: c.id, state } },
    ]),
  }
}

/** Points with their rank (1-based), for siting picks and planned stops. */
export function rankedPoints(points: readonly LngLat[]): FeatureCollection<Geometry, { rank: number }> {
  return { type: 'FeatureCollection', features: points.map((p, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p[0], p[1]] }, properties: { rank: i + 1 } })) }
}

/** The patrol hot spots, numbered from 1 (the hottest) in their order; `focus` marks the one pointed at. */
export function hotSpotFeatures(spots: ReadonlyArray<{ id: string, location: LngLat }>, focusId: string | null): FeatureCollection<Geometry, { id: string, rank: number, focus: boolean }> {
  return { type: 'FeatureCollection', features: spots.map((h, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [h.location[0], h.location[1]] }, properties: { id: h.id, rank: i + 1, focus: h.id === focusId } })) }
}

/**
 * Response bands as lines, one feature per band and road piece; a piece reached in 1 minute is
 * also in the 3- and 5-minute bands, so the quicker band is drawn on top (sort key).
 */
export function responseBandFeatures(bands: ReadonlyArray<{ minutes: number, segments: ReadonlyArray<readonly [LngLat, LngLat]> }>): FeatureCollection<Geometry, { minutes: number }> {
  return {
    type: 'FeatureCollection',
    features: bands.map(b => ({ type: 'Feature' as const, geometry: { type: 'MultiLineString' as const, coordinates: b.segments.map(([p, q]) => [[p[0], p[1]], [q[0], q[1]]]) }, properties: { minutes: b.minutes } })),
  }
}

const stateColor = ['match', ['get', 'state'], 'added', PLAN_COLORS.added, 'changed', PLAN_COLORS.changed, 'removed', PLAN_COLORS.removed, PLAN_COLORS.same] as unknown as string

/** The layers of the plan page, each on its source. */
export function planLayerSpecs(): Record<keyof typeof PLAN_LAYER, LayerSpecification & { id: OverlayLayerId }> {
  return {
    sectors: { id: PLAN_LAYER.sectors, type: 'fill', source: PLAN_SOURCE.cameras, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': stateColor, 'fill-opacity': ['match', ['get', 'state'], 'same', 0.18, 'removed', 0.12, 0.45] } },
    sectorEdges: { id: PLAN_LAYER.sectorEdges, type: 'line', source: PLAN_SOURCE.cameras, filter: ['all', ['==', ['geometry-type'], 'Polygon'], ['!=', ['get', 'state'], 'same']], paint: { 'line-color': stateColor, 'line-width': 1.5, 'line-dasharray': [2, 1] } },
    cameraPoints: { id: PLAN_LAYER.cameraPoints, type: 'circle', source: PLAN_SOURCE.cameras, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': stateColor, 'circle-radius': ['match', ['get', 'state'], 'same', 3, 6], 'circle-stroke-color': THEME.textHalo, 'circle-stroke-width': 1 } },
    // The planner's own candidate sites: small hollow squares would need an image; a pick-coloured dot reads as "a site".
    sites: { id: PLAN_LAYER.sites, type: 'circle', source: PLAN_SOURCE.sites, paint: { 'circle-color': PLAN_COLORS.pick, 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } },
    picks: { id: PLAN_LAYER.picks, type: 'circle', source: PLAN_SOURCE.picks, paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 11, 'circle-stroke-color': PLAN_COLORS.pick, 'circle-stroke-width': 3 } },
    response: { id: PLAN_LAYER.response, type: 'line', source: PLAN_SOURCE.response, layout: { 'line-sort-key': ['-', 0, ['get', 'minutes']], 'line-cap': 'round' }, paint: { 'line-color': ['step', ['get', 'minutes'], PLAN_COLORS.response[0], 2, PLAN_COLORS.response[1], 4, PLAN_COLORS.response[2]] as unknown as string, 'line-width': ['step', ['get', 'minutes'], 5, 2, 4, 4, 3] as unknown as number, 'line-opacity': 0.9 } },
    spots: { id: PLAN_LAYER.spots, type: 'circle', source: PLAN_SOURCE.spots, layout: { 'circle-sort-key': ['case', ['get', 'focus'], 1, 0] }, paint: { 'circle-color': THEME.textHalo, 'circle-opacity': 0.85, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['case', ['get', 'focus'], 10, 4], 15, ['case', ['get', 'focus'], 15, 9]] as unknown as number, 'circle-stroke-color': ['case', ['get', 'focus'], PLAN_COLORS.spotFocus, PLAN_COLORS.spot] as unknown as string, 'circle-stroke-width': ['case', ['get', 'focus'], 4, 2] as unknown as number } },
    // Numbers may hide each other when zoomed out (the rings stay); the focused one always shows.
    spotLabels: { id: PLAN_LAYER.spotLabels, type: 'symbol', source: PLAN_SOURCE.spots, layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-font': ['Noto Sans CJK SC Bold', 'sans-serif'], 'text-size': ['interpolate', ['linear'], ['zoom'], 12, ['case', ['get', 'focus'], 14, 9], 15, ['case', ['get', 'focus'], 16, 12]] as unknown as number, 'symbol-sort-key': ['case', ['get', 'focus'], 0, ['get', 'rank']], 'text-allow-overlap': false }, paint: { 'text-color': '#ffffff', 'text-halo-color': THEME.textHalo, 'text-halo-width': 1 } },
    // A ring, so the hot spot's number inside it stays readable.
    responseSources: { id: PLAN_LAYER.responseSources, type: 'circle', source: PLAN_SOURCE.responseSources, paint: { 'circle-color': PLAN_COLORS.response[2], 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } },
    stops: { id: PLAN_LAYER.stops, type: 'circle', source: PLAN_SOURCE.stops, paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 13, 'circle-stroke-color': PLAN_COLORS.stop, 'circle-stroke-width': 3 } },
  }
}
