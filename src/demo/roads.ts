import type { GridSet } from './grids'
import type { LocalProjection, Planar } from './projection'
import type { Rng } from './random'
import type { Territory } from './territory'
// The demo road network: a county road through the township seat, township roads out to the
// edges, a road to every village centre and farm roads to outlying groups. Roads wind gently,
// as they do in hill country.
import type { LngLat, Road } from '~/domain/types'
import { MAIN_ROAD_NAMES } from './names'
import { planarDistance } from './projection'
import { stableUuid } from './random'
import { RoadGraph } from './roadGraph'

/** Where a main road leaves the township: the last vertex inside, and the next one outside. */
export interface RoadExit {
  node: number
  outside: LngLat
  roadName: string
}

/** Roads plus the graph and landmarks later steps use. */
export interface RoadNetwork {
  roads: Road[]
  graph: RoadGraph
  seatNode: number
  /** Node at each village's centre (by territory village index). */
  villageNodes: number[]
  exits: RoadExit[]
}

const SPACING_KM = 0.12

/** Builds the road network over the territory. */
export function buildRoads(rng: Rng, t: Territory, grids: GridSet, projection: LocalProjection, seed: string): RoadNetwork {
  const inside = (p: Planar): boolean => {
    const h = t.grid.cellAt(p)
    return h >= 0 && t.finestOf[h]! >= 0
  }
  const paths: Array<{ name: string, kind: Road['kind'], points: Planar[] }> = []
  const exitsPlanar: Array<{ last: Planar, outside: Planar, roadName: string }> = []
  let reach = 0
  for (const h of t.township)
    reach = Math.max(reach, planarDistance([t.grid.cx(h), t.grid.cy(h)], t.seat))
  reach += 1

  // Main roads radiate from the seat; the county road runs straight through it.
  const base = rng.range(0, 2 * Math.PI)
  const angles = [base, base + Math.PI + rng.normal(0, 0.3), base + Math.PI / 2 + rng.normal(0, 0.35)]
  if (rng.chance(0.7))
    angles.push(base - Math.PI / 2 + rng.normal(0, 0.35))
  const radials = angles.map((a, i) => {
    const far: Planar = [t.seat[0] + reach * Math.cos(a), t.seat[1] + reach * Math.sin(a)]
    const pts = curve(rng, t.seat, far)
    const out = pts.findIndex(p => !inside(p))
    const cut = out < 0 ? pts : pts.slice(0, Math.min(pts.length, out + 3))
    if (out > 0)
      exitsPlanar.push({ last: pts[out - 1]!, outside: pts[out]!, roadName: MAIN_ROAD_NAMES[Math.max(0, i - 1)]! })
    return cut
  })
  paths.push({ name: MAIN_ROAD_NAMES[0]!, kind: 'main', points: [...radials[0]!].reverse().concat(radials[1]!.slice(1)) })
  radials.slice(2).forEach((pts, i) => paths.push({ name: MAIN_ROAD_NAMES[i + 1]!, kind: 'main', points: pts }))

  // Road vertices inside the township that later roads may branch from.
  const network: Planar[] = paths.flatMap(p => p.points.filter(inside))
  const addRoad = (name: string, points: Planar[]): void => {
    paths.push({ name, kind: 'village', points })
    network.push(...points.filter(inside))
  }
  const nearest = (p: Planar): Planar => {
    let best = t.seat
    let bestD = Infinity
    for (const q of network) {
      const d = planarDistance(p, q)
      if (d < bestD) {
        bestD = d
        best = q
      }
    }
    return best
  }

  // Village roads, nearest villages first so farther ones can branch off them.
  const villageAt: Planar[] = []
  const order = t.villages.map((v, i) => [planarDistance(v.centre, t.seat), i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  for (const [, vi] of order) {
    const c = t.villages[vi]!.centre
    const n = nearest(c)
    if (planarDistance(c, n) < 0.25) {
      villageAt[vi] = n
      continue
    }
    const s = grids.settlements[vi]!
    addRoad(s.community ? `${s.stem}路` : `${s.stem}村道`, curve(rng, c, n))
    villageAt[vi] = c
  }
  // Farm roads to groups far from any road.
  t.groups.forEach((g, gi) => {
    const n = nearest(g.centre)
    if (planarDistance(g.centre, n) < 0.9)
      return
    const group = grids.groups[gi]!
    addRoad(`${grids.settlements[g.parent]!.stem}${group.name}机耕路`, curve(rng, g.centre, n))
  })

  const km = (a: LngLat, b: LngLat): number => planarDistance(projection.toPlanar(a), projection.toPlanar(b))
  const graph = new RoadGraph()
  const roads: Road[] = paths.map((p, i) => {
    const coordinates: LngLat[] = []
    for (const q of p.points) {
      const c = projection.toLngLat(q)
      const last = coordinates[coordinates.length - 1]
      if (last === undefined || last[0] !== c[0] || last[1] !== c[1])
        coordinates.push(c)
    }
    graph.addPath(coordinates, km)
    return { id: stableUuid(seed, 'road', String(i)), name: p.name, kind: p.kind, path: { type: 'LineString', coordinates } }
  })
  return {
    roads,
    graph,
    seatNode: graph.node(projection.toLngLat(t.seat)),
    villageNodes: villageAt.map(p => graph.node(projection.toLngLat(p))),
    exits: exitsPlanar.map(e => ({ node: graph.node(projection.toLngLat(e.last)), outside: projection.toLngLat(e.outside), roadName: e.roadName })),
  }
}

/**
 * A gently winding line from a to b: points every ~120 m, displaced sideways by two waves that
 * fade out at both ends, so the line starts and ends exactly at a and b.
 */
export function curve(rng: Rng, a: Planar, b: Planar): Planar[] {
  const length = planarDistance(a, b)
  const n = Math.max(2, Math.ceil(length / SPACING_KM))
  const nx = -(b[1] - a[1]) / length
  const ny = (b[0] - a[0]) / length
  const amp1 = Math.min(0.35, 0.12 * length) * rng.range(0.5, 1)
  const freq1 = Math.max(0.5, length / 2.5) * rng.range(0.7, 1.3)
  const phase1 = rng.range(0, 2 * Math.PI)
  const amp2 = Math.min(0.06, 0.03 * length)
  const freq2 = Math.max(1, length / 0.7)
  const phase2 = rng.range(0, 2 * Math.PI)
  const out: Planar[] = [a]
  for (let i = 1; i < n; i++) {
    const s = i / n
    const off = Math.sin(Math.PI * s) * (amp1 * Math.sin(2 * Math.PI * freq1 * s + phase1) + amp2 * Math.sin(2 * Math.PI * freq2 * s + phase2))
    out.push([a[0] + s * (b[0] - a[0]) + off * nx, a[1] + s * (b[1] - a[1]) + off * ny])
  }
  out.push(b)
  return out
}
