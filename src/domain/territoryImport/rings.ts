// Ring-level checks of one boundary, with the repairs that are safe because they cannot change
// which ground the grid covers: closing a ring, dropping repeated vertices, cutting off a spike
// (an out-and-back of zero width) and dropping a ring with no area. Self-intersections are
// reported, never "fixed": which side was meant is a decision for the person who drew it.
import type { MultiPolygon, Position } from 'geojson'
import type { LngLat } from '../types'
import type { Problem, ProblemKind, Repair } from './types'
import { selfIntersections } from './intersections'

/** A spike: the boundary turns back on itself by more than 179° (an angle under 1° at the tip). */
const SPIKE_COS = Math.cos((1 * Math.PI) / 180)

interface Finding { kind: ProblemKind, at: LngLat, detail: string, repair: Repair['kind'] | null }

const same = (a: Position, b: Position): boolean => a[0] === b[0] && a[1] === b[1]

function isSpike(prev: Position, tip: Position, next: Position): boolean {
  // Compare directions in a locally metric frame: a degree of longitude is cos(lat) as long.
  const k = Math.cos((tip[1]! * Math.PI) / 180)
  const ux = (prev[0]! - tip[0]!) * k
  const uy = prev[1]! - tip[1]!
  const vx = (next[0]! - tip[0]!) * k
  const vy = next[1]! - tip[1]!
  const lu = Math.hypot(ux, uy)
  const lv = Math.hypot(vx, vy)
  return lu > 0 && lv > 0 && (ux * vx + uy * vy) / (lu * lv) > SPIKE_COS
}

/** Cleans one ring; returns the closed, repaired ring (or null if nothing with area is left) and what was found. */
function cleanRing(ring: Position[], findings: Finding[], isOnlyShell: boolean): Position[] | null {
  if (ring.length === 0)
    return null
  let r = ring.map(p => [p[0]!, p[1]!])
  if (!same(r[0]!, r[r.length - 1]!)) {
    findings.push({ kind: 'ring-unclosed', at: [r[0]![0]!, r[0]![1]!], detail: 'a ring does not end where it starts', repair: 'close-ring' })
    r.push([...r[0]!])
  }
  const deduped: Position[] = [r[0]!]
  for (let i = 1; i < r.length; i++) {
    if (same(r[i]!, deduped[deduped.length - 1]!)) {
      findings.push({ kind: 'ring-duplicate-vertex', at: [r[i]![0]!, r[i]![1]!], detail: 'the same vertex twice in a row', repair: 'remove-duplicate-vertices' })
      continue
    }
    deduped.push(r[i]!)
  }
  r = deduped
  // Remove spikes until none is left: removing one tip can expose the next (A-B-C-B-A).
  let open = r.slice(0, -1)
  for (let changed = true; changed && open.length >= 3;) {
    changed = false
    for (let i = 0; i < open.length && open.length >= 3; i++) {
      const prev = open[(i - 1 + open.length) % open.length]!
      const next = open[(i + 1) % open.length]!
      if (isSpike(prev, open[i]!, next)) {
        findings.push({ kind: 'ring-spike', at: [open[i]![0]!, open[i]![1]!], detail: 'the boundary goes out and straight back (a spike)', repair: 'remove-spike' })
        open.splice(i, 1)
        // The neighbours of the removed tip may now be the same point: merge them.
        const j = (i - 1 + open.length) % open.length
        if (open.length > 1 && same(open[j]!, open[j + 1 === open.length ? 0 : j + 1]!))
          open.splice(j, 1)
        changed = true
        i = Math.max(-1, i - 2)
      }
    }
  }
  open = open.filter((p, i) => i === 0 || !same(p, open[i - 1]!))
  if (open.length < 3) {
    findings.push({ kind: 'ring-too-short', at: [ring[0]![0]!, ring[0]![1]!], detail: `a ring has ${open.length} distinct vertices; it needs at least 3`, repair: isOnlyShell ? null : 'drop-degenerate-ring' })
    return null
  }
  return [...open, [...open[0]!]]
}

/** Problems of one boundary's rings and, when all of them are repairable, the repaired boundary. */
export function checkRings(boundary: MultiPolygon, base: { feature: number, subject: string }): { problems: Problem[], repaired: MultiPolygon | null } {
  const findings: Finding[] = []
  const shells = boundary.coordinates.length
  const polygons: Position[][][] = []
  for (const polygon of boundary.coordinates) {
    const shell = polygon[0] ? cleanRing(polygon[0], findings, shells === 1) : null
    if (!shell)
      continue
    const holes = polygon.slice(1).map(h => cleanRing(h, findings, false)).filter((h): h is Position[] => h !== null)
    polygons.push([shell, ...holes])
  }
  const repairable = findings.every(f => f.repair !== null)
  const repaired: MultiPolygon | null = findings.length > 0 && repairable && polygons.length > 0 ? { type: 'MultiPolygon', coordinates: polygons } : null
  const problems: Problem[] = []
  // One problem per kind and feature, at its first place, with the count: a file with a thousand
  // duplicate vertices needs one line, not a thousand.
  const byKind = new Map<ProblemKind, Finding[]>()
  for (const f of findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f])
  for (const [kind, list] of byKind) {
    const first = list[0]!
    const repairKind = first.repair
    problems.push({
      ...base,
      kind,
      severity: kind === 'ring-duplicate-vertex' ? 'warning' : 'error',
      message: `${base.subject}: ${first.detail}${list.length > 1 ? ` (${list.length} places)` : ''}`,
      params: { count: list.length },
      location: first.at,
      ...(repaired && repairKind ? { repair: { kind: repairKind, boundary: repaired } } : {}),
    })
  }
  // Crossings are looked for in the cleaned rings, so a spike is not also reported as one.
  const cleaned: MultiPolygon = { type: 'MultiPolygon', coordinates: polygons }
  const crossings = selfIntersections(cleaned)
  if (crossings.length > 0) {
    problems.push({
      ...base,
      kind: 'ring-self-intersection',
      severity: 'error',
      message: `${base.subject}: the boundary crosses itself at ${crossings[0]![0].toFixed(6)}, ${crossings[0]![1].toFixed(6)}${crossings.length > 1 ? ` and ${crossings.length - 1} more place${crossings.length > 2 ? 's' : ''}` : ''}; redraw it there`,
      params: { count: crossings.length },
      location: crossings[0]!,
    })
  }
  return { problems, repaired }
}
