import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { DataError } from '~/data'
import { latest, useLatest } from './useLatest'

/** A promise settled by the test, in whatever order it likes. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const flush = () => new Promise(r => setTimeout(r, 0))

describe('latest request wins', () => {
  it('shows the newest answer even when an older one arrives after it', async () => {
    const l = latest({ initial: 'none' })
    const slow = deferred<string>()
    const fast = deferred<string>()
    const first = l.run(() => slow.promise)
    const second = l.run(() => fast.promise)
    expect(l.loading.value).toBe(true)
    fast.resolve('new')
    expect(await second).toBe(true)
    expect(l.data.value).toBe('new')
    expect(l.loading.value).toBe(false)
    slow.resolve('old')
    expect(await first).toBe(false)
    expect(l.data.value).toBe('new')
  })

  it('keeps loading while the newest load runs, whatever older ones do', async () => {
    const l = latest({ initial: 0 })
    const old = deferred<number>()
    const cur = deferred<number>()
    void l.run(() => old.promise)
    void l.run(() => cur.promise)
    old.resolve(1)
    await flush()
    expect(l.loading.value).toBe(true)
    expect(l.data.value).toBe(0)
    cur.resolve(2)
    await flush()
    expect([l.loading.value, l.data.value]).toEqual([false, 2])
  })

  it('turns a failure into an error, never an unhandled rejection, and ignores a stale failure', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const l = latest({ initial: 'x' })
      expect(await l.run(() => Promise.reject(new DataError('unavailable', 'down')))).toBe(false)
      expect(l.error.value?.kind).toBe('unavailable')
      expect(l.data.value).toBe('x')
      // A newer load clears the error; an older one failing after it does not bring it back.
      const old = deferred<string>()
      void l.run(() => old.promise)
      expect(l.error.value).toBeNull()
      await l.run(() => Promise.resolve('y'))
      old.reject(new Error('late'))
      await flush()
      expect(l.error.value).toBeNull()
      expect(l.data.value).toBe('y')
      // Anything thrown becomes the one error type.
      await l.run(() => Promise.reject(new TypeError('boom')))
      expect(l.error.value).toBeInstanceOf(DataError)
      await flush()
      expect(unhandled).not.toHaveBeenCalled()
    }
    finally {
      process.off('unhandledRejection', unhandled)
    }
  })

  it('cancel abandons the running load and keeps what is shown', async () => {
    const l = latest({ initial: 'shown' })
    const d = deferred<string>()
    const p = l.run(() => d.promise)
    l.cancel()
    expect(l.loading.value).toBe(false)
    d.resolve('late')
    expect(await p).toBe(false)
    expect(l.data.value).toBe('shown')
  })

  it('freezes object answers out of reactivity', async () => {
    const l = latest<{ n: number }[]>({ initial: [] })
    await l.run(() => Promise.resolve([{ n: 1 }]))
    expect((l.data.value as unknown as { __v_skip?: boolean }).__v_skip).toBe(true)
  })
})

describe('useLatest (watch-driven)', () => {
  it('loads on start and on every change; the last change wins; null skips or clears', async () => {
    const scope = effectScope()
    const key = ref<string | null>('a')
    const pending = new Map<string, ReturnType<typeof deferred<string>>>()
    const load = vi.fn(([k]: readonly [string | null]) => {
      if (k === null)
        return null
      const d = deferred<string>()
      pending.set(k, d)
      return d.promise
    })
    const l = scope.run(() => useLatest([key], load, { initial: '', clearOnNull: true }))!
    expect(load).toHaveBeenCalledTimes(1)
    key.value = 'b'
    await nextTick()
    pending.get('b')!.resolve('B')
    pending.get('a')!.resolve('A')
    await flush()
    expect(l.data.value).toBe('B')
    key.value = null
    await nextTick()
    expect([l.data.value, l.loading.value]).toEqual(['', false])
    key.value = 'c'
    await nextTick()
    const reloaded = l.reload()
    expect(load).toHaveBeenLastCalledWith(['c'])
    pending.get('c')!.resolve('C2')
    expect(await reloaded).toBe(true)
    expect(l.data.value).toBe('C2')
    scope.stop()
  })
})
