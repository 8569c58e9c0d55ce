import { createRouter, createWebHistory } from 'vue-router'

/** The map persists in the shell; routes only change the panel beside it. */
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/GridPage.vue') },
    { path: '/grid/:code', name: 'grid', component: () => import('./pages/GridPage.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})
