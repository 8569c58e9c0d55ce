import type { LngLat } from '../types'
// What a coverage run answers, as columns of typed arrays: cheap to copy to the page from a
// worker (one transfer, no per-object cloning) even for a county of 18,000 grids.
import type { BlindSpotPatch } from './blindSpots'
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

/** Blind spots ranked by risk, as columns. Spot ids are kept while a spot's grid is unchanged. */
export interface BlindSpotTable {
  count: number
  id: Int32Array
  grid: Int32Array
  areaM2: Float64Array
  cases: Int32Array
  risk: Float64Array
  /** [lng, lat] of each spot's centre of mass. */
  centre: Float64Array
}

/**
 * Outlines of blind spots, by id: spot k's rings are rings[ringStart[k] .. ringStart[k+1]), ring
 * r's vertices coords[2·coordStart[r] .. 2·coordStart[r+1]) as [lng, lat] pairs, not closed; outer
 * ring first (anticlockwise), then holes (clockwise).
 */
export interface BlindSpotShapes {
  id: Int32Array
  ringStart: Int32Array
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
  /** Outlines of the spots made after the revision the caller said it knew (all of them when it knew none). */
  blindSpotShapes: BlindSpotShapes
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
  const t = m.layers.tallies()
  const grids = m.prepared.grids
  const n = grids.length
  const column = (value: (g: number) => number) => Float64Array.from({ length: n }, (_, g) => value(g))
  const cell = (f: number) => column(g => t[(g + 1) * FIELDS + f]! * a)
  const road = (f: number) => column(g => t[(g + 1) * FIELDS + f]!)
  const pc = (pts: typeof m.cases, f: number) => column(g => pts.counts[(g + 1) * POINT_FIELDS + f]!)
  const blind = (value: (s: BlindSpotPatch) => number) => column(g => m.blind[g]!.reduce((sum, b) => sum + value(b), 0))
  const own = {
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
  m.rollUpInPlace(Object.values(own))
  return { ids: grids.map(g => g.id), parent: Int32Array.from(grids, g => g.parent), ...own }
}

function blindSpotTable(all: readonly BlindSpotPatch[]): BlindSpotTable {
  const n = all.length
  const t: BlindSpotTable = {
    count: n,
    id: Int32Array.from(all, b => b.id),
    grid: Int32Array.from(all, b => b.grid),
    areaM2: Float64Array.from(all, b => b.areaM2),
    cases: Int32Array.from(all, b => b.cases),
    risk: Float64Array.from(all, b => b.risk),
    centre: new Float64Array(2 * n),
  }
  all.forEach((b, k) => t.centre.set(b.centre, 2 * k))
  return t
}

/** The outlines of the given spots, packed. */
export function packShapes(spots: readonly BlindSpotPatch[]): BlindSpotShapes {
  let rings = 0
  let coords = 0
  for (const b of spots) {
    rings += b.lngLat.length
    for (const r of b.lngLat)
      coords += r.length / 2
  }
  const out: BlindSpotShapes = { id: Int32Array.from(spots, b => b.id), ringStart: new Int32Array(spots.length + 1), coordStart: new Int32Array(rings + 1), coords: new Float64Array(2 * coords) }
  let r = 0
  let c = 0
  spots.forEach((b, k) => {
    for (const ring of b.lngLat) {
      out.coords.set(ring, 2 * c)
      c += ring.length / 2
      out.coordStart[++r] = c
    }
    out.ringStart[k + 1] = r
  })
  return out
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

/** What the caller already holds: the hot spots and blind-spot outlines of these revisions (−1: none). */
export interface Known {
  hotRevision: number
  shapesRevision: number
}

/** The model's figures now; hot spots and outlines only where the caller's are out of date. */
export function summarize(m: CoverageModel, known: Known = { hotRevision: -1, shapesRevision: -1 }): CoverageSummary {
  const all = m.blind.flat().sort(byRisk)
  return {
    revision: m.revision,
    cellM: m.frame.cellM,
    filter: m.options.filter,
    grids: gridFigures(m),
    blindSpots: blindSpotTable(all),
    blindSpotShapes: packShapes(all.filter(b => b.revision > known.shapesRevision)),
    hotSpots: known.hotRevision === m.hotRevision ? undefined : hotSpotFigures(m),
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
  add(s.blindSpotShapes)
  if (s.hotSpots) {
    add(s.hotSpots.kde)
    add(s.hotSpots.cells)
    if (s.hotSpots.grids)
      add(s.hotSpots.grids)
  }
  return [...new Set(out)]
}

/**
 * The outlines of the spots `ids`, in that order, taken from `fresh` or else from `held` (what an
 * earlier answer carried): a page keeps one complete set aligned with the ranked table. A spot
 * found in neither is an error: the page and worker disagree about what was sent.
 */
export function mergeShapes(held: BlindSpotShapes | undefined, fresh: BlindSpotShapes, ids: Int32Array): BlindSpotShapes {
  const where = new Map<number, [BlindSpotShapes, number]>()
  held?.id.forEach((id, k) => where.set(id, [held, k]))
  fresh.id.forEach((id, k) => where.set(id, [fresh, k]))
  const found = Array.from(ids, (id) => {
    const w = where.get(id)
    if (!w)
      throw new Error(`blind spot ${id}: its outline was never received`)
    return w
  })
  let rings = 0
  let coords = 0
  for (const [s, k] of found) {
    rings += s.ringStart[k + 1]! - s.ringStart[k]!
    coords += s.coordStart[s.ringStart[k + 1]!]! - s.coordStart[s.ringStart[k]!]!
  }
  const out: BlindSpotShapes = { id: ids.slice(), ringStart: new Int32Array(ids.length + 1), coordStart: new Int32Array(rings + 1), coords: new Float64Array(2 * coords) }
  let r = 0
  let c = 0
  found.forEach(([s, k], i) => {
    for (let q = s.ringStart[k]!; q < s.ringStart[k + 1]!; q++) {
      const a = s.coordStart[q]!
      const b = s.coordStart[q + 1]!
      out.coords.set(s.coords.subarray(2 * a, 2 * b), 2 * c)
      c += b - a
      out.coordStart[++r] = c
    }
    out.ringStart[i + 1] = r
  })
  return out
}
