import type { InjectionKey } from 'vue'
import type { LiveChange } from '~/data'
import { inject, provide, reactive, ref } from 'vue'

/** What freshness needs to know of a case to judge a change to it. */
export interface CaseStamp {
  id: string
  gridId: string
  version: number
}

export interface FreshnessOptions {
  /** The grid above a grid, or null at the top (or for a grid the viewer cannot see); `setParents` may give it later. */
  parentOf?: (gridId: string) => string | null
  /** How long change notices are gathered before the screens reload, ms: a burst costs one reload per query. */
  batchMs?: number
}

/** The key of queries over everything the viewer sees (no subtree). */
const ALL = '*'

/**
 * Per-entity freshness: which of the things on screen are out of date, instead of one revision
 * that reloads everything after any write. A query reads the revision of what it shows —
 * `subtree(gridId)` for lists and KPIs of a grid's subtree, `caseRev(id)` for one case — inside
 * its watch source, and reloads when that revision moves. A change to a case in grid g moves the
 * case, g and every grid above it (their subtrees hold the case), and the grid it was in before a
 * move. Live notices are gathered for `batchMs` first and stale echoes of our own writes dropped,
 * so a burst of changes is one reload per affected query, not a storm.
 */
export function createFreshness(options: FreshnessOptions) {
  const batchMs = options.batchMs ?? 250
  let parentOf = options.parentOf ?? (() => null)
  const grids = reactive(new Map<string, number>())
  const cases = reactive(new Map<string, number>())
  /** Moves on a catch-up: everything is out of date. */
  const epoch = ref(0)
  /** The grid and version of each case as last seen on screen or written here (`mine`: by our own write). */
  const known = new Map<string, { gridId: string, version: number, mine: boolean }>()
  /** Gathered notices: the newest per case, and whether its lists must reload too or only the case. */
  let pending = new Map<string, { change: LiveChange, lists: boolean }>()
  let timer: ReturnType<typeof setTimeout> | null = null

  const bump = (m: Map<string, number>, key: string): void => {
    m.set(key, (m.get(key) ?? 0) + 1)
  }

  /** The revision of lists and KPIs over a grid's subtree (undefined or null: everything visible). */
  function subtree(gridId: string | null | undefined): string {
    return `${epoch.value}:${grids.get(gridId ?? ALL) ?? 0}`
  }

  /** The revision of one case: its record, log and photos. */
  function caseRev(id: string | null): string {
    return `${epoch.value}:${id === null ? 0 : cases.get(id) ?? 0}`
  }

  function touchGrid(gridId: string, seen: Set<string>): void {
    for (let g: string | null = gridId; g !== null && !seen.has(g); g = parentOf(g)) {
      seen.add(g)
      bump(grids, g)
    }
  }

  function apply(changes: readonly CaseStamp[], mine: boolean): void {
    const seen = new Set<string>()
    for (const c of changes) {
      bump(cases, c.id)
      const before = known.get(c.id)
      if (before && before.gridId !== c.gridId)
        touchGrid(before.gridId, seen)
      touchGrid(c.gridId, seen)
      known.set(c.id, { gridId: c.gridId, version: Math.max(c.version, before?.version ?? 0), mine })
    }
    if (changes.length > 0)
      bump(grids, ALL)
  }

  function flush(): void {
    timer = null
    const batch = [...pending.values()]
    pending = new Map()
    apply(batch.filter(p => p.lists).map(p => p.change), false)
    for (const p of batch) {
      if (!p.lists)
        bump(cases, p.change.id)
    }
  }

  /**
   * A live change notice. A newer version (or a move) reloads the case and the lists and KPIs
   * holding it; the same version (a reminder: the record is unchanged, its log is not) reloads the
   * case only; an older one, or the echo of our own write, nothing. Notices are gathered for
   * `batchMs` and applied together.
   */
  function notice(change: LiveChange): void {
    const had = known.get(change.id)
    const queued = pending.get(change.id)
    if (queued && queued.change.version > change.version)
      return
    let lists = true
    if (had && had.gridId === change.gridId) {
      if (had.version > change.version || (had.mine && had.version === change.version)) {
        if (had.mine)
          had.mine = false
        return
      }
      lists = had.version < change.version
    }
    pending.set(change.id, { change, lists: lists || (queued?.lists ?? false) })
    timer ??= setTimeout(flush, batchMs)
  }

  /** Changes the feed did not announce (a reconnect, a stale poll): everything reloads, once. */
  function catchUp(): void {
    pending = new Map()
    if (timer !== null) {
      clearTimeout(timer)
      timer = null
    }
    epoch.value++
  }

  /** After a write made here: the case and the lists and KPIs that hold it reload now. */
  function wrote(c: CaseStamp): void {
    apply([c], true)
  }

  /** A case shown on screen may be reloaded on request (a conflict, "reload"), and its lists with it. */
  function invalidateCase(c: Pick<CaseStamp, 'id' | 'gridId'>): void {
    apply([{ ...c, version: known.get(c.id)?.version ?? 0 }], false)
  }

  /** Cases shown on screen: where they are and their version, so moves and echoes are judged right. */
  function saw(list: readonly CaseStamp[]): void {
    for (const c of list) {
      const had = known.get(c.id)
      if (!had || had.version < c.version)
        known.set(c.id, { gridId: c.gridId, version: c.version, mine: false })
    }
  }

  /** Where the grid tree comes from, once whoever loads it exists. */
  function setParents(fn: (gridId: string) => string | null): void {
    parentOf = fn
  }

  /** Stops a pending batch (the app is going away). */
  function dispose(): void {
    if (timer !== null)
      clearTimeout(timer)
    timer = null
    pending = new Map()
  }

  return { subtree, caseRev, notice, catchUp, wrote, invalidateCase, saw, setParents, dispose }
}

export type Freshness = ReturnType<typeof createFreshness>

const FRESHNESS: InjectionKey<Freshness> = Symbol('freshness')

/** Makes the app's freshness available to descendants. */
export function provideFreshness(f: Freshness): Freshness {
  provide(FRESHNESS, f)
  return f
}

/** The app's freshness, provided by the app frame. */
export function useFreshness(): Freshness {
  const f = inject(FRESHNESS, null)
  if (!f)
    throw new Error('useFreshness() called outside the app frame')
  return f
}
