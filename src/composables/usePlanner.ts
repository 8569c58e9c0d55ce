// The planner's what-if: the grid's real cameras and routes (the current set, the app's one
// coverage run through useCoverage) and a scenario's edits over them (the proposed set, a second
// model in its own coverage worker that each edit updates incrementally), with their figures side
// by side. One planner in the app, shared by the plan page and its map features.
import type { DataSource, Period, ScenarioStore } from '~/data'
import type { CoverageInput, CoverageSummary, DutyFilter } from '~/domain/coverage'
import type { FigureRow, FigureSet, ProposedSet, Scenario, ScenarioEdit, ValidationContext } from '~/domain/scenarios'
import type { Camera, CaseRecord, Grid, KeyPlace, LngLat, PatrolRoute, PatrolTeam, Road } from '~/domain/types'
import type { CoverageClient } from '~/workers/coverageClient'
import { computed, shallowRef } from 'vue'
import { coverageEditsBetween, patrolHotSpots, PLAN_METRICS, planFigures, riskByGrid } from '~/domain/planner'
import { applyScenario, figureRows, ScenarioError } from '~/domain/scenarios'
import { CoverageAborted, createCoverageClient } from '~/workers/coverageClient'
import { useCoverage } from './useCoverage'

/** What the planner works on: the grid's subtree and what lies in it over the period. */
export interface PlannerInputs {
  grid: Grid
  period: Period
  grids: Grid[]
  teams: PatrolTeam[]
  routes: PatrolRoute[]
  cameras: Camera[]
  keyPlaces: KeyPlace[]
  /** Roads wholly inside the grid's box (what the coverage engine accepts). */
  roads: Road[]
  /** Every road the box touches, for siting candidates and patrol travel along roads that run on. */
  roadsNear: Road[]
  cases: CaseRecord[]
}

/** The scenario being edited: saved (id, version) or not yet. */
export interface OpenScenario {
  id: string | null
  version: number | null
  name: string
  baseRevision: string
  edits: ScenarioEdit[]
}

/** The map tool: a click adds a camera, moves the one named, or places a candidate site for siting. */
export type PlannerTool = { kind: 'add' } | { kind: 'move', cameraId: string } | { kind: 'site' } | null

const inputs = shallowRef<PlannerInputs | null>(null)
const tool = shallowRef<PlannerTool>(null)
/** Stops of the patrol plan on show, in order. */
const planStops = shallowRef<LngLat[]>([])
/** The patrol hot spot a check row points at, ringed on the plan map. */
const focusSpotId = shallowRef<string | null>(null)
/** Road pieces each response band reaches (1, 3, 5 minutes), drawn on the plan map. */
const responseBands = shallowRef<Array<{ minutes: number, segments: Array<[LngLat, LngLat]> }>>([])
/** Where the response bands start: the stations and posts chosen. */
const responseSources = shallowRef<LngLat[]>([])
const scenario = shallowRef<OpenScenario | null>(null)
const proposedSummary = shallowRef<CoverageSummary | null>(null)
/** The proposed set the proposed model holds (what the last sent edits made it). */
let modelSet: ProposedSet | null = null
const busy = shallowRef(false)
const error = shallowRef<string | null>(null)
let client: CoverageClient | null = null
let loadKey = ''
let loadedFrom: DataSource | null = null
/** The grid the open scenario edits. */
let scenarioGridId: string | null = null
let builtFilter: DutyFilter | undefined

function within(coords: readonly (readonly number[])[], b: readonly number[]): boolean {
  return coords.every(p => p[0]! >= b[0]! && p[0]! <= b[2]! && p[1]! >= b[1]! && p[1]! <= b[3]!)
}

const context = computed<ValidationContext | null>(() => {
  const i = inputs.value
  return i ? { cameras: i.cameras, routes: i.routes, scope: { gridId: i.grid.id, name: i.grid.name, boundary: i.grid.boundary } } : null
})

/** The proposed set of the open scenario, or the problem that stops it. */
const proposal = computed<{ set: ProposedSet, problem: null } | { set: null, problem: string } | null>(() => {
  const ctx = context.value
  const s = scenario.value
  if (!ctx || !s)
    return null
  try {
    return { set: applyScenario(s.name || '—', s.edits, ctx), problem: null }
  }
  catch (e) {
    if (e instanceof ScenarioError)
      return { set: null, problem: e.message }
    throw e
  }
})

