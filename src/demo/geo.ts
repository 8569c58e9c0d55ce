// Small exact geometry helpers on [lng, lat] rings, shared by the generator's placement steps.
import type { LngLat } from '~/domain/types'

export { pointInRing } from '~/domain/geometry'

/** Shortest distance from p to the ring's edges, in metres (local equirectangular scale). */
export function distanceToRingM(p: LngLat, ring: readonly LngLat[]): number {
  const kx = 111320 * Math.cos(p[1] * Math.PI / 180)
  const ky = 110574
  let best = Infinity
  for (let i = 0; i < ring.length - 1; i++) {
    const ax = (ring[i]![0] - p[0]) * kx
    const ay = (ring[i]![1] - p[1]) * ky
    const bx = (ring[i + 1]![0] - p[0]) * kx
    const by = (ring[i + 1]![1] - p[1]) * ky
    const dx = bx - ax
    const dy = by - ay
    const len2 = dx * dx + dy * dy
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2))
    const ex = ax + t * dx
    const ey = ay + t * dy
    const d = Math.sqrt(ex * ex + ey * ey)
    if (d < best)
      best = d
  }
  return best
}

/** Initial bearing from a to b in degrees clockwise from north, in [0, 360). */
export function bearingDeg(a: LngLat, b: LngLat): number {
  const kx = Math.cos((a[1] + b[1]) / 2 * Math.PI / 180)
  const deg = Math.atan2((b[0] - a[0]) * kx, b[1] - a[1]) * 180 / Math.PI
  return (deg + 360) % 360
}

const EARTH_RADIUS_M = 6371008.8

/**
 * Area of a closed [lng, lat] ring on a spherical Earth, km² (positive for counter-clockwise
 * rings): the usual line-integral formula, as in turf's area, to well under 0.1% for grids.
 */
export function ringAreaKm2(ring: readonly LngLat[]): number {
  const n = ring.length - 1
  if (n < 3)
    return 0
  const rad = Math.PI / 180
  let total = 0
  for (let i = 0; i < n; i++) {
    const prev = ring[(i + n - 1) % n]!
    const here = ring[i]!
    const next = ring[(i + 1) % n]!
    total += (next[0] - prev[0]) * rad * Math.sin(here[1] * rad)
  }
  return -total * EARTH_RADIUS_M * EARTH_RADIUS_M / 2 / 1e6
}
