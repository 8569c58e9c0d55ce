// Shortest road distances from one or more seeds (stations, posts, snapped points), stopping at a
// cut-off so a 5-minute response circle does not explore the whole county.
import type { RoadNetwork } from './network'
import { MinHeap } from '../heap'
import { nodeCount, otherEnd } from './network'

/** A start: a node and the distance already travelled to reach it. */
export interface Seed {
  node: number
  distance: number
  /** Which source this seed stands for (e.g. which station); reported per node as `origin`. */
  source?: number
}

export interface ShortestPaths {
  /** Metres from the nearest seed, Infinity where unreached (or beyond the cut-off). */
  distance: Float64Array
  /** Edge by which each node was reached, −1 at seeds and unreached nodes. */
  viaEdge: Int32Array
  /** Source of the nearest seed, −1 where unreached. */
  origin: Int32Array
}

/** Multi-source Dijkstra; nodes farther than `maxDistance` stay unreached. */
export function shortestPaths(net: RoadNetwork, seeds: readonly Seed[], maxDistance = Infinity): ShortestPaths {
  const n = nodeCount(net)
  const distance = new Float64Array(n).fill(Infinity)
  const viaEdge = new Int32Array(n).fill(-1)
  const origin = new Int32Array(n).fill(-1)
  const heap = new MinHeap()
  for (const s of seeds) {
    if (!(Number.isInteger(s.node) && s.node >= 0 && s.node < n))
      throw new RangeError(`seed node ${s.node} is not in the network of ${n} nodes`)
    if (s.distance <= maxDistance && s.distance < distance[s.node]!) {
      distance[s.node] = s.distance
      origin[s.node] = s.source ?? 0
      viaEdge[s.node] = -1
      heap.push(s.distance, s.node)
    }
  }
  const done = new Uint8Array(n)
  while (heap.size > 0) {
    const u = heap.pop()
    if (done[u])
      continue
    done[u] = 1
    const du = distance[u]!
    for (let k = net.adjStart[u]!; k < net.adjStart[u + 1]!; k++) {
      const e = net.adjEdge[k]!
      const v = otherEnd(net, e, u)
      const dv = du + net.edgeLength[e]!
      if (dv < distance[v]! && dv <= maxDistance) {
        distance[v] = dv
        viaEdge[v] = e
        origin[v] = origin[u]!
        heap.push(dv, v)
      }
    }
  }
  return { distance, viaEdge, origin }
}

/** Nodes from the seed to `target` (both included) by following `viaEdge` back; empty when unreached. */
export function pathTo(net: RoadNetwork, paths: ShortestPaths, target: number): number[] {
  if (paths.distance[target] === Infinity)
    return []
  const out = [target]
  let v = target
  while (paths.viaEdge[v]! >= 0) {
    v = otherEnd(net, paths.viaEdge[v]!, v)
    out.push(v)
  }
  return out.reverse()
}