function coverageInput(i: PlannerInputs, set: ProposedSet | null): CoverageInput {
  const strip = <T extends { added: boolean }>({ added: _a, ...rest }: T) => rest
  return {
    grids: i.grids,
    teams: i.teams,
    routes: set ? set.routes.map(({ stops: _s, ...r }) => strip(r)) : i.routes,
    cameras: set ? set.cameras.map(strip) : i.cameras,
    keyPlaces: i.keyPlaces,
    roads: i.roads,
    cases: i.cases,
  }
}

function fail(e: unknown): void {
  if (!(e instanceof CoverageAborted))
    error.value = e instanceof Error ? e.message : String(e)
}

/** Loads the grid's inputs, runs the current coverage and builds the proposed model from the open scenario. */
async function load(ds: DataSource, grid: Grid, period: Period, fresh = false): Promise<void> {
  const key = `${grid.id}|${period.from}|${period.to}`
  const coverage = useCoverage()
  if (!fresh && key === loadKey && ds === loadedFrom && inputs.value) {
    // The coverage page may have changed the duty filter since; both models count the same hours.
    if (client && builtFilter !== coverage.filter.value) {
      builtFilter = coverage.filter.value
      await settleEdit(client.edit([{ kind: 'filter', filter: builtFilter }]).done)
    }
    return
  }
  loadKey = key
  loadedFrom = ds
  error.value = null
  void coverage.run(ds, grid, period, fresh)
  const box = coverage.bboxOf(grid)
  const [grids, teams, routes, cameras, keyPlaces, roads, cases] = await Promise.all([
    ds.listGrids({ subtreeOf: grid.id }),
    ds.listPatrolTeams({ subtreeOf: grid.id }),
    ds.listPatrolRoutes({ subtreeOf: grid.id }),
    ds.listCameras({ subtreeOf: grid.id }),
    ds.listKeyPlaces({ subtreeOf: grid.id }),
    ds.listRoads({ bbox: box }),
    ds.listCases({ subtreeOf: grid.id, period }),
  ])
  if (loadKey !== key)
    return
  inputs.value = { grid, period, grids, teams, routes, cameras, keyPlaces, roads: roads.filter(r => within(r.path.coordinates, box)), roadsNear: roads, cases: cases.cases }
  proposedSummary.value = null
  modelSet = null
  if (scenarioGridId !== grid.id)
    scenario.value = null
  await rebuild()
}

async function rebuild(): Promise<void> {
  const i = inputs.value
  if (!i)
    return
  const p = proposal.value
  const set = p?.set ?? null
  client ??= createCoverageClient()
  busy.value = true
  try {
    builtFilter = useCoverage().filter.value
    const s = await client.build(coverageInput(i, set), { filter: builtFilter }).done
    if (inputs.value !== i)
      return
    modelSet = set ?? applyScenario('—', [], context.value!)
    proposedSummary.value = s
  }
  catch (e) {
    fail(e)
  }
  finally {
    busy.value = false
  }
}

/** Tells the proposed model what changed since it last heard. */
async function sync(): Promise<void> {
  const ctx = context.value
  // An invalid scenario keeps the last valid proposal on screen (its problem is shown beside it).
  if (proposal.value && !proposal.value.set)
    return
  const set = proposal.value?.set ?? (ctx ? applyScenario('—', [], ctx) : null)
  if (!client || !modelSet || !set)
    return
  const edits = coverageEditsBetween(modelSet, set)
  if (edits.length === 0)
    return
  modelSet = set
  await settleEdit(client.edit(edits).done)
}

async function settleEdit(done: Promise<CoverageSummary>): Promise<void> {
  busy.value = true
  try {
    proposedSummary.value = await done
  }
  catch (e) {
    fail(e)
  }
  finally {
    busy.value = false
  }
}

/**
 * After a scenario was applied its proposal is the real set: reads the grid's cameras and routes
 * and the current coverage again, and closes the scenario (its edits are done; kept open they
 * would be counted twice on top of the new current set).
 */
async function reload(): Promise<void> {
  const i = inputs.value
  if (!i || !loadedFrom)
    return
  scenario.value = null
  scenarioGridId = null
  await load(loadedFrom, i.grid, i.period, true)
}

