import { describe, expect, it } from 'vitest'
import { BLIND_SPOT_COLORS, COVERAGE_RAMP } from './palette'

// Colour-vision deficiency by Machado, Oliveira & Fernandes (2009), severity 1, on linear sRGB;
// distances as CIE76 ΔE in Lab (D65).
const MACHADO = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
} as const

function linear(hex: string): number[] {
  return [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
}
function lab([r, g, b]: number[]): number[] {
  const [x, y, z] = [0.4124 * r! + 0.3576 * g! + 0.1805 * b!, 0.2126 * r! + 0.7152 * g! + 0.0722 * b!, 0.0193 * r! + 0.1192 * g! + 0.9505 * b!]
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)
  const [fx, fy, fz] = [f(x / 0.95047), f(y), f(z / 1.08883)]
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)]
}
function seenAs(hex: string, vision: keyof typeof MACHADO | 'normal'): number[] {
  const l = linear(hex)
  if (vision === 'normal')
    return lab(l)
  return lab(MACHADO[vision].map(row => Math.min(1, Math.max(0, row[0] * l[0]! + row[1] * l[1]! + row[2] * l[2]!))))
}
const deltaE = (a: string, b: string, vision: keyof typeof MACHADO | 'normal') => Math.hypot(...seenAs(a, vision).map((v, i) => v - seenAs(b, vision)[i]!))

describe('the coverage ramp', () => {
  it('keeps 0 %, 50 % and 100 % and the blind spots apart for red-green colour-blind viewers', () => {
    for (const vision of ['normal', 'protanopia', 'deuteranopia'] as const) {
      expect(deltaE(COVERAGE_RAMP.low, COVERAGE_RAMP.high, vision), vision).toBeGreaterThan(60)
      expect(deltaE(COVERAGE_RAMP.low, COVERAGE_RAMP.mid, vision), vision).toBeGreaterThan(20)
      expect(deltaE(COVERAGE_RAMP.mid, COVERAGE_RAMP.high, vision), vision).toBeGreaterThan(20)
      expect(deltaE(BLIND_SPOT_COLORS.fill, COVERAGE_RAMP.high, vision), vision).toBeGreaterThan(20)
      expect(deltaE(BLIND_SPOT_COLORS.fill, COVERAGE_RAMP.low, vision), vision).toBeGreaterThan(20)
    }
  })

  it('would have caught the red-to-green ramp it replaced', () => {
    // #c92a2a → #2b8a3e: far apart in normal vision, close for a deuteranope.
    expect(deltaE('#c92a2a', '#2b8a3e', 'normal')).toBeGreaterThan(60)
    expect(deltaE('#c92a2a', '#2b8a3e', 'deuteranopia')).toBeLessThan(20)
  })
})
