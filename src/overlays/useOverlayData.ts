import type { AnyOverlay } from './types'
import type { Freshness } from '~/composables/freshness'
import type { AppClock } from '~/composables/useAppClock'
import type { Explorer } from '~/composables/useExplorer'
import type { Latest } from '~/composables/useLatest'
import type { Millis } from '~/domain/types'
import { computed } from 'vue'
import { useLatest } from '~/composables/useLatest'
import { periodEndingAt } from '~/domain/period'
import { useSession } from '~/stores/session'
import { overlayOn } from '.'

/** An overlay's loaded data and the "now" it was loaded at. */
export interface OverlayData {
  data: unknown
  at: Millis
}

/**
 * Loads what the switched-on overlays show, and only those, each as its registry entry says:
 * grid-scoped ones follow the selected grid and period, territory-wide ones only the viewer;
 * those that follow cases reload when their scope's freshness moves (a write, a live notice).
 * A change loads only what it changes: a layer toggle or a new measure refetches nothing else.
 * A failed load is that overlay's error, never an unhandled rejection.
 */
export function useOverlayData(overlays: readonly AnyOverlay[], explorer: Explorer, freshness: Freshness, clock: AppClock) {
  const session = useSession()
  const gridId = () => explorer.selected.value?.id ?? null
  const loads = new Map<string, Latest<OverlayData>>()
  for (const o of overlays) {
    const grid = o.scope === 'grid'
    loads.set(o.id, useLatest(
      [
        // Off while the explorer is not shown (the wall): no load, and no reload on live changes.
        () => explorer.active() && overlayOn(o, explorer.layers.value),
        () => session.dataSource,
        () => grid ? gridId() : null,
        () => grid ? explorer.periodDays.value : null,
        () => o.follows === 'cases' && explorer.active() ? freshness.subtree(grid ? gridId() : null) : '',
      ],
      ([on, ds, id]) => {
        if (!on)
          return null
        const at = clock.read()
        return o.load({ ds, gridId: id, period: periodEndingAt(at, explorer.periodDays.value), now: at }).then((data) => {
          const shown = o.cases?.(data)
          if (shown)
            freshness.saw(shown)
          return { data, at } as OverlayData
        })
      },
      { initial: { data: o.empty, at: clock.read() } },
    ))
  }

  /** The overlay's latest data (its empty value before the first load). */
  function dataOf(id: string): OverlayData {
    const l = loads.get(id)
    if (!l)
      throw new Error(`no overlay ${id} in the registry`)
    return l.data.value
  }

  /** The first failure among the overlays' loads, with the overlay it belongs to. */
  const error = computed(() => {
    for (const [id, l] of loads) {
      if (l.error.value)
        return { overlay: id, error: l.error.value }
    }
    return null
  })

  return { dataOf, error }
}

export type OverlayLoads = ReturnType<typeof useOverlayData>
