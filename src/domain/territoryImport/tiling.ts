// The fast path of the topology checks: grids cut from one survey share their vertices exactly,
// so the edges two siblings share cancel (each runs once each way) and what is left is the
// outline of their union. When that outline is a set of simple rings nested as shells and holes,
// the siblings cannot overlap (the winding number of their sum is 0 or 1 everywhere), and the
// outline is their union, built in linear time; comparing it edge for edge with the parent shows
// whether they tile the parent exactly. Only what fails this goes to the general overlays.
import type { PlaneMultiPolygon, PlanePolygon, PlaneRing } from './planar'
import { pointInRing } from '../geometry'
import { selfIntersections } from './intersections'
import { ringArea } from './planar'

/** What the shared edges tell about a set of sibling pieces. */
export interface Tiling {
  /** Their union, when the outline proves they do not overlap; null when it does not. */
  union: PlaneMultiPolygon | null
  /** Indices of the pieces that have an edge no sibling shares (overlaps and gaps are next to these). */
  dirty: Set<number>
  /** When an outline (the parent) was given: true when the union's outline is exactly it. */
  matchesOutline: boolean
}

// Vertices equal to 0.1 mm are the same vertex (coordinates are metres in a local plane).
const SNAP = 1e4
// Edge keys pack two vertex ids; ids stay below 2^24 (the import refuses over 10 million vertices).
const ID_SPAN = 2 ** 24

class VertexIds {
  readonly coords: Array<[number, number]> = []
  private readonly ids = new Map<string, number>()
  id(p: [number, number]): number {
    const key = `${Math.round(p[0] * SNAP)}:${Math.round(p[1] * SNAP)}`
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.coords.length
      this.ids.set(key, id)
      this.coords.push(p)
    }
    return id
  }
}

/** Directed edges of a multipolygon, shells counter-clockwise and holes clockwise. */
function edgesOf(m: PlaneMultiPolygon, ids: VertexIds, visit: (a: number, b: number) => void): void {
  for (const polygon of m) {
    polygon.forEach((ring, k) => {
      const ccw = ringArea(ring) > 0
      const forward = k === 0 ? ccw : !ccw
      const vs = ring.map(p => ids.id(p))
      if (!forward)
        vs.reverse()
      for (let i = 0; i + 1 < vs.length; i++) {
        if (vs[i] !== vs[i + 1])
          visit(vs[i]!, vs[i + 1]!)
      }
    })
  }
}

/** Chains directed edges (every vertex as many in as out) into closed rings. */
function chain(edges: Array<[number, number]>, coords: Array<[number, number]>): PlaneRing[] | null {
  const out = new Map<number, number[]>()
  for (const [a, b] of edges) {
    const list = out.get(a)
    if (list)
      list.push(b)
    else
      out.set(a, [b])
  }
  const rings: PlaneRing[] = []
  for (const [start] of edges) {
    if (!out.get(start)?.length)
      continue
    const ring: PlaneRing = [coords[start]!]
    let at = start
    do {
      const next = out.get(at)?.pop()
      if (next === undefined)
        return null
      ring.push(coords[next]!)
      at = next
    } while (at !== start)
    rings.push(ring)
  }
  return rings
}

/** Groups simple, non-crossing rings into polygons, or null when the nesting means an overlap. */
function assemble(rings: PlaneRing[]): PlaneMultiPolygon | null {
  const depth = rings.map((r, i) => rings.reduce((n, other, j) => n + (j !== i && pointInRing(r[0]!, other) ? 1 : 0), 0))
  // A shell (counter-clockwise) must lie inside an even number of rings, a hole inside an odd.
  if (rings.some((r, i) => (ringArea(r) > 0) !== (depth[i]! % 2 === 0)))
    return null
  const polygons: Array<{ shell: PlaneRing, depth: number, holes: PlaneRing[] }> = []
  rings.forEach((r, i) => {
    if (depth[i]! % 2 === 0)
      polygons.push({ shell: r, depth: depth[i]!, holes: [] })
  })
  rings.forEach((r, i) => {
    if (depth[i]! % 2 === 1) {
      const owner = polygons.find(p => p.depth === depth[i]! - 1 && pointInRing(r[0]!, p.shell))
      owner?.holes.push(r)
    }
  })
  return polygons.map((p): PlanePolygon => [p.shell, ...p.holes])
}

/**
 * Cancels the edges siblings share; from what is left, their union (when it proves they do not
 * overlap), which of them have unshared edges, and whether the union is exactly `outline`.
 */
export function tile(pieces: readonly PlaneMultiPolygon[], outline?: PlaneMultiPolygon): Tiling {
  const ids = new VertexIds()
  const open = new Map<number, number[]>()
  pieces.forEach((piece, owner) => {
    edgesOf(piece, ids, (a, b) => {
      const reverse = open.get(b * ID_SPAN + a)
      if (reverse?.length) {
        reverse.pop()
        return
      }
      const key = a * ID_SPAN + b
      const list = open.get(key)
      if (list)
        list.push(owner)
      else
        open.set(key, [owner])
    })
  })
  const dirty = new Set<number>()
  const left: Array<[number, number]> = []
  for (const [key, owners] of open) {
    for (const o of owners) {
      dirty.add(o)
      left.push([Math.floor(key / ID_SPAN), key % ID_SPAN])
    }
  }
  let matchesOutline = false
  if (outline) {
    const want = new Map<number, number>()
    let count = 0
    edgesOf(outline, ids, (a, b) => {
      want.set(a * ID_SPAN + b, (want.get(a * ID_SPAN + b) ?? 0) + 1)
      count++
    })
    matchesOutline = count === left.length && left.every(([a, b]) => {
      const n = want.get(a * ID_SPAN + b) ?? 0
      want.set(a * ID_SPAN + b, n - 1)
      return n > 0
    })
  }
  const rings = chain(left, ids.coords)
  if (!rings || rings.length === 0)
    return { union: null, dirty, matchesOutline }
  // Each ring as its own polygon, so the crossing test allows rings to touch at a point.
  if (selfIntersections({ type: 'MultiPolygon', coordinates: rings.map(r => [r]) }, 1).length > 0)
    return { union: null, dirty, matchesOutline }
  return { union: assemble(rings), dirty, matchesOutline }
}
