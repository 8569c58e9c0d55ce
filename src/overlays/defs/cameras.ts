import type { Camera, CameraStatus } from '~/domain/types'
import CameraLayers from '~/map/features/CameraLayers.vue'
import { CAMERA_COLORS, CAMERA_RING_COLORS } from '~/theme/palette'
import { defineOverlay } from '../types'

/** Cameras and their fields of view, by status. */
export default defineOverlay<readonly Camera[]>({
  id: 'cameras',
  order: 30,
  switches: [{
    id: 'cameras',
    legend: (Object.entries(CAMERA_COLORS) as [CameraStatus, string][]).map(([status, color]) => ({
      label: `legend.camera.${status}`,
      color,
      shape: 'dot',
      ring: CAMERA_RING_COLORS[status],
      ringWidth: status === 'offline' ? '2px' : undefined,
    })),
  }],
  scope: 'territory',
  follows: null,
  load: ({ ds }) => ds.listCameras(),
  empty: [],
  component: CameraLayers,
  props: cameras => ({ cameras }),
})
