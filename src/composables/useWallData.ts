import type { FeedEntry } from '~/components/wall/feed'
// The wall screen's view model: the territory, its cases, teams, routes and cameras, kept current
// by the live feed. A notice refetches that one case (per entity); a catch-up (after a reconnect,
// or when the slow poll found something the socket missed) refetches the case list once. The
// cases are held without free text (wallCase): the wall shows a title at most.
import type { CaseLoopSource, DataSource, LiveChange, LiveSource, LiveStatus, LiveSubscription } from '~/data'
import type { Camera, CaseRecord, Grid, LngLat, Millis, PatrolRoute, PatrolTeam } from '~/domain/types'
import { computed, markRaw, nextTick, onScopeDispose, ref, shallowRef, triggerRef } from 'vue'
import { feedEntry, pushFeed, seedFeed } from '~/components/wall/feed'
import { asDataError } from '~/data'
import { wallCase } from '~/domain/wall'

/** The sources the wall reads through, all answering as the wall's viewer. */
export interface WallSources {
  data: DataSource
  caseLoop: CaseLoopSource
  /** Live notices; the data layer loads their code on first use. */
  live: Promise<LiveSource>
}

/** A pulse on the map where a new case landed. */
export interface WallPulse {
  key: string
  location: LngLat
  urgent: boolean
  at: Millis
}

const FEED_LIMIT = 40
const PULSE_MS = 8_000
/** Changes heard within this window are fetched together (a burst at high feed speed is one round). */
const COALESCE_MS = 150

