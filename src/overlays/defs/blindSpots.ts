import type { GeoJsonOverlaySource } from '~/map/features/GeoJsonOverlay.vue'
import { useCoverage } from '~/composables/useCoverage'
import GeoJsonOverlay from '~/map/features/GeoJsonOverlay.vue'
import { LAYER } from '~/map/layerIds'
import { BLIND_SPOT_COLORS } from '~/theme/palette'
import { defineOverlay } from '../types'

// Blind spots of the coverage run (connected patches no patrol reaches and no camera sees, above
// the minimum area), darker where more cases are expected inside. Drawn from the shared run, so a
// filter change redraws them without a load of their own.
const coverage = useCoverage()

export default defineOverlay<null>({
  id: 'blindSpots',
  order: 60,
  switches: [{ id: 'blindSpots', legend: [{ label: 'legend.blindSpot', color: BLIND_SPOT_COLORS.fill, shape: 'dot' }] }],
  scope: 'grid',
  follows: null,
  load: async () => null,
  empty: null,
  component: GeoJsonOverlay,
  props: (): { sources: GeoJsonOverlaySource[] } => ({
    sources: [{
      id: 'overlay-blind-spots',
      data: coverage.blindGeo.value,
      layers: [
        { spec: { id: 'overlay-blind-spots', type: 'fill', source: 'overlay-blind-spots', paint: { 'fill-color': BLIND_SPOT_COLORS.fill, 'fill-opacity': ['interpolate', ['linear'], ['get', 'expectedCases'], 0, 0.25, 2, 0.7] } }, below: LAYER.casePoints },
        { spec: { id: 'overlay-blind-spots-line', type: 'line', source: 'overlay-blind-spots', paint: { 'line-color': BLIND_SPOT_COLORS.outline, 'line-width': 2 } }, below: LAYER.casePoints },
      ],
    }],
  }),
})
