import type { Road } from '~/domain/types'
import RoadLayers from '~/map/features/RoadLayers.vue'
import { defineOverlay } from '../types'

/** The road network, on by default: it is how an operator finds their way on the map. */
export default defineOverlay<readonly Road[]>({
  id: 'roads',
  order: 50,
  switches: [{ id: 'roads', default: true }],
  scope: 'territory',
  follows: null,
  load: ({ ds }) => ds.listRoads(),
  empty: [],
  component: RoadLayers,
  props: roads => ({ roads }),
})
