// Smooth seeded noise. It bends village borders and roads so they look surveyed from the
// landscape rather than drawn with a ruler.
import { hashInts01 } from './random'

function fade(t: number): number {
  return t * t * t * (t * (t * 6 - 15) + 10)
}

/** Value noise on a unit lattice, smooth, in [-1, 1]; the same seed and point always give the same value. */
export function valueNoise2(seed: number, x: number, y: number): number {
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const tx = fade(x - x0)
  const ty = fade(y - y0)
  const v00 = hashInts01(seed, x0, y0)
  const v10 = hashInts01(seed, x0 + 1, y0)
  const v01 = hashInts01(seed, x0, y0 + 1)
  const v11 = hashInts01(seed, x0 + 1, y0 + 1)
  const a = v00 + (v10 - v00) * tx
  const b = v01 + (v11 - v01) * tx
  return 2 * (a + (b - a) * ty) - 1
}

/** Fractal value noise: `octaves` layers, each at double the frequency and half the amplitude, in [-1, 1]. */
export function fbm2(seed: number, x: number, y: number, octaves = 3): number {
  let sum = 0
  let amp = 1
  let norm = 0
  let f = 1
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise2(seed + o * 1013, x * f, y * f)
    norm += amp
    amp *= 0.5
    f *= 2
  }
  return sum / norm
}

/** One-dimensional smooth noise in [-1, 1]. */
export function valueNoise1(seed: number, t: number): number {
  const t0 = Math.floor(t)
  const f = fade(t - t0)
  const a = hashInts01(seed, t0, 0)
  const b = hashInts01(seed, t0 + 1, 0)
  return 2 * (a + (b - a) * f) - 1
}

/**
 * Value noise whose lattice values are precomputed over a box (in noise units): each sample is
 * then four array reads instead of four hashes. Samples equal valueNoise2's exactly; outside
 * the box it falls back to valueNoise2.
 */
export class NoiseField {
  private readonly x0: number
  private readonly y0: number
  private readonly width: number
  private readonly height: number
  private readonly values: Float64Array

  constructor(private readonly seed: number, box: [number, number, number, number]) {
    this.x0 = Math.floor(box[0])
    this.y0 = Math.floor(box[1])
    this.width = Math.floor(box[2]) - this.x0 + 2
    this.height = Math.floor(box[3]) - this.y0 + 2
    this.values = new Float64Array(this.width * this.height)
    for (let j = 0; j < this.height; j++) {
      for (let i = 0; i < this.width; i++)
        this.values[j * this.width + i] = hashInts01(seed, this.x0 + i, this.y0 + j)
    }
  }

  /** The noise at (x, y), in [-1, 1]. */
  at(x: number, y: number): number {
    const xi = Math.floor(x)
    const yi = Math.floor(y)
    const i = xi - this.x0
    const j = yi - this.y0
    if (i < 0 || j < 0 || i + 1 >= this.width || j + 1 >= this.height)
      return valueNoise2(this.seed, x, y)
    const tx = fade(x - xi)
    const ty = fade(y - yi)
    const k = j * this.width + i
    const v00 = this.values[k]!
    const v10 = this.values[k + 1]!
    const v01 = this.values[k + this.width]!
    const v11 = this.values[k + this.width + 1]!
    const a = v00 + (v10 - v00) * tx
    const b = v01 + (v11 - v01) * tx
    return 2 * (a + (b - a) * ty) - 1
  }
}

/** fbm2 over a fixed box (in noise units) with precomputed lattices; samples equal fbm2's. */
export class FractalField {
  private readonly fields: NoiseField[] = []
  private readonly norm: number

  constructor(seed: number, octaves: number, box: [number, number, number, number]) {
    let norm = 0
    for (let o = 0, f = 1, amp = 1; o < octaves; o++, f *= 2, amp *= 0.5) {
      this.fields.push(new NoiseField(seed + o * 1013, [box[0] * f, box[1] * f, box[2] * f, box[3] * f]))
      norm += amp
    }
    this.norm = norm
  }

  /** The noise at (x, y), in [-1, 1]. */
  at(x: number, y: number): number {
    let sum = 0
    let amp = 1
    let f = 1
    for (let o = 0; o < this.fields.length; o++) {
      sum += amp * this.fields[o]!.at(x * f, y * f)
      amp *= 0.5
      f *= 2
    }
    return sum / this.norm
  }
}
