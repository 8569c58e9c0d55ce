import type { DemoCaseContact } from './contacts'
// The embedded demo township: a deterministic, seeded generator of a believable fictional
// township (青山镇) with its grids, roads, key places, patrols, cameras, a year of cases and staff.
// Same seed and anchor → byte-identical JSON; the data layer serves it when no backend is set.
//
// It lives beside src/domain, not in it: it is app code (the demo mode runs it in a worker, the
// Supabase seed is built from it, browser tests and benchmarks generate it), but it is a made-up
// territory, not a rule. It may use the domain; the domain never uses it. Larger demo territories
// (the county of issue 13) belong here too.
import type { Camera, CaseRecord, Grid, KeyPlace, LngLat, Membership, Millis, PatrolRoute, PatrolTeam, Road, Staff } from '~/domain/types'
import { buildCameras } from './cameras'
import { buildCases } from './cases'
import { buildCaseContacts } from './contacts'
import { buildGrids } from './grids'
import { buildPatrols } from './patrols'
import { buildPlaces } from './places'
import { LocalProjection } from './projection'
import { Rng } from './random'
import { buildRoads } from './roads'
import { buildMemberships, buildStaff } from './staff'
import { buildTerritory, drawTargets } from './territory'

export { DEMO_USERS } from './staff'

/** The seed used when none is given. */
export const DEFAULT_SEED = 'qingshan'

/** Where the demo township sits unless told otherwise: hill country west of Tonglu, Zhejiang. */
export const DEFAULT_CENTER: LngLat = [119.58, 29.86]

/** Options of generateDemoTownship. */
export interface DemoOptions {
  seed?: string
  /** The "now" of the data, epoch ms: cases cover the 12 months before it, none after. */
  anchor: Millis
  /** Six-digit county code (default 330122). */
  countyCode?: string
  /** Three-digit township segment of the grid codes (default 101). */
  townshipSegment?: string
  /** Centre of the township, [lng, lat]. */
  center?: LngLat
  /** Number of cases; by default 3,700–4,300 drawn from the seed. Benchmarks may ask for more. */
  caseCount?: number
}

/** Everything the demo data layer serves. */
export interface DemoDataset {
  anchor: Millis
  seed: string
  /** Parents before children; siblings in code order. */
  grids: Grid[]
  roads: Road[]
  keyPlaces: KeyPlace[]
  patrolTeams: PatrolTeam[]
  patrolRoutes: PatrolRoute[]
  cameras: Camera[]
  /** Oldest first. */
  cases: CaseRecord[]
  staff: Staff[]
  memberships: Membership[]
  /** Reporter contacts of some cases, kept apart from them as the database keeps case_contacts. */
  caseContacts: DemoCaseContact[]
}

/** Generates the demo township. Pure: the result depends only on the options. */
export function generateDemoTownship(options: DemoOptions): DemoDataset {
  const seed = options.seed ?? DEFAULT_SEED
  const countyCode = options.countyCode ?? '330122'
  const townshipCode = `${countyCode}${options.townshipSegment ?? '101'}000000`
  if (!Number.isFinite(options.anchor))
    throw new RangeError(`anchor must be epoch milliseconds, got ${options.anchor}`)
  const rng = new Rng(seed)
  const projection = new LocalProjection(options.center ?? DEFAULT_CENTER)
  const territory = buildTerritory(rng.fork('territory'), drawTargets(rng.fork('targets')))
  const grids = buildGrids(rng.fork('grids'), territory, projection, townshipCode, seed)
  const staff = buildStaff(rng.fork('staff'), grids, seed)
  const network = buildRoads(rng.fork('roads'), territory, grids, projection, seed)
  const places = buildPlaces(rng.fork('places'), territory, grids, network, projection, seed)
  const patrols = buildPatrols(rng.fork('patrols'), territory, grids, network, places, staff, projection, seed)
  const cameras = buildCameras(rng.fork('cameras'), grids, network, places, projection, countyCode, seed)
  const cases = buildCases(rng.fork('cases'), { anchor: options.anchor, territory, grids, places, staff, projection, seed, count: options.caseCount })
  return {
    anchor: options.anchor,
    seed,
    grids: grids.all,
    roads: network.roads,
    keyPlaces: places.keyPlaces,
    patrolTeams: patrols.teams,
    patrolRoutes: patrols.routes,
    cameras,
    cases,
    staff: staff.staff,
    memberships: buildMemberships(grids),
    caseContacts: buildCaseContacts(rng.fork('contacts'), cases),
  }
}
