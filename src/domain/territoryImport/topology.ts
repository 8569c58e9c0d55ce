// How grids fit together: a child reaching outside its parent, siblings overlapping, and gaps
// the children leave in their parent. Boolean overlays (polyclip-ts, the engine @turf/turf 7 uses)
// run in a local sinusoidal projection, which is equal-area, so areas and widths are in metres.
//
// Cost is kept near linear in the number of vertices: siblings that share their edges exactly are
// settled by tiling.ts without any overlay; otherwise pairs are intersected only where a grid has
// an unshared edge, and a parent is differenced against its children's union only when that
// union's outline is not the parent's own.
import type { MultiPolygon } from 'geojson'
import type { LngLat } from '../types'
import type { PlaneMultiPolygon, PlanePolygon, PlaneRing } from './planar'
import type { GridDraft, Problem } from './types'
import Flatbush from 'flatbush'
import { difference, intersection, union } from 'polyclip-ts'
import { subjectOf } from './hierarchy'
import { localFrame } from './measure'
import { polygonContains as contains, pointInside, polygonArea as polyArea } from './planar'
import { tile } from './tiling'

type Ring = PlaneRing
type Poly = PlanePolygon
type MultiPoly = PlaneMultiPolygon

function ringLength(r: Ring): number {
  let s = 0
  for (let i = 1; i < r.length; i++)
    s += Math.hypot(r[i]![0] - r[i - 1]![0], r[i]![1] - r[i - 1]![1])
  return s
}

/** A piece matters when it is wider on average (2·area/perimeter) than the tolerance. */
function significant(p: Poly, toleranceM: number): boolean {
  const a = polyArea(p)
  const perimeter = p.reduce((s, r) => s + ringLength(r), 0)
  return a > toleranceM * toleranceM && perimeter > 0 && (2 * a) / perimeter > toleranceM
}

function bboxOf(m: MultiPoly): [number, number, number, number] {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const p of m) {
    for (const [x, y] of p[0]!) {
      w = Math.min(w, x)
      e = Math.max(e, x)
      s = Math.min(s, y)
      n = Math.max(n, y)
    }
  }
  return [w, s, e, n]
}

export interface TopologyOptions {
  /** Pieces narrower on average than this many metres are ignored (digitising slivers). Default 1 m. */
  toleranceM?: number
}

type Placed = GridDraft & { boundary: MultiPolygon }

/** Children reaching outside their parent, and gaps they leave in it. */
function parentProblems(parent: Placed, parentGeom: MultiPoly, kids: Placed[], kidGeoms: MultiPoly[], all: MultiPoly, tol: number, inverse: (p: [number, number]) => LngLat): Problem[] {
  const problems: Problem[] = []
  // Pieces of the children's union beyond the parent, each blamed on the child it lies in.
  for (const piece of difference(all, parentGeom)) {
    if (!significant(piece, tol))
      continue
    const q = pointInside(piece)
    const k = kids.find((_, i) => kidGeoms[i]!.some(p => contains(p, q))) ?? kids[0]!
    const areaM2 = Math.round(polyArea(piece))
    problems.push({ feature: k.index, subject: subjectOf(k), kind: 'child-outside-parent', severity: 'error', message: `${subjectOf(k)} reaches ${areaM2} m² outside its parent ${subjectOf(parent)}`, params: { parent: parent.code, areaM2 }, location: inverse(q) })
  }
  // Gaps: parts of the parent no child covers. A warning: cases there still belong to the parent.
  for (const piece of difference(parentGeom, all)) {
    if (!significant(piece, tol))
      continue
    const areaM2 = Math.round(polyArea(piece))
    problems.push({ feature: parent.index, subject: subjectOf(parent), kind: 'gap-in-parent', severity: 'warning', message: `${subjectOf(parent)}: ${areaM2} m² are covered by none of its ${kids.length} children`, params: { areaM2, children: kids.length }, location: inverse(pointInside(piece)) })
  }
  return problems
}

/** Overlapping siblings: pairs with at least one piece whose edges are not all shared (see tiling.ts). */
function overlapProblems(kids: Placed[], kidGeoms: MultiPoly[], dirty: ReadonlySet<number>, tol: number, inverse: (p: [number, number]) => LngLat): Problem[] {
  if (kids.length < 2)
    return []
  const problems: Problem[] = []
  const boxes = kidGeoms.map(bboxOf)
  const index = new Flatbush(boxes.length)
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3])
  index.finish()
  for (const i of [...dirty].sort((a, b) => a - b)) {
    const b = boxes[i]!
    for (const j of index.search(b[0], b[1], b[2], b[3]).sort((a, b) => a - b)) {
      if (j === i || (dirty.has(j) && j < i))
        continue
      for (const piece of intersection(kidGeoms[i]!, kidGeoms[j]!)) {
        if (!significant(piece, tol))
          continue
        const [a, other] = i < j ? [kids[i]!, kids[j]!] : [kids[j]!, kids[i]!]
        const areaM2 = Math.round(polyArea(piece))
        problems.push({ feature: a.index, subject: subjectOf(a), kind: 'siblings-overlap', severity: 'error', message: `${subjectOf(a)} and ${subjectOf(other)} overlap by ${areaM2} m²`, params: { other: other.code, areaM2 }, location: inverse(pointInside(piece)) })
      }
    }
  }
  return problems
}

/**
 * Topology problems among drafts with valid codes and geometry. `drafts` should hold only grids
 * whose rings passed checkRings (an overlay of a self-intersecting ring is meaningless).
 */
export function checkTopology(drafts: readonly GridDraft[], options: TopologyOptions = {}): Problem[] {
  const tol = options.toleranceM ?? 1
  const placed = drafts.filter((d): d is Placed => d.boundary !== null)
  if (placed.length === 0)
    return []
  let west = Infinity
  let east = -Infinity
  for (const d of placed) {
    const lng = d.boundary.coordinates[0]![0]![0]![0]!
    west = Math.min(west, lng)
    east = Math.max(east, lng)
  }
  const frame = localFrame((west + east) / 2)
  const plane = new Map<string, MultiPoly>()
  const byCode = new Map<string, Placed>()
  for (const d of placed) {
    plane.set(d.code, d.boundary.coordinates.map(poly => poly.map(ring => ring.map(frame.forward))))
    byCode.set(d.code, d)
  }
  // Siblings share a parent code; townships (and grids whose parent is not in the file) are
  // siblings within their county, checked for overlaps only.
  const groups = new Map<string, Placed[]>()
  for (const d of placed) {
    const key = d.parentCode ?? `county ${d.code.slice(0, 6)}`
    const list = groups.get(key)
    if (list)
      list.push(d)
    else
      groups.set(key, [d])
  }
  const problems: Problem[] = []
  for (const [parentCode, kids] of groups) {
    const kidGeoms = kids.map(k => plane.get(k.code)!)
    const parent = byCode.get(parentCode)
    const parentGeom = parent ? plane.get(parentCode)! : undefined
    const tiling = tile(kidGeoms, parentGeom)
    let all = tiling.union
    if (!all) {
      problems.push(...overlapProblems(kids, kidGeoms, tiling.dirty, tol, frame.inverse))
      try {
        all = union(kidGeoms[0]!, ...kidGeoms.slice(1))
      }
      catch {
        // polyclip-ts gives up on some degenerate inputs; the ring checks report those grids.
        continue
      }
    }
    if (parent && parentGeom && !tiling.matchesOutline)
      problems.push(...parentProblems(parent, parentGeom, kids, kidGeoms, all, tol, frame.inverse))
  }
  return problems
}
