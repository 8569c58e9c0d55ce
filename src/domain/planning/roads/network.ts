// A road network in a local metric frame (metres east and north), as a graph whose edges are the
// straight pieces between consecutive road vertices. Roads join where they share a vertex (within a
// tolerance); roads that merely cross, like a bridge over a road, stay apart — as in the data.

/** A point in the local metric frame: metres [east, north]. */
export type XY = [number, number]

export interface RoadNetwork {
  /** Node coordinates, interleaved x, y. */
  nodeXY: Float64Array
  /** Edge e runs from edgeFrom[e] to edgeTo[e] and is edgeLength[e] metres; it is part of input road edgeRoad[e]. */
  edgeFrom: Int32Array
  edgeTo: Int32Array
  edgeLength: Float64Array
  edgeRoad: Int32Array
  /** Incident edges of node n: adjEdge[adjStart[n] .. adjStart[n + 1]). */
  adjStart: Int32Array
  adjEdge: Int32Array
}

export function nodeCount(net: RoadNetwork): number {
  return net.nodeXY.length / 2
}

/** The node at the other end of edge e from node n. */
export function otherEnd(net: RoadNetwork, e: number, n: number): number {
  return net.edgeFrom[e] === n ? net.edgeTo[e]! : net.edgeFrom[e]!
}

export function nodePoint(net: RoadNetwork, n: number): XY {
  return [net.nodeXY[2 * n]!, net.nodeXY[2 * n + 1]!]
}

/** [minX, minY, maxX, maxY] of the network's nodes; throws for a network without roads. */
export function networkBounds(net: RoadNetwork): [number, number, number, number] {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (let i = 0; i < net.nodeXY.length; i += 2) {
    x0 = Math.min(x0, net.nodeXY[i]!)
    x1 = Math.max(x1, net.nodeXY[i]!)
    y0 = Math.min(y0, net.nodeXY[i + 1]!)
    y1 = Math.max(y1, net.nodeXY[i + 1]!)
  }
  if (!Number.isFinite(x0))
    throw new RangeError('the road network has no roads')
  return [x0, y0, x1, y1]
}

/**
 * Builds the network from road polylines. Vertices closer than `joinM` (default 0.05 m) to the first
 * vertex seen in their cell are one node. Throws on a road with fewer than two points or a
 * non-finite coordinate, naming the road and the point.
 */
export function buildRoadNetwork(roads: readonly (readonly XY[])[], joinM = 0.05): RoadNetwork {
  const ids = new Map<string, number>()
  const xy: number[] = []
  const node = (p: XY): number => {
    const key = `${Math.round(p[0] / joinM)},${Math.round(p[1] / joinM)}`
    let id = ids.get(key)
    if (id === undefined) {
      id = xy.length / 2
      ids.set(key, id)
      xy.push(p[0], p[1])
    }
    return id
  }
  const from: number[] = []
  const to: number[] = []
  const length: number[] = []
  const road: number[] = []
  const seen = new Set<string>()
  roads.forEach((path, r) => {
    if (path.length < 2)
      throw new RangeError(`road ${r} has ${path.length} point(s); a road needs at least two`)
    path.forEach((p, i) => {
      if (!(Number.isFinite(p[0]) && Number.isFinite(p[1])))
        throw new RangeError(`road ${r}, point ${i} is not a finite coordinate: ${JSON.stringify(p)}`)
    })
    for (let i = 0; i + 1 < path.length; i++) {
      const a = node(path[i]!)
      const b = node(path[i + 1]!)
      const key = a < b ? `${a}-${b}` : `${b}-${a}`
      if (a === b || seen.has(key))
        continue
      seen.add(key)
      from.push(a)
      to.push(b)
      length.push(Math.hypot(xy[2 * b]! - xy[2 * a]!, xy[2 * b + 1]! - xy[2 * a + 1]!))
      road.push(r)
    }
  })
  const n = xy.length / 2
  const adjStart = new Int32Array(n + 1)
  for (let e = 0; e < from.length; e++) {
    adjStart[from[e]! + 1]!++
    adjStart[to[e]! + 1]!++
  }
  for (let i = 0; i < n; i++)
    adjStart[i + 1]! += adjStart[i]!
  const fill = adjStart.slice(0, n)
  const adjEdge = new Int32Array(2 * from.length)
  for (let e = 0; e < from.length; e++) {
    adjEdge[fill[from[e]!]!++] = e
    adjEdge[fill[to[e]!]!++] = e
  }
  return {
    nodeXY: Float64Array.from(xy),
    edgeFrom: Int32Array.from(from),
    edgeTo: Int32Array.from(to),
    edgeLength: Float64Array.from(length),
    edgeRoad: Int32Array.from(road),
    adjStart,
    adjEdge,
  }
}
