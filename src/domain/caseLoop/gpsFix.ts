// A position fix from the phone's GPS, judged before it places a report (issue 14). A fix whose
// accuracy radius is wider than the limit could put the case in the next group's grid, so the
// worker confirms it or places the point by hand; the limit is stated in the form.
import type { LngLat } from '../types'

/** The widest accuracy radius (metres, 68 % confidence as browsers report it) taken without asking. */
export const GPS_ACCURACY_LIMIT_M = 50

/** A fix: where (WGS 84, as navigator.geolocation reports it) and how sure, in metres. */
export interface GpsFix {
  location: LngLat
  accuracyM: number
}

/** 'good': place the report there; 'inaccurate': ask the worker first. Unknown accuracy counts as inaccurate. */
export function judgeFix(fix: GpsFix, limitM = GPS_ACCURACY_LIMIT_M): 'good' | 'inaccurate' {
  return Number.isFinite(fix.accuracyM) && fix.accuracyM >= 0 && fix.accuracyM <= limitM ? 'good' : 'inaccurate'
}

/** The fix from a GeolocationPosition's coordinates, or null when they are not a place on Earth. */
export function fixFromCoords(c: { longitude: number, latitude: number, accuracy: number }): GpsFix | null {
  if (!Number.isFinite(c.longitude) || !Number.isFinite(c.latitude) || Math.abs(c.latitude) > 90 || Math.abs(c.longitude) > 180)
    return null
  return { location: [c.longitude, c.latitude], accuracyM: c.accuracy }
}
