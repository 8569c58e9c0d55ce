// GCJ-02 ("Mars coordinates", used by Gaode/AMap, Tencent and most Chinese web maps) and BD-09
// (Baidu) are WGS 84 with a deliberate non-linear offset of a few hundred metres. The forward
// formulas are the widely published ones (the reference is googollee/eviltransform, whose test
// vectors src/domain/chinaCoords/shifted.test.ts checks); the inverses have no closed form, so they
// iterate the forward formula until it reproduces the input to under a millimetre.
import type { LngLat } from '../types'

/** A datum shift applied by Chinese web maps on top of WGS 84. */
export type ShiftedSystem = 'gcj02' | 'bd09'

/** Every coordinate system a point can be given in: plain WGS 84, GCJ-02 or BD-09. */
export type DisplaySystem = 'wgs84' | ShiftedSystem

// The bounding rectangle inside which the reference algorithm applies the offset; outside it
// GCJ-02 equals WGS 84. Kept identical to the reference so points near the border agree with it.
const REGION = { west: 72.004, east: 137.8347, south: 0.8293, north: 55.8271 }

/** True when the GCJ-02 offset applies at this point (the reference algorithm's rectangle). */
export function isInGcjRegion([lng, lat]: LngLat): boolean {
  return lng >= REGION.west && lng <= REGION.east && lat >= REGION.south && lat <= REGION.north
}

// Krasovsky 1940 ellipsoid: the offset is defined on it, whatever datum the input uses.
const A = 6378245.0
const EE = 0.006693421622965943

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function offsetLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

/** WGS 84 → GCJ-02. Points outside the region are returned unchanged, as the reference does. */
export function wgs84ToGcj02(p: LngLat): LngLat {
  const [lng, lat] = p
  if (!isInGcjRegion(p))
    return [lng, lat]
  const radLat = (lat / 180) * Math.PI
  const s = Math.sin(radLat)
  const magic = 1 - EE * s * s
  const sqrtMagic = Math.sqrt(magic)
  const dLat = (offsetLat(lng - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  const dLng = (offsetLng(lng - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return [lng + dLng, lat + dLat]
}

const X_PI = (Math.PI * 3000) / 180

/** GCJ-02 → BD-09 (Baidu's extra rotation and offset on top of GCJ-02). */
export function gcj02ToBd09([lng, lat]: LngLat): LngLat {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI)
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI)
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006]
}

// 1e-9° is about 0.1 mm; the offset fields are smooth, so fixed-point iteration converges in a
// handful of steps (each one divides the error by ~100 for GCJ-02).
const INVERSE_TOLERANCE_DEG = 1e-9
const MAX_ITERATIONS = 30

function invert(forward: (p: LngLat) => LngLat, target: LngLat, start: LngLat): LngLat {
  let x: LngLat = [start[0], start[1]]
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const f = forward(x)
    const dx = f[0] - target[0]
    const dy = f[1] - target[1]
    x = [x[0] - dx, x[1] - dy]
    if (Math.abs(dx) < INVERSE_TOLERANCE_DEG && Math.abs(dy) < INVERSE_TOLERANCE_DEG)
      break
  }
  return x
}

/** GCJ-02 → WGS 84, iterated to under a millimetre (the one-step inverse errs by up to ~2 m). */
export function gcj02ToWgs84(p: LngLat): LngLat {
  if (!isInGcjRegion(p))
    return [p[0], p[1]]
  return invert(wgs84ToGcj02, p, p)
}

/** BD-09 → GCJ-02, iterated (the published closed-form inverse errs by up to a few decimetres). */
export function bd09ToGcj02(p: LngLat): LngLat {
  return invert(gcj02ToBd09, p, [p[0] - 0.0065, p[1] - 0.006])
}

/** WGS 84 → BD-09. */
export function wgs84ToBd09(p: LngLat): LngLat {
  return gcj02ToBd09(wgs84ToGcj02(p))
}

/** BD-09 → WGS 84. */
export function bd09ToWgs84(p: LngLat): LngLat {
  return gcj02ToWgs84(bd09ToGcj02(p))
}

/** Converts a point from any display system into WGS 84. */
export function toWgs84(p: LngLat, from: DisplaySystem): LngLat {
  return from === 'wgs84' ? [p[0], p[1]] : from === 'gcj02' ? gcj02ToWgs84(p) : bd09ToWgs84(p)
}

/** Converts a WGS 84 point into any display system. */
export function fromWgs84(p: LngLat, to: DisplaySystem): LngLat {
  return to === 'wgs84' ? [p[0], p[1]] : to === 'gcj02' ? wgs84ToGcj02(p) : wgs84ToBd09(p)
}
