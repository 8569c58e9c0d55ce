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
