// The three shapes the engine samples, each as runs of raster cells and as an exact point test
// that agrees with them: polygons (grids), capsules (a route's reach: every point within d of a
// segment) and sectors (a camera's view). Rings are flat [x0, y0, x1, y1, …] in metres, not closed.
import type { RasterFrame, SpanSink } from './raster'
import { emitClosed, emitHalfOpen, firstRowAtOrAbove, lastRowAtOrBelow, rowCentre } from './raster'

/** A ring as flat coordinates [x0, y0, x1, y1, …] in metres; the closing point is not repeated. */
export type FlatRing = Float64Array

/**
 * Emits the cells whose centres lie inside a set of rings under the even-odd rule (outer rings
 * and holes of a MultiPolygon together), each cell once.
 */
export function polygonSpans(f: RasterFrame, rings: readonly FlatRing[], sink: SpanSink): void {
  let minY = Infinity
  let maxY = -Infinity
  for (const r of rings) {
    for (let i = 1; i < r.length; i += 2) {
      minY = Math.min(minY, r[i]!)
      maxY = Math.max(maxY, r[i]!)
    }
  }
  const r0 = Math.max(0, firstRowAtOrAbove(f, minY))
  const r1 = Math.min(f.height - 1, lastRowAtOrBelow(f, maxY))
  if (r0 > r1)
    return
  const rows = r1 - r0 + 1
  // Two passes: count crossings per row, then place them, so no row needs its own array.
  const start = new Int32Array(rows + 1)
  forEachCrossing(f, rings, r0, r1, (row) => {
    start[row - r0 + 1]!++
  })
  for (let i = 0; i < rows; i++)
    start[i + 1]! += start[i]!
  const xs = new Float64Array(start[rows]!)
  const fill = start.slice(0, rows)
  forEachCrossing(f, rings, r0, r1, (row, x) => {
    xs[fill[row - r0]!++] = x
  })
  for (let i = 0; i < rows; i++) {
    const a = start[i]!
    const b = start[i + 1]!
    if (b - a < 2)
      continue
    const part = xs.subarray(a, b)
    part.sort()
    for (let k = 0; k + 1 < part.length; k += 2)
      emitHalfOpen(f, r0 + i, part[k]!, part[k + 1]!, sink)
  }
}

// Each edge crosses the centre lines of the rows whose centre y is in [min y, max y).
function forEachCrossing(f: RasterFrame, rings: readonly FlatRing[], r0: number, r1: number, on: (row: number, x: number) => void): void {
  for (const r of rings) {
    const n = r.length / 2
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1
      const ax = r[2 * i]!
      const ay = r[2 * i + 1]!
      const bx = r[2 * j]!
      const by = r[2 * j + 1]!
      if (ay === by)
        continue
      const lo = Math.min(ay, by)
      const hi = Math.max(ay, by)
      const from = Math.max(r0, firstRowAtOrAbove(f, lo))
      const to = Math.min(r1, firstRowAtOrAbove(f, hi) - 1)
      const slope = (bx - ax) / (by - ay)
      for (let row = from; row <= to; row++)
        on(row, ax + (rowCentre(f, row) - ay) * slope)
    }
  }
}

/** Even-odd point in rings, with the same half-open rule as polygonSpans. */
export function insideRings(rings: readonly FlatRing[], x: number, y: number): boolean {
  let inside = false
  for (const r of rings) {
    const n = r.length / 2
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const ay = r[2 * i + 1]!
      const by = r[2 * j + 1]!
      if ((ay <= y) !== (by <= y)) {
        const ax = r[2 * i]!
        const bx = r[2 * j]!
        // Crossing at or right of the point flips, matching the [lo, hi) cell-centre runs.
        if (x < ax + (y - ay) * (bx - ax) / (by - ay))
          inside = !inside
      }
    }
  }
  return inside
}

/**
 * The x-interval where the horizontal line at `y` meets the capsule of radius d around segment
 * AB, written to out[0..1]; false when it misses. The capsule is convex, so this is the hull of
 * its two end disks and the rectangle along the segment.
 */
