// The shells the app frame can put around its one map. A route picks one with `meta.layout`
// (console when absent) and may add map features of its own with `meta.mapFeatures`.
//
// | layout    | chrome                                  | map kept clear of        | used by                 |
// |-----------|-----------------------------------------|--------------------------|-------------------------|
// | `console` | top bar, layer control + legend, panel  | the panel (right)        | /, /grid/:code/**       |
// | `wall`    | none: the page draws over the whole map | nothing                  | the wall page (issue 9) |
// | `phone`   | one-line place bar, page in a sheet     | the sheet (bottom half)  | /m/grid/:code           |
//
// A shell is a fragment placed in the frame's CSS grid: area `top` (its height is the shell's own)
// and area `stage` (under and over the map; parts there are `position: absolute` in that area).
import type { Component } from 'vue'
import type { RouteMeta } from 'vue-router'
import ConsoleShell from './ConsoleShell.vue'
import PhoneShell from './PhoneShell.vue'
import WallShell from './WallShell.vue'

export type LayoutName = 'console' | 'wall' | 'phone'

/** The console panel's width on a route, px: the grid explorer's 440 unless the route says otherwise. */
export function consolePanelWidth(meta: RouteMeta): number {
  return meta.panelWidth ?? 440
}

/** What of the map a shell covers, px: the map frames grids and cases in the rest. */
export interface MapPadding {
  right: number
  bottom: number
}

/** Below this width (px) the app's first screen is the phone's (`/m/grid/:code`), not the console. */
export const PHONE_MAX_WIDTH = 600

/** The phone's sheet covers at most this share of the stage (PhoneShell's max-height). */
export const PHONE_SHEET_SHARE = 0.55

export const LAYOUTS: Record<LayoutName, { shell: Component, padding: (meta: RouteMeta) => MapPadding }> = {
  console: { shell: ConsoleShell, padding: meta => ({ right: consolePanelWidth(meta), bottom: 0 }) },
  wall: { shell: WallShell, padding: () => ({ right: 0, bottom: 0 }) },
  phone: { shell: PhoneShell, padding: () => ({ right: 0, bottom: Math.round(globalThis.innerHeight * PHONE_SHEET_SHARE) }) },
}

/** The layout a route asks for. */
export function layoutOf(meta: RouteMeta): LayoutName {
  return meta.layout ?? 'console'
}
