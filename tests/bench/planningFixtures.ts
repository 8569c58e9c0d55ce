// Seeded fixtures for the planning benchmark: a town centre with clustered risk, candidate camera
// sites with five orientations each, and a road grid with hot spots for the patrol planner.
import type { SitingInstance } from '~/domain/planning/siting/instance'
import { seededRandom } from '~/domain/planning/random'

/** Two normal deviates by Box–Muller. */
function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())
}

/** Whether p lies in the sector at c (bearing clockwise from north, degrees). */
function inSector(c: [number, number], bearing: number, fov: number, range: number, p: [number, number]): boolean {
  const dx = p[0] - c[0]
  const dy = p[1] - c[1]
  const d2 = dx * dx + dy * dy
  if (d2 > range * range)
    return false
  if (d2 === 0)
    return true
  const angle = (Math.atan2(dx, dy) * 180) / Math.PI
  const diff = Math.abs(((angle - bearing + 540) % 360) - 180)
  return diff <= fov / 2
}

export interface SitingFixture {
  instance: SitingInstance
  demand: Array<[number, number]>
}

/**
 * `sites` candidate sites × 5 orientations over `demand` risk-weighted points in a side × side metre
 * square; `existing` cameras already in place. Camera field of view 60–100°, range 40–100 m.
 */
export function sitingFixture(opts: { seed: number, sites: number, demand: number, existing: number, side: number }): SitingFixture {
  const rnd = seededRandom(opts.seed)
  const centres = Array.from({ length: 30 }, () => [rnd() * opts.side, rnd() * opts.side] as [number, number])
  const clamp = (v: number): number => Math.min(opts.side, Math.max(0, v))
  const near = (spread: number): [number, number] => {
    const c = centres[Math.floor(rnd() * centres.length)]!
    return [clamp(c[0] + gauss(rnd) * spread), clamp(c[1] + gauss(rnd) * spread)]
  }
  const demand: Array<[number, number]> = []
  const weights: number[] = []
  for (let i = 0; i < opts.demand; i++) {
    const clustered = rnd() < 0.7
    demand.push(clustered ? near(150) : [rnd() * opts.side, rnd() * opts.side])
    weights.push(clustered ? 1 + Math.floor(rnd() * 10) : 1 + Math.floor(rnd() * 3))
  }
  // A uniform bucket grid, so each sector tests only nearby points.
  const cell = 100
  const nCells = Math.ceil(opts.side / cell) + 1
  const buckets: number[][] = Array.from({ length: nCells * nCells }, () => [])
  demand.forEach((p, i) => buckets[Math.floor(p[1] / cell) * nCells + Math.floor(p[0] / cell)]!.push(i))
  const seen = (c: [number, number], bearing: number, fov: number, range: number): number[] => {
    const out: number[] = []
    const cx = Math.floor(c[0] / cell)
    const cy = Math.floor(c[1] / cell)
    for (let y = Math.max(0, cy - 1); y <= Math.min(nCells - 1, cy + 1); y++) {
      for (let x = Math.max(0, cx - 1); x <= Math.min(nCells - 1, cx + 1); x++) {
        for (const i of buckets[y * nCells + x]!) {
          if (inSector(c, bearing, fov, range, demand[i]!))
            out.push(i)
        }
      }
    }
    return out
  }
  const camera = (): { at: [number, number], fov: number, range: number } =>
    ({ at: rnd() < 0.7 ? near(200) : [rnd() * opts.side, rnd() * opts.side], fov: 60 + rnd() * 40, range: 40 + rnd() * 60 })
  const sites = Array.from({ length: opts.sites }, (_, s) => {
    const { at, fov, range } = camera()
    const turn = rnd() * 72
    return { id: `s${s}`, options: [0, 1, 2, 3, 4].map(k => ({ id: `s${s}@${Math.round(turn + 72 * k)}`, covers: seen(at, turn + 72 * k, fov, range) })) }
  })
  const covered = new Set<number>()
  for (let e = 0; e < opts.existing; e++) {
    const { at, fov, range } = camera()
    for (const d of seen(at, rnd() * 360, fov, range))
      covered.add(d)
  }
  return { instance: { weights, sites, covered: [...covered] }, demand }
}

/** A street grid (spacing 200 m, jittered, 15 % of blocks' edges missing) over side × side metres. */
export function streetGrid(seed: number, side: number): Array<Array<[number, number]>> {
  const rnd = seededRandom(seed)
  const k = Math.round(side / 200)
  const at: Array<Array<[number, number]>> = Array.from({ length: k + 1 }, (_, i) => Array.from({ length: k + 1 }, (_, j) => [i * 200 + (rnd() - 0.5) * 60, j * 200 + (rnd() - 0.5) * 60] as [number, number]))
  const roads: Array<Array<[number, number]>> = []
  for (let i = 0; i <= k; i++) {
    for (let j = 0; j <= k; j++) {
      // The middle street each way is kept whole, so the grid stays connected.
      if (i < k && (j === k >> 1 || rnd() > 0.15))
        roads.push([at[i]![j]!, at[i + 1]![j]!])
      if (j < k && (i === k >> 1 || rnd() > 0.15))
        roads.push([at[i]![j]!, at[i]![j + 1]!])
    }
  }
  return roads
}

/** `n` hot spots on or near the streets, clustered, with scores 1–10 (the hotter, the nearer a cluster centre). */
export function hotSpots(seed: number, side: number, n: number): Array<{ id: string, at: [number, number], score: number }> {
  const rnd = seededRandom(seed)
  const centres = Array.from({ length: 6 }, () => [side * (0.15 + 0.7 * rnd()), side * (0.15 + 0.7 * rnd())] as [number, number])
  return Array.from({ length: n }, (_, i) => {
    const c = centres[i % centres.length]!
    const r = 600 * Math.sqrt(rnd())
    const a = 2 * Math.PI * rnd()
    const at: [number, number] = [Math.min(side, Math.max(0, c[0] + r * Math.cos(a))), Math.min(side, Math.max(0, c[1] + r * Math.sin(a)))]
    return { id: `h${i}`, at, score: Math.max(1, Math.round(10 * (1 - r / 600) * rnd() + 1)) }
  })
}
