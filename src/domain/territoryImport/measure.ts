// Areas in square metres from WGS 84 boundaries, via an equal-area plane around the territory.
import type { MultiPolygon, Position } from 'geojson'
import type { LngLat } from '../types'
import { polygonArea } from './planar'

const R = 6_371_008.8
const RAD = Math.PI / 180

/** An equal-area plane around a longitude: x = R·Δλ·cos φ, y = R·φ (sinusoidal projection). */
export function localFrame(lng0: number): { forward: (p: Position) => [number, number], inverse: (p: [number, number]) => LngLat } {
  return {
    forward: p => [R * (p[0]! - lng0) * RAD * Math.cos(p[1]! * RAD), R * p[1]! * RAD],
    inverse: ([x, y]) => {
      const lat = y / R / RAD
      return [lng0 + x / (R * Math.cos(lat * RAD)) / RAD, lat]
    },
  }
}

/** Area of a WGS 84 MultiPolygon in m² (sinusoidal; within 0.1 % for a county-sized shape). */
export function areaM2(m: MultiPolygon): number {
  const first = m.coordinates[0]?.[0]?.[0]
  if (!first)
    return 0
  const { forward } = localFrame(first[0]!)
  return m.coordinates.reduce((s, poly) => s + polygonArea(poly.map(r => r.map(forward))), 0)
}
