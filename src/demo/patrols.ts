import type { GridSet } from './grids'
import type { PlaceSet } from './places'
import type { LocalProjection } from './projection'
import type { Rng } from './random'
import type { RoadNetwork } from './roads'
import type { StaffSet } from './staff'
import type { Territory } from './territory'
// Patrol teams and their routes. Routes are shortest paths through the road graph between
// waypoints, so every route runs along road vertices.
import type { LngLat, PatrolRoute, PatrolSchedule, PatrolTeam, PatrolTeamKind } from '~/domain/types'
import { TOWNSHIP } from './names'
import { planarDistance } from './projection'
import { stableUuid } from './random'

/** Teams and their routes. */
export interface PatrolSet {
  teams: PatrolTeam[]
  routes: PatrolRoute[]
}

interface TeamSpec {
  name: string
  nameEn: string
  kind: PatrolTeamKind
  gridId: string
  members: number
  leaderId: string | null
  waypoints: number[]
  /**
   * Road node of the team's post: the seat crossroads for the township's teams, the school gate
   * for its guard, the village centre for volunteers (chosen without a draw, so nothing else moves).
   */
  post: number
  schedule: PatrolSchedule
}

/** Builds the township's patrol teams with one route each. */
export function buildPatrols(rng: Rng, t: Territory, grids: GridSet, net: RoadNetwork, places: PlaceSet, staff: StaffSet, projection: LocalProjection, seed: string): PatrolSet {
  const { graph, seatNode, exits } = net
  const stem = TOWNSHIP.stem
  const stemEn = TOWNSHIP.stemEn
  const planar = graph.nodes.map(p => projection.toPlanar(p))
  const nearestNode = (p: LngLat): number => {
    const q = projection.toPlanar(p)
    let best = seatNode
    let bestD = Infinity
    planar.forEach((r, i) => {
      const d = planarDistance(q, r)
      if (d < bestD) {
        bestD = d
        best = i
      }
    })
    return best
  }
  const place = (kind: string, index = 0): LngLat => places.keyPlaces.filter(p => p.kind === kind)[index]?.location ?? graph.nodes[seatNode]!
  const exit = (i: number): number => exits[i % Math.max(1, exits.length)]?.node ?? seatNode
  const township = grids.township.id

  const specs: TeamSpec[] = [
    {
      name: `${stem}派出所日间巡逻组`,
      nameEn: `${stemEn} Police Day Patrol`,
      kind: 'police',
      gridId: township,
      members: rng.int(4, 6),
      leaderId: null,
      waypoints: [seatNode, exit(0), seatNode, exit(2), seatNode],
      post: seatNode,
      schedule: { days: { kind: 'daily' }, windows: [{ start: '08:30', end: '11:30' }, { start: '14:00', end: '17:30' }] },
    },
    {
      name: `${stem}派出所夜间巡逻组`,
      nameEn: `${stemEn} Police Night Patrol`,
      kind: 'police',
      gridId: township,
      members: rng.int(3, 4),
      leaderId: null,
      waypoints: [seatNode, nearestNode(place('market')), nearestNode(place('station')), seatNode, exit(1), seatNode],
      post: seatNode,
      schedule: { days: { kind: 'daily' }, windows: [{ start: '20:00', end: '02:00' }] },
    },
    {
      name: `${stem}镇民兵应急分队`,
      nameEn: `${stemEn} Militia Emergency Squad`,
      kind: 'militia',
      gridId: township,
      members: rng.int(12, 20),
      leaderId: staff.commanderId,
      waypoints: [exit(0), seatNode, exit(1), seatNode, exit(exits.length - 1)],
      post: seatNode,
      schedule: { days: { kind: 'weekdays', weekdays: [2, 4, 6] }, windows: [{ start: '19:00', end: '22:00' }] },
    },
    {
      name: `${stem}镇平安巡防队`,
      nameEn: `${stemEn} Town Safety Patrol`,
      kind: 'security',
      gridId: township,
      members: rng.int(6, 10),
      leaderId: staff.commanderId,
      waypoints: [seatNode, nearestNode(place('market')), nearestNode(place('school', 1)), nearestNode(place('station')), seatNode, nearestNode(place('construction')), seatNode],
      post: seatNode,
      schedule: { days: { kind: 'daily' }, windows: [{ start: '18:30', end: '22:30' }] },
    },
    {
      name: `${stem}中心小学护学岗`,
      nameEn: `${stemEn} Central Primary School Guard`,
      kind: 'security',
      gridId: township,
      members: rng.int(4, 6),
      leaderId: null,
      waypoints: [nearestNode(place('school')), seatNode, nearestNode(place('school'))],
      post: nearestNode(place('school')),
      schedule: { days: { kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }, windows: [{ start: '07:00', end: '08:15' }, { start: '15:30', end: '17:00' }] },
    },
  ]

  // Volunteer teams in the larger villages, alternating odd and even days.
  const villageIndexes = grids.villages.map((v, i) => [v.households, i] as const)
    .filter(([, i]) => !grids.settlements[i]!.community)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, rng.int(6, 7))
    .map(([, i]) => i)
  villageIndexes.forEach((vi, n) => {
    const village = grids.villages[vi]!
    const home = net.villageNodes[vi]!
    const inVillage = planar.map((p, i) => [p, i] as const).filter(([p]) => {
      const h = t.grid.cellAt(p)
      return h >= 0 && t.villageOf[h] === vi
    })
    const byReach = inVillage.map(([p, i]) => [planarDistance(p, planar[home]!), i] as const).filter(([d]) => d <= 2.5).sort((a, b) => b[0] - a[0] || a[1] - b[1])
    const far = byReach[0]?.[1] ?? home
    const other = byReach.find(([, i]) => planarDistance(planar[i]!, planar[far]!) > 0.8)?.[1]
    const waypoints = other === undefined ? [home, far, home] : [home, far, home, other, home]
    if (waypoints.every(w => w === home))
      waypoints.splice(1, 1, graph.neighbours(home)[0] ?? home)
    specs.push({
      name: `${village.name}平安志愿巡防队`,
      nameEn: `${village.nameEn} Volunteer Patrol`,
      kind: 'volunteer',
      gridId: village.id,
      members: rng.int(8, 20),
      leaderId: village.chiefId,
      waypoints,
      post: home,
      schedule: {
        days: { kind: n % 2 === 0 ? 'odd' : 'even' },
        windows: rng.chance(0.4) ? [{ start: '06:30', end: '07:30' }, { start: '19:00', end: '21:00' }] : [{ start: '19:00', end: '21:30' }],
      },
    })
  })

  const teams: PatrolTeam[] = []
  const routes: PatrolRoute[] = []
  specs.forEach((s, i) => {
    const id = stableUuid(seed, 'team', String(i))
    teams.push({ id, name: s.name, nameEn: s.nameEn, kind: s.kind, gridId: s.gridId, memberCount: s.members, leaderId: s.leaderId, post: graph.nodes[s.post]! })
    const nodes = tour(net, s.waypoints)
    let km = 0
    for (let j = 0; j + 1 < nodes.length; j++)
      km += graph.edgeKm(nodes[j]!, nodes[j + 1]!)
    routes.push({
      id: stableUuid(seed, 'route', String(i)),
      teamId: id,
      name: `${s.name}巡逻路线`,
      nameEn: `${s.nameEn} route`,
      path: { type: 'LineString', coordinates: nodes.map(n => graph.nodes[n]!) },
      lengthKm: Math.round(km * 100) / 100,
      schedule: s.schedule,
    })
  })
  return { teams, routes }
}

/** Node ids of the shortest road path visiting the waypoints in order. */
function tour(net: RoadNetwork, waypoints: readonly number[]): number[] {
  const out: number[] = []
  for (let i = 0; i + 1 < waypoints.length; i++) {
    if (waypoints[i] === waypoints[i + 1])
      continue
    const leg = net.graph.shortestPath(waypoints[i]!, waypoints[i + 1]!)
    out.push(...(out.length === 0 ? leg : leg.slice(1)))
  }
  return out.length >= 2 ? out : [waypoints[0]!, net.graph.neighbours(waypoints[0]!)[0]!]
}
