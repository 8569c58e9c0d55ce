import type { GeoJsonOverlaySource } from '~/map/features/GeoJsonOverlay.vue'
import { useCoverage } from '~/composables/useCoverage'
import GeoJsonOverlay from '~/map/features/GeoJsonOverlay.vue'
import { LAYER } from '~/map/layerIds'
import { COVERAGE_RAMP } from '~/theme/palette'
import { defineOverlay } from '../types'

// The child grids coloured by the coverage share the coverage page has chosen, on the
// colour-blind-safe coverage ramp (orange at 0 %, blue at 100 %).
const coverage = useCoverage()

export default defineOverlay<null>({
  id: 'coverageFill',
  order: 58,
  switches: [{ id: 'coverageFill', legend: [
    { label: 'legend.coverageLow', color: COVERAGE_RAMP.low, shape: 'dot' },
    { label: 'legend.coverageHigh', color: COVERAGE_RAMP.high, shape: 'dot' },
  ] }],
  scope: 'grid',
  follows: null,
  load: async () => null,
  empty: null,
  component: GeoJsonOverlay,
  props: (): { sources: GeoJsonOverlaySource[] } => ({
    sources: [{
      id: 'overlay-coverage-fill',
      data: coverage.fillGeo.value,
      layers: [{
        spec: { id: 'overlay-coverage-fill', type: 'fill', source: 'overlay-coverage-fill', filter: ['!=', ['get', 'share'], null], paint: { 'fill-color': ['interpolate', ['linear'], ['coalesce', ['get', 'share'], 0], 0, COVERAGE_RAMP.low, 0.5, COVERAGE_RAMP.mid, 1, COVERAGE_RAMP.high], 'fill-opacity': 0.7 } },
        below: LAYER.gridOutline,
      }],
    }],
  }),
})
