// A stop plan for a team on the grid's hot spots: the hot cells of the run's Gi* surface (bins +2
// and +3, ranked by their cases) become the places, travel minutes come from the roads in the
// engine's metric frame, and the planning engine picks stops, order and revisits.
import type { MultiPolygon } from 'geojson'
import type { HotSpotFigures } from '../coverage'
import type { PatrolMode, PatrolPlanResult, XY } from '../planning'
import type { LngLat, Road, TimeWindow } from '../types'
import { LocalMetricProjection } from '../coverage'
import { bboxOfMultiPolygon, inBBox, pointInMultiPolygon } from '../geometry'
import { buildRoadNetwork, indexEdges, PATROL_SPEED_KMH, planPatrol, snapToRoad, topKNearestNeighbour, travelMatrix } from '../planning'
import { cellCentre } from './figures'

export interface PatrolHotSpot {
  id: string
  location: LngLat
  score: number
}

/** The hot cells inside the boundary, hottest first, at most `max`. */
export function patrolHotSpots(hot: HotSpotFigures, boundary: MultiPolygon, max = 25): PatrolHotSpot[] {
  const c = hot.cells
  const box = bboxOfMultiPolygon(boundary)
  const out: PatrolHotSpot[] = []
  for (let r = 0; r < c.height; r++) {
    for (let col = 0; col < c.width; col++) {
      const i = r * c.width + col
      if (!c.inside[i] || c.bin[i]! < 2 || !(c.counts[i]! > 0))
        continue
      const p = cellCentre(c, r, col)
      if (inBBox(p, box) && pointInMultiPolygon(p, boundary))
        out.push({ id: `hot-${r}-${col}`, location: p, score: c.counts[i]! })
    }
  }
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, max)
}

export interface TeamPlanRequest {
  station: LngLat
  hotSpots: readonly PatrolHotSpot[]
  roads: readonly Road[]
  mode: PatrolMode
  shiftStart: string
  shiftLengthMin: number
  hotWindows: readonly TimeWindow[]
  dwellMin: number
  seed: number
}

/** The plan's variants and, on the same budget, "top-k by score, nearest neighbour" for comparison. */
export interface TeamPlan {
  result: PatrolPlanResult
  baseline: { value: number }
  /** Hot spots the roads reach. */
  hotSpots: PatrolHotSpot[]
  /** Hot spots more than 200 m off every road: no plan can stop there, so the planner is told which. */
  unreachable: PatrolHotSpot[]
}

/** Plans a team's shift over the hot spots. Throws (RangeError) when the station is off the roads. */
export function planTeam(req: TeamPlanRequest): TeamPlan {
  const proj = new LocalMetricProjection(req.station)
  const xy = (p: LngLat): XY => proj.forward(p[0], p[1])
  const net = buildRoadNetwork(req.roads.map(r => r.path.coordinates.map(p => xy(p as LngLat))))
  const index = indexEdges(net)
  const speed = PATROL_SPEED_KMH[req.mode]
  // A hot spot no road reaches cannot be in a plan; the station must be.
  const onRoad = req.hotSpots.map(h => snapToRoad(index, xy(h.location), 200) !== null)
  const reachable = req.hotSpots.filter((_, k) => onRoad[k])
  const travel = travelMatrix(net, index, [xy(req.station), ...reachable.map(h => xy(h.location))], speed)
  const input = {
    hotSpots: reachable.map(h => ({ id: h.id, score: h.score })),
    travelMin: travel,
    shiftStart: req.shiftStart,
    shiftLengthMin: req.shiftLengthMin,
    hotWindows: req.hotWindows,
    dwellMin: req.dwellMin,
    seed: req.seed,
  }
  return { result: planPatrol(input), baseline: { value: topKNearestNeighbour(input).value }, hotSpots: reachable, unreachable: req.hotSpots.filter((_, k) => !onRoad[k]) }
}
