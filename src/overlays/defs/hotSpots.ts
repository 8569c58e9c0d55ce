import type { GeoJsonOverlaySource } from '~/map/features/GeoJsonOverlay.vue'
import { computed } from 'vue'
import { useCoverage } from '~/composables/useCoverage'
import GeoJsonOverlay from '~/map/features/GeoJsonOverlay.vue'
import { LAYER } from '~/map/layerIds'
import { densityCells, densityLayerSpec, giStarCells, giStarLayerSpecs } from '~/map/layers/coverageLayers'
import { HOT_SPOT_COLORS } from '~/theme/palette'
import { defineOverlay } from '../types'

// Hot spots of the coverage run's cases: Getis-Ord Gi* cells classed ±1/2/3 after the
// Benjamini–Hochberg correction, and under them (a sub-switch) the quartic kernel density.
const coverage = useCoverage()
const hot = computed(() => coverage.summary.value?.hotSpots ?? null)
const cells = computed(() => (hot.value ? giStarCells(hot.value) : null))
const density = computed(() => (hot.value ? densityCells(hot.value) : null))
const [giFill, giLine] = giStarLayerSpecs('overlay-hot-spots')

export default defineOverlay<null>({
  id: 'hotSpots',
  order: 62,
  switches: [
    { id: 'hotSpots', legend: [
      ...[3, 2, 1].map(b => ({ label: `legend.hotSpot.hot${b}`, color: HOT_SPOT_COLORS.hot[b - 1]!, shape: 'dot' as const })),
      ...[1, 2, 3].map(b => ({ label: `legend.hotSpot.cold${b}`, color: HOT_SPOT_COLORS.cold[b - 1]!, shape: 'dot' as const })),
    ] },
    { id: 'density', sub: true, legend: [{ label: 'legend.density', color: HOT_SPOT_COLORS.density, shape: 'dot' }] },
  ],
  scope: 'grid',
  follows: null,
  load: async () => null,
  empty: null,
  component: GeoJsonOverlay,
  props: (_data, { on }): { sources: GeoJsonOverlaySource[] } => ({
    sources: [
      { id: 'overlay-density', data: density.value, layers: [{ spec: densityLayerSpec('overlay-density', 'overlay-density'), below: LAYER.caseHeatmap, visible: on.has('density') }] },
      { id: 'overlay-hot-spots', data: cells.value, layers: [{ spec: giFill, below: LAYER.caseHeatmap, visible: on.has('hotSpots') }, { spec: giLine, below: LAYER.caseHeatmap, visible: on.has('hotSpots') }] },
    ],
  }),
})
