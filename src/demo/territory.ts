// The township's nested areas as sets of lattice cells: township → villages → groups → sub-grids,
// plus where people live. Geometry (rings) and everything named come later, from these sets.
import type { Planar } from './projection'
import type { Rng } from './random'
import { randomTownshipShape, shapeRadius, townshipCells } from './boundary'
import { HexGrid } from './hexGrid'
import { FractalField } from './noise'
import { partitionCells } from './partition'

/** Edge length of a lattice cell, km: small enough for sub-grids of a few dozen cells. */
const CELL_SIZE = 0.06

/** A region at one level: its cells and its parent's index (-1 for villages). */
export interface CellRegion {
  cells: number[]
  parent: number
  /** Planar point of the cell farthest from the region's border (the visual centre). */
  centre: Planar
}

/** The township's areas as lattice cells, with a population density per cell. */
export interface Territory {
  grid: HexGrid
  township: number[]
  /** Where the township government sits. */
  seat: Planar
  villages: CellRegion[]
  groups: CellRegion[]
  /** Level-4 sub-grids; their parent indexes `groups`. */
  subs: CellRegion[]
  villageOf: Int32Array
  groupOf: Int32Array
  /** Sub-grid per cell: indexes into `subs`, -1 where the group has none. */
  subOf: Int32Array
  /** Finest region per cell: indexes into `finest`, -1 outside. */
  finestOf: Int32Array
  /** Finest regions: every sub-grid, and every group that has none. */
  finest: Array<{ level: 3 | 4, index: number }>
  /** Relative population density per cell (0 outside). */
  density: Float64Array
}

/** Counts the territory is built to. */
export interface TerritoryTargets {
  areaKm2: number
  villages: number
  groups: number
  subs: number
}

/** Draws the targets for one seed, inside the ranges the demo promises. */
export function drawTargets(rng: Rng): TerritoryTargets {
  return { areaKm2: rng.range(72, 88), villages: rng.int(14, 17), groups: rng.int(60, 70), subs: rng.int(175, 215) }
}

