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

/**
 * The inverse projection by bilinear interpolation between exact nodes every `stepM` metres over
 * a box, computed as first needed (exact outside the box). The frame's curvature bends lines by
 * under 1 mm between nodes 250 m apart across a county, and the lookup is several times cheaper
 * than the trigonometry, for the many vertices of blind-spot outlines.
 */
export class LatticeInverse {
  private readonly cols: number
  private readonly rows: number
  /** [lng, lat] of node (i, j) at 2·(j·cols + i); NaN until computed. */
  private readonly nodes: Float64Array

  constructor(private readonly projection: LocalMetricProjection, private readonly x0: number, private readonly y0: number, x1: number, y1: number, private readonly stepM = 250) {
    this.cols = Math.max(2, Math.ceil((x1 - x0) / stepM) + 1)
    this.rows = Math.max(2, Math.ceil((y1 - y0) / stepM) + 1)
    this.nodes = new Float64Array(2 * this.cols * this.rows).fill(Number.NaN)
  }

  private node(i: number, j: number): number {
    const k = 2 * (j * this.cols + i)
    if (Number.isNaN(this.nodes[k]!)) {
      const [lng, lat] = this.projection.inverse(this.x0 + i * this.stepM, this.y0 + j * this.stepM)
      this.nodes[k] = lng
      this.nodes[k + 1] = lat
    }
    return k
  }

  /** Metres [east, north] to [lng, lat], written into `out` at `at`. */
  inverseInto(x: number, y: number, out: Float64Array, at: number): void {
    const u = (x - this.x0) / this.stepM
    const v = (y - this.y0) / this.stepM
    const i = Math.floor(u)
    const j = Math.floor(v)
    if (i < 0 || j < 0 || i + 1 >= this.cols || j + 1 >= this.rows) {
      const [lng, lat] = this.projection.inverse(x, y)
      out[at] = lng
      out[at + 1] = lat
      return
    }
    const fu = u - i
    const fv = v - j
    const n = this.nodes
    const a = this.node(i, j)
    const b = this.node(i + 1, j)
    const c = this.node(i, j + 1)
    const d = this.node(i + 1, j + 1)
    out[at] = (n[a]! * (1 - fu) + n[b]! * fu) * (1 - fv) + (n[c]! * (1 - fu) + n[d]! * fu) * fv
    out[at + 1] = (n[a + 1]! * (1 - fu) + n[b + 1]! * fu) * (1 - fv) + (n[c + 1]! * (1 - fu) + n[d + 1]! * fu) * fv
  }
}
