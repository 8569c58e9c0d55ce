// Per-cell coverage counts and the per-grid tallies kept in step with them. A cell's state is
// (any patrol, cameras online 0/1/2/3+, any offline camera), 16 states; each label keeps how
// many of its cells (and road metres) are in each state. A stamp or an unstamp changes the counts
// of a run of cells, and only cells whose state changes move one count each, so an edit costs
// the cells it touches, not the territory; the figures are read off the state counts.
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
const STATES = 16

function keyOf(p: number, c: number, o: number): number {
  return (p > 0 ? 1 : 0) | ((c > 3 ? 3 : c) << 1) | (o > 0 ? 8 : 0)
}

// What one cell of each state adds to each field (cells for the first eight, 1 m of road for the rest).
const CONTRIB = new Float64Array(STATES * FIELDS)
for (let key = 0; key < STATES; key++) {
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

// Bulk stamping: counts only, the state counts are recounted afterwards.
function addRun(a: Uint8Array, from: number, to: number, d: number, what: 'routes' | 'cameras'): void {
  for (let i = from; i <= to; i++) {
    const v = a[i]! + d
    if (v > 255 || v < 0)
      throw new CoverageInputError(what, v < 0 ? 'internal: a stamp removed twice' : `more than 255 ${what === 'routes' ? 'patrol routes reach' : 'cameras see'} one cell`)
    a[i] = v
  }
}

// A free function over plain arguments, so the hot loop sees one array type each and stays optimised.
function countStates(label: LabelArray, patrol: Uint8Array, camOn: Uint8Array, camOff: Uint8Array, from: number, to: number, h: Float64Array): void {
  for (let i = from; i < to; i++)
    h[label[i]! * STATES + keyOf(patrol[i]!, camOn[i]!, camOff[i]!)]!++
}

export class CoverageLayers {
  readonly patrol: Uint8Array
  readonly camOn: Uint8Array
  readonly camOff: Uint8Array
  /** Cells per label and state: states[label * 16 + key]; label 0 is outside every grid. */
  readonly states: Float64Array
  /** Road metres per label and state. */
  readonly roadStates: Float64Array
  /** Road metres per cell, for the cells roads pass through, and one bit per cell marking them. */
  private readonly roadM = new Map<number, number>()
  private readonly roadBits: Uint32Array
  /** Labels where some cell turned from gap to covered or back since the last take. */
  readonly dirty = new Set<number>()
  private lastDirty = -1
  private delta = 1
  private online = true
  private tracked = false

  constructor(readonly width: number, readonly label: LabelArray, readonly labels: number) {
    const n = label.length
    this.patrol = new Uint8Array(n)
    this.camOn = new Uint8Array(n)
    this.camOff = new Uint8Array(n)
    this.states = new Float64Array((labels + 1) * STATES)
    this.roadStates = new Float64Array((labels + 1) * STATES)
    this.roadBits = new Uint32Array(Math.ceil(n / 32))
  }

  /** Switches between bulk stamping (states rebuilt by recount) and tracked stamping (states kept live). */
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

  /** A sink that only checks one more route (or camera) fits every cell, so a refused edit writes nothing. */
  roomSink(kind: 'routes' | 'cameras', online = true): SpanSink {
    const a = kind === 'routes' ? this.patrol : online ? this.camOn : this.camOff
    return (row, c0, c1) => {
      for (let i = row * this.width + c0; i <= row * this.width + c1; i++) {
        if (a[i] === 255)
          throw new CoverageInputError(kind, `more than 255 ${kind === 'routes' ? 'patrol routes reach' : 'cameras see'} one cell`)
      }
    }
  }

  private readonly stampPatrol: SpanSink = (row, c0, c1) => {
    const a = this.patrol
    const d = this.delta
    const base = row * this.width
    if (!this.tracked) {
      addRun(a, base + c0, base + c1, d, 'routes')
      return
    }
    for (let i = base + c0; i <= base + c1; i++) {
      const before = a[i]!
      const after = before + d
      if (after > 255 || after < 0)
        throw new CoverageInputError('routes', after < 0 ? 'internal: reach removed twice' : 'more than 255 patrol routes reach one cell')
      a[i] = after
      if (before === 0 || after === 0)
        this.changed(i, keyOf(before, this.camOn[i]!, this.camOff[i]!), keyOf(after, this.camOn[i]!, this.camOff[i]!))
    }
  }

  private readonly stampCamera: SpanSink = (row, c0, c1) => {
    const a = this.online ? this.camOn : this.camOff
    const d = this.delta
    const base = row * this.width
    if (!this.tracked) {
      addRun(a, base + c0, base + c1, d, 'cameras')
      return
    }
    for (let i = base + c0; i <= base + c1; i++) {
      const before = a[i]!
      const after = before + d
      if (after > 255 || after < 0)
        throw new CoverageInputError('cameras', after < 0 ? 'internal: view removed twice' : 'more than 255 cameras see one cell')
      a[i] = after
      if (this.online ? (before < 3 || after < 3) : (before === 0 || after === 0)) {
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
    const lab = this.label[cell]!
    this.states[lab * STATES + from]!--
    this.states[lab * STATES + to]!++
    if (this.roadBits[cell >>> 5]! & (1 << (cell & 31))) {
      const m = this.roadM.get(cell)!
      this.roadStates[lab * STATES + from]! -= m
      this.roadStates[lab * STATES + to]! += m
    }
    if (lab !== this.lastDirty && uncoveredKey(from) !== uncoveredKey(to)) {
      this.dirty.add(lab)
      this.lastDirty = lab
    }
  }

  /** Empties the set of dirty labels. */
  takeDirty(): number[] {
    const out = [...this.dirty]
    this.dirty.clear()
    this.lastDirty = -1
    return out
  }

  /** The state key of a cell. */
  keyAt(cell: number): number {
    return keyOf(this.patrol[cell]!, this.camOn[cell]!, this.camOff[cell]!)
  }

  /** Adds road metres to a cell (before the recount). */
  addRoad(cell: number, metres: number): void {
    this.roadM.set(cell, (this.roadM.get(cell) ?? 0) + metres)
    this.roadBits[cell >>> 5]! |= 1 << (cell & 31)
  }

  /** Rebuilds the state counts: rows [r0, r1) of cells (chunkable); call with r0 = 0 first and end at the last row. */
  recount(r0: number, r1: number): void {
    if (r0 === 0)
      this.states.fill(0)
    countStates(this.label, this.patrol, this.camOn, this.camOff, r0 * this.width, r1 * this.width, this.states)
    if (r1 * this.width < this.label.length)
      return
    this.roadStates.fill(0)
    for (const [cell, m] of this.roadM)
      this.roadStates[this.label[cell]! * STATES + this.keyAt(cell)]! += m
  }

  /** Field f of one label (cells, or road metres for the road fields). */
  tally(lab: number, f: number): number {
    const src = f < CELL_FIELDS ? this.states : this.roadStates
    let v = 0
    for (let key = 0; key < STATES; key++)
      v += src[lab * STATES + key]! * CONTRIB[key * FIELDS + f]!
    return v
  }

  /** Every field of every label: out[label * FIELDS + field]. */
  tallies(): Float64Array {
    const out = new Float64Array((this.labels + 1) * FIELDS)
    for (let lab = 0; lab <= this.labels; lab++) {
      for (let key = 0; key < STATES; key++) {
        const cells = this.states[lab * STATES + key]!
        const road = this.roadStates[lab * STATES + key]!
        if (cells === 0 && road === 0)
          continue
        for (let f = 0; f < FIELDS; f++)
          out[lab * FIELDS + f]! += (f < CELL_FIELDS ? cells : road) * CONTRIB[key * FIELDS + f]!
      }
    }
    return out
  }
}