/** Builds the nested cell regions of the township. */
export function buildTerritory(rng: Rng, targets: TerritoryTargets): Territory {
  const shapeRng = rng.fork('shape')
  const shape = randomTownshipShape(shapeRng, [0, 0], targets.areaKm2)
  const grid = latticeFor(Math.max(...Array.from({ length: 720 }, (_, i) => shapeRadius(shape, i * Math.PI / 360))), rng.fork('lattice').int(1, 2 ** 30))
  const cellsAt = townshipCells(grid, shape)
  let scale = 1
  let township = cellsAt(scale)
  // The noise changes the area; rescale once or twice to land near the target.
  for (let i = 0; i < 3 && Math.abs(township.length * grid.cellArea / targets.areaKm2 - 1) > 0.02; i++) {
    scale *= Math.sqrt(targets.areaKm2 / (township.length * grid.cellArea))
    township = cellsAt(scale)
  }

  const centroid = meanCentre(grid, township)
  const seat = nearestCell(grid, township, [centroid[0] + rng.range(-0.8, 0.8), centroid[1] + rng.range(-0.8, 0.8)])
  const seatAt = grid.centre(seat)
  const settlementSeed = rng.fork('settlement').int(1, 2 ** 30)
  // Villages come out smaller near the seat, where people are closer together.
  const villageWeight = new Float64Array(grid.count)
  for (const h of township) {
    const d2 = (grid.cx(h) - seatAt[0]) ** 2 + (grid.cy(h) - seatAt[1]) ** 2
    villageWeight[h] = (1 + 8 * Math.exp(-d2 / (2 * 1.1 ** 2))) ** 0.8
  }

  const villageOf = new Int32Array(grid.count).fill(-1)
  const vs = partitionCells(grid, township, rng.fork('villages'), {
    parts: targets.villages,
    warpAmplitude: 1.3,
    warpScale: 2.6,
    weight: villageWeight,
    minCells: 140,
  })
  township.forEach((h, i) => villageOf[h] = vs.part[i]!)
  const villages = regionsOf(grid, township, vs.part, vs.count, villageOf, () => -1)

  // People live around the seat, around each village centre, and in scattered hamlets.
  const density = new Float64Array(grid.count)
  const [bx0, by0, bx1, by1] = cellBox(grid, township)
  const hamlets = new FractalField(settlementSeed, 3, [bx0 / 0.8, by0 / 0.8, bx1 / 0.8, by1 / 0.8])
  for (const h of township) {
    const x = grid.cx(h)
    const y = grid.cy(h)
    let d = 0.15 + 0.35 * Math.max(0, hamlets.at(x / 0.8, y / 0.8)) ** 2 * 4
    d += 14 * Math.exp(-((x - seatAt[0]) ** 2 + (y - seatAt[1]) ** 2) / (2 * 0.55 ** 2))
    for (const v of villages) {
      const dx = x - v.centre[0]
      const dy = y - v.centre[1]
      if (dx * dx + dy * dy < 2)
        d += 2.5 * Math.exp(-(dx * dx + dy * dy) / (2 * 0.35 ** 2))
    }
    density[h] = d
  }
  // Groups and sub-grids balance people, but less than fully: rural ones may be larger.
  const groupCellWeight = density.map(d => d ** 0.6)
  const subCellWeight = density.map(d => d ** 0.5)

  const groupCounts = allocate(targets.groups, villages.map((v) => {
    const weight = v.cells.reduce((a, h) => a + density[h]!, 0)
    return 0.5 * weight + 0.5 * v.cells.length * 0.6
  }), 2, 8)
  const groupOf = new Int32Array(grid.count).fill(-1)
  const groups: CellRegion[] = []
  const groupRng = rng.fork('groups')
  villages.forEach((v, vi) => {
    const r = partitionCells(grid, v.cells, groupRng, {
      parts: groupCounts[vi]!,
      warpAmplitude: 0.45,
      warpScale: 1.0,
      weight: groupCellWeight,
      minCells: 20,
    })
    const offset = groups.length
    v.cells.forEach((h, i) => groupOf[h] = offset + r.part[i]!)
    groups.push(...regionsOf(grid, v.cells, r.part, r.count, groupOf, () => vi, offset))
  })

  // The largest groups by population get sub-grids, until the target count is reached.
  const groupWeight = groups.map(g => g.cells.reduce((a, h) => a + density[h]!, 0))
  const order = groups.map((_, i) => i).sort((a, b) => groupWeight[b]! - groupWeight[a]! || a - b)
  const split = new Map<number, number>()
  let planned = 0
  const perSub = groupWeight.reduce((a, b) => a + b, 0) / targets.subs * 0.55
  for (const gi of order) {
    if (planned >= targets.subs)
      break
    const parts = Math.max(3, Math.min(6, Math.round(groupWeight[gi]! / perSub), Math.floor(groups[gi]!.cells.length / 8)))
    if (groups[gi]!.cells.length < 3 * 8)
      continue
    split.set(gi, Math.min(parts, Math.max(3, targets.subs - planned)))
    planned += split.get(gi)!
  }
  const subOf = new Int32Array(grid.count).fill(-1)
  const subs: CellRegion[] = []
  const subRng = rng.fork('subs')
  groups.forEach((g, gi) => {
    const parts = split.get(gi)
    if (parts === undefined)
      return
    const r = partitionCells(grid, g.cells, subRng, {
      parts,
      warpAmplitude: 0.2,
      warpScale: 0.5,
      weight: subCellWeight,
      minCells: 7,
    })
    if (r.count < 2)
      return
    const offset = subs.length
    g.cells.forEach((h, i) => subOf[h] = offset + r.part[i]!)
    subs.push(...regionsOf(grid, g.cells, r.part, r.count, subOf, () => gi, offset))
  })

  const finest: Territory['finest'] = []
  const finestOf = new Int32Array(grid.count).fill(-1)
  const finestOfGroup = new Map<number, number>()
  groups.forEach((g, gi) => {
    if (!g.cells.some(h => subOf[h]! >= 0)) {
      finestOfGroup.set(gi, finest.length)
      finest.push({ level: 3, index: gi })
    }
  })
  const finestOfSub = subs.map((_, si) => finest.push({ level: 4, index: si }) - 1)
  for (const h of township)
    finestOf[h] = subOf[h]! >= 0 ? finestOfSub[subOf[h]!]! : finestOfGroup.get(groupOf[h]!)!

  return { grid, township, seat: seatAt, villages, groups, subs, villageOf, groupOf, subOf, finestOf, finest, density }
}

