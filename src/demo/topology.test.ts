import type { LngLat } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { HexGrid } from './hexGrid'
import { LocalProjection } from './projection'
import { BoundaryBuilder, chaikin, movingAverage, signedArea, simplify } from './topology'

describe('polyline smoothing', () => {
  it('chaikin keeps the ends and cuts corners', () => {
    const out = chaikin([[0, 0], [1, 0], [1, 1]])
    expect(out).toEqual([[0, 0], [0.75, 0], [1, 0.25], [1, 1]])
    expect(chaikin([[0, 0], [1, 1]])).toEqual([[0, 0], [1, 1]])
  })

  it('movingAverage keeps the ends and flattens a zigzag', () => {
    const zigzag = Array.from({ length: 9 }, (_, i) => [i, i % 2] as [number, number])
    const out = movingAverage(zigzag, 2)
    expect(out[0]).toEqual([0, 0])
    expect(out[8]).toEqual([8, 0])
    for (const [, y] of out.slice(2, 7)) {
      expect(y).toBeGreaterThan(0.35)
      expect(y).toBeLessThan(0.65)
    }
  })

  it('simplify drops points within tolerance and keeps the rest', () => {
    expect(simplify([[0, 0], [1, 0.001], [2, 0]], 0.01)).toEqual([[0, 0], [2, 0]])
    expect(simplify([[0, 0], [1, 0.5], [2, 0]], 0.01)).toEqual([[0, 0], [1, 0.5], [2, 0]])
  })
})

describe('boundaryBuilder', () => {
  // Three regions side by side on a small lattice: every shared edge must come out identical.
  const grid = new HexGrid({ cols: 30, rows: 30, size: 0.05, origin: [-0.75, -0.65], jitterSeed: 3, jitter: 0.18 })
  const labels = new Int32Array(grid.count).fill(-1)
  const cells: number[][] = [[], [], []]
  for (let h = 0; h < grid.count; h++) {
    const [x, y] = grid.centre(h)
    if (Math.hypot(x, y) > 0.55)
      continue
    const part = x < -0.1 ? 0 : y > 0 ? 1 : 2
    labels[h] = part
    cells[part]!.push(h)
  }
  const builder = new BoundaryBuilder(grid, labels, new LocalProjection([120, 30]))
  const rings = cells.map((c, i) => builder.ring(labels, i, c))

  it('makes closed counter-clockwise rings', () => {
    for (const r of rings) {
      expect(r[0]).toEqual(r[r.length - 1])
      expect(signedArea(r)).toBeGreaterThan(0)
    }
  })

  it('gives neighbours the very same shared vertices, in opposite order', () => {
    const key = (p: LngLat): string => `${p[0]},${p[1]}`
    const edges = (r: LngLat[]): Set<string> => new Set(r.slice(1).map((p, i) => `${key(r[i]!)}>${key(p)}`))
    const a = edges(rings[0]!)
    const b = edges(rings[1]!)
    let shared = 0
    for (const e of a) {
      const [from, to] = e.split('>')
      if (b.has(`${to}>${from}`))
        shared++
    }
    expect(shared).toBeGreaterThan(5)
  })

  it('makes the union of the parts equal to the whole, by area', () => {
    const whole = new Int32Array(grid.count).fill(-1)
    const all = cells.flat()
    for (const h of all) whole[h] = 0
    const outer = builder.ring(whole, 0, all)
    const sum = rings.reduce((a, r) => a + signedArea(r), 0)
    expect(Math.abs(sum / signedArea(outer) - 1)).toBeLessThan(1e-9)
  })

  it('refuses a region with a hole', () => {
    const holed = new Int32Array(grid.count).fill(-1)
    const ring: number[] = []
    for (let h = 0; h < grid.count; h++) {
      const [x, y] = grid.centre(h)
      const d = Math.hypot(x, y)
      if (d < 0.5 && d > 0.2) {
        holed[h] = 0
        ring.push(h)
      }
    }
    expect(() => builder.ring(holed, 0, ring)).toThrow(/hole|only one other region/)
  })
})
