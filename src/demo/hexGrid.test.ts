import { describe, expect, it } from 'vitest'
import { HexGrid } from './hexGrid'

const grid = new HexGrid({ cols: 12, rows: 10, size: 0.1, origin: [0, 0], jitterSeed: 7, jitter: 0.18, warp: { amplitude: 0.02, wavelength: 0.5 } })

describe('hexGrid', () => {
  it('has symmetric neighbours: across edge k and back across edge k+3', () => {
    for (let h = 0; h < grid.count; h++) {
      for (let k = 0; k < 6; k++) {
        const n = grid.neighbour(h, k)
        if (n >= 0)
          expect(grid.neighbour(n, k + 3)).toBe(h)
      }
    }
  })

  it('shares the two corners of an edge with the neighbour across it', () => {
    for (let h = 0; h < grid.count; h++) {
      for (let k = 0; k < 6; k++) {
        const n = grid.neighbour(h, k)
        if (n < 0)
          continue
        // Edge k of h runs corner k → k+1; the same edge of n is edge k+3, run the other way.
        expect(grid.corner(n, k + 3)).toBe(grid.corner(h, k + 1))
        expect(grid.corner(n, k + 4)).toBe(grid.corner(h, k))
      }
    }
  })

  it('finds the cell containing a point', () => {
    for (let h = 0; h < grid.count; h++) {
      const [x, y] = grid.centre(h)
      expect(grid.cellAt([x, y])).toBe(h)
      expect(grid.cellAt([x + 0.07, y + 0.02])).toBe(h)
    }
    expect(grid.cellAt([-5, -5])).toBe(-1)
  })

  it('moves corners only a little and keeps each cell counter-clockwise and convex-ish', () => {
    for (let h = 0; h < grid.count; h++) {
      const c = grid.centre(h)
      let twiceArea = 0
      for (let k = 0; k < 6; k++) {
        const a = grid.vertex(grid.corner(h, k))
        const b = grid.vertex(grid.corner(h, k + 1))
        expect(Math.hypot(a[0] - c[0], a[1] - c[1])).toBeLessThan(0.1 * 1.5)
        twiceArea += a[0] * b[1] - b[0] * a[1]
      }
      expect(twiceArea / 2 / grid.cellArea).toBeGreaterThan(0.7)
      expect(twiceArea / 2 / grid.cellArea).toBeLessThan(1.3)
    }
  })

  it('gives the same corner position every time', () => {
    const v = grid.corner(17, 2)
    expect(grid.vertex(v)).toEqual(grid.vertex(v))
    const again = new HexGrid({ cols: 12, rows: 10, size: 0.1, origin: [0, 0], jitterSeed: 7, jitter: 0.18, warp: { amplitude: 0.02, wavelength: 0.5 } })
    expect(again.vertex(v)).toEqual(grid.vertex(v))
  })
})
