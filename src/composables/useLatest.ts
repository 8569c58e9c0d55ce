import type { Ref, ShallowRef, WatchSource } from 'vue'
import type { DataError } from '~/data'
import { markRaw, ref, shallowRef, watch } from 'vue'
import { asDataError } from '~/data'

/** What a load resolves to: its answer, shown only if no newer load started meanwhile. */
export interface Latest<T> {
  /** The answer of the newest load that finished; `initial` until one has. */
  data: ShallowRef<T>
  /** True while the newest load runs. */
  loading: Ref<boolean>
  /** The newest load's failure, cleared when another starts; never an unhandled rejection. */
  error: Ref<DataError | null>
  /**
   * Starts a load; any older one still running is abandoned (its answer and failure ignored).
   * Resolves to true when this load's answer was applied.
   */
  run: (load: () => Promise<T>) => Promise<boolean>
  /** Abandons the running load, if any, keeping what is shown. */
  cancel: () => void
}

/** Options of `latest` and `useLatest`. */
export interface LatestOptions<T> {
  initial: T
  /** Answers are frozen out of Vue's reactivity (lists, records); true unless the data is a primitive. */
  raw?: boolean
}

/**
 * "Latest request wins": the one place the app decides which of several overlapping loads may
 * show, with their loading and error state. A slow answer to an old question (the previous grid,
 * the previous filter) never overwrites the answer to the current one.
 */
export function latest<T>(options: LatestOptions<T>): Latest<T> {
  const data = shallowRef(options.initial) as ShallowRef<T>
  const loading = ref(false)
  const error = ref<DataError | null>(null)
  const raw = options.raw ?? true
  let ticket = 0

  async function run(load: () => Promise<T>): Promise<boolean> {
    const mine = ++ticket
    loading.value = true
    error.value = null
    try {
      const value = await load()
      if (mine !== ticket)
        return false
      data.value = raw && typeof value === 'object' && value !== null ? markRaw(value) : value
      return true
    }
    catch (e) {
      if (mine === ticket)
        error.value = asDataError(e)
      return false
    }
    finally {
      if (mine === ticket)
        loading.value = false
    }
  }

  function cancel(): void {
    ticket++
    loading.value = false
  }

  return { data, loading, error, run, cancel }
}

/**
 * `latest`, driven by a watch: whenever one of `sources` changes (each compared on its own, so a
 * getter must return a value that is equal when nothing changed), `load` is asked for the values.
 * `load` returns null when there is nothing to load (no grid chosen, the layer off): the running
 * load is abandoned and what is shown stays, unless `clearOnNull` puts `initial` back.
 */
export function useLatest<T, const S extends readonly unknown[]>(
  sources: { readonly [K in keyof S]: WatchSource<S[K]> },
  load: (values: S) => Promise<T> | null,
  options: LatestOptions<T> & { clearOnNull?: boolean },
): Latest<T> & { reload: () => Promise<boolean> } {
  const l = latest(options)
  let current: S | undefined
  function start(value: S): Promise<boolean> {
    current = value
    const p = load(value)
    if (p === null) {
      l.cancel()
      if (options.clearOnNull) {
        l.data.value = options.initial
        l.error.value = null
      }
      return Promise.resolve(false)
    }
    return l.run(() => p)
  }
  watch(sources as readonly WatchSource[], (values) => {
    void start(values as unknown as S)
  }, { immediate: true })
  /** Loads the current value again (after a write, a change notice). */
  function reload(): Promise<boolean> {
    return start(current as S)
  }
  return { ...l, reload }
}
