// The duplicate hint shown while a case is being created: open cases of the same category
// close by are probably the same problem reported twice.
import type { CaseRecord, LngLat } from '../types'
import { distanceM } from '../geometry'

/** Default radius of the duplicate hint, metres. */
export const DUPLICATE_RADIUS_M = 200

/** A nearby open case and how far away it is. */
export interface NearbyCase<T> {
  case: T
  distanceM: number
}

/** Open (neither closed nor cancelled) cases of the category within `radiusM` (great-circle), nearest first. */
export function nearbyOpenCases<T extends Pick<CaseRecord, 'id' | 'status' | 'location' | 'categoryCode'>>(
  cases: Iterable<T>,
  query: { location: LngLat, categoryCode: string, excludeId?: string },
  radiusM = DUPLICATE_RADIUS_M,
): NearbyCase<T>[] {
  const out: NearbyCase<T>[] = []
  for (const c of cases) {
    if (c.categoryCode !== query.categoryCode || c.status === 'closed' || c.status === 'cancelled' || c.id === query.excludeId)
      continue
    const d = distanceM(query.location, c.location)
    if (d <= radiusM)
      out.push({ case: c, distanceM: d })
  }
  return out.sort((a, b) => a.distanceM - b.distanceM || (a.case.id < b.case.id ? -1 : a.case.id > b.case.id ? 1 : 0))
}
