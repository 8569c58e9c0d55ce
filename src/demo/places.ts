import type { GridSet } from './grids'
import type { LocalProjection, Planar } from './projection'
import type { Rng } from './random'
import type { RoadNetwork } from './roads'
import type { Territory } from './territory'
// Key places (重点场所): the seat's government, schools, market, clinic and bus station, and
// clinics, schools, halls, factories, building sites and temples out in the villages.
import type { KeyPlace, KeyPlaceKind, LngLat } from '~/domain/types'
import { TOWNSHIP } from './names'
import { planarDistance } from './projection'
import { stableUuid } from './random'

/** What a key place is for the case generator: which ones draw incidents around them. */
export type HotSpotRole = 'market' | 'school_gate' | 'construction' | 'station' | 'junction'

/** A place where incidents cluster, with the spread of that cluster. */
export interface HotSpot {
  role: HotSpotRole
  location: LngLat
  /** Standard deviation of the cluster, km. */
  spreadKm: number
  /** Share of all cases drawn here. */
  share: number
  placeName: string
}

/** Key places and the hot spots among them. */
export interface PlaceSet {
  keyPlaces: KeyPlace[]
  hotSpots: HotSpot[]
}

interface PlaceSpec {
  name: string
  nameEn: string
  kind: KeyPlaceKind
  near: Planar
  /** Distance from `near`, km. */
  offset: [number, number]
  hotSpot?: Omit<HotSpot, 'location' | 'placeName'>
}

