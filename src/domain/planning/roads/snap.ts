import type { Seed } from './dijkstra'
// Snapping points to the road network and routing between snapped points: where a station or a
// case meets the road, and the road path a newly drawn patrol route follows.
import type { RoadNetwork, XY } from './network'
import { pathTo, shortestPaths } from './dijkstra'
import { networkBounds, nodePoint } from './network'

/** A point on the road network: on edge `edge`, a fraction `t` of the way from its from-node to its to-node. */
export interface RoadPosition {
  edge: number
  t: number
  /** The point on the road. */
  point: XY
  /** Metres from the snapped point to the road. */
  offset: number
}

/** A bucket grid over edges, so a snap looks at nearby edges only. */
export interface EdgeIndex {
  net: RoadNetwork
  cellM: number
  x0: number
  y0: number
  cols: number
  rows: number
  /** Edges of bucket b: items[start[b] .. start[b + 1]). */
  start: Int32Array
  items: Int32Array
}

export function indexEdges(net: RoadNetwork, cellM = 100): EdgeIndex {
  const [x0, y0, x1, y1] = networkBounds(net)
  const cols = Math.max(1, Math.ceil((x1 - x0) / cellM) + 1)
  const rows = Math.max(1, Math.ceil((y1 - y0) / cellM) + 1)
  const buckets: number[][] = Array.from({ length: cols * rows }, () => [])
  for (let e = 0; e < net.edgeFrom.length; e++) {
    const [ax, ay] = nodePoint(net, net.edgeFrom[e]!)
    const [bx, by] = nodePoint(net, net.edgeTo[e]!)
    const c0 = Math.floor((Math.min(ax, bx) - x0) / cellM)
    const c1 = Math.floor((Math.max(ax, bx) - x0) / cellM)
    const r0 = Math.floor((Math.min(ay, by) - y0) / cellM)
    const r1 = Math.floor((Math.max(ay, by) - y0) / cellM)
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++)
        buckets[r * cols + c]!.push(e)
    }
  }
  const start = new Int32Array(buckets.length + 1)
  buckets.forEach((b, i) => (start[i + 1] = start[i]! + b.length))
  return { net, cellM, x0, y0, cols, rows, start, items: Int32Array.from(buckets.flat()) }
}

/** The closest point of edge e to p. */
export function projectOnEdge(net: RoadNetwork, e: number, p: XY): RoadPosition {
  const [ax, ay] = nodePoint(net, net.edgeFrom[e]!)
  const [bx, by] = nodePoint(net, net.edgeTo[e]!)
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2)) : 0
  const point: XY = [ax + t * dx, ay + t * dy]
  return { edge: e, t, point, offset: Math.hypot(p[0] - point[0], p[1] - point[1]) }
}

/** The nearest point on any road to p, or null when no road is within `maxOffsetM`. */
export function snapToRoad(index: EdgeIndex, p: XY, maxOffsetM = Infinity): RoadPosition | null {
  const { cellM, cols, rows } = index
  const pc = Math.floor((p[0] - index.x0) / cellM)
  const pr = Math.floor((p[1] - index.y0) / cellM)
  // A holder, so the closure below can update it without defeating type narrowing.
  const found: { best: RoadPosition | null } = { best: null }
  const maxRing = Math.max(cols, rows) + Math.max(Math.abs(pc), Math.abs(pr))
  for (let ring = 0; ring <= maxRing; ring++) {
    // Every edge not yet examined lies at least (ring − 1) cells away.
    const nearest = Math.max(0, ring - 1) * cellM
    const best = found.best
    if ((best && best.offset <= nearest) || nearest > maxOffsetM)
      break
    const visit = (c: number, r: number): void => {
      const b = r * cols + c
      for (let k = index.start[b]!; k < index.start[b + 1]!; k++) {
        const q = projectOnEdge(index.net, index.items[k]!, p)
        const b0 = found.best
        if (!b0 || q.offset < b0.offset || (q.offset === b0.offset && q.edge < b0.edge))
          found.best = q
      }
    }
    const cFrom = Math.max(0, pc - ring)
    const cTo = Math.min(cols - 1, pc + ring)
    for (let r = Math.max(0, pr - ring); r <= Math.min(rows - 1, pr + ring); r++) {
      if (Math.abs(r - pr) === ring) {
        for (let c = cFrom; c <= cTo; c++)
          visit(c, r)
      }
      else {
        if (pc - ring >= 0 && pc - ring < cols)
          visit(pc - ring, r)
        if (ring > 0 && pc + ring >= 0 && pc + ring < cols)
          visit(pc + ring, r)
      }
    }
  }
  const best = found.best
  return best && best.offset <= maxOffsetM ? best : null
}

/** The two seeds a road position gives Dijkstra: its edge's ends at their distances along the edge. */
export function seedsOf(net: RoadNetwork, pos: RoadPosition, source = 0, extra = 0): Seed[] {
  const len = net.edgeLength[pos.edge]!
  return [
    { node: net.edgeFrom[pos.edge]!, distance: extra + pos.t * len, source },
    { node: net.edgeTo[pos.edge]!, distance: extra + (1 - pos.t) * len, source },
  ]
}

export interface RoadRoute {
  /** Metres along roads from a to b (off-road offsets not included). */
  lengthM: number
  /** The polyline from a's road point to b's road point, through the road vertices between. */
  path: XY[]
}

/** The shortest road route between two road positions, or null when they are not connected. */
export function routeBetween(net: RoadNetwork, a: RoadPosition, b: RoadPosition): RoadRoute | null {
  const sp = shortestPaths(net, seedsOf(net, a))
  const len = net.edgeLength[b.edge]!
  const viaFrom = sp.distance[net.edgeFrom[b.edge]!]! + b.t * len
  const viaTo = sp.distance[net.edgeTo[b.edge]!]! + (1 - b.t) * len
  let best: RoadRoute | null = null
  if (a.edge === b.edge)
    best = { lengthM: Math.abs(a.t - b.t) * len, path: [a.point, b.point] }
  const around = Math.min(viaFrom, viaTo)
  if (Number.isFinite(around) && (!best || around < best.lengthM)) {
    const end = viaFrom <= viaTo ? net.edgeFrom[b.edge]! : net.edgeTo[b.edge]!
    const nodes = pathTo(net, sp, end)
    const path: XY[] = []
    for (const q of [a.point, ...nodes.map(n => nodePoint(net, n)), b.point]) {
      const last = path.at(-1)
      if (!last || last[0] !== q[0] || last[1] !== q[1])
        path.push(q)
    }
    best = { lengthM: around, path }
  }
  return best
}
