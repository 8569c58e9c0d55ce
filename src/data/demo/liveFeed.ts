// The embedded demo, live: its LiveSource, and the feed that keeps the township living.
//
// DemoLiveSource hears every write to the demo's cases — the feed's, the viewer's own through the
// case loop, another tab's through the tab relay — and tells each subscriber about those inside
// its scope that its viewer may see (the same visibility rule as DemoDataSource).
//
// startDemoFeed reports, dispatches, handles and closes cases through the demo case loop, acting
// as the demo's own logins (the township commander for the centre, the unit handler for the
// units, the county admin for escalations), at the pace src/domain/demo/activity.ts plans, divided
// by `speed`. Every write goes through DemoCaseLoop, so it is checked, logged and announced like
// one made on screen. Open cases of the generated year join in where the demo can move them.
// In a browser only one tab runs the feed (a Web Lock); the others hear it through the relay.
import type { CaseLoopSource } from '../CaseLoopSource'
import type { LiveChange, LiveListener, LiveSource, LiveStatus, LiveSubscription } from '../LiveSource'
import type { DemoCaseWrite } from './DemoCaseLoop'
import type { DemoCaseLoopDataset } from './demoUsers'
import type { PlannedStep } from '~/demo/activity'
import type { CaseAction, TransitionInput } from '~/domain/caseLoop'
import type { CaseRecord, Grid, LngLat, Millis } from '~/domain/types'
import { DEMO_USERS } from '~/demo'
import { nextReportDelay, planReport, planStep } from '~/demo/activity'
import { caseDescription, caseTitle } from '~/demo/caseText'
import { Rng } from '~/demo/random'
import { gridPath, pathWithin, visibleGridIds } from '~/domain/access'
import { bboxOfMultiPolygon, pointInMultiPolygon } from '~/domain/geometry'
import { asDataError, DataError } from '../DataSource'
import { isCountyCode, isLiveScope } from '../LiveSource'
import { DemoCaseLoop, onDemoCaseWrite } from './DemoCaseLoop'
import { DEMO_UNIT_HANDLER, DEMO_UNIT_HANDLER_UNITS } from './demoUsers'

/** The ltree-style path a scope covers: the county code itself, or the grid's path. */
function scopePathOf(scopeCode: string): string {
  return isCountyCode(scopeCode) ? scopeCode : gridPath(scopeCode)
}

/** LiveSource over the demo dataset, as one of its demo users. */
export class DemoLiveSource implements LiveSource {
  readonly mode = 'demo' as const

  constructor(private dataset: Promise<DemoCaseLoopDataset>, readonly viewerId: string, private clock: () => Millis = Date.now) {}

  subscribe(scopeCode: string, listener: LiveListener): LiveSubscription {
    if (!isLiveScope(scopeCode))
      throw new DataError('invalid', `Cannot follow "${scopeCode}": expected a grid code (15 or 18 digits) or a county code (6 digits)`)
    const scope = scopePathOf(scopeCode)
    let status: LiveStatus = { state: 'connecting', since: this.clock() }
    let stop: (() => void) | null = null
    let closed = false
    this.dataset.then((data) => {
      if (closed)
        return
      const visible = visibleGridIds(data.memberships, data.grids, this.viewerId)
      const pathById = new Map(data.grids.map(g => [g.id, gridPath(g.code)]))
      stop = onDemoCaseWrite(data, (write: DemoCaseWrite) => {
        const r = write.record
        const path = pathById.get(r.gridId)
        if (closed || path === undefined || !visible.has(r.gridId) || !pathWithin(path, scope))
          return
        const change: LiveChange = { entity: 'case', id: r.id, gridId: r.gridId, status: r.status, version: r.version }
        listener.change?.(change)
      })
      status = { state: 'live', since: this.clock() }
      listener.status?.(status)
    }, (error: unknown) => {
      if (closed)
        return
      status = { state: 'lost', since: this.clock() }
      listener.status?.(status)
      console.error('demo live feed: the demo township did not load', error)
    })
    return {
      status: () => status,
      freshAsOf: () => (status.state === 'live' ? this.clock() : status.since),
      unsubscribe: async () => {
        closed = true
        stop?.()
      },
    }
  }
}

/** Options of startDemoFeed. */
export interface DemoFeedOptions {
  /** Divides every delay: 1 is the township's real pace, 60 an hour a minute (default 1). */
  speed?: number
  /** Seed of the feed's draws (default: random), for tests that replay a run. */
  seed?: string
  /** Run only in the one tab holding the feed's Web Lock (default true where Web Locks exist). */
  exclusive?: boolean
  /** A write the case loop refused that the feed cannot place (default: console.warn). */
  onError?: (error: DataError) => void
}

/** A running feed. */
export interface DemoFeed {
  readonly speed: number
  /** Stops every timer (and gives up the Web Lock); writes made stay made. */
  stop: () => void
}

const FEED_LOCK = 'pingan-grid-demo-feed'

interface LockManagerLike {
  request: (name: string, options: { signal: AbortSignal }, callback: () => Promise<void>) => Promise<void>
}