export function capsuleInterval(ax: number, ay: number, bx: number, by: number, d: number, y: number, out: Float64Array): boolean {
  let lo = Infinity
  let hi = -Infinity
  const da = y - ay
  if (da >= -d && da <= d) {
    const w = Math.sqrt(d * d - da * da)
    lo = ax - w
    hi = ax + w
  }
  const db = y - by
  if (db >= -d && db <= d) {
    const w = Math.sqrt(d * d - db * db)
    lo = Math.min(lo, bx - w)
    hi = Math.max(hi, bx + w)
  }
  const len = Math.hypot(bx - ax, by - ay)
  if (len > 0) {
    // Rectangle {A + s·u + t·n : 0 ≤ s ≤ len, |t| ≤ d} with n = (−uy, ux); on the line, s·uy + t·ux = c.
    const ux = (bx - ax) / len
    const uy = (by - ay) / len
    const c = y - ay
    // The line meets the rectangle's ends (s = 0, len) and its long sides (t = ∓d); unrolled, as
    // this runs once per row of every segment of every route.
    if (ux !== 0) {
      const t0 = c / ux
      if (t0 >= -d && t0 <= d) {
        const x = ax - t0 * uy
        lo = Math.min(lo, x)
        hi = Math.max(hi, x)
      }
      const t1 = (c - len * uy) / ux
      if (t1 >= -d && t1 <= d) {
        const x = ax + len * ux - t1 * uy
        lo = Math.min(lo, x)
        hi = Math.max(hi, x)
      }
    }
    if (uy !== 0) {
      const s0 = (c + d * ux) / uy
      if (s0 >= 0 && s0 <= len) {
        const x = ax + s0 * ux + d * uy
        lo = Math.min(lo, x)
        hi = Math.max(hi, x)
      }
      const s1 = (c - d * ux) / uy
      if (s1 >= 0 && s1 <= len) {
        const x = ax + s1 * ux - d * uy
        lo = Math.min(lo, x)
        hi = Math.max(hi, x)
      }
    }
  }
  if (lo > hi)
    return false
  out[0] = lo
  out[1] = hi
  return true
}

/** Distance from a point to segment AB. */
export function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax
  const dy = by - ay
  const l2 = dx * dx + dy * dy
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

/**
 * Emits the cells within d of a polyline (flat [x0, y0, …]), each cell once however often the
 * line doubles back: per row the capsules' intervals are merged before they become cells.
 */
export function reachSpans(f: RasterFrame, path: FlatRing, d: number, sink: SpanSink): void {
  const n = path.length / 2
  let minY = Infinity
  let maxY = -Infinity
  for (let i = 1; i < path.length; i += 2) {
    minY = Math.min(minY, path[i]!)
    maxY = Math.max(maxY, path[i]!)
  }
  const r0 = Math.max(0, firstRowAtOrAbove(f, minY - d))
  const r1 = Math.min(f.height - 1, lastRowAtOrBelow(f, maxY + d))
  if (r0 > r1)
    return
  const rows = r1 - r0 + 1
  const segRows = (i: number): [number, number] => {
    const ya = path[2 * i + 1]!
    const yb = path[2 * i + 3]!
    return [Math.max(r0, firstRowAtOrAbove(f, Math.min(ya, yb) - d)), Math.min(r1, lastRowAtOrBelow(f, Math.max(ya, yb) + d))]
  }
  const start = new Int32Array(rows + 1)
  for (let i = 0; i + 1 < n; i++) {
    const [a, b] = segRows(i)
    for (let row = a; row <= b; row++)
      start[row - r0 + 1]!++
  }
  for (let i = 0; i < rows; i++)
    start[i + 1]! += start[i]!
  const los = new Float64Array(start[rows]!)
  const his = new Float64Array(start[rows]!)
  const fill = start.slice(0, rows)
  const iv = new Float64Array(2)
  for (let i = 0; i + 1 < n; i++) {
    const [a, b] = segRows(i)
    const ax = path[2 * i]!
    const ay = path[2 * i + 1]!
    const bx = path[2 * i + 2]!
    const by = path[2 * i + 3]!
    for (let row = a; row <= b; row++) {
      const k = fill[row - r0]!++
      if (capsuleInterval(ax, ay, bx, by, d, rowCentre(f, row), iv)) {
        los[k] = iv[0]!
        his[k] = iv[1]!
      }
      else {
        los[k] = Infinity
        his[k] = -Infinity
      }
    }
  }
  const order = new Int32Array(start[rows]!)
  for (let i = 0; i < rows; i++) {
    const a = start[i]!
    const b = start[i + 1]!
    // A row meets a few segments: insertion sort by left end beats a sort call with a comparator.
    let m = 0
    for (let k = a; k < b; k++) {
      if (los[k]! > his[k]!)
        continue
      let j = m++
      while (j > 0 && los[order[j - 1]!]! > los[k]!) {
        order[j] = order[j - 1]!
        j--
      }
      order[j] = k
    }
    let curLo = Infinity
    let curHi = -Infinity
    for (let o = 0; o < m; o++) {
      const k = order[o]!
      if (los[k]! > curHi) {
        if (curLo <= curHi)
          emitClosed(f, r0 + i, curLo, curHi, sink)
        curLo = los[k]!
        curHi = his[k]!
      }
      else if (his[k]! > curHi) {
        curHi = his[k]!
      }
    }
    if (curLo <= curHi)
      emitClosed(f, r0 + i, curLo, curHi, sink)
  }
}

