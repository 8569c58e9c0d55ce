// A point as people read it in a chosen system: phones and camera platforms report WGS 84,
// GCJ-02 or BD-09, and the centre must be able to read and type each.
import type { DisplaySystem } from '~/domain/chinaCoords/shifted'
import type { LngLat } from '~/domain/types'
import { fromWgs84 } from '~/domain/chinaCoords/shifted'

/** "lng, lat" of a WGS 84 point, shown in `system`, to 6 decimals (about 10 cm). */
export function formatInSystem(p: LngLat, system: DisplaySystem): string {
  const [lng, lat] = fromWgs84(p, system)
  return `${lng.toFixed(6)}, ${lat.toFixed(6)}`
}
