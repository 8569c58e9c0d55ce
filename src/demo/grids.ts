import type { SettlementName } from './names'
import type { LocalProjection, Planar } from './projection'
import type { Rng } from './random'
import type { CellRegion, Territory } from './territory'
// Turns the territory's cell regions into Grid records: codes, names, boundaries, label points,
// areas and aggregate households/population that add up level by level.
import type { Grid, GridLevel, LngLat } from '~/domain/types'
import { childGridCode } from '~/domain/gridCode'
import { pointInRing, ringAreaKm2 } from './geo'
import { GridLocator } from './locate'
import { groupNames, settlementNames, subGridName, TOWNSHIP } from './names'
import { stableUuid } from './random'
import { deepestCell } from './territory'
import { BoundaryBuilder } from './topology'

/** The grids of the township, indexed the way the territory indexes its regions. */
export interface GridSet {
  township: Grid
  /** By territory village index. */
  villages: Grid[]
  /** By territory group index. */
  groups: Grid[]
  /** By territory sub-grid index. */
  subs: Grid[]
  /** By territory finest-region index. */
  finest: Grid[]
  /** Every grid, parents before children, siblings in code order. */
  all: Grid[]
  settlements: SettlementName[]
  locator: GridLocator
}

/** Builds every Grid; township code is the 15-digit code of the level-1 grid. */
export function buildGrids(rng: Rng, t: Territory, projection: LocalProjection, townshipCode: string, seed: string): GridSet {
  const builder = new BoundaryBuilder(t.grid, t.finestOf, projection)
  const townshipLabels = new Int32Array(t.grid.count).fill(-1)
  for (const h of t.township)
    townshipLabels[h] = 0

  // Households per finest region from the density; parents add up their children.
  const totalHouseholds = rng.int(10500, 12500)
  const densityTotal = t.township.reduce((a, h) => a + t.density[h]!, 0)
  const finestHouseholds = t.finest.map(f => Math.max(20, Math.round(totalHouseholds * regionOf(t, f).cells.reduce((a, h) => a + t.density[h]!, 0) / densityTotal)))

  // Communities: the village holding the seat, and a small neighbour close to the seat.
  const seatCell = t.grid.cellAt(t.seat)
  const seatVillage = t.villageOf[seatCell]!
  const byDistance = t.villages.map((v, i) => [Math.hypot(v.centre[0] - t.seat[0], v.centre[1] - t.seat[1]), i] as const)
    .filter(([, i]) => i !== seatVillage)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const communities = [seatVillage]
  const next = byDistance[0]
  if (next !== undefined && next[0] < 2.5 && t.villages[next[1]]!.cells.length * t.grid.cellArea < 4.5)
    communities.push(next[1])
  const villageOrder = [
    ...communities,
    ...clockwise(t.villages.map((v, i) => [v.centre, i] as const).filter(([, i]) => !communities.includes(i)), t.seat),
  ]
  const names = settlementNames(rng, t.villages.length, communities.length)
  const settlements: SettlementName[] = []
  villageOrder.forEach((vi, rank) => settlements[vi] = names[rank]!)

  const township = makeGrid(1, townshipCode, null, TOWNSHIP, builder.ring(townshipLabels, 0, t.township), t.grid.centre(deepestCell(t.grid, t.township, townshipLabels, 0)))
  const villages: Grid[] = []
  const groups: Grid[] = []
  const subs: Grid[] = []
  const all: Grid[] = [township]
  const usedBlocks = new Set<string>()
  villageOrder.forEach((vi, rank) => {
    const v = t.villages[vi]!
    const village = makeGrid(2, childGridCode(townshipCode, rank + 1), township, settlements[vi]!, builder.ring(t.villageOf, vi, v.cells), v.centre, v.cells)
    villages[vi] = village
    all.push(village)
    const groupIds = t.groups.map((g, gi) => [g, gi] as const).filter(([g]) => g.parent === vi)
    const sortedGroups = clockwise(groupIds.map(([g, gi]) => [g.centre, gi] as const), v.centre)
    const groupNameList = groupNames(rng, sortedGroups.length, settlements[vi]!.community, usedBlocks)
    sortedGroups.forEach((gi, gRank) => {
      const g = t.groups[gi]!
      const group = makeGrid(3, childGridCode(village.code, gRank + 1), village, groupNameList[gRank]!, builder.ring(t.groupOf, gi, g.cells), g.centre, g.cells)
      groups[gi] = group
      all.push(group)
      const subIds = t.subs.map((s, si) => [s, si] as const).filter(([s]) => s.parent === gi)
      clockwise(subIds.map(([s, si]) => [s.centre, si] as const), g.centre).forEach((si, sRank) => {
        const s = t.subs[si]!
        const sub = makeGrid(4, childGridCode(group.code, sRank + 1), group, subGridName(sRank + 1), builder.ring(t.subOf, si, s.cells), s.centre, s.cells)
        subs[si] = sub
        all.push(sub)
      })
    })
  })

  const finest = t.finest.map(f => f.level === 4 ? subs[f.index]! : groups[f.index]!)
  finest.forEach((g, fi) => {
    g.households = finestHouseholds[fi]!
    const perHousehold = settlements[t.villageOf[regionOf(t, t.finest[fi]!).cells[0]!]!]!.community ? rng.range(2.45, 2.8) : rng.range(2.6, 3.1)
    g.population = Math.round(g.households * perHousehold)
  })
  // Parents come before children in `all`, so summing in reverse fills each parent once.
  const byId = new Map(all.map(g => [g.id, g]))
  for (let i = all.length - 1; i >= 0; i--) {
    const g = all[i]!
    const parent = g.parentId === null ? undefined : byId.get(g.parentId)
    if (parent !== undefined) {
      parent.households += g.households
      parent.population += g.population
    }
  }
  return { township, villages, groups, subs, finest, all, settlements, locator: new GridLocator(t.grid, t.finestOf, projection, finest) }

  function makeGrid(level: GridLevel, code: string, parent: Grid | null, name: { name: string, nameEn: string }, ring: LngLat[], centre: Planar, cells?: readonly number[]): Grid {
    const boundary = { type: 'MultiPolygon' as const, coordinates: [[ring]] }
    return {
      id: stableUuid(seed, 'grid', code),
      code,
      level,
      parentId: parent?.id ?? null,
      name: name.name,
      nameEn: name.nameEn,
      boundary,
      labelPoint: labelPoint(ring, centre, cells),
      areaKm2: Math.round(ringAreaKm2(ring) * 1000) / 1000,
      chiefId: null,
      workerIds: [],
      households: 0,
      population: 0,
    }
  }

  function labelPoint(ring: LngLat[], centre: Planar, cells?: readonly number[]): LngLat {
    const p = projection.toLngLat(centre)
    if (pointInRing(p, ring) || cells === undefined)
      return p
    // The visual centre fell just outside after smoothing: take the nearest cell centre inside.
    const sorted = [...cells].map(h => t.grid.centre(h)).sort((a, b) => Math.hypot(a[0] - centre[0], a[1] - centre[1]) - Math.hypot(b[0] - centre[0], b[1] - centre[1]))
    for (const c of sorted) {
      const q = projection.toLngLat(c)
      if (pointInRing(q, ring))
        return q
    }
    return p
  }
}

function regionOf(t: Territory, f: Territory['finest'][number]): CellRegion {
  return f.level === 4 ? t.subs[f.index]! : t.groups[f.index]!
}

/** Indexes ordered clockwise from north around `origin`, the way maps number districts. */
function clockwise(items: ReadonlyArray<readonly [Planar, number]>, origin: Planar): number[] {
  const angle = ([x, y]: Planar): number => (Math.atan2(x - origin[0], y - origin[1]) + 2 * Math.PI) % (2 * Math.PI)
  return [...items].sort((a, b) => angle(a[0]) - angle(b[0]) || a[1] - b[1]).map(([, i]) => i)
}
