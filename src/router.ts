import type { Component } from 'vue'
import { defineAsyncComponent } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Width of the console's side panel on this route, px; the grid explorer's 440 when absent. */
    panelWidth?: number
    /** The shell around the map (src/layouts/layouts.ts); the console when absent. */
    layout?: 'console' | 'wall' | 'phone'
    /** Map features the route's page adds to the one map (rendered inside it with the map's padding, removed when the route is left). */
    mapFeatures?: Component
  }
}

// One instance for both wall routes, so going from /wall to /wall/<code> keeps the wall's layers.
const wallMapFeatures = defineAsyncComponent(() => import('./components/wall/WallMapFeatures.vue'))

/** The map persists in the app frame; routes change the shell and the page around it. */
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/GridPage.vue') },
    { path: '/grid/:code', name: 'grid', component: () => import('./pages/GridPage.vue') },
    // The case loop's pages sit under the selected grid, so the ledger and the supervision list
    // cover its subtree and the breadcrumb and drill-down keep working around them.
    { path: '/grid/:code/cases', name: 'cases', component: () => import('./pages/CasesPage.vue'), meta: { panelWidth: 800 } },
    { path: '/grid/:code/cases/new', name: 'case-new', component: () => import('./pages/CaseNewPage.vue'), meta: { panelWidth: 540 } },
    { path: '/grid/:code/coverage', name: 'coverage', component: () => import('./pages/CoveragePage.vue'), meta: { panelWidth: 760, mapFeatures: defineAsyncComponent(() => import('./components/coverage/CoverageMapFeatures.vue')) } },
    { path: '/grid/:code/plan', name: 'plan', component: () => import('./pages/PlanPage.vue'), meta: { panelWidth: 820, mapFeatures: defineAsyncComponent(() => import('./components/planning/PlanMapFeatures.vue')) } },
    { path: '/grid/:code/supervision', name: 'supervision', component: () => import('./pages/SupervisionPage.vue'), meta: { panelWidth: 680 } },
    { path: '/import', name: 'import', component: () => import('./pages/ImportPage.vue'), meta: { panelWidth: 560, mapFeatures: defineAsyncComponent(() => import('./components/import/ImportMapFeatures.vue')) } },
    // The phone shell around the same map and page: drilling in keeps the phone route.
    { path: '/m/grid/:code', name: 'phone-grid', component: () => import('./pages/GridPage.vue'), meta: { layout: 'phone' } },
    // Reporting from the field: the intake in the phone's sheet (queued when there is no signal).
    { path: '/m/grid/:code/report', name: 'phone-report', component: () => import('./pages/PhoneReportPage.vue'), meta: { layout: 'phone' } },
    // The command-room wall: the viewer's whole territory, or the grid (a village, a county) named.
    { path: '/wall', name: 'wall', component: () => import('./pages/WallPage.vue'), meta: { layout: 'wall', mapFeatures: wallMapFeatures } },
    { path: '/wall/:code', name: 'wall-grid', component: () => import('./pages/WallPage.vue'), meta: { layout: 'wall', mapFeatures: wallMapFeatures } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})

let cameFrom: string | symbol | null | undefined
router.afterEach((_to, from) => {
  cameFrom = from.matched.length > 0 ? from.name : undefined
})

/** The route name the last navigation left (undefined when it was the app's first: a load or a reload). */
export function previousRouteName(): string | symbol | null | undefined {
  return cameFrom
}
