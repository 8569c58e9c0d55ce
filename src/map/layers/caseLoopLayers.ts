// Layers of the case loop's map pieces: the point being placed by the intake form (with the
// duplicate-search radius around it) and the halo round the case open in the drawer.
import type { FeatureCollection, Point, Polygon } from 'geojson'
import type { LayerSpecification } from 'maplibre-gl'
import type { LngLat } from '~/domain/types'
import { destination } from '~/domain/geometry'
import { THEME } from '~/theme/palette'
import { LAYER, SOURCE } from '../layerIds'

/** A closed ring of `steps` segments approximating a circle of `radiusM` metres (counter-clockwise). */
export function circleRing(center: LngLat, radiusM: number, steps = 48): Array<[number, number]> {
  if (!(radiusM > 0))
    throw new RangeError(`radius must be positive, got ${radiusM}`)
  const ring: Array<[number, number]> = []
  for (let i = 0; i < steps; i++)
    ring.push(destination(center, 360 - (360 * i) / steps, radiusM))
  ring.push(ring[0]!)
  return ring
}

/** What pickFeatures draws: the placed point, the duplicate search radius, a GPS fix's accuracy. */
export type PickFeatureKind = 'point' | 'radius' | 'accuracy'

/**
 * The placed point and, when `radiusM` is given, the circle the duplicate hint searches; with a
 * GPS fix, the circle its accuracy spans (drawn even before the point is placed, while the worker
 * decides whether an inaccurate fix will do).
 */
export function pickFeatures(location: LngLat | null, radiusM: number | null, fix: { location: LngLat, accuracyM: number } | null = null): FeatureCollection<Point | Polygon, { kind: PickFeatureKind }> {
  const features: FeatureCollection<Point | Polygon, { kind: PickFeatureKind }>['features'] = []
  if (fix && fix.accuracyM > 0 && Number.isFinite(fix.accuracyM))
    features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [circleRing(fix.location, fix.accuracyM)] }, properties: { kind: 'accuracy' } })
  if (!location)
    return { type: 'FeatureCollection', features }
  if (radiusM !== null)
    features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [circleRing(location, radiusM)] }, properties: { kind: 'radius' } })
  features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: location }, properties: { kind: 'point' } })
  return { type: 'FeatureCollection', features }
}

/** The one highlighted case. */
export function selectedCaseFeatures(c: { id: string, location: LngLat } | null): FeatureCollection<Point, { id: string }> {
  return {
    type: 'FeatureCollection',
    features: c ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: c.location }, properties: { id: c.id } }] : [],
  }
}

export const PICK_COLOR = '#ffd166'
/** The GPS accuracy circle: blue, as phones draw it, apart from the gold of the placed point. */
export const GPS_ACCURACY_COLOR = '#4ea8ff'

export function pickLayerSpecs(): LayerSpecification[] {
  return [
    {
      id: LAYER.casePickRadius,
      type: 'fill',
      source: SOURCE.casePick,
      filter: ['==', ['get', 'kind'], 'radius'],
      paint: { 'fill-color': PICK_COLOR, 'fill-opacity': 0.12, 'fill-outline-color': PICK_COLOR },
    },
    {
      id: LAYER.casePickAccuracy,
      type: 'fill',
      source: SOURCE.casePick,
      filter: ['==', ['get', 'kind'], 'accuracy'],
      paint: { 'fill-color': GPS_ACCURACY_COLOR, 'fill-opacity': 0.18, 'fill-outline-color': GPS_ACCURACY_COLOR },
    },
    {
      id: LAYER.casePickPoint,
      type: 'circle',
      source: SOURCE.casePick,
      filter: ['==', ['get', 'kind'], 'point'],
      paint: {
        'circle-color': PICK_COLOR,
        'circle-radius': 8,
        'circle-stroke-color': THEME.textHalo,
        'circle-stroke-width': 3,
      },
    },
  ]
}

/** A wide ring round the selected case, drawn under the case points so the point's own colour stays readable. */
export function selectedHaloSpec(): LayerSpecification {
  return {
    id: LAYER.caseSelectedHalo,
    type: 'circle',
    source: SOURCE.caseSelected,
    paint: {
      'circle-color': 'rgba(0,0,0,0)',
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 12, 17, 20],
      'circle-stroke-color': THEME.selected,
      'circle-stroke-width': 4,
      'circle-stroke-opacity': 0.95,
    },
  }
}
