import type { InjectionKey } from 'vue'
import type { CaseLoopSource, DataError } from '~/data'
import type { Actor } from '~/domain/caseLoop'
import type { CaseRecord, LngLat } from '~/domain/types'
import { computed, inject, markRaw, provide, ref, shallowRef, watch } from 'vue'
import { asDataError } from '~/data'
import { useSession } from '~/stores/session'

/** The one case the drawer shows, as the map needs it. */
export interface SelectedCaseOnMap {
  id: string
  location: LngLat
}

/**
 * The case loop's shared state between the panel pages and the map: the write side of the data
 * layer and who the viewer is in it, a revision that every write bumps (so lists and the map
 * reload), the intake's pick mode and the case highlighted on the map. Created once in the app
 * shell, like the explorer.
 */
export function createCaseLoop() {
  const session = useSession()
  const source = computed<CaseLoopSource>(() => session.caseLoop)

  const actor = shallowRef<Actor | null>(null)
  const actorError = ref<DataError | null>(null)
  watch(source, async (s) => {
    actor.value = null
    actorError.value = null
    try {
      const a = await s.actor()
      if (s === source.value)
        actor.value = markRaw(a)
    }
    catch (e) {
      actorError.value = asDataError(e)
    }
  }, { immediate: true })

  const revision = computed(() => session.dataRevision)
  /** Call after a successful write: KPIs, lists, the drawer and the map's cases reload. */
  function bump(): void {
    session.dataRevision++
  }

  // Pick mode for intake: the intake page opens it and receives the clicks.
  const pickOpen = ref(false)
  const picking = ref(false)
  const picked = shallowRef<LngLat | null>(null)
  const pickRadiusM = ref<number | null>(null)
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

  return { source, actor, actorError, revision, bump, pickOpen, picking, picked, pickRadiusM, openPicker, closePicker, pick, selected, select }
}

export type CaseLoop = ReturnType<typeof createCaseLoop>

const CASE_LOOP: InjectionKey<CaseLoop> = Symbol('case-loop')

/** Creates the case loop state and makes it available to descendants. */
export function provideCaseLoop(): CaseLoop {
  const c = createCaseLoop()
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
