import type { CaseRecord } from '~/domain/types'
import CaseLayers from '~/map/features/CaseLayers.vue'
import { CASE_COLORS } from '~/theme/palette'
import { defineOverlay } from '../types'

/** Cases of the selected grid over the period, as points (clustered) and as a heatmap. */
export default defineOverlay<readonly CaseRecord[]>({
  id: 'cases',
  order: 10,
  switches: [
    { id: 'cases', legend: Object.entries(CASE_COLORS).map(([cls, color]) => ({ label: `legend.case.${cls}`, color, shape: 'dot' })) },
    { id: 'heatmap', sub: true },
  ],
  scope: 'grid',
  follows: 'cases',
  load: ({ ds, gridId, period }) => ds.listCases({ subtreeOf: gridId ?? undefined, period }).then(page => page.cases),
  cases: cases => cases,
  empty: [],
  component: CaseLayers,
  props: (cases, { on, loadedAt }) => ({ cases, now: loadedAt, points: on.has('cases'), heatmap: on.has('heatmap') }),
})
