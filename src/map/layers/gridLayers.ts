import type { FeatureCollection, MultiPolygon, Point } from 'geojson'
import type { DataDrivenPropertyValueSpecification, ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl'
import type { Classification } from '~/domain/colorClasses'
import type { Grid } from '~/domain/types'
import { localNameKey } from '~/domain/localName'
import { THEME } from '~/theme/palette'
import { LAYER, SOURCE } from '../layerIds'

/** Properties carried by each grid feature; `id` is promoted to the feature id for feature-state. */
export interface GridFeatureProps {
  id: string
  code: string
  name: string
  nameEn: string
  level: number
  parentId: string
}

/** Grids as polygons for the `grids` source. */
export function gridPolygons(grids: readonly Grid[]): FeatureCollection<MultiPolygon, GridFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: grids.map(g => ({ type: 'Feature', geometry: g.boundary, properties: gridProps(g) })),
  }
}

/** Grids as label points for the `grid-labels` source. */
export function gridLabelPoints(grids: readonly Grid[]): FeatureCollection<Point, GridFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: grids.map(g => ({ type: 'Feature', geometry: { type: 'Point', coordinates: g.labelPoint }, properties: gridProps(g) })),
  }
}

function gridProps(g: Grid): GridFeatureProps {
  // '' for the root: MapLibre filters compare strings, and a null would never equal anything.
  return { id: g.id, code: g.code, name: g.name, nameEn: g.nameEn, level: g.level, parentId: g.parentId ?? '' }
}

/** Which grids are drawn as the focus: the children of the selected grid, or the grid itself when it has none. */
export function focusFilter(selectedId: string, hasChildren: boolean): FilterSpecification {
  return hasChildren ? ['==', ['get', 'parentId'], selectedId] : ['==', ['get', 'id'], selectedId]
}

/**
 * Fill colour by the choropleth class: the measure value lives in feature-state `value` (null for
 * no data), so changing measure or period never re-uploads geometry.
 */
export function choroplethColor(c: Classification): DataDrivenPropertyValueSpecification<string> {
  const value: ExpressionSpecification = ['feature-state', 'value']
  if (c.colors.length === 1 && c.breaks.length === 0) {
    return ['case', ['==', ['typeof', value], 'number'], c.colors[0]!, THEME.noData]
  }
  const step: unknown[] = ['step', ['to-number', value], c.colors[0]]
  c.breaks.forEach((b, i) => step.push(b, c.colors[i + 1]))
  return ['case', ['==', ['typeof', value], 'number'], step as ExpressionSpecification, THEME.noData]
}

const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]

/** The layers that draw the grid hierarchy, given the current focus. */
export function gridLayerSpecs(opts: { focus: FilterSpecification, selectedId: string, contextFilter: FilterSpecification, fillColor: DataDrivenPropertyValueSpecification<string>, locale: string, overBasemap?: boolean }): LayerSpecification[] {
  return [
    {
      id: LAYER.gridFill,
      type: 'fill',
      source: SOURCE.grids,
      filter: opts.focus,
      paint: {
        'fill-color': opts.fillColor,
        // Over a basemap the choropleth is a wash, so the streets and imagery under it stay legible.
        'fill-opacity': opts.overBasemap ? ['case', hovered, 0.55, 0.35] : ['case', hovered, 0.92, 0.72],
      },
    },
    {
      id: LAYER.gridContextOutline,
      type: 'line',
      source: SOURCE.grids,
      filter: opts.contextFilter,
      paint: { 'line-color': THEME.context, 'line-width': 1, 'line-dasharray': [3, 2] },
    },
    {
      id: LAYER.gridOutline,
      type: 'line',
      source: SOURCE.grids,
      filter: opts.focus,
      paint: {
        'line-color': ['case', hovered, THEME.selected, THEME.outline],
        'line-width': ['case', hovered, 3, 1.2],
      },
    },
    {
      id: LAYER.gridSelectedOutline,
      type: 'line',
      source: SOURCE.grids,
      filter: ['==', ['get', 'id'], opts.selectedId],
      paint: { 'line-color': THEME.selected, 'line-width': 3 },
    },
    {
      id: LAYER.gridLabel,
      type: 'symbol',
      source: SOURCE.gridLabels,
      filter: opts.focus,
      layout: {
        'text-field': ['get', localNameKey(opts.locale)],
        'text-font': ['Noto Sans CJK SC', 'Noto Sans', 'sans-serif'],
        'text-size': ['interpolate', ['linear'], ['zoom'], 10, 13, 13, 16, 16, 20],
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: {
        'text-color': THEME.text,
        'text-halo-color': THEME.textHalo,
        'text-halo-width': 1.8,
      },
    },
  ]
}
