// Seeded randomness for the demo generator. Everything random in the demo comes from here, so
// the same seed gives byte-identical data in the browser, in tests and in the database seed.
// Integer hashing uses Math.imul only; no Math.random, no clock.

/** cyrb128: a fast 128-bit string hash, good enough to seed a PRNG and to derive stable ids. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** A 32-bit hash of a string, for keying lattice noise. */
export function hash32(text: string): number {
  return hash128(text)[0]
}

/** Mixes integers into a uniform number in [0, 1); the same inputs always give the same value. */
export function hashInts01(seed: number, a: number, b: number, c = 0): number {
  let h = seed ^ Math.imul(a | 0, 0x27D4EB2F) ^ Math.imul(b | 0, 0x165667B1) ^ Math.imul(c | 0, 0x9E3779B1)
  h = Math.imul(h ^ (h >>> 15), 0x85EBCA77)
  h = Math.imul(h ^ (h >>> 13), 0xC2B2AE3D)
  h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

const HEX = '0123456789abcdef'

function uuidFromWords(words: readonly number[]): string {
  const hex = words.map(w => (w >>> 0).toString(16).padStart(8, '0')).join('')
  // Version 4 and RFC 4122 variant bits, so PostgreSQL and validators accept the ids as uuids.
  const variant = HEX[8 + (Number.parseInt(hex[16]!, 16) & 3)]
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** A uuid-shaped id that depends only on its parts: the same parts always give the same id. */
export function stableUuid(...parts: string[]): string {
  return uuidFromWords(hash128(parts.join('\u001F')))
}

/** Running sums of non-negative weights, for repeated weighted picks with Rng.cumulativeIndex. */
export function cumulativeWeights(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length)
  let total = 0
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!
    if (!(w >= 0))
      throw new RangeError(`weights must be non-negative numbers, got ${w}`)
    total += w
    out[i] = total
  }
  return out
}

/** A seeded pseudo-random stream (sfc32) with the helpers the generator needs. */
export class Rng {
  // Integer state in a typed array: no boxed numbers, even before the JIT has warmed up.
  private readonly s = new Int32Array(4)

  /** Streams with the same seed produce the same sequence. */
  constructor(readonly seed: string) {
    this.s.set(hash128(seed))
    // The first outputs of sfc32 still show the seed's structure; discard them.
    for (let i = 0; i < 12; i++)
      this.next()
  }

  /** An independent stream for one concern, so changing one module's draws leaves the others' alone. */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`)
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.s
    const a = s[0]!
    const b = s[1]!
    const c = s[2]!
    const d = (s[3]! + 1) | 0
    const r = (((a + b) | 0) + d) | 0
    s[0] = b ^ (b >>> 9)
    s[1] = (c + (c << 3)) | 0
    s[2] = (((c << 21) | (c >>> 11)) + r) | 0
    s[3] = d
    return (r >>> 0) / 4294967296
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min)
      throw new RangeError(`int(${min}, ${max}): need integers with min ≤ max`)
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0)
      throw new RangeError('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** An index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0
    for (const w of weights) {
      if (!(w >= 0))
        throw new RangeError(`weights must be non-negative numbers, got ${w}`)
      total += w
    }
    if (total <= 0)
      throw new RangeError('weighted pick needs a positive total weight')
    let x = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!
      if (x < 0)
        return i
    }
    // Rounding can leave x at a hair above zero: fall back to the last non-zero weight.
    for (let i = weights.length - 1; i >= 0; i--) {
      if (weights[i]! > 0)
        return i
    }
    return weights.length - 1
  }

  /** An index drawn from cumulative weights (see cumulativeWeights), in O(log n). */
  cumulativeIndex(cumulative: Float64Array): number {
    const total = cumulative[cumulative.length - 1]!
    if (!(total > 0))
      throw new RangeError('weighted pick needs a positive total weight')
    const x = this.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > x)
        hi = mid
      else
        lo = mid + 1
    }
    return lo
  }

  /** One element, drawn with probability proportional to weight(element). */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    return items[this.weightedIndex(items.map(weight))]!
  }

  /** Normally distributed (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next()
    const v = this.next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Log-normally distributed with the given median; `spread` is the sd of the log. */
  logNormal(median: number, spread: number): number {
    return median * Math.exp(this.normal(0, spread))
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = out[i]!
      out[i] = out[j]!
      out[j] = tmp
    }
    return out
  }

  /** A uuid-shaped id drawn from the stream. */
  uuid(): string {
    const words = [0, 0, 0, 0].map(() => Math.floor(this.next() * 4294967296) >>> 0)
    return uuidFromWords(words)
  }
}
