// A synthetic territory for tests and the benchmark: townships split into villages split into
// villager groups, laid on one lattice of wiggled points so that neighbours share every vertex
// exactly (no gaps, no overlaps), as a clean survey file would.
import type { MultiPolygon, Position } from 'geojson'
import type { LngLat } from '../../types'
import type { TerritoryGrid } from '../pipeline'

export interface SyntheticOptions {
  county?: string
  /** South-west corner, WGS 84. */
  origin?: LngLat
  /** Townships across and down. */
  townships?: [number, number]
  /** Villages per township, across and down. */
  villages?: [number, number]
  /** Groups per village, across and down. */
  groups?: [number, number]
  /** Lattice steps along a group's side (its outline has 4 × this many vertices). */
  steps?: number
  /** Metres per lattice step. */
  stepM?: number
}

const pad = (n: number): string => String(n).padStart(3, '0')
const DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const cn = (n: number): string => (n <= 10 ? DIGITS[n - 1]! : `${DIGITS[Math.floor(n / 10) - 1]!}十${n % 10 ? DIGITS[(n % 10) - 1]! : ''}`).replace(/^一十/, '十')

/** The lattice a synthetic territory is cut from: outlines of lattice rectangles and where each group lies. */
export function syntheticLattice(o: SyntheticOptions = {}): {
  /** The outline of lattice cells [i0, i1) × [j0, j1), counter-clockwise, vertex on every lattice point. */
  rect: (i0: number, j0: number, i1: number, j1: number) => MultiPolygon
  /** South-west lattice point of group g (0-based) of village v of township t. */
  groupAt: (t: number, v: number, g: number) => [number, number]
  steps: number
} {
  const [lng0, lat0] = o.origin ?? [120.0, 30.3]
  const [tx] = o.townships ?? [1, 1]
  const [vx, vy] = o.villages ?? [2, 2]
  const [gx, gy] = o.groups ?? [2, 2]
  const steps = o.steps ?? 4
  const dLat = (o.stepM ?? 50) / 111_320
  const dLng = dLat / Math.cos((lat0 * Math.PI) / 180)
  // Each lattice point moves by a fifth of a step at most: shapes stay simple, edges not straight.
  const point = (i: number, j: number): Position => [
    lng0 + (i + 0.2 * Math.sin(i * 1.7 + j * 2.3)) * dLng,
    lat0 + (j + 0.2 * Math.cos(i * 2.9 - j * 1.3)) * dLat,
  ]
  const rect = (i0: number, j0: number, i1: number, j1: number): MultiPolygon => {
    const ring: Position[] = []
    for (let i = i0; i < i1; i++) ring.push(point(i, j0))
    for (let j = j0; j < j1; j++) ring.push(point(i1, j))
    for (let i = i1; i > i0; i--) ring.push(point(i, j1))
    for (let j = j1; j > j0; j--) ring.push(point(i0, j))
    ring.push(ring[0]!)
    return { type: 'MultiPolygon', coordinates: [[ring]] }
  }
  const villageW = gx * steps
  const villageH = gy * steps
  const groupAt = (t: number, v: number, g: number): [number, number] => [
    (t % tx) * vx * villageW + (v % vx) * villageW + (g % gx) * steps,
    Math.floor(t / tx) * vy * villageH + Math.floor(v / vx) * villageH + Math.floor(g / gx) * steps,
  ]
  return { rect, groupAt, steps }
}

/** The grids of a synthetic territory, parents before children. */
export function syntheticTerritory(o: SyntheticOptions = {}): TerritoryGrid[] {
  const county = o.county ?? '330110'
  const [tx, ty] = o.townships ?? [1, 1]
  const [vx, vy] = o.villages ?? [2, 2]
  const [gx, gy] = o.groups ?? [2, 2]
  const { rect, groupAt, steps } = syntheticLattice(o)
  const grids: TerritoryGrid[] = []
  for (let t = 0; t < tx * ty; t++) {
    const [ti, tj] = groupAt(t, 0, 0)
    const town = `${county}${pad(t + 1)}000000`
    grids.push({ code: town, name: `${cn(t + 1)}镇`, level: 1, parentCode: null, boundary: rect(ti, tj, ti + vx * gx * steps, tj + vy * gy * steps) })
    for (let v = 0; v < vx * vy; v++) {
      const [vi, vj] = groupAt(t, v, 0)
      const village = `${county}${pad(t + 1)}${pad(v + 1)}000`
      grids.push({ code: village, name: `${cn(t + 1)}镇${cn(v + 1)}村`, level: 2, parentCode: town, boundary: rect(vi, vj, vi + gx * steps, vj + gy * steps) })
      for (let g = 0; g < gx * gy; g++) {
        const [gi, gj] = groupAt(t, v, g)
        grids.push({ code: `${county}${pad(t + 1)}${pad(v + 1)}${pad(g + 1)}`, name: `${cn(v + 1)}村第${cn(g + 1)}组`, level: 3, parentCode: village, boundary: rect(gi, gj, gi + steps, gj + steps) })
      }
    }
  }
  return grids
}