/** Places the township's key places, each inside a grid. */
export function buildPlaces(rng: Rng, t: Territory, grids: GridSet, net: RoadNetwork, projection: LocalProjection, seed: string): PlaceSet {
  const stem = TOWNSHIP.stem
  const stemEn = TOWNSHIP.stemEn
  const roadPoints = net.graph.nodes.map(p => projection.toPlanar(p))
  const nodesBetween = (from: number, to: number): Planar[] => {
    const found = roadPoints.filter(p => planarDistance(p, t.seat) >= from && planarDistance(p, t.seat) <= to)
    return found.length > 0 ? found : [t.seat]
  }
  const seatRoad = (from: number, to: number): Planar => rng.pick(nodesBetween(from, to))
  const specs: PlaceSpec[] = [
    { name: `${stem}镇人民政府`, nameEn: `${stemEn} Town Government`, kind: 'government', near: t.seat, offset: [0.04, 0.08] },
    { name: `${stem}镇综治中心`, nameEn: `${stemEn} Governance Centre`, kind: 'government', near: t.seat, offset: [0.09, 0.14] },
    { name: `${stem}派出所`, nameEn: `${stemEn} Police Station`, kind: 'police', near: seatRoad(0.2, 0.5), offset: [0.03, 0.06] },
    { name: `${stem}镇中心小学`, nameEn: `${stemEn} Central Primary School`, kind: 'school', near: seatRoad(0.3, 0.7), offset: [0.04, 0.08], hotSpot: { role: 'school_gate', spreadKm: 0.04, share: 0.05 } },
    { name: `${stem}镇初级中学`, nameEn: `${stemEn} Middle School`, kind: 'school', near: seatRoad(0.5, 1.0), offset: [0.05, 0.1], hotSpot: { role: 'school_gate', spreadKm: 0.04, share: 0.04 } },
    { name: `${stem}镇中心幼儿园`, nameEn: `${stemEn} Central Kindergarten`, kind: 'school', near: seatRoad(0.2, 0.6), offset: [0.04, 0.08] },
    { name: `${stem}农贸市场`, nameEn: `${stemEn} Farmers' Market`, kind: 'market', near: seatRoad(0.1, 0.4), offset: [0.03, 0.06], hotSpot: { role: 'market', spreadKm: 0.06, share: 0.1 } },
    { name: `${stem}镇卫生院`, nameEn: `${stemEn} Health Centre`, kind: 'clinic', near: seatRoad(0.2, 0.6), offset: [0.04, 0.08] },
    { name: `${stem}汽车站`, nameEn: `${stemEn} Bus Station`, kind: 'station', near: seatRoad(0.4, 0.9), offset: [0.03, 0.05], hotSpot: { role: 'station', spreadKm: 0.05, share: 0.03 } },
    { name: `${stem}文化广场`, nameEn: `${stemEn} Culture Square`, kind: 'square', near: seatRoad(0.1, 0.5), offset: [0.05, 0.1] },
    { name: `${stem}安置小区工地`, nameEn: `${stemEn} Resettlement Housing Site`, kind: 'construction', near: seatRoad(0.9, 1.6), offset: [0.08, 0.15], hotSpot: { role: 'construction', spreadKm: 0.08, share: 0.05 } },
  ]

  // Villages, farthest from the seat first, share out the village-level places.
  const villages = t.villages.map((v, i) => [planarDistance(v.centre, t.seat), i] as const)
    .filter(([, i]) => !grids.settlements[i]!.community)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .map(([, i]) => i)
  const villageSpecs: Array<(vi: number) => PlaceSpec> = [
    vi => ({ name: `${grids.settlements[vi]!.stem}村卫生室`, nameEn: `${grids.settlements[vi]!.stemEn} Village Clinic`, kind: 'clinic', near: t.villages[vi]!.centre, offset: [0.05, 0.12] }),
    vi => ({ name: `${grids.settlements[vi]!.stem}村文化礼堂`, nameEn: `${grids.settlements[vi]!.stemEn} Cultural Hall`, kind: 'square', near: t.villages[vi]!.centre, offset: [0.02, 0.08] }),
  ]
  villages.slice(0, 8).forEach((vi, i) => {
    specs.push(villageSpecs[i % 2]!(vi))
    if (i % 4 === 0)
      specs.push(villageSpecs[(i + 1) % 2]!(vi))
  })
  const pickVillage = (i: number): number => villages[i % villages.length]!
  const mid = (vi: number): Planar => {
    const c = t.villages[vi]!.centre
    return roadPoints.reduce((best, p) => Math.abs(planarDistance(p, c) - 0.4) < Math.abs(planarDistance(best, c) - 0.4) ? p : best, c)
  }
  const v1 = pickVillage(1)
  const v2 = pickVillage(4)
  const v3 = pickVillage(6)
  const v4 = pickVillage(2)
  const v5 = pickVillage(8)
  const v6 = pickVillage(0)
  const s = (vi: number): { stem: string, stemEn: string } => grids.settlements[vi]!
  specs.push(
    { name: `${s(v1).stem}小学`, nameEn: `${s(v1).stemEn} Primary School`, kind: 'school', near: t.villages[v1]!.centre, offset: [0.05, 0.1] },
    { name: `${s(v2).stem}小学`, nameEn: `${s(v2).stemEn} Primary School`, kind: 'school', near: t.villages[v2]!.centre, offset: [0.05, 0.1] },
    { name: `${stem}竹制品厂`, nameEn: `${stemEn} Bamboo Products Factory`, kind: 'factory', near: seatRoad(1.5, 3), offset: [0.06, 0.12] },
    { name: `${s(v3).stem}茶叶加工厂`, nameEn: `${s(v3).stemEn} Tea Processing Plant`, kind: 'factory', near: mid(v3), offset: [0.05, 0.1] },
    { name: `${stem}纺织有限公司`, nameEn: `${stemEn} Textile Co.`, kind: 'factory', near: seatRoad(1.2, 2.5), offset: [0.06, 0.12] },
    { name: `${s(v4).stem}化工助剂厂`, nameEn: `${s(v4).stemEn} Chemical Additives Plant`, kind: 'factory', near: mid(v4), offset: [0.08, 0.15] },
    { name: `${s(v5).stem}大桥施工工地`, nameEn: `${s(v5).stemEn} Bridge Construction Site`, kind: 'construction', near: mid(v5), offset: [0.02, 0.05] },
    { name: `${s(v2).stem}集贸市场`, nameEn: `${s(v2).stemEn} Market`, kind: 'market', near: t.villages[v2]!.centre, offset: [0.03, 0.08] },
    { name: '灵峰寺', nameEn: 'Lingfeng Temple', kind: 'temple', near: t.villages[v6]!.centre, offset: [0.5, 0.9] },
  )

  const keyPlaces: KeyPlace[] = []
  const hotSpots: HotSpot[] = []
  for (const spec of specs) {
    const placed = placeNear(rng, spec.near, spec.offset, grids, projection)
    if (placed === null)
      continue
    keyPlaces.push({ id: stableUuid(seed, 'place', spec.name), name: spec.name, nameEn: spec.nameEn, kind: spec.kind, location: placed.location, gridId: placed.gridId })
    if (spec.hotSpot !== undefined)
      hotSpots.push({ ...spec.hotSpot, location: placed.location, placeName: spec.name })
  }
  // The busiest junction: the seat crossroads of the county road.
  hotSpots.push({ role: 'junction', location: net.graph.nodes[net.seatNode]!, spreadKm: 0.05, share: 0.05, placeName: `${stem}镇区十字路口` })
  return { keyPlaces, hotSpots }
}

/** A point at a random distance in `offset` (km) from `near`, inside a grid; null if none is found. */
export function placeNear(rng: Rng, near: Planar, offset: [number, number], grids: GridSet, projection: LocalProjection): { location: LngLat, gridId: string } | null {
  for (let attempt = 0; attempt < 40; attempt++) {
    const d = rng.range(offset[0], offset[1]) * (1 + attempt * 0.05)
    const a = rng.range(0, 2 * Math.PI)
    const location = projection.toLngLat([near[0] + d * Math.cos(a), near[1] + d * Math.sin(a)])
    const grid = grids.locator.locate(location, 2)
    if (grid !== null)
      return { location, gridId: grid.id }
  }
  return null
}
