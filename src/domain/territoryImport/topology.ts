// How grids fit together: a child reaching outside its parent, siblings overlapping, and gaps
// the children leave in their parent. Boolean overlays (polyclip-ts, the engine @turf/turf 7 uses)
// run in a local sinusoidal projection, which is equal-area, so areas and widths are in metres.
//
// Cost is kept near linear in the number of grids: per parent one union of its children and two
// differences; sibling pairs are intersected only when the union shows that some overlap exists.
import type { MultiPolygon, Position } from 'geojson'
import type { LngLat } from '../types'
import type { GridDraft, Problem } from './types'
import Flatbush from 'flatbush'
import { difference, intersection, union } from 'polyclip-ts'
import { subjectOf } from './hierarchy'

type Ring = [number, number][]
type Poly = Ring[]
type MultiPoly = Poly[]

const R = 6_371_008.8
const RAD = Math.PI / 180

/** An equal-area plane around a longitude: x = R·Δλ·cos φ, y = R·φ (sinusoidal projection). */
export function localFrame(lng0: number): { forward: (p: Position) => [number, number], inverse: (p: [number, number]) => LngLat } {
  return {
    forward: p => [R * (p[0]! - lng0) * RAD * Math.cos(p[1]! * RAD), R * p[1]! * RAD],
    inverse: ([x, y]) => {
      const lat = y / R / RAD
      return [lng0 + x / (R * Math.cos(lat * RAD)) / RAD, lat]
    },
  }
}

function ringArea(r: Ring): number {
  let s = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++)
    s += (r[j]![0] + r[i]![0]) * (r[j]![1] - r[i]![1])
  return s / 2
}

function ringLength(r: Ring): number {
  let s = 0
  for (let i = 1; i < r.length; i++)
    s += Math.hypot(r[i]![0] - r[i - 1]![0], r[i]![1] - r[i - 1]![1])
  return s
}

const polyArea = (p: Poly): number => Math.abs(ringArea(p[0]!)) - p.slice(1).reduce((s, h) => s + Math.abs(ringArea(h)), 0)
const multiArea = (m: MultiPoly): number => m.reduce((s, p) => s + polyArea(p), 0)

/** A piece matters when it is wider on average (2·area/perimeter) than the tolerance. */
function significant(p: Poly, toleranceM: number): boolean {
  const a = polyArea(p)
  const perimeter = p.reduce((s, r) => s + ringLength(r), 0)
  return a > toleranceM * toleranceM && perimeter > 0 && (2 * a) / perimeter > toleranceM
}

function ringContains(r: Ring, [x, y]: [number, number]): boolean {
  let inside = false
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    if ((r[i]![1] > y) !== (r[j]![1] > y) && x < ((r[j]![0] - r[i]![0]) * (y - r[i]![1])) / (r[j]![1] - r[i]![1]) + r[i]![0])
      inside = !inside
  }
  return inside
}

const contains = (p: Poly, q: [number, number]): boolean => ringContains(p[0]!, q) && !p.slice(1).some(h => ringContains(h, q))

/** A point inside a polygon piece (its shell's centroid if that is inside, else near a vertex). */
function pointInside(p: Poly): [number, number] {
  const shell = p[0]!
  let cx = 0
  let cy = 0
  let a = 0
  for (let i = 0, j = shell.length - 1; i < shell.length; j = i++) {
    const f = shell[j]![0] * shell[i]![1] - shell[i]![0] * shell[j]![1]
    cx += (shell[j]![0] + shell[i]![0]) * f
    cy += (shell[j]![1] + shell[i]![1]) * f
    a += f
  }
  const c: [number, number] = a !== 0 ? [cx / (3 * a), cy / (3 * a)] : shell[0]!
  if (contains(p, c))
    return c
  // A thin or bent piece: step from each vertex a little towards the centroid.
  for (const v of shell) {
    const q: [number, number] = [v[0] + (c[0] - v[0]) * 0.01, v[1] + (c[1] - v[1]) * 0.01]
    if (contains(p, q))
      return q
  }
  return shell[0]!
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

/** Overlapping siblings; pairs are intersected only when the union shows some overlap exists. */
function overlapProblems(kids: Placed[], kidGeoms: MultiPoly[], all: MultiPoly, tol: number, inverse: (p: [number, number]) => LngLat): Problem[] {
  const excess = kidGeoms.reduce((s, g) => s + multiArea(g), 0) - multiArea(all)
  if (kids.length < 2 || excess <= tol * tol)
    return []
  const problems: Problem[] = []
  const boxes = kidGeoms.map(bboxOf)
  const index = new Flatbush(boxes.length)
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3])
  index.finish()
  boxes.forEach((b, i) => {
    for (const j of index.search(b[0], b[1], b[2], b[3])) {
      if (j <= i)
        continue
      for (const piece of intersection(kidGeoms[i]!, kidGeoms[j]!)) {
        if (!significant(piece, tol))
          continue
        const a = kids[i]!
        const other = kids[j]!
        const areaM2 = Math.round(polyArea(piece))
        problems.push({ feature: a.index, subject: subjectOf(a), kind: 'siblings-overlap', severity: 'error', message: `${subjectOf(a)} and ${subjectOf(other)} overlap by ${areaM2} m²`, params: { other: other.code, areaM2 }, location: inverse(pointInside(piece)) })
      }
    }
  })
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
  const lngs = placed.map(d => d.boundary.coordinates[0]![0]![0]![0]!)
  const frame = localFrame((Math.min(...lngs) + Math.max(...lngs)) / 2)
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
    groups.set(key, [...(groups.get(key) ?? []), d])
  }
  const problems: Problem[] = []
  for (const [parentCode, kids] of groups) {
    const kidGeoms = kids.map(k => plane.get(k.code)!)
    let all: MultiPoly
    try {
      all = union(kidGeoms[0]!, ...kidGeoms.slice(1))
    }
    catch {
      // polyclip-ts gives up on some degenerate inputs; the ring checks report those grids.
      continue
    }
    const parent = byCode.get(parentCode)
    if (parent)
      problems.push(...parentProblems(parent, plane.get(parentCode)!, kids, kidGeoms, all, tol, frame.inverse))
    problems.push(...overlapProblems(kids, kidGeoms, all, tol, frame.inverse))
  }
  return problems
}
