import type { PreparedGrid } from './prepare'
import { describe, expect, it } from 'vitest'
import { GridLabels } from './labels'
import { frameCovering } from './raster'
import { insideRings } from './shapes'

function grid(id: string, parent: number, depth: number, ...xy: number[]): PreparedGrid {
  const ring = Float64Array.from(xy)
  const xs = xy.filter((_, i) => i % 2 === 0)
  const ys = xy.filter((_, i) => i % 2 === 1)
  return { id, level: depth + 1, parent, depth, rings: [ring], bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] }
}

// A 1 km township with two villages split by a slanted line; the east village has a group in it.
const grids = [
  grid('group', 2, 2, 700, 100, 900, 100, 900, 300, 700, 300),
  grid('town', -1, 0, 0, 0, 1000, 0, 1000, 1000, 0, 1000),
  grid('east', 1, 1, 433.3, 0, 1000, 0, 1000, 1000, 611.7, 1000),
  grid('west', 1, 1, 0, 0, 433.3, 0, 611.7, 1000, 0, 1000),
]

describe('grid labels', () => {
  const labels = new GridLabels(frameCovering(0, 0, 1000, 1000, 5), grids).paintAll()

  it('labels each cell with the deepest grid containing its centre', () => {
    const count = new Map<number, number>()
    for (const v of labels.label)
      count.set(v, (count.get(v) ?? 0) + 1)
    expect(count.get(1)).toBe(40 * 40)
    expect(count.get(2)).toBeUndefined()
    expect((count.get(3) ?? 0) + (count.get(4) ?? 0) + 1600).toBe(40_000)
    expect(Math.abs((count.get(4) ?? 0) * 25 - 522_500)).toBeLessThan(2_500)
  })

  it('places points exactly, near edges too', () => {
    let seed = 7
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    for (let i = 0; i < 20_000; i++) {
      // Half the points within a metre of the slanted village edge.
      const y = rand() * 1000
      const x = i % 2 === 0 ? rand() * 1000 : 433.3 + (611.7 - 433.3) * y / 1000 + (rand() - 0.5) * 2
      const truth = [0, 2, 3].find(g => insideRings(grids[g]!.rings, x, y)) ?? (insideRings(grids[1]!.rings, x, y) ? 1 : -1)
      expect(labels.locate(x, y)).toBe(truth)
    }
    expect(labels.locate(-1, 5)).toBe(-1)
  })
})
