// A local planar frame (kilometres east and north of a centre) for building the demo township.
// An equirectangular approximation is plenty for a 10 km territory and keeps every step cheap
// and exactly repeatable; only the final output is converted to WGS 84.
import type { LngLat } from '~/domain/types'

const KM_PER_DEG_LAT = 110.574
const KM_PER_DEG_LNG_EQUATOR = 111.32

/** A point in the local frame, kilometres [east, north] of the frame's centre. */
export type Planar = [number, number]

/** Converts between the local frame and WGS 84 around a fixed centre. */
export class LocalProjection {
  private readonly kmPerDegLng: number

  constructor(readonly center: LngLat) {
    this.kmPerDegLng = KM_PER_DEG_LNG_EQUATOR * Math.cos(center[1] * Math.PI / 180)
  }

  /** Local kilometres to [lng, lat], rounded to 6 decimals (about 0.1 m). */
  toLngLat(p: Planar): LngLat {
    return [round6(this.center[0] + p[0] / this.kmPerDegLng), round6(this.center[1] + p[1] / KM_PER_DEG_LAT)]
  }

  /** [lng, lat] to local kilometres. */
  toPlanar(p: LngLat): Planar {
    return [(p[0] - this.center[0]) * this.kmPerDegLng, (p[1] - this.center[1]) * KM_PER_DEG_LAT]
  }
}

/** Rounds to 6 decimals, the precision every demo coordinate is published at. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6
}

/** Distance between two planar points, in kilometres. */
export function planarDistance(a: Planar, b: Planar): number {
  const dx = a[0] - b[0]
  const dy = a[1] - b[1]
  return Math.sqrt(dx * dx + dy * dy)
}
