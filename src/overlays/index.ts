import type { AnyOverlay, OverlaySwitch } from './types'
// The overlay registry: every file in ./defs declares one overlay and is picked up here, so the
// layer control, the data loading and the map stage never name an overlay themselves.
import type { OverlayIds } from '~/composables/viewState'

const modules = import.meta.glob<{ default: AnyOverlay }>('./defs/*.ts', { eager: true })

/** Every overlay, in layer-control order. */
export const OVERLAYS: readonly AnyOverlay[] = checked(Object.values(modules).map(m => m.default).sort((a, b) => a.order - b.order))

/** Every switch, in layer-control order. */
export const OVERLAY_SWITCHES: readonly OverlaySwitch[] = OVERLAYS.flatMap(o => o.switches)

/** The ids `layers=` may name, and those on when it names none. */
export const OVERLAY_IDS: OverlayIds = {
  ids: OVERLAY_SWITCHES.map(s => s.id),
  defaults: OVERLAY_SWITCHES.filter(s => s.default).map(s => s.id),
}

/** The overlay's switches that are on. */
export function switchesOn(o: AnyOverlay, layers: ReadonlySet<string>): ReadonlySet<string> {
  return new Set(o.switches.filter(s => layers.has(s.id)).map(s => s.id))
}

/** Whether any of the overlay's switches is on (then it loads and draws). */
export function overlayOn(o: AnyOverlay, layers: ReadonlySet<string>): boolean {
  return o.switches.some(s => layers.has(s.id))
}

/** Refuses a registry where two overlays claim the same id or switch: one would silently shadow the other. */
export function checked(list: readonly AnyOverlay[]): readonly AnyOverlay[] {
  const seen = new Set<string>()
  for (const id of [...list.map(o => `overlay ${o.id}`), ...list.flatMap(o => o.switches.map(s => `switch ${s.id}`))]) {
    if (seen.has(id))
      throw new Error(`the overlay registry has ${id} twice`)
    seen.add(id)
  }
  return list
}
