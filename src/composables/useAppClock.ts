import type { InjectionKey, Ref } from 'vue'
import type { Millis } from '~/domain/types'
import { computed, inject, onScopeDispose, provide, ref } from 'vue'

const MINUTE = 60_000

/**
 * The app's one "now": the data layer's clock (the demo may run on its own time), read once a
 * second by one timer for every screen. `now` ticks each second (countdowns, due-soon flags);
 * `minute` moves once a minute, for what only changes that often (overdue groupings), so those
 * recompute 60 times less; `read()` is the instant, for a query about to be sent.
 */
export function createAppClock(source: () => Millis, tickMs = 1000) {
  const now = ref(source())
  const timer = setInterval(() => {
    now.value = source()
  }, tickMs)
  onScopeDispose(() => clearInterval(timer))
  const minute = computed(() => Math.floor(now.value / MINUTE) * MINUTE)
  return {
    now: now as Readonly<Ref<Millis>>,
    minute,
    read: source,
  }
}

export type AppClock = ReturnType<typeof createAppClock>

const APP_CLOCK: InjectionKey<AppClock> = Symbol('app-clock')

/** Makes the app clock available to descendants. */
export function provideAppClock(clock: AppClock): AppClock {
  provide(APP_CLOCK, clock)
  return clock
}

/** The app clock, provided by the app frame. */
export function useAppClock(): AppClock {
  const c = inject(APP_CLOCK, null)
  if (!c)
    throw new Error('useAppClock() called outside the app frame')
  return c
}
