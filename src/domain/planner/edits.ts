// What the proposed model must be told when the scenario changes: the cameras and routes that
// differ between the proposed set it holds and the new one, as the coverage engine's edits, so a
// what-if change restamps only the cells it touches.
import type { CoverageEdit } from '../coverage'
import type { ProposedSet } from '../scenarios'
import type { Camera, PatrolRoute } from '../types'

const cameraOf = ({ added: _a, ...c }: ProposedSet['cameras'][number]): Camera => c
const routeOf = ({ added: _a, stops: _s, ...r }: ProposedSet['routes'][number]): PatrolRoute => r
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Engine edits turning the model of `from` into the model of `to`. */
export function coverageEditsBetween(from: ProposedSet, to: ProposedSet): CoverageEdit[] {
  const out: CoverageEdit[] = []
  const fromCams = new Map(from.cameras.map(c => [c.id, cameraOf(c)]))
  const toCams = new Map(to.cameras.map(c => [c.id, cameraOf(c)]))
  for (const id of fromCams.keys()) {
    if (!toCams.has(id))
      out.push({ kind: 'removeCamera', id })
  }
  for (const [id, c] of toCams) {
    if (!same(fromCams.get(id), c))
      out.push({ kind: 'camera', camera: c })
  }
  const fromRoutes = new Map(from.routes.map(r => [r.id, routeOf(r)]))
  const toRoutes = new Map(to.routes.map(r => [r.id, routeOf(r)]))
  for (const id of fromRoutes.keys()) {
    if (!toRoutes.has(id))
      out.push({ kind: 'removeRoute', id })
  }
  for (const [id, r] of toRoutes) {
    if (!same(fromRoutes.get(id), r))
      out.push({ kind: 'route', route: r })
  }
  return out
}
