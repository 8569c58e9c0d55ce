// A jittered hexagonal lattice over the township's bounding box. Every grid in the demo is a
// union of its cells, which makes the partition exact by construction: neighbouring grids share
// the very same cell edges, and hexagons never meet at a single point, so no pinched borders.
import type { Planar } from './projection'
import { NoiseField } from './noise'
import { hashInts01 } from './random'

const SQRT3 = Math.sqrt(3)

// Corners k = 0..5 at angles -30°, 30°, 90°, 150°, 210°, 270° (counter-clockwise), in lattice
// units of (√3·size/2, size/2). Edge k runs from corner k to corner k+1; the neighbour across it
// has its centre at CENTRE_STEP[k].
const CORNER_STEP: ReadonlyArray<readonly [number, number]> = [[1, -1], [1, 1], [0, 2], [-1, 1], [-1, -1], [0, -2]]
const CENTRE_STEP: ReadonlyArray<readonly [number, number]> = [[2, 0], [1, 3], [-1, 3], [-2, 0], [-1, -3], [1, -3]]

/** Options of a HexGrid. */
export interface HexGridOptions {
  cols: number
  rows: number
  /** Edge length (centre-to-corner distance) in km. */
  size: number
  /** Planar position of the centre of cell (0, 0). */
  origin: Planar
  jitterSeed: number
  /** How far corners move, as a fraction of size; up to 0.2 keeps every cell a simple polygon. */
  jitter: number
  /**
   * A smooth displacement of the whole lattice (km), which bends the lattice's straight runs.
   * Amplitude ÷ wavelength must stay small (≤ 0.1) so the displacement cannot fold cells over.
   */
  warp?: { amplitude: number, wavelength: number }
}

/** Pointy-top hexagons in odd-row offset layout; cells and corners are addressed by integer ids. */
export class HexGrid {
  readonly cols: number
  readonly rows: number
  readonly size: number
  readonly count: number
  /** Area of one cell in km² (jitter moves area between neighbours but not in total). */
  readonly cellArea: number
  private readonly origin: Planar
  private readonly vertexWidth: number
  private readonly neighbourTable: Int32Array
  private readonly vertexCache: Float64Array
  private readonly jitterSeed: number
  private readonly jitter: number
  private readonly warp: { amplitude: number, wavelength: number }
  private readonly warpX: NoiseField
  private readonly warpY: NoiseField

  constructor(o: HexGridOptions) {
    this.cols = o.cols
    this.rows = o.rows
    this.size = o.size
    this.origin = o.origin
    this.count = o.cols * o.rows
    this.cellArea = 1.5 * SQRT3 * o.size * o.size
    this.jitterSeed = o.jitterSeed
    this.jitter = o.jitter
    this.warp = o.warp ?? { amplitude: 0, wavelength: 1 }
    const box: [number, number, number, number] = [-o.size / this.warp.wavelength, -o.size / this.warp.wavelength, (2 * o.cols + 1) * SQRT3 * o.size / 2 / this.warp.wavelength, (3 * o.rows + 1) * o.size / 2 / this.warp.wavelength]
    this.warpX = new NoiseField(o.jitterSeed + 1, box)
    this.warpY = new NoiseField(o.jitterSeed + 2, box)
    this.vertexWidth = 2 * o.cols + 3
    const vertexCount = this.vertexWidth * (3 * o.rows + 3)
    // Chain keys pack two vertex ids into one number (see topology.ts).
    if (vertexCount >= 1 << 20)
      throw new RangeError(`hex grid too large: ${vertexCount} corners`)
    this.vertexCache = new Float64Array(vertexCount * 2).fill(Number.NaN)
    this.neighbourTable = new Int32Array(this.count * 6)
    for (let h = 0; h < this.count; h++) {
      const i = h % o.cols
      const j = (h - i) / o.cols
      const x = 2 * i + (j & 1)
      const y = 3 * j
      for (let k = 0; k < 6; k++) {
        const [dx, dy] = CENTRE_STEP[k]!
        this.neighbourTable[h * 6 + k] = this.cellAtLattice(x + dx, y + dy)
      }
    }
  }