function latticeFor(maxRadius: number, jitterSeed: number): HexGrid {
  // Room for the rescaling above plus a margin of empty cells all round.
  const half = maxRadius * 1.12 + 0.3
  const cols = Math.ceil(2 * half / (Math.sqrt(3) * CELL_SIZE)) + 2
  const rows = Math.ceil(2 * half / (1.5 * CELL_SIZE)) + 2
  return new HexGrid({ cols, rows, size: CELL_SIZE, origin: [-half, -half], jitterSeed, jitter: 0.18, warp: { amplitude: 0.035, wavelength: 0.45 } })
}

/** Bounding box of the centres of some cells, [minX, minY, maxX, maxY] in km. */
function cellBox(grid: HexGrid, cells: readonly number[]): [number, number, number, number] {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const h of cells) {
    minX = Math.min(minX, grid.cx(h))
    minY = Math.min(minY, grid.cy(h))
    maxX = Math.max(maxX, grid.cx(h))
    maxY = Math.max(maxY, grid.cy(h))
  }
  return [minX, minY, maxX, maxY]
}

function meanCentre(grid: HexGrid, cells: readonly number[]): Planar {
  let x = 0
  let y = 0
  for (const h of cells) {
    x += grid.cx(h)
    y += grid.cy(h)
  }
  return [x / cells.length, y / cells.length]
}

function nearestCell(grid: HexGrid, cells: readonly number[], p: Planar): number {
  let best = cells[0]!
  let bestD = Infinity
  for (const h of cells) {
    const d = (grid.cx(h) - p[0]) ** 2 + (grid.cy(h) - p[1]) ** 2
    if (d < bestD) {
      bestD = d
      best = h
    }
  }
  return best
}

/** Groups cells by part and finds each part's visual centre. */
function regionsOf(grid: HexGrid, cells: readonly number[], part: Int32Array, count: number, labels: Int32Array, parentOf: (p: number) => number, offset = 0): CellRegion[] {
  const lists: number[][] = Array.from({ length: count }, () => [])
  cells.forEach((h, i) => lists[part[i]!]!.push(h))
  return lists.map((list, p) => ({ cells: list, parent: parentOf(p), centre: grid.centre(deepestCell(grid, list, labels, offset + p)) }))
}

/** The cell farthest (in cell steps) from the region's border; ties go to the one nearest the mean centre. */
export function deepestCell(grid: HexGrid, cells: readonly number[], labels: Int32Array, value: number): number {
  const dist = depthScratch(grid.count)
  let frontier: number[] = []
  for (const h of cells) {
    for (let k = 0; k < 6; k++) {
      const n = grid.neighbour(h, k)
      if (n < 0 || labels[n] !== value) {
        dist[h] = 0
        frontier.push(h)
        break
      }
    }
  }
  let depth = 0
  while (frontier.length > 0) {
    const nextFrontier: number[] = []
    depth++
    for (const h of frontier) {
      for (let k = 0; k < 6; k++) {
        const n = grid.neighbour(h, k)
        if (n >= 0 && labels[n] === value && dist[n] === -1) {
          dist[n] = depth
          nextFrontier.push(n)
        }
      }
    }
    frontier = nextFrontier
  }
  const mean = meanCentre(grid, cells)
  let best = cells[0]!
  let bestKey = -Infinity
  for (const h of cells) {
    const dx = grid.cx(h) - mean[0]
    const dy = grid.cy(h) - mean[1]
    const key = Math.max(0, dist[h]!) - Math.sqrt(dx * dx + dy * dy) / (grid.size * 40)
    if (key > bestKey) {
      bestKey = key
      best = h
    }
  }
  for (const h of cells)
    dist[h] = -1
  return best
}

let depths = new Int32Array(0)

/** A reusable per-cell depth table, all -1; deepestCell resets what it sets. */
function depthScratch(size: number): Int32Array {
  if (depths.length < size)
    depths = new Int32Array(size).fill(-1)
  return depths
}

/** Splits `total` in proportion to `weights` (largest remainder), each share within [min, max]. */
export function allocate(total: number, weights: readonly number[], min: number, max: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const raw = weights.map(w => Math.min(max, Math.max(min, total * w / sum)))
  const out = raw.map(Math.floor)
  let left = total - out.reduce((a, b) => a + b, 0)
  const byRemainder = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (const [, i] of byRemainder) {
    if (left <= 0)
      break
    if (out[i]! < max) {
      out[i]!++
      left--
    }
  }
  return out
}
