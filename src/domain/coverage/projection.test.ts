import { describe, expect, it } from 'vitest'
import { LatticeInverse, LocalMetricProjection } from './projection'

describe('local metric projection', () => {
  const p = new LocalMetricProjection([118, 30])

  it('puts the centre at the origin and round-trips to a millimetre across a county', () => {
    expect(p.forward(118, 30)).toEqual([0, 0])
    for (const [lng, lat] of [[118.4, 30.35], [117.6, 29.64], [118.0001, 30], [118.5, 29.5]] as const) {
      const [x, y] = p.forward(lng, lat)
      const [lng2, lat2] = p.inverse(x, y)
      expect(Math.abs(lng2 - lng) * 111_000).toBeLessThan(1e-3)
      expect(Math.abs(lat2 - lat) * 111_000).toBeLessThan(1e-3)
    }
  })

  it('measures true WGS 84 metres near the centre', () => {
    // One degree of latitude at 30° N is 110,851 m on the ellipsoid; one of longitude 96,486 m.
    expect(p.forward(118, 30.5)[1] - p.forward(118, 29.5)[1]).toBeCloseTo(110_851, -1)
    expect(p.forward(118.5, 30)[0] - p.forward(117.5, 30)[0]).toBeCloseTo(96_486, -1)
  })

  it('keeps areas: a 0.1° cell 40 km from the centre has its ellipsoidal area to 1e-4', () => {
    const ring = [[118.4, 30.3], [118.5, 30.3], [118.5, 30.4], [118.4, 30.4]].map(([a, b]) => p.forward(a!, b!))
    let twice = 0
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]!
      const b = ring[(i + 1) % ring.length]!
      twice += a[0] * b[1] - b[0] * a[1]
    }
    // Ellipsoidal area between two parallels and meridians: b²·Δλ/2·[q(φ)] (Snyder 1987, eq. 3-12).
    const a = 6_378_137
    const e2 = 0.006_694_379_990_14
    const e = Math.sqrt(e2)
    const q = (deg: number) => {
      const s = Math.sin(deg * Math.PI / 180)
      return (1 - e2) * (s / (1 - e2 * s * s) - Math.log((1 - e * s) / (1 + e * s)) / (2 * e))
    }
    const expected = a * a * (0.1 * Math.PI / 180) / 2 * (q(30.4) - q(30.3))
    expect(Math.abs(twice / 2 - expected) / expected).toBeLessThan(1e-4)
  })
})

describe('lattice inverse', () => {
  it('agrees with the exact inverse to a millimetre across a county, and is exact outside its box', () => {
    const p = new LocalMetricProjection([118, 30])
    const lattice = new LatticeInverse(p, -40_000, -40_000, 40_000, 40_000)
    const out = new Float64Array(2)
    let worst = 0
    for (let k = 0; k < 2000; k++) {
      const x = -41_000 + ((k * 7919) % 82_000)
      const y = -41_000 + ((k * 104_729) % 82_000)
      lattice.inverseInto(x, y, out, 0)
      const [bx, by] = p.forward(out[0]!, out[1]!)
      worst = Math.max(worst, Math.hypot(bx - x, by - y))
    }
    expect(worst).toBeLessThan(0.001)
    expect(worst).toBeGreaterThan(0)
  })
})
