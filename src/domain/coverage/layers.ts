// Per-cell coverage counts and the per-grid tallies kept in step with them. A cell's state is
// (any patrol, cameras online 0/1/2/3+, any offline camera); a stamp or an unstamp changes the
// counts of a run of cells, and only cells whose state changes touch the tallies, so an edit
// costs the cells it touches, not the territory.
import type { LabelArray } from './labels'
import type { SpanSink } from './raster'
import { CoverageInputError } from './errors'

/** Per-grid tally fields (cell counts, then road metres). */
export const F = {
  cells: 0,
  patrol: 1,
  camera: 2,
  either: 3,
  both: 4,
  k2: 5,
  k3: 6,
  offlineOnly: 7,
  road: 8,
  roadPatrol: 9,
  roadCamera: 10,
  roadEither: 11,
} as const
export const FIELDS = 12
const CELL_FIELDS = 8

function keyOf(p: number, c: number, o: number): number {
  return (p > 0 ? 1 : 0) | (Math.min(c, 3) << 1) | (o > 0 ? 8 : 0)
}

// What one cell of each state adds to each field (cells for the first eight, 1 m of road for the rest).
const CONTRIB = new Float64Array(16 * FIELDS)
for (let key = 0; key < 16; key++) {
  const p = key & 1
  const c = (key >> 1) & 3
  const o = key >> 3
  const row = [1, p, c >= 1 ? 1 : 0, p || c ? 1 : 0, p && c ? 1 : 0, c >= 2 ? 1 : 0, c >= 3 ? 1 : 0, o && !c ? 1 : 0, 1, p, c >= 1 ? 1 : 0, p || c ? 1 : 0]
  row.forEach((v, f) => {
    CONTRIB[key * FIELDS + f] = v
  })
}

/** Whether a cell state is a gap: no patrol reach and no online camera. */
export function uncoveredKey(key: number): boolean {
  return (key & 7) === 0
}

export class CoverageLayers {
  readonly patrol: Uint8Array
  readonly camOn: Uint8Array
  readonly camOff: Uint8Array
  /** tallies[label * FIELDS + field]; label 0 is outside every grid. */
  readonly tallies: Float64Array
  /** Road metres per cell, for the cells roads pass through. */
  readonly roadM = new Map<number, number>()
  /** Labels where some cell turned from gap to covered or back since the last take. */
  readonly dirty = new Set<number>()
  private delta = 1
  private online = true
  private tracked = false

  constructor(readonly width: number, readonly label: LabelArray, labels: number) {
    const n = label.length
    this.patrol = new Uint8Array(n)
    this.camOn = new Uint8Array(n)
    this.camOff = new Uint8Array(n)
    this.tallies = new Float64Array((labels + 1) * FIELDS)
  }

  /** Switches between bulk stamping (tallies rebuilt by recount) and tracked stamping (tallies kept live). */
  track(on: boolean): void {
    this.tracked = on
  }

  /** A sink adding `delta` (+1 or −1) patrol reach to runs of cells. */
  patrolSink(delta: 1 | -1): SpanSink {
    this.delta = delta
    return this.stampPatrol
  }

  /** A sink adding `delta` cameras (online or not) to runs of cells. */
  cameraSink(delta: 1 | -1, online: boolean): SpanSink {
    this.delta = delta
    this.online = online
    return this.stampCamera
  }

  private readonly stampPatrol: SpanSink = (row, c0, c1) => {
    const a = this.patrol
    const d = this.delta
    const base = row * this.width
    for (let i = base + c0; i <= base + c1; i++) {
      const before = a[i]!
      const after = before + d
      if (after > 255 || after < 0)
        throw new CoverageInputError('routes', after < 0 ? 'internal: reach removed twice' : 'more than 255 patrol routes reach one cell')
      a[i] = after
      if (this.tracked && (before === 0 || after === 0))
        this.changed(i, keyOf(before, this.camOn[i]!, this.camOff[i]!), keyOf(after, this.camOn[i]!, this.camOff[i]!))
    }
  }

  private readonly stampCamera: SpanSink = (row, c0, c1) => {
    const a = this.online ? this.camOn : this.camOff
    const d = this.delta
    const base = row * this.width
    for (let i = base + c0; i <= base + c1; i++) {
      const before = a[i]!
      const after = before + d
      if (after > 255 || after < 0)
        throw new CoverageInputError('cameras', after < 0 ? 'internal: view removed twice' : 'more than 255 cameras see one cell')
      a[i] = after
      if (this.tracked && (this.online ? Math.min(before, 3) !== Math.min(after, 3) : (before === 0 || after === 0))) {
        const p = this.patrol[i]!
        const on = this.camOn[i]!
        const off = this.camOff[i]!
        const old = this.online ? keyOf(p, before, off) : keyOf(p, on, before)
        this.changed(i, old, keyOf(p, on, off))
      }
    }
  }

  private changed(cell: number, from: number, to: number): void {
    if (from === to)
      return
    const base = this.label[cell]! * FIELDS
    const t = this.tallies
    for (let f = 0; f < CELL_FIELDS; f++)
      t[base + f]! += CONTRIB[to * FIELDS + f]! - CONTRIB[from * FIELDS + f]!
    const road = this.roadM.get(cell)
    if (road !== undefined) {
      for (let f = CELL_FIELDS; f < FIELDS; f++)
        t[base + f]! += road * (CONTRIB[to * FIELDS + f]! - CONTRIB[from * FIELDS + f]!)
    }
    if (uncoveredKey(from) !== uncoveredKey(to))
      this.dirty.add(this.label[cell]!)
  }

  /** The state key of a cell. */
  keyAt(cell: number): number {
    return keyOf(this.patrol[cell]!, this.camOn[cell]!, this.camOff[cell]!)
  }

  /** Rebuilds every tally from the counts: rows [r0, r1) of cells (chunkable); call with r0 = 0 first. */
  recount(r0: number, r1: number): void {
    const t = this.tallies
    if (r0 === 0)
      t.fill(0)
    const w = this.width
    const { patrol, camOn, camOff, label } = this
    for (let i = r0 * w; i < r1 * w; i++) {
      const base = label[i]! * FIELDS
      const key = (patrol[i]! > 0 ? 1 : 0) | (Math.min(camOn[i]!, 3) << 1) | (camOff[i]! > 0 ? 8 : 0)
      if (key === 0) {
        t[base]!++
        continue
      }
      const k = key * FIELDS
      for (let f = 0; f < CELL_FIELDS; f++)
        t[base + f]! += CONTRIB[k + f]!
    }
  }

  /** Adds the road tallies from roadM (after recount). */
  recountRoads(): void {
    const t = this.tallies
    for (const [cell, m] of this.roadM) {
      const base = this.label[cell]! * FIELDS
      const k = this.keyAt(cell) * FIELDS
      for (let f = CELL_FIELDS; f < FIELDS; f++)
        t[base + f]! += m * CONTRIB[k + f]!
    }
  }
}
