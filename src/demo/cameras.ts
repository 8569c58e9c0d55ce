import type { GridSet } from './grids'
import type { PlaceSet } from './places'
import type { LocalProjection } from './projection'
import type { Rng } from './random'
import type { RoadNetwork } from './roads'
// Public video points (雪亮工程): cameras at junctions looking down each road, at key places
// looking at the place, checkpoints (卡口) where main roads leave the township, and cameras
// spaced along the roads.
import type { Camera, CameraKind, LngLat } from '~/domain/types'
import { bearingDeg } from './geo'
import { planarDistance } from './projection'
import { stableUuid } from './random'

const DIRECTIONS = ['北', '东北', '东', '东南', '南', '西南', '西', '西北']

/** Compass name of a bearing, e.g. 东向 for 90°. */
export function directionName(bearing: number): string {
  return `${DIRECTIONS[Math.round(bearing / 45) % 8]}向`
}

const PER_PLACE: Record<string, number> = { school: 2, market: 3, government: 2, police: 2, station: 2, construction: 1, clinic: 1, factory: 1, square: 1, temple: 1 }

interface CameraSpec {
  name: string
  kind: CameraKind
  location: LngLat
  bearing: number
  fov: [number, number]
  range: [number, number]
}

/** Places 150–300 cameras on the network and at key places; about 5% are offline. */
export function buildCameras(rng: Rng, grids: GridSet, net: RoadNetwork, places: PlaceSet, projection: LocalProjection, countyCode: string, seed: string): Camera[] {
  const { graph } = net
  const roadsAt = new Map<number, string[]>()
  for (const road of net.roads) {
    for (const c of road.path.coordinates) {
      const n = graph.node(c as LngLat)
      const names = roadsAt.get(n) ?? []
      if (!names.includes(road.name))
        names.push(road.name)
      roadsAt.set(n, names)
    }
  }
  const specs: CameraSpec[] = []

  graph.nodes.forEach((p, n) => {
    if (graph.degree(n) < 3)
      return
    const names = roadsAt.get(n) ?? []
    const junction = names.length > 1 ? `${names.slice(0, 2).join('与')}交叉口` : `${names[0] ?? ''}岔路口`
    const looks = rng.shuffle(graph.neighbours(n)).slice(0, n === net.seatNode ? 4 : 2)
    for (const m of looks) {
      const bearing = bearingDeg(p, graph.nodes[m]!)
      specs.push({ name: `${junction}${directionName(bearing)}`, kind: 'junction', location: p, bearing, fov: [60, 90], range: [60, 120] })
    }
  })

  for (const place of places.keyPlaces) {
    const count = PER_PLACE[place.kind] ?? 1
    const [x, y] = projection.toPlanar(place.location)
    for (let i = 0; i < count; i++) {
      const a = 2 * Math.PI * (i + rng.range(0, 0.6)) / count
      const d = rng.range(0.015, 0.035)
      const location = projection.toLngLat([x + d * Math.cos(a), y + d * Math.sin(a)])
      specs.push({ name: `${place.name}${['门口', '周边', '东侧'][i] ?? ''}`, kind: 'key_place', location, bearing: bearingDeg(location, place.location), fov: [70, 100], range: [30, 80] })
    }
  }

  for (const e of net.exits) {
    const p = graph.nodes[e.node]!
    const outward = bearingDeg(p, e.outside)
    specs.push({ name: `${e.roadName}出镇卡口`, kind: 'checkpoint', location: p, bearing: outward, fov: [60, 75], range: [80, 150] })
    specs.push({ name: `${e.roadName}进镇卡口`, kind: 'checkpoint', location: p, bearing: (outward + 180) % 360, fov: [60, 75], range: [80, 150] })
  }

  // Road cameras fill up to the target, main roads twice as densely as village roads.
  const target = rng.int(190, 230)
  const wanted = Math.max(0, target - specs.length)
  const km = (a: LngLat, b: LngLat): number => planarDistance(projection.toPlanar(a), projection.toPlanar(b))
  const weightedLength = net.roads.reduce((sum, r) => {
    const c = r.path.coordinates as LngLat[]
    let len = 0
    for (let i = 0; i + 1 < c.length; i++) len += km(c[i]!, c[i + 1]!)
    return sum + len * (r.kind === 'main' ? 2 : 1)
  }, 0)
  const spacing = weightedLength / Math.max(1, wanted)
  for (const road of net.roads) {
    const c = road.path.coordinates as LngLat[]
    const weight = road.kind === 'main' ? 2 : 1
    let acc = spacing * rng.range(0.2, 0.8)
    let chainage = 0
    for (let i = 0; i + 1 < c.length; i++) {
      const seg = km(c[i]!, c[i + 1]!)
      chainage += seg
      acc -= seg * weight
      if (acc > 0)
        continue
      acc += spacing
      const forward = rng.chance(0.5)
      const bearing = forward ? bearingDeg(c[i + 1]!, c[i]!) : bearingDeg(c[i]!, c[i + 1]!)
      const whole = Math.floor(chainage)
      const metres = Math.round((chainage - whole) * 10) * 100
      specs.push({ name: `${road.name}K${whole}+${String(metres).padStart(3, '0')}`, kind: 'road', location: c[i + 1]!, bearing, fov: [60, 90], range: [80, 150] })
    }
  }

  const cameras: Camera[] = []
  for (const s of specs) {
    const grid = grids.locator.locate(s.location, 1)
    if (grid === null)
      continue
    const n = cameras.length + 1
    cameras.push({
      id: stableUuid(seed, 'camera', String(n)),
      // Shaped like a GB/T 28181 device id: area code, industry, type 132 (IP camera), serial.
      code: `${countyCode}01001320${String(n).padStart(6, '0')}`,
      name: s.name,
      kind: s.kind,
      location: s.location,
      bearing: Math.round(s.bearing) % 360,
      fov: rng.int(s.fov[0], s.fov[1]),
      rangeM: rng.int(s.range[0], s.range[1]),
      status: 'online',
      gridId: grid.id,
    })
  }
  const offline = Math.round(cameras.length * 0.05)
  for (const c of rng.shuffle(cameras).slice(0, offline))
    c.status = 'offline'
  return cameras
}
