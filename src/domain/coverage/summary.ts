import type { LngLat } from '../types'
// What a coverage run answers, as columns of typed arrays: cheap to copy to the page from a
// worker (one transfer, no per-object cloning) even for a county of 18,000 grids.
import type { BandwidthChoice } from './kde'
import type { CoverageModel } from './model'
import type { DutyFilter } from './schedule'
import { byRisk } from './blindSpots'
import { F, FIELDS } from './layers'
import { PF, POINT_FIELDS } from './points'

/** Figures per grid in input order, each rolled up: a parent's figure includes everything below it. */
export interface GridFigures {
  ids: string[]
  parent: Int32Array
  areaM2: Float64Array
  patrolM2: Float64Array
  cameraM2: Float64Array
  eitherM2: Float64Array
  bothM2: Float64Array
  /** Seen by at least two / three online cameras. */
  k2M2: Float64Array
  k3M2: Float64Array
  /** Seen only by offline cameras: what repairs would add. */
  offlineOnlyM2: Float64Array
  roadM: Float64Array
  roadPatrolM: Float64Array
  roadCameraM: Float64Array
  roadEitherM: Float64Array
  cases: Float64Array
  casesInReach: Float64Array
  casesInView: Float64Array
  casesCovered: Float64Array
  /** Cases seen by an online camera or reached by a patrol that was on duty at the case's hour. */
  casesCoveredOnDuty: Float64Array
  keyPlaces: Float64Array
  keyPlacesInReach: Float64Array
  keyPlacesInView: Float64Array
  keyPlacesCovered: Float64Array
  blindSpots: Float64Array
  blindM2: Float64Array
  blindCases: Float64Array
  blindRisk: Float64Array
}

/** Blind spots ranked by risk, as columns; spot k's rings are rings[ringStart[k] .. ringStart[k+1]). */
export interface BlindSpotTable {
  count: number
  grid: Int32Array
  areaM2: Float64Array
  cases: Int32Array
  risk: Float64Array
  /** [lng, lat] of each spot's centre of mass. */
  centre: Float64Array
  ringStart: Int32Array
  /** Ring r's vertices are coords[2·coordStart[r] .. 2·coordStart[r+1]), [lng, lat] pairs, not closed. */
  coordStart: Int32Array
  coords: Float64Array
}

/** A raster in the metric frame, placed on the map by its four corners. */
export interface PlacedRaster {
  cellM: number
  width: number
  height: number
  /** [lng, lat] of the south-west, south-east, north-east and north-west corners; row 0 is the south edge. */
  corners: [LngLat, LngLat, LngLat, LngLat]
}

export interface HotSpotFigures {
  revision: number
  kde: PlacedRaster & { bandwidth: BandwidthChoice, density: Float32Array, max: number }
  cells: PlacedRaster & { bandM: number, inside: Uint8Array, counts: Float32Array, z: Float32Array, bin: Int8Array }
  grids: { level: number, z: Float64Array, bin: Int8Array } | null
}

export interface CoverageSummary {
  revision: number
  cellM: number
  filter: DutyFilter | undefined
  grids: GridFigures
  blindSpots: BlindSpotTable
  /** Absent when the caller already has the hot spots of this revision. */
  hotSpots?: HotSpotFigures
  /** Counted cases and key places inside the territory's margin but in no grid. */
  unassigned: { cases: number, keyPlaces: number }
}

function placed(m: CoverageModel, f: { x0: number, y0: number, cellM: number, width: number, height: number }): PlacedRaster {
  const p = m.prepared.context.projection
  const x1 = f.x0 + f.width * f.cellM
  const y1 = f.y0 + f.height * f.cellM
  return { cellM: f.cellM, width: f.width, height: f.height, corners: [p.inverse(f.x0, f.y0), p.inverse(x1, f.y0), p.inverse(x1, y1), p.inverse(f.x0, y1)] }
}