  private cellAtLattice(x: number, y: number): number {
    if (y < 0 || y % 3 !== 0)
      return -1
    const j = y / 3
    if (j >= this.rows)
      return -1
    const twiceI = x - (j & 1)
    if (twiceI < 0 || twiceI % 2 !== 0)
      return -1
    const i = twiceI / 2
    return i < this.cols ? j * this.cols + i : -1
  }

  /** The cell across edge k of cell h, or -1 beyond the lattice. */
  neighbour(h: number, k: number): number {
    return this.neighbourTable[h * 6 + ((k + 6) % 6)]!
  }

  /** x of the centre of cell h; with cy, the allocation-free form of centre() for hot loops. */
  cx(h: number): number {
    const i = h % this.cols
    const j = (h - i) / this.cols
    return this.origin[0] + (2 * i + (j & 1)) * SQRT3 * this.size / 2
  }

  /** y of the centre of cell h. */
  cy(h: number): number {
    return this.origin[1] + 3 * Math.floor(h / this.cols) * this.size / 2
  }

  /** Planar centre of cell h (unjittered). */
  centre(h: number): Planar {
    const i = h % this.cols
    const j = (h - i) / this.cols
    return [this.origin[0] + (2 * i + (j & 1)) * SQRT3 * this.size / 2, this.origin[1] + 3 * j * this.size / 2]
  }

  /** Id of corner k of cell h; the three cells meeting at a corner give it the same id. */
  corner(h: number, k: number): number {
    const i = h % this.cols
    const j = (h - i) / this.cols
    const [dx, dy] = CORNER_STEP[k % 6]!
    return (2 * i + (j & 1) + dx + 1) + (3 * j + dy + 2) * this.vertexWidth
  }

  /** Planar position of a corner, jittered by a hash of its lattice position. */
  vertex(v: number): Planar {
    const cached = this.vertexCache[2 * v]!
    if (!Number.isNaN(cached))
      return [cached, this.vertexCache[2 * v + 1]!]
    const lx = (v % this.vertexWidth) - 1
    const ly = Math.floor(v / this.vertexWidth) - 2
    const r = this.jitter * this.size * Math.sqrt(hashInts01(this.jitterSeed, lx, ly, 1))
    const a = 2 * Math.PI * hashInts01(this.jitterSeed, lx, ly, 2)
    const bx = lx * SQRT3 * this.size / 2
    const by = ly * this.size / 2
    const { amplitude, wavelength } = this.warp
    const x = this.origin[0] + bx + r * Math.cos(a) + amplitude * this.warpX.at(bx / wavelength, by / wavelength)
    const y = this.origin[1] + by + r * Math.sin(a) + amplitude * this.warpY.at(bx / wavelength, by / wavelength)
    this.vertexCache[2 * v] = x
    this.vertexCache[2 * v + 1] = y
    return [x, y]
  }

  /** The cell whose unjittered hexagon contains p, or -1 outside the lattice. */
  cellAt(p: Planar): number {
    const px = (p[0] - this.origin[0]) / this.size
    const py = (p[1] - this.origin[1]) / this.size
    const q = SQRT3 / 3 * px - py / 3
    const r = 2 / 3 * py
    let rx = Math.round(q)
    let rz = Math.round(r)
    const ry = Math.round(-q - r)
    const dx = Math.abs(rx - q)
    const dy = Math.abs(ry + q + r)
    const dz = Math.abs(rz - r)
    if (dx > dy && dx > dz)
      rx = -ry - rz
    else if (dz >= dy)
      rz = -rx - ry
    const j = rz
    const i = rx + (rz - (rz & 1)) / 2
    if (i < 0 || j < 0 || i >= this.cols || j >= this.rows)
      return -1
    return j * this.cols + i
  }
}