/** Starts the township's life on the shared demo dataset; see the header. */
export function startDemoFeed(dataset: Promise<DemoCaseLoopDataset>, options: DemoFeedOptions = {}): DemoFeed {
  const speed = options.speed ?? 1
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number, got ${speed}`)
  const rng = new Rng(options.seed ?? `feed-${Math.random()}`)
  const onError = options.onError ?? ((e: DataError) => console.warn(`demo feed: ${e.message}`))
  const actors: Record<PlannedStep['actor'], CaseLoopSource> = {
    // The township's own life is not the visitor's edit: not kept across reloads (demoEdits.ts).
    centre: new DemoCaseLoop(dataset, DEMO_USERS.townshipCommander, { keep: false }),
    unit: new DemoCaseLoop(dataset, DEMO_UNIT_HANDLER, { keep: false }),
    county: new DemoCaseLoop(dataset, DEMO_USERS.countyAdmin, { keep: false }),
  }
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  let reportTimer: ReturnType<typeof setTimeout> | null = null
  let stopListening: (() => void) | null = null
  let stopped = false
  const startedAt = Date.now()

  function plan(c: CaseRecord): void {
    const old = timers.get(c.id)
    if (old !== undefined)
      clearTimeout(old)
    timers.delete(c.id)
    const step = stopped ? null : planStep(rng, c, DEMO_UNIT_HANDLER_UNITS, speed)
    if (!step)
      return
    timers.set(c.id, setTimeout(() => {
      timers.delete(c.id)
      void act(c, step)
    }, step.delay))
  }

  async function act(c: CaseRecord, step: PlannedStep): Promise<void> {
    const loop = actors[step.actor]
    try {
      const input = { ...step.input, expectedVersion: c.version } as TransitionInput<CaseAction>
      // The write is announced, and the announcement plans the case's next step.
      await loop.transitionCase(c.id, step.action, input)
    }
    catch (e) {
      const error = asDataError(e)
      // Someone moved the case first: plan again from where it now stands.
      if (error.kind === 'conflict' || error.kind === 'invalid') {
        const now = await loop.getCase(c.id)
        if (now && now.version !== c.version)
          return plan(now)
      }
      onError(error)
    }
  }

  async function report(leaves: Grid[], byId: Map<string, Grid>): Promise<void> {
    const what = planReport(rng)
    const grid = leaves[rng.weightedIndex(leaves.map(g => Math.max(1, g.population)))]!
    const village = ancestor(byId, grid, 2)
    const group = ancestor(byId, grid, 3)
    const title = caseTitle(rng, what.categoryCode)
    const where = `${village?.name ?? ''}${group?.name ?? ''}`
    try {
      await actors.centre.createCase({
        ...what,
        title,
        description: caseDescription(rng, what.categoryCode, what.source, where, title),
        location: pointIn(rng, grid),
        address: null,
        reporterName: null,
        reporterPhone: null,
        photoIds: [],
      })
    }
    catch (e) {
      onError(asDataError(e))
    }
    scheduleReport(leaves, byId)
  }

  function scheduleReport(leaves: Grid[], byId: Map<string, Grid>): void {
    if (stopped)
      return
    // The day's rhythm runs on the feed's own clock, `speed` times as fast as the wall's.
    const simulated = startedAt + (Date.now() - startedAt) * speed
    reportTimer = setTimeout(() => void report(leaves, byId), nextReportDelay(rng, simulated, speed))
  }

  async function run(): Promise<void> {
    const data = await dataset
    if (stopped)
      return
    const byId = new Map(data.grids.map(g => [g.id, g]))
    const parents = new Set(data.grids.map(g => g.parentId))
    const leaves = data.grids.filter(g => !parents.has(g.id))
    // Any write, whoever made it, moves the case on from where it now is.
    stopListening = onDemoCaseWrite(data, write => plan(write.record))
    for (const c of data.cases)
      plan(c)
    scheduleReport(leaves, byId)
  }

  const abort = new AbortController()
  let releaseLock: (() => void) | null = null
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks
  if ((options.exclusive ?? true) && locks) {
    locks.request(FEED_LOCK, { signal: abort.signal }, () => new Promise<void>((resolve) => {
      releaseLock = resolve
      void run()
    })).catch(() => {})
  }
  else {
    void run()
  }

  return {
    speed,
    stop: () => {
      stopped = true
      abort.abort()
      releaseLock?.()
      stopListening?.()
      if (reportTimer !== null)
        clearTimeout(reportTimer)
      for (const t of timers.values())
        clearTimeout(t)
      timers.clear()
    },
  }
}

function ancestor(byId: ReadonlyMap<string, Grid>, grid: Grid, level: number): Grid | null {
  let g: Grid | undefined = grid
  while (g && g.level > level)
    g = g.parentId ? byId.get(g.parentId) : undefined
  return g && g.level === level ? g : null
}

/** A point inside the grid's boundary, drawn uniformly from its bounding box until one falls inside. */
function pointIn(rng: Rng, grid: Grid): LngLat {
  const [w, s, e, n] = bboxOfMultiPolygon(grid.boundary)
  for (let i = 0; i < 200; i++) {
    const p: LngLat = [rng.range(w, e), rng.range(s, n)]
    if (pointInMultiPolygon(p, grid.boundary))
      return p
  }
  return grid.labelPoint
}
