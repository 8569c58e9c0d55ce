import type { OverlayIds } from './viewState'

/** Overlay layers a user can switch on; the set lives in the URL so a view can be shared. */
export const OVERLAYS = ['cases', 'heatmap', 'patrols', 'cameras', 'keyPlaces', 'roads'] as const
export type Overlay = typeof OVERLAYS[number]

/** The overlays the view state knows, and those shown when the URL names none. */
export const OVERLAY_IDS: OverlayIds = { ids: OVERLAYS, defaults: ['roads'] }
