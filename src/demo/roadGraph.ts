// The road network as a graph of road vertices, so patrol routes can follow roads and cameras
// can find junctions. Vertices are keyed by their rounded coordinates: roads that share a vertex
// are joined there.
import type { LngLat } from '~/domain/types'

interface Edge {
  to: number
  km: number
}

/** An undirected graph over road vertices, with edge lengths in km. */
export class RoadGraph {
  readonly nodes: LngLat[] = []
  private readonly adjacency: Edge[][] = []
  private readonly ids = new Map<string, number>()

  /** Id of the node at p, created on first use. */
  node(p: LngLat): number {
    const key = `${p[0]},${p[1]}`
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.nodes.length
      this.ids.set(key, id)
      this.nodes.push(p)
      this.adjacency.push([])
    }
    return id
  }

  /** Adds a road's path as a chain of edges; `km` measures a segment. */
  addPath(path: readonly LngLat[], km: (a: LngLat, b: LngLat) => number): void {
    for (let i = 0; i + 1 < path.length; i++) {
      const a = this.node(path[i]!)
      const b = this.node(path[i + 1]!)
      if (a === b || this.adjacency[a]!.some(e => e.to === b))
        continue
      const d = km(path[i]!, path[i + 1]!)
      this.adjacency[a]!.push({ to: b, km: d })
      this.adjacency[b]!.push({ to: a, km: d })
    }
  }

  /** Neighbouring node ids of a node. */
  neighbours(n: number): number[] {
    return this.adjacency[n]!.map(e => e.to)
  }

  degree(n: number): number {
    return this.adjacency[n]!.length
  }

  /** Node ids along a shortest path from a to b (both included); throws when b cannot be reached. */
  shortestPath(a: number, b: number): number[] {
    const dist = new Float64Array(this.nodes.length).fill(Infinity)
    const prev = new Int32Array(this.nodes.length).fill(-1)
    const heap = new MinHeap()
    dist[a] = 0
    heap.push(0, a)
    while (heap.size > 0) {
      const [d, u] = heap.pop()
      if (d > dist[u]!)
        continue
      if (u === b)
        break
      for (const e of this.adjacency[u]!) {
        const nd = d + e.km
        if (nd < dist[e.to]!) {
          dist[e.to] = nd
          prev[e.to] = u
          heap.push(nd, e.to)
        }
      }
    }
    if (dist[b] === Infinity)
      throw new Error(`no road from node ${a} to node ${b}`)
    const path = [b]
    while (path[path.length - 1] !== a)
      path.push(prev[path[path.length - 1]!]!)
    return path.reverse()
  }

  /** Length of the edge between two adjacent nodes, km. */
  edgeKm(a: number, b: number): number {
    const e = this.adjacency[a]!.find(x => x.to === b)
    if (e === undefined)
      throw new Error(`nodes ${a} and ${b} are not adjacent`)
    return e.km
  }
}

/** A binary min-heap of [priority, value] pairs. */
class MinHeap {
  private readonly items: Array<[number, number]> = []

  get size(): number {
    return this.items.length
  }

  push(priority: number, value: number): void {
    const a = this.items
    a.push([priority, value])
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (a[p]![0] <= a[i]![0])
        break
      this.swap(p, i)
      i = p
    }
  }

  pop(): [number, number] {
    const a = this.items
    const top = a[0]!
    const last = a.pop()!
    if (a.length > 0) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && a[l]![0] < a[m]![0])
          m = l
        if (r < a.length && a[r]![0] < a[m]![0])
          m = r
        if (m === i)
          break
        this.swap(m, i)
        i = m
      }
    }
    return top
  }

  private swap(i: number, j: number): void {
    const tmp = this.items[i]!
    this.items[i] = this.items[j]!
    this.items[j] = tmp
  }
}
