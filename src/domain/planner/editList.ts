// How the planner's clicks become a scenario's edit list: one edit per camera and property (a second
// rotation of the same camera replaces the first), and removing a camera the scenario added takes
// its addition and every edit of it away instead of leaving a remove behind.
import type { NewCamera, ScenarioEdit } from '../scenarios'

function target(e: ScenarioEdit): string {
  switch (e.kind) {
    case 'camera.add': return e.camera.id
    case 'route.add': return e.route.id
    case 'camera.move': case 'camera.rotate': case 'camera.widen': case 'camera.range': case 'camera.remove': return e.cameraId
    case 'route.schedule': case 'route.stops': case 'route.remove': return e.routeId
  }
}

/** The edits with `edit` in: replacing one of the same kind on the same camera or route, or appended. */
export function withEdit(edits: readonly ScenarioEdit[], edit: ScenarioEdit): ScenarioEdit[] {
  const id = target(edit)
  if (edit.kind === 'camera.remove' && edits.some(e => e.kind === 'camera.add' && e.camera.id === id))
    return edits.filter(e => target(e) !== id || !e.kind.startsWith('camera.'))
  if (edit.kind === 'route.remove' && edits.some(e => e.kind === 'route.add' && e.route.id === id))
    return edits.filter(e => target(e) !== id || !e.kind.startsWith('route.'))
  // Changes of a camera the scenario adds go into its addition, so the list stays one edit per camera.
  const add = edits.findIndex(e => e.kind === 'camera.add' && e.camera.id === id)
  if (add >= 0 && (edit.kind === 'camera.move' || edit.kind === 'camera.rotate' || edit.kind === 'camera.widen' || edit.kind === 'camera.range')) {
    const old = edits[add] as { kind: 'camera.add', camera: NewCamera }
    const camera: NewCamera = { ...old.camera }
    if (edit.kind === 'camera.move')
      camera.location = edit.location
    else if (edit.kind === 'camera.rotate')
      camera.bearing = edit.bearing
    else if (edit.kind === 'camera.widen')
      camera.fov = edit.fov
    else camera.rangeM = edit.rangeM
    return edits.map((e, i) => i === add ? { kind: 'camera.add', camera } : e)
  }
  const at = edits.findIndex(e => e.kind === edit.kind && target(e) === id)
  return at >= 0 ? edits.map((e, i) => (i === at ? edit : e)) : [...edits, edit]
}

/** The first free id `new-<n>` not in `taken`. */
export function nextNewId(taken: Iterable<string>): string {
  const used = new Set(taken)
  let n = 1
  while (used.has(`new-${n}`)) n++
  return `new-${n}`
}