export function useWallData(sources: WallSources, scopeCode: () => string | null, clock: () => Millis) {
  const grids = shallowRef<readonly Grid[]>([])
  const root = shallowRef<Grid | null>(null)
  /** Cases by id; mutated in place and announced with triggerRef, so one change does not copy thousands. */
  const cases = shallowRef(new Map<string, CaseRecord>())
  const teams = shallowRef<readonly PatrolTeam[]>([])
  const routes = shallowRef<readonly PatrolRoute[]>([])
  const cameras = shallowRef<readonly Camera[]>([])
  const feed = shallowRef<readonly FeedEntry[]>([])
  const pulses = shallowRef<readonly WallPulse[]>([])
  const status = shallowRef<LiveStatus>({ state: 'connecting', since: clock() })
  const error = ref<string | null>(null)
  const loaded = ref(false)
  /** Bumped on every applied change (tests and the benchmark wait on it). */
  const applied = ref(0)
  /** Milliseconds each of the last applied rounds took, apply and Vue's render flush (the benchmark reads it). */
  const applyMs: number[] = []
  let subscription: LiveSubscription | null = null
  let disposed = false

  const caseList = computed(() => {
    void applied.value
    return markRaw([...cases.value.values()])
  })

  function setCase(c: CaseRecord): void {
    cases.value.set(c.id, markRaw(wallCase(c)))
  }

  function addPulse(c: CaseRecord, now: Millis): void {
    const alive = pulses.value.filter(p => now - p.at < PULSE_MS)
    pulses.value = markRaw([...alive, { key: `${c.id}:${c.version}`, location: c.location, urgent: c.urgent, at: now }])
  }

  /** Applies fetched cases: the list, the running feed and a pulse for each case new to the wall. */
  function apply(fetched: readonly CaseRecord[], gone: readonly string[]): void {
    const started = performance.now()
    const now = clock()
    const entries: FeedEntry[] = []
    for (const c of fetched) {
      const held = cases.value.get(c.id)
      if (held && held.version >= c.version)
        continue
      if (!held)
        addPulse(c, now)
      setCase(c)
      entries.push(feedEntry(c, now))
    }
    for (const id of gone)
      cases.value.delete(id)
    if (entries.length === 0 && gone.length === 0)
      return
    feed.value = markRaw([...pushFeed(feed.value, entries, FEED_LIMIT)])
    triggerRef(cases)
    applied.value++
    // nextTick resolves after the render flush this change queued, so the time includes it.
    void nextTick(() => {
      applyMs.push(performance.now() - started)
      if (applyMs.length > 256)
        applyMs.shift()
    })
  }

  // Per-entity refetch: each changed case is read once per round, under the viewer's rights.
  const pending = new Map<string, number>()
  let round: ReturnType<typeof setTimeout> | null = null
  function onChange(change: LiveChange): void {
    const held = cases.value.get(change.id)
    if (held && held.version >= change.version && held.status === change.status)
      return
    pending.set(change.id, Math.max(pending.get(change.id) ?? 0, change.version))
    round ??= setTimeout(() => void fetchRound(), COALESCE_MS)
  }
  async function fetchRound(): Promise<void> {
    round = null
    const ids = [...pending.keys()]
    pending.clear()
    const got = await Promise.all(ids.map(id => sources.caseLoop.getCase(id).then(c => ({ id, c }), (e: unknown) => {
      console.warn(`wall: case ${id} could not be read: ${asDataError(e).message}`)
      return { id, c: undefined }
    })))
    if (disposed)
      return
    // A case read back as null is one the viewer no longer sees (moved out of the territory).
    apply(got.flatMap(g => g.c ? [g.c] : []), got.filter(g => g.c === null).map(g => g.id))
  }

  async function loadCases(r: Grid): Promise<CaseRecord[]> {
    const page = await sources.data.listCases({ subtreeOf: r.id })
    // Past the list cap the wall's figures would undercount: say so where an operator looks.
    if (page.truncated)
      console.warn(`wall: ${page.total} cases under ${r.code}, only ${page.cases.length} held; figures undercount`)
    return page.cases
  }

  async function catchUp(): Promise<void> {
    const r = root.value
    if (!r)
      return
    try {
      const list = await loadCases(r)
      if (disposed)
        return
      const ids = new Set(list.map(c => c.id))
      apply(list, [...cases.value.keys()].filter(id => !ids.has(id)))
    }
    catch (e) {
      console.warn(`wall: catching up failed, the slow poll will try again: ${asDataError(e).message}`)
    }
  }

  async function load(): Promise<void> {
    try {
      const all = await sources.data.listGrids()
      const code = scopeCode()
      const byId = new Set(all.map(g => g.id))
      const r = code ? all.find(g => g.code === code) : all.filter(g => !g.parentId || !byId.has(g.parentId)).sort((a, b) => a.level - b.level)[0]
      if (!r) {
        error.value = code ? `no grid ${code} is visible to this screen` : 'no grid is visible to this screen'
        return
      }
      const [list, t, rt, cam] = await Promise.all([
        loadCases(r),
        sources.data.listPatrolTeams({ subtreeOf: r.id }),
        sources.data.listPatrolRoutes({ subtreeOf: r.id }),
        sources.data.listCameras({ subtreeOf: r.id }),
      ])
      if (disposed)
        return
      grids.value = markRaw(all)
      root.value = markRaw(r)
      for (const c of list)
        setCase(c)
      teams.value = markRaw(t)
      routes.value = markRaw(rt)
      cameras.value = markRaw(cam)
      feed.value = markRaw(seedFeed(cases.value.values(), clock(), FEED_LIMIT))
      triggerRef(cases)
      loaded.value = true
      const live = await sources.live
      if (disposed)
        return
      subscription = live.subscribe(r.code, {
        change: onChange,
        catchUp: () => void catchUp(),
        status: (s) => {
          status.value = s
        },
      })
      status.value = subscription.status()
    }
    catch (e) {
      error.value = asDataError(e).message
    }
  }

  void load()

  onScopeDispose(() => {
    disposed = true
    if (round)
      clearTimeout(round)
    void subscription?.unsubscribe()
  })

  /** Drops pulses older than their animation. */
  function prunePulses(now: Millis): void {
    if (pulses.value.some(p => now - p.at >= PULSE_MS))
      pulses.value = markRaw(pulses.value.filter(p => now - p.at < PULSE_MS))
  }

  return {
    prunePulses,
    grids,
    root,
    cases: caseList,
    caseById: (id: string) => cases.value.get(id),
    teams,
    routes,
    cameras,
    feed,
    pulses,
    status,
    error,
    loaded,
    applied,
    applyMs: () => [...applyMs],
    freshAsOf: () => subscription?.freshAsOf() ?? status.value.since,
  }
}

export type WallData = ReturnType<typeof useWallData>