/** A camera's view in the metric frame: apex, bearing clockwise from north, field of view and range. */
export interface PlanarSector {
  x: number
  y: number
  bearingDeg: number
  fovDeg: number
  rangeM: number
}

// Edge directions of the view: the left edge at bearing − fov/2, the right at bearing + fov/2.
function sectorEdges(s: PlanarSector): [number, number, number, number] {
  const l = (s.bearingDeg - s.fovDeg / 2) * Math.PI / 180
  const r = (s.bearingDeg + s.fovDeg / 2) * Math.PI / 180
  return [Math.sin(l), Math.cos(l), Math.sin(r), Math.cos(r)]
}

// Half-plane {v : side·cross(d, v) ≤ 0} met with the line y: an x-interval (maybe unbounded or empty).
function halfPlaneOnRow(dx: number, dy: number, side: number, cx: number, vy: number, out: Float64Array): void {
  // side·(dx·vy − dy·(x − cx)) ≤ 0  ⇔  side·dy·(x − cx) ≥ side·dx·vy
  const a = side * dy
  const b = side * dx * vy
  if (a > 0) {
    out[0] = cx + b / a
    out[1] = Infinity
  }
  else if (a < 0) {
    out[0] = -Infinity
    out[1] = cx + b / a
  }
  else {
    out[0] = b <= 0 ? -Infinity : Infinity
    out[1] = b <= 0 ? Infinity : -Infinity
  }
}

/** Emits the cells whose centres are in view: within range and inside the field of view. */
export function sectorSpans(f: RasterFrame, s: PlanarSector, sink: SpanSink): void {
  const r = s.rangeM
  const r0 = Math.max(0, firstRowAtOrAbove(f, s.y - r))
  const r1 = Math.min(f.height - 1, lastRowAtOrBelow(f, s.y + r))
  const [lx, ly, rx, ry] = sectorEdges(s)
  const full = s.fovDeg >= 360
  const wide = s.fovDeg > 180
  const hl = new Float64Array(2)
  const hr = new Float64Array(2)
  for (let row = r0; row <= r1; row++) {
    const vy = rowCentre(f, row) - s.y
    if (vy * vy > r * r)
      continue
    const w = Math.sqrt(r * r - vy * vy)
    const lo = s.x - w
    const hi = s.x + w
    if (full) {
      emitClosed(f, row, lo, hi, sink)
      continue
    }
    // Clockwise of the left edge: cross(dL, v) ≤ 0; anticlockwise of the right edge: cross(dR, v) ≥ 0.
    halfPlaneOnRow(lx, ly, 1, s.x, vy, hl)
    halfPlaneOnRow(rx, ry, -1, s.x, vy, hr)
    if (!wide) {
      const a = Math.max(lo, hl[0]!, hr[0]!)
      const b = Math.min(hi, hl[1]!, hr[1]!)
      if (a <= b)
        emitClosed(f, row, a, b, sink)
      continue
    }
    // Wider than a half-plane: the view is the union of the two half-planes.
    const a1 = Math.max(lo, hl[0]!)
    const b1 = Math.min(hi, hl[1]!)
    const a2 = Math.max(lo, hr[0]!)
    const b2 = Math.min(hi, hr[1]!)
    const has1 = a1 <= b1
    const has2 = a2 <= b2
    if (has1 && has2 && a2 <= b1 && a1 <= b2) {
      emitClosed(f, row, Math.min(a1, a2), Math.max(b1, b2), sink)
      continue
    }
    if (has1)
      emitClosed(f, row, a1, b1, sink)
    if (has2)
      emitClosed(f, row, a2, b2, sink)
  }
}

/** Whether a point is in view, by the same rule as sectorSpans. */
export function inSector(s: PlanarSector, x: number, y: number): boolean {
  const vx = x - s.x
  const vy = y - s.y
  if (vx * vx + vy * vy > s.rangeM * s.rangeM)
    return false
  if (s.fovDeg >= 360)
    return true
  const [lx, ly, rx, ry] = sectorEdges(s)
  const clockwiseOfLeft = lx * vy - ly * vx <= 0
  const anticlockwiseOfRight = rx * vy - ry * vx >= 0
  return s.fovDeg > 180 ? clockwiseOfLeft || anticlockwiseOfRight : clockwiseOfLeft && anticlockwiseOfRight
}
