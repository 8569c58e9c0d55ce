// The engine's local metric frame: metres east (x) and north (y) of the territory's centre.
// Lambert azimuthal equal-area on a sphere of the ellipsoid's Gaussian radius at the centre,
// rescaled so one metre east and one metre north are true WGS 84 metres there. Areas are then
// exact to about 1e-5 and distances to about 1e-4 across a county (≤ 60 km from the centre),
// which a plain equirectangular frame (0.4 % off at a county's edge) is not.
import type { LngLat } from '../types'

const A = 6_378_137
const E2 = 0.006_694_379_990_14
const RAD = Math.PI / 180

/** Converts between WGS 84 and the local metric frame around a fixed centre. */
export class LocalMetricProjection {
  private readonly sinPhi0: number
  private readonly cosPhi0: number
  private readonly lambda0: number
  /** Gaussian radius of curvature at the centre, metres. */
  private readonly radius: number
  private readonly sx: number
  private readonly sy: number

  constructor(readonly center: LngLat) {
    const phi0 = center[1] * RAD
    this.sinPhi0 = Math.sin(phi0)
    this.cosPhi0 = Math.cos(phi0)
    this.lambda0 = center[0] * RAD
    const w = 1 - E2 * this.sinPhi0 * this.sinPhi0
    const meridian = A * (1 - E2) / (w * Math.sqrt(w))
    const primeVertical = A / Math.sqrt(w)
    this.radius = Math.sqrt(meridian * primeVertical)
    this.sx = Math.sqrt(primeVertical / meridian)
    this.sy = 1 / this.sx
  }

  /** [lng, lat] to metres [east, north]; writes into `out` when given (no allocation). */
  forward(lng: number, lat: number, out: [number, number] = [0, 0]): [number, number] {
    const phi = lat * RAD
    const dl = lng * RAD - this.lambda0
    const sinPhi = Math.sin(phi)
    const cosPhi = Math.cos(phi)
    const cosDl = Math.cos(dl)
    const k = Math.sqrt(2 / (1 + this.sinPhi0 * sinPhi + this.cosPhi0 * cosPhi * cosDl))
    out[0] = this.radius * this.sx * k * cosPhi * Math.sin(dl)
    out[1] = this.radius * this.sy * k * (this.cosPhi0 * sinPhi - this.sinPhi0 * cosPhi * cosDl)
    return out
  }

  /** Metres [east, north] back to [lng, lat]. */
  inverse(x: number, y: number): LngLat {
    const u = x / (this.radius * this.sx)
    const v = y / (this.radius * this.sy)
    const rho = Math.sqrt(u * u + v * v)
    if (rho === 0)
      return [this.center[0], this.center[1]]
    const c = 2 * Math.asin(Math.min(1, rho / 2))
    const sinC = Math.sin(c)
    const cosC = Math.cos(c)
    const phi = Math.asin(cosC * this.sinPhi0 + v * sinC * this.cosPhi0 / rho)
    const lambda = this.lambda0 + Math.atan2(u * sinC, rho * this.cosPhi0 * cosC - v * this.sinPhi0 * sinC)
    return [lambda / RAD, phi / RAD]
  }
}
