// The coverage of the grid on screen, computed by the engine in its worker: one run shared by the
// coverage page, its map overlays (blind spots, hot spots, coverage fill) and the grid panel, so
// every figure on screen comes from the same answer. A newer run supersedes an older one; a filter
// change (day type, hour) is an incremental edit, not a rebuild.
import type { DataSource, Period } from '~/data'
import type { CoverageSummary, DutyFilter, GridCoverageRow } from '~/domain/coverage'
import type { Camera, Grid, PatrolRoute, PatrolTeam, PatrolTeamKind } from '~/domain/types'
import type { CoverageClient } from '~/workers/coverageClient'
import { computed, shallowRef } from 'vue'
import { blindSpotsGeoJson, gridRow, resolveOptions } from '~/domain/coverage'
import { CoverageAborted, createCoverageClient } from '~/workers/coverageClient'

export type BBox4 = [number, number, number, number]

const summary = shallowRef<CoverageSummary | null>(null)
/** The grid the summary is of (its id), and the grids it covers. */
const gridId = shallowRef<string | null>(null)
const grids = shallowRef<readonly Grid[]>([])
/** The patrols and cameras the summary counted, and each team kind's reach, for the overlays that draw them. */
export interface CoverageDrawn {
  teams: readonly PatrolTeam[]
  routes: readonly PatrolRoute[]
  cameras: readonly Camera[]
  reachM: Readonly<Record<PatrolTeamKind, number>>
  /** Latitude of the run grid's centre, where ground widths are converted to pixels. */
  lat: number
}
const drawn = shallowRef<CoverageDrawn | null>(null)
/** 0…1 while a build runs, null otherwise. */
const progress = shallowRef<number | null>(null)
const error = shallowRef<string | null>(null)
const filter = shallowRef<DutyFilter | undefined>(undefined)
/** Where the coverage page asks the map to fly ([w, s, e, n]). */
const focus = shallowRef<BBox4 | null>(null)
/** The share the child grids are coloured by. */
export type CoverageMeasure = 'eitherArea' | 'patrolArea' | 'cameraArea' | 'roadsCovered' | 'casesCoveredOnDuty' | 'keyPlacesInView'
export const COVERAGE_MEASURES: readonly CoverageMeasure[] = ['eitherArea', 'patrolArea', 'cameraArea', 'roadsCovered', 'casesCoveredOnDuty', 'keyPlacesInView']
const measure = shallowRef<CoverageMeasure>('eitherArea')
let client: CoverageClient | null = null

/** Rows of the grid and its direct children, by grid id. */
const rows = computed(() => {
  const s = summary.value
  const out = new Map<string, GridCoverageRow>()
  if (s) {
    for (let i = 0; i < s.grids.ids.length; i++)
      out.set(s.grids.ids[i]!, gridRow(s.grids, i))
  }
  return out
})
const blindGeo = computed(() => {
  const s = summary.value
  return s ? blindSpotsGeoJson(s.blindSpots, s.blindSpotShapes, s.grids.ids) : null
})
/** The child grids of the run's grid, each with its share of the chosen measure. */
const fillGeo = computed<GeoJSON.FeatureCollection | null>(() => {
  const id = gridId.value
  if (!id)
    return null
  const children = grids.value.filter(g => g.parentId === id)
  return {
    type: 'FeatureCollection',
    features: children.map(g => ({ type: 'Feature', id: g.id, properties: { share: rows.value.get(g.id)?.[measure.value] ?? null }, geometry: g.boundary })),
  }
})
let runKey = ''

function bboxOf(g: Grid): BBox4 {
  const b: BBox4 = [Infinity, Infinity, -Infinity, -Infinity]
  for (const poly of g.boundary.coordinates) {
    for (const p of poly[0] ?? []) {
      b[0] = Math.min(b[0], p[0]!)
      b[1] = Math.min(b[1], p[1]!)
      b[2] = Math.max(b[2], p[0]!)
      b[3] = Math.max(b[3], p[1]!)
    }
  }
  return b
}

// Roads are listed by box and may run on beyond the territory, which the engine refuses; a road
// leaving the grid's box is left out (its length then counts in no grid).
function within(coords: readonly (readonly number[])[], b: BBox4): boolean {
  return coords.every(p => p[0]! >= b[0] && p[0]! <= b[2] && p[1]! >= b[1] && p[1]! <= b[3])
}

function settle<T>(p: Promise<T>, apply: (v: T) => void): Promise<void> {
  return p.then(apply, (e: unknown) => {
    if (!(e instanceof CoverageAborted))
      error.value = e instanceof Error ? e.message : String(e)
  }).finally(() => {
    progress.value = null
  })
}

/** Runs the engine on `grid` and everything below it, over `period` (again only if something changed). */
/** Runs the grid's coverage for the period; again only when `fresh` (its cameras or routes changed). */
async function run(ds: DataSource, grid: Grid, period: Period, fresh = false): Promise<void> {
  const key = `${grid.id}|${period.from}|${period.to}`
  if (!fresh && key === runKey && (summary.value || progress.value !== null))
    return
  runKey = key
  error.value = null
  progress.value = 0
  client ??= createCoverageClient()
  const [subtree, teams, routes, cameras, keyPlaces, roads, cases] = await Promise.all([
    ds.listGrids({ subtreeOf: grid.id }),
    ds.listPatrolTeams({ subtreeOf: grid.id }),
    ds.listPatrolRoutes({ subtreeOf: grid.id }),
    ds.listCameras({ subtreeOf: grid.id }),
    ds.listKeyPlaces({ subtreeOf: grid.id }),
    ds.listRoads({ bbox: bboxOf(grid) }),
    ds.listCases({ subtreeOf: grid.id, period }),
  ])
  if (runKey !== key)
    return
  const options = { filter: filter.value }
  const job = client.build(
    { grids: subtree, teams, routes, cameras, keyPlaces, roads: roads.filter(r => within(r.path.coordinates, bboxOf(grid))), cases: cases.cases },
    options,
    (p) => { progress.value = p.fraction },
  )
  const b = bboxOf(grid)
  await settle(job.done, (s) => {
    if (runKey !== key)
      return
    summary.value = s
    gridId.value = grid.id
    grids.value = subtree
    drawn.value = { teams, routes, cameras, reachM: resolveOptions(options).reachM, lat: (b[1] + b[3]) / 2 }
  })
}

/** Changes the duty filter (which rosters and hours count) on the built model. */
async function setFilter(next: DutyFilter | undefined): Promise<void> {
  filter.value = next
  if (!client || !summary.value)
    return
  await settle(client.edit([{ kind: 'filter', filter: next }]).done, (s) => {
    summary.value = s
  })
}

/** The one coverage run of the app. */
export function useCoverage() {
  return { summary, gridId, grids, drawn, progress, error, filter, focus, measure, rows, blindGeo, fillGeo, run, setFilter, bboxOf }
}
