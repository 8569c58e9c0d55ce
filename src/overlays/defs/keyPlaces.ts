import type { KeyPlace } from '~/domain/types'
import KeyPlaceLayers from '~/map/features/KeyPlaceLayers.vue'
import { PLACE_COLORS } from '~/theme/palette'
import { defineOverlay } from '../types'

/** Key places (schools, markets, clinics …) by kind, labelled in the interface language. */
export default defineOverlay<readonly KeyPlace[]>({
  id: 'keyPlaces',
  order: 40,
  switches: [
    { id: 'keyPlaces', keyId: 'places', legend: Object.entries(PLACE_COLORS).map(([kind, color]) => ({ label: `legend.place.${kind}`, color, shape: 'ring' })) },
  ],
  scope: 'territory',
  follows: null,
  load: ({ ds }) => ds.listKeyPlaces(),
  empty: [],
  component: KeyPlaceLayers,
  props: (places, { locale }) => ({ places, locale }),
})