/** Starts a new, unsaved scenario on the current set. */
async function start(store: ScenarioStore, name: string): Promise<void> {
  const i = inputs.value
  if (!i)
    return
  scenario.value = { id: null, version: null, name, baseRevision: await store.baseRevision(i.grid.id), edits: [] }
  scenarioGridId = i.grid.id
  await sync()
}

/** Replaces the open scenario's edits (the page builds them) and updates the proposed figures. */
async function setEdits(edits: ScenarioEdit[]): Promise<void> {
  const s = scenario.value
  if (!s)
    return
  scenario.value = { ...s, edits }
  error.value = null
  await sync()
}

/** Opens a saved scenario: its edits over the current set. */
async function open(s: Scenario): Promise<void> {
  scenario.value = { id: s.id, version: s.version, name: s.name, baseRevision: s.baseRevision, edits: structuredClone(s.edits) }
  scenarioGridId = s.gridId
  error.value = null
  await sync()
}

/**
 * The figures of another scenario on the same current set (for a comparison): the proposed model
 * is moved to it and back to the open scenario, so only the edits that differ are restamped.
 */
async function figuresFor(s: Scenario): Promise<FigureSet> {
  const ctx = context.value
  if (!client || !modelSet || !ctx)
    throw new Error('the planner has not loaded a grid yet')
  const set = applyScenario(s.name, s.edits, ctx)
  const edits = coverageEditsBetween(modelSet, set)
  modelSet = set
  const summary = edits.length > 0 ? await client.edit(edits).done : proposedSummary.value
  return figuresOf(summary)
}

/** Saves the open scenario (a new one, or a new version), keeping the store's answer. */
async function save(store: ScenarioStore, name: string): Promise<Scenario | null> {
  const s = scenario.value
  const i = inputs.value
  if (!s || !i)
    return null
  const saved = await store.save({ id: s.id ?? undefined, name, gridId: scenarioGridId ?? i.grid.id, baseRevision: s.baseRevision, edits: s.edits }, s.version)
  scenario.value = { ...s, id: saved.id, version: saved.version, name: saved.name }
  return saved
}

const gridIds = computed(() => {
  const i = inputs.value
  return i ? [i.grid.id, ...i.grids.filter(g => g.parentId === i.grid.id).map(g => g.id)] : []
})

/** Expected cases per grid from the current run's density surface (both sets share the cases). */
const risk = computed(() => {
  const s = useCoverage().summary.value
  const i = inputs.value
  if (!s?.hotSpots || !i)
    return new Map<string, number>()
  const ids = new Set(gridIds.value)
  return riskByGrid(s.hotSpots.kde, i.grids.filter(g => ids.has(g.id)))
})

const currentSummary = computed(() => {
  const c = useCoverage()
  return c.summary.value && c.gridId.value === inputs.value?.grid.id ? c.summary.value : null
})

/** The grid's hot spots as the patrol plan, its checks and the response circles all take them (null until the coverage run is in). */
const patrolSpots = computed(() => {
  const i = inputs.value
  const hot = currentSummary.value?.hotSpots
  return i && hot ? patrolHotSpots(hot, i.grid.boundary) : null
})

/** Each patrol hot spot's number (1 = hottest), as the map labels it and the plan and checks name it. */
const spotRank = computed(() => new Map((patrolSpots.value ?? []).map((h, k) => [h.id, k + 1])))

function figuresOf(s: CoverageSummary | null): FigureSet {
  return s ? planFigures(s, gridIds.value, risk.value) : new Map()
}
const current = computed(() => figuresOf(currentSummary.value))
const proposed = computed(() => figuresOf(proposedSummary.value))
/** Current → proposed per grid (the scope first) and metric. */
const rows = computed<FigureRow[]>(() => figureRows(current.value, proposed.value, gridIds.value, PLAN_METRICS))

/** The planner of the app. */
export function usePlanner() {
  return { inputs, tool, planStops, focusSpotId, responseBands, responseSources, scenario, proposal, proposedSummary, currentSummary, patrolSpots, spotRank, busy, error, rows, current, proposed, gridIds, risk, load, reload, start, setEdits, open, save, figuresOf, figuresFor, sync }
}
