import { createRouter, createWebHistory } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Width of the side panel on this route, px; the grid explorer's 440 when absent. */
    panelWidth?: number
    /** A full-screen page drawn without the shell (no top bar, no panel): the wall screen. */
    fullScreen?: boolean
  }
}

/** The map persists in the shell; routes only change the panel beside it. */
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/GridPage.vue') },
    { path: '/grid/:code', name: 'grid', component: () => import('./pages/GridPage.vue') },
    // The case loop's pages sit under the selected grid, so the ledger and the supervision list
    // cover its subtree and the breadcrumb and drill-down keep working around them.
    { path: '/grid/:code/cases', name: 'cases', component: () => import('./pages/CasesPage.vue'), meta: { panelWidth: 800 } },
    { path: '/grid/:code/cases/new', name: 'case-new', component: () => import('./pages/CaseNewPage.vue'), meta: { panelWidth: 540 } },
    { path: '/grid/:code/supervision', name: 'supervision', component: () => import('./pages/SupervisionPage.vue'), meta: { panelWidth: 680 } },
    // The command-room wall: the viewer's whole territory, or the grid (a village, a county) named.
    { path: '/wall', name: 'wall', component: () => import('./pages/WallPage.vue'), meta: { fullScreen: true } },
    { path: '/wall/:code', name: 'wall-grid', component: () => import('./pages/WallPage.vue'), meta: { fullScreen: true } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})
