import type { InjectionKey } from 'vue'
import type { CaseStamp, Freshness } from './freshness'
import type { CaseLoopSource } from '~/data'
import type { Actor, GpsFix } from '~/domain/caseLoop'
import type { CaseRecord, LngLat } from '~/domain/types'
import { computed, inject, provide, ref, shallowRef } from 'vue'
import { useSession } from '~/stores/session'
import { useLatest } from './useLatest'

/** The one case the drawer shows, as the map needs it. */
export interface SelectedCaseOnMap {
  id: string
  location: LngLat
}

/**
 * The case loop's shared state between the panel pages and the map: the write side of the data
 * layer and who the viewer is in it, how a write tells the screens what it changed (freshness), the intake's pick mode and the case highlighted on the map. Created once in the app
 * shell, like the explorer.
 */
export function createCaseLoop(freshness: Freshness) {
  const session = useSession()
  const source = computed<CaseLoopSource>(() => session.caseLoop)

  // Who the viewer is in the case loop, asked again when the viewer (the source) changes.
  const actorLoad = useLatest([source], ([s]) => s.actor(), { initial: null as Actor | null, clearOnNull: true })
  // Nobody while the new viewer's actor loads: never the previous viewer's rights.
  const actor = computed(() => actorLoad.loading.value ? null : actorLoad.data.value)
  const actorError = actorLoad.error

  /** Moves when any case the viewer sees changes: for what depends on cases anywhere (the intake's duplicate hint). */
  const revision = computed(() => freshness.subtree(null))
  /** After a write: the case and the lists and KPIs of its grid and the grids above it reload. */
  function wrote(c: CaseStamp): void {
    freshness.wrote(c)
  }
  /**
   * After a write whose case is not at hand: everything reloads, as after a reconnect. Prefer
   * `wrote`; this remains for callers that do not have the record.
   */
  function bump(): void {
    freshness.catchUp()
  }

  // Pick mode for intake: the intake page opens it and receives the clicks.
  const pickOpen = ref(false)
  const picking = ref(false)
  const picked = shallowRef<LngLat | null>(null)
  const pickRadiusM = ref<number | null>(null)
  /** The phone's last GPS fix while placing a report: its accuracy is drawn as a circle. */
  const gpsFix = shallowRef<GpsFix | null>(null)
  let onPick: ((p: LngLat) => void) | null = null

  function openPicker(handler: (p: LngLat) => void): void {
    onPick = handler
    pickOpen.value = true
    picking.value = true
  }
  function closePicker(): void {
    onPick = null
    pickOpen.value = false
    picking.value = false
    picked.value = null
    pickRadiusM.value = null
    gpsFix.value = null
  }
  /** A point placed by a map click or typed in; the intake page decides what it means. */
  function pick(p: LngLat): void {
    picked.value = p
    onPick?.(p)
  }

  const selected = shallowRef<SelectedCaseOnMap | null>(null)
  function select(c: Pick<CaseRecord, 'id' | 'location'> | null): void {
    if (c === null)
      selected.value = null
    else if (selected.value?.id !== c.id || selected.value.location !== c.location)
      selected.value = { id: c.id, location: c.location }
  }

  return { source, actor, actorError, revision, wrote, bump, pickOpen, picking, picked, pickRadiusM, gpsFix, openPicker, closePicker, pick, selected, select }
}

export type CaseLoop = ReturnType<typeof createCaseLoop>

const CASE_LOOP: InjectionKey<CaseLoop> = Symbol('case-loop')

/** Creates the case loop state and makes it available to descendants. */
export function provideCaseLoop(freshness: Freshness): CaseLoop {
  const c = createCaseLoop(freshness)
  provide(CASE_LOOP, c)
  return c
}

/** The case loop state provided by the app shell. */
export function useCaseLoop(): CaseLoop {
  const c = inject(CASE_LOOP, null)
  if (!c)
    throw new Error('useCaseLoop() called outside the app shell')
  return c
}
