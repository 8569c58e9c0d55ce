import type { GeoJsonOverlaySource } from '~/map/features/GeoJsonOverlay.vue'
import { computed } from 'vue'
import { useCoverage } from '~/composables/useCoverage'
import GeoJsonOverlay from '~/map/features/GeoJsonOverlay.vue'
import { LAYER } from '~/map/layerIds'
import { patrolReachLayerSpec, patrolReachLines } from '~/map/layers/coverageLayers'
import { TEAM_COLORS } from '~/theme/palette'
import { defineOverlay } from '../types'

// The ground within reach of the patrol routes the coverage run counted: only routes on duty on
// the page's day type and hour, each as wide as its team kind's reach.
const coverage = useCoverage()
const lines = computed(() => {
  const d = coverage.drawn.value
  return d ? patrolReachLines(d.routes, d.teams, coverage.summary.value?.filter, d.reachM) : null
})

export default defineOverlay<null>({
  id: 'patrolReach',
  order: 55,
  switches: [{ id: 'patrolReach', legend: Object.entries(TEAM_COLORS).map(([kind, color]) => ({ label: `legend.team.${kind}`, color, shape: 'line' })) }],
  scope: 'grid',
  follows: null,
  load: async () => null,
  empty: null,
  component: GeoJsonOverlay,
  props: (): { sources: GeoJsonOverlaySource[] } => ({
    sources: [{
      id: 'overlay-patrol-reach',
      data: lines.value,
      layers: [{ spec: patrolReachLayerSpec('overlay-patrol-reach', 'overlay-patrol-reach', coverage.drawn.value?.lat ?? 30), below: LAYER.patrolRoutes }],
    }],
  }),
})
