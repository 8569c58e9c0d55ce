import type { PatrolRoute, PatrolTeam } from '~/domain/types'
import PatrolLayers from '~/map/features/PatrolLayers.vue'
import { TEAM_COLORS } from '~/theme/palette'
import { defineOverlay } from '../types'

/** Patrol routes coloured by the kind of team walking them. */
export default defineOverlay<{ routes: readonly PatrolRoute[], teams: readonly PatrolTeam[] }>({
  id: 'patrols',
  order: 20,
  switches: [
    { id: 'patrols', legend: Object.entries(TEAM_COLORS).map(([kind, color]) => ({ label: `legend.team.${kind}`, color, shape: 'line' })) },
  ],
  scope: 'territory',
  follows: null,
  load: async ({ ds }) => {
    const [routes, teams] = await Promise.all([ds.listPatrolRoutes(), ds.listPatrolTeams()])
    return { routes, teams }
  },
  empty: { routes: [], teams: [] },
  component: PatrolLayers,
  props: ({ routes, teams }) => ({ routes, teams }),
})
