// Self-intersections of a MultiPolygon's rings: a sweep over segments sorted by their west end,
// so a 5,000-vertex township outline costs a sort, not 25 million segment pairs.
import type { MultiPolygon, Position } from 'geojson'
import type { LngLat } from '../types'

interface Segment {
  ring: number
  i: number
  /** Number of segments in the ring, to tell neighbours apart (the last touches the first). */
  n: number
  ax: number
  ay: number
  bx: number
  by: number
  minX: number
  maxX: number
  minY: number
  maxY: number
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
  return v > 0 ? 1 : v < 0 ? -1 : 0
}

function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by)
}

/** Where two segments meet: 'cross' at an interior point, 'touch' at an endpoint, 'overlap' collinearly, or null. */
function meet(s: Segment, t: Segment): { kind: 'cross' | 'touch' | 'overlap', at: LngLat } | null {
  const o1 = orient(s.ax, s.ay, s.bx, s.by, t.ax, t.ay)
  const o2 = orient(s.ax, s.ay, s.bx, s.by, t.bx, t.by)
  const o3 = orient(t.ax, t.ay, t.bx, t.by, s.ax, s.ay)
  const o4 = orient(t.ax, t.ay, t.bx, t.by, s.bx, s.by)
  if (o1 === 0 && o2 === 0) {
    // Collinear: overlapping if the projections share more than a point.
    const horizontal = Math.abs(s.bx - s.ax) >= Math.abs(s.by - s.ay)
    const [s0, s1] = horizontal ? [Math.min(s.ax, s.bx), Math.max(s.ax, s.bx)] : [Math.min(s.ay, s.by), Math.max(s.ay, s.by)]
    const [t0, t1] = horizontal ? [Math.min(t.ax, t.bx), Math.max(t.ax, t.bx)] : [Math.min(t.ay, t.by), Math.max(t.ay, t.by)]
    const lo = Math.max(s0, t0)
    const hi = Math.min(s1, t1)
    if (hi > lo) {
      const at: LngLat = horizontal
        ? [(lo + hi) / 2, s.ay + ((s.by - s.ay) * ((lo + hi) / 2 - s.ax)) / (s.bx - s.ax || 1)]
        : [s.ax + ((s.bx - s.ax) * ((lo + hi) / 2 - s.ay)) / (s.by - s.ay || 1), (lo + hi) / 2]
      return { kind: 'overlap', at }
    }
    if (hi === lo)
      return { kind: 'touch', at: horizontal ? [lo, s.ay] : [s.ax, lo] }
    return null
  }
  if (o1 !== o2 && o3 !== o4) {
    if (o1 === 0 || o2 === 0 || o3 === 0 || o4 === 0) {
      const at: LngLat = o1 === 0 ? [t.ax, t.ay] : o2 === 0 ? [t.bx, t.by] : o3 === 0 ? [s.ax, s.ay] : [s.bx, s.by]
      return { kind: 'touch', at }
    }
    const d = (s.bx - s.ax) * (t.by - t.ay) - (s.by - s.ay) * (t.bx - t.ax)
    const u = ((t.ax - s.ax) * (t.by - t.ay) - (t.ay - s.ay) * (t.bx - t.ax)) / d
    return { kind: 'cross', at: [s.ax + u * (s.bx - s.ax), s.ay + u * (s.by - s.ay)] }
  }
  if (o1 === 0 && onSegment(s.ax, s.ay, s.bx, s.by, t.ax, t.ay))
    return { kind: 'touch', at: [t.ax, t.ay] }
  if (o2 === 0 && onSegment(s.ax, s.ay, s.bx, s.by, t.bx, t.by))
    return { kind: 'touch', at: [t.bx, t.by] }
  return null
}

/**
 * Points where the boundary crosses itself: any contact of two non-neighbouring segments of one
 * ring, or a crossing or collinear overlap between different rings (two rings may touch at a
 * point, as OGC allows for holes). Rings must be closed. At most `limit` points are returned.
 */
export function selfIntersections(g: MultiPolygon, limit = 20): LngLat[] {
  const segments: Segment[] = []
  let ring = 0
  for (const polygon of g.coordinates) {
    for (const r of polygon as Position[][]) {
      const n = r.length - 1
      for (let i = 0; i < n; i++) {
        const [ax, ay] = r[i] as [number, number]
        const [bx, by] = r[i + 1] as [number, number]
        segments.push({ ring, i, n, ax, ay, bx, by, minX: Math.min(ax, bx), maxX: Math.max(ax, bx), minY: Math.min(ay, by), maxY: Math.max(ay, by) })
      }
      ring++
    }
  }
  segments.sort((a, b) => a.minX - b.minX)
  const out: LngLat[] = []
  for (let a = 0; a < segments.length && out.length < limit; a++) {
    const s = segments[a]!
    for (let b = a + 1; b < segments.length && segments[b]!.minX <= s.maxX; b++) {
      const t = segments[b]!
      if (t.minY > s.maxY || t.maxY < s.minY)
        continue
      const sameRing = s.ring === t.ring
      const neighbours = sameRing && (Math.abs(s.i - t.i) === 1 || Math.abs(s.i - t.i) === s.n - 1)
      const m = meet(s, t)
      if (!m)
        continue
      // Neighbours always share their common vertex; only a fold back along each other counts.
      if (neighbours ? m.kind === 'overlap' : sameRing || m.kind !== 'touch') {
        out.push(m.at)
        if (out.length >= limit)
          break
      }
    }
  }
  return out
}
