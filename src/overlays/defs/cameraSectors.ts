import type { GeoJsonOverlaySource } from '~/map/features/GeoJsonOverlay.vue'
import { computed } from 'vue'
import { useCoverage } from '~/composables/useCoverage'
import GeoJsonOverlay from '~/map/features/GeoJsonOverlay.vue'
import { LAYER } from '~/map/layerIds'
import { cameraSectorLayerSpecs } from '~/map/layers/coverageLayers'
import { cameraSectors } from '~/map/layers/overlayLayers'
import { CAMERA_COLORS } from '~/theme/palette'
import { defineOverlay } from '../types'

// The view cones of the cameras the coverage run counted, at every zoom (the cameras overlay shows
// them only close in): online ones filled, offline ones outlined, as the engine counts them.
const coverage = useCoverage()
const sectors = computed(() => {
  const d = coverage.drawn.value
  return d ? cameraSectors(d.cameras) : null
})
const [fill, line] = cameraSectorLayerSpecs('overlay-camera-sectors')

export default defineOverlay<null>({
  id: 'cameraSectors',
  order: 56,
  switches: [{ id: 'cameraSectors', legend: [
    { label: 'legend.sector.online', color: CAMERA_COLORS.online, shape: 'dot' },
    { label: 'legend.sector.offline', color: CAMERA_COLORS.offline, shape: 'ring' },
  ] }],
  scope: 'grid',
  follows: null,
  load: async () => null,
  empty: null,
  component: GeoJsonOverlay,
  props: (): { sources: GeoJsonOverlaySource[] } => ({
    sources: [{
      id: 'overlay-camera-sectors',
      data: sectors.value,
      layers: [{ spec: fill, below: LAYER.cameraPoints }, { spec: line, below: LAYER.cameraPoints }],
    }],
  }),
})