function gridFigures(m: CoverageModel): GridFigures {
  const a = m.frame.cellM ** 2
  const t = m.layers.tallies
  const cell = (f: number) => m.rollUp(g => t[(g + 1) * FIELDS + f]! * a)
  const road = (f: number) => m.rollUp(g => t[(g + 1) * FIELDS + f]!)
  const pc = (pts: typeof m.cases, f: number) => m.rollUp(g => pts.counts[(g + 1) * POINT_FIELDS + f]!)
  const blind = (value: (s: (typeof m.blind)[number][number]) => number) => m.rollUp(g => m.blind[g]!.reduce((s, b) => s + value(b), 0))
  const grids = m.prepared.grids
  return {
    ids: grids.map(g => g.id),
    parent: Int32Array.from(grids, g => g.parent),
    areaM2: cell(F.cells),
    patrolM2: cell(F.patrol),
    cameraM2: cell(F.camera),
    eitherM2: cell(F.either),
    bothM2: cell(F.both),
    k2M2: cell(F.k2),
    k3M2: cell(F.k3),
    offlineOnlyM2: cell(F.offlineOnly),
    roadM: road(F.road),
    roadPatrolM: road(F.roadPatrol),
    roadCameraM: road(F.roadCamera),
    roadEitherM: road(F.roadEither),
    cases: pc(m.cases, PF.total),
    casesInReach: pc(m.cases, PF.reach),
    casesInView: pc(m.cases, PF.view),
    casesCovered: pc(m.cases, PF.either),
    casesCoveredOnDuty: pc(m.cases, PF.onDutyOrView),
    keyPlaces: pc(m.keyPlaces, PF.total),
    keyPlacesInReach: pc(m.keyPlaces, PF.reach),
    keyPlacesInView: pc(m.keyPlaces, PF.view),
    keyPlacesCovered: pc(m.keyPlaces, PF.either),
    blindSpots: blind(() => 1),
    blindM2: blind(b => b.areaM2),
    blindCases: blind(b => b.cases),
    blindRisk: blind(b => b.risk),
  }
}

function blindSpotTable(m: CoverageModel): BlindSpotTable {
  const all = m.blind.flat().sort(byRisk)
  const n = all.length
  const ringStart = new Int32Array(n + 1)
  let rings = 0
  let coords = 0
  all.forEach((b, k) => {
    rings += b.rings.length
    ringStart[k + 1] = rings
    for (const r of b.rings)
      coords += r.length / 2
  })
  const t: BlindSpotTable = {
    count: n,
    grid: Int32Array.from(all, b => b.grid),
    areaM2: Float64Array.from(all, b => b.areaM2),
    cases: Int32Array.from(all, b => b.cases),
    risk: Float64Array.from(all, b => b.risk),
    centre: new Float64Array(2 * n),
    ringStart,
    coordStart: new Int32Array(rings + 1),
    coords: new Float64Array(2 * coords),
  }
  const p = m.prepared.context.projection
  let r = 0
  let c = 0
  all.forEach((b, k) => {
    const ll = p.inverse(b.cx, b.cy)
    t.centre[2 * k] = ll[0]
    t.centre[2 * k + 1] = ll[1]
    for (const ring of b.rings) {
      for (let i = 0; i < ring.length; i += 2) {
        const v = p.inverse(ring[i]!, ring[i + 1]!)
        t.coords[2 * c] = v[0]
        t.coords[2 * c + 1] = v[1]
        c++
      }
      t.coordStart[++r] = c
    }
  })
  return t
}

function hotSpotFigures(m: CoverageModel): HotSpotFigures {
  const k = m.kde
  const h = m.cellHot
  return {
    revision: m.hotRevision,
    kde: { ...placed(m, k.frame), bandwidth: k.bandwidth, density: k.density.slice(), max: k.max },
    cells: { ...placed(m, h.frame), bandM: h.bandM, inside: h.inside.slice(), counts: h.counts.slice(), z: h.z.slice(), bin: h.bin.slice() },
    grids: m.gridHot ? { level: m.gridHot.level, z: m.gridHot.z.slice(), bin: m.gridHot.bin.slice() } : null,
  }
}

/** The model's figures now; hot spots only when `knownHotRevision` is not already current. */
export function summarize(m: CoverageModel, knownHotRevision = -1): CoverageSummary {
  return {
    revision: m.revision,
    cellM: m.frame.cellM,
    filter: m.options.filter,
    grids: gridFigures(m),
    blindSpots: blindSpotTable(m),
    hotSpots: knownHotRevision === m.hotRevision ? undefined : hotSpotFigures(m),
    unassigned: { cases: m.cases.counts[PF.total]!, keyPlaces: m.keyPlaces.counts[PF.total]! },
  }
}

/** The ArrayBuffers of a summary, to transfer rather than copy through postMessage. */
export function summaryTransferables(s: CoverageSummary): ArrayBuffer[] {
  const out: ArrayBuffer[] = []
  const add = (o: object) => {
    for (const v of Object.values(o)) {
      if (ArrayBuffer.isView(v))
        out.push(v.buffer as ArrayBuffer)
    }
  }
  add(s.grids)
  add(s.blindSpots)
  if (s.hotSpots) {
    add(s.hotSpots.kde)
    add(s.hotSpots.cells)
    if (s.hotSpots.grids)
      add(s.hotSpots.grids)
  }
  return [...new Set(out)]
}
