import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { computed } from 'vue'
import { createFreshness } from './freshness'

// township > village > group; a second village beside the first.
const PARENT: Record<string, string | null> = { town: null, v1: 'town', g1: 'v1', v2: 'town' }
const make = () => createFreshness({ parentOf: id => PARENT[id] ?? null, batchMs: 250 })
const change = (id: string, gridId: string, version: number) => ({ entity: 'case' as const, id, gridId, status: 'dispatched' as const, version })

describe('per-entity freshness', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Counts how often each watched revision moved. */
  function watcher(f: ReturnType<typeof make>) {
    const keys = {
      town: computed(() => f.subtree('town')),
      v1: computed(() => f.subtree('v1')),
      g1: computed(() => f.subtree('g1')),
      v2: computed(() => f.subtree('v2')),
      all: computed(() => f.subtree(null)),
      c1: computed(() => f.caseRev('c1')),
      c2: computed(() => f.caseRev('c2')),
    }
    let last = Object.fromEntries(Object.entries(keys).map(([k, c]) => [k, c.value]))
    return () => {
      const now = Object.fromEntries(Object.entries(keys).map(([k, c]) => [k, c.value]))
      const moved = Object.keys(now).filter(k => now[k] !== last[k]).sort()
      last = now
      return moved
    }
  }

  it('a write moves the case, its grid and the grids above it, nothing beside them', () => {
    const f = make()
    const moved = watcher(f)
    f.wrote({ id: 'c1', gridId: 'g1', version: 2 })
    expect(moved()).toEqual(['all', 'c1', 'g1', 'town', 'v1'])
  })

  it('gathers a burst of notices into one change per query, after the batch window', () => {
    const f = make()
    const moved = watcher(f)
    for (let v = 1; v <= 50; v++)
      f.notice(change(v % 2 ? 'c1' : 'c2', 'g1', v))
    expect(moved()).toEqual([])
    vi.advanceTimersByTime(250)
    expect(moved()).toEqual(['all', 'c1', 'c2', 'g1', 'town', 'v1'])
    vi.advanceTimersByTime(1000)
    expect(moved()).toEqual([])
  })

  it('drops the echo of our own write and notices older than what is shown', () => {
    const f = make()
    f.saw([{ id: 'c1', gridId: 'g1', version: 5 }])
    f.wrote({ id: 'c2', gridId: 'v2', version: 3 })
    const moved = watcher(f)
    f.notice(change('c2', 'v2', 3))
    f.notice(change('c1', 'g1', 4))
    vi.advanceTimersByTime(250)
    expect(moved()).toEqual([])
  })

  it('a notice at the version shown (a reminder) reloads that case only, not its lists', () => {
    const f = make()
    f.saw([{ id: 'c1', gridId: 'g1', version: 5 }])
    const moved = watcher(f)
    f.notice(change('c1', 'g1', 5))
    vi.advanceTimersByTime(250)
    expect(moved()).toEqual(['c1'])
  })

  it('a case moved to another grid refreshes where it was and where it is', () => {
    const f = make()
    f.saw([{ id: 'c1', gridId: 'g1', version: 1 }])
    const moved = watcher(f)
    f.notice(change('c1', 'v2', 2))
    vi.advanceTimersByTime(250)
    expect(moved()).toEqual(['all', 'c1', 'g1', 'town', 'v1', 'v2'])
  })

  it('a catch-up makes everything stale at once and drops the gathered batch', () => {
    const f = make()
    const moved = watcher(f)
    f.notice(change('c1', 'g1', 1))
    f.catchUp()
    expect(moved()).toEqual(['all', 'c1', 'c2', 'g1', 'town', 'v1', 'v2'])
    vi.advanceTimersByTime(250)
    expect(moved()).toEqual([])
  })

  it('dispose cancels a pending batch', () => {
    const f = make()
    const moved = watcher(f)
    f.notice(change('c1', 'g1', 1))
    f.dispose()
    vi.advanceTimersByTime(250)
    expect(moved()).toEqual([])
  })
})
