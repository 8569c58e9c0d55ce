import { describe, expect, it } from 'vitest'
import { HexGrid } from './hexGrid'
import { partitionCells } from './partition'
import { Rng } from './random'

const grid = new HexGrid({ cols: 60, rows: 60, size: 0.05, origin: [-1.5, -1.3], jitterSeed: 1, jitter: 0 })
const cells: number[] = []
for (let h = 0; h < grid.count; h++) {
  const [x, y] = grid.centre(h)
  if (Math.hypot(x, y * 1.3) < 1.2)
    cells.push(h)
}

function components(part: Int32Array, value: number): number {
  const index = new Map(cells.map((h, i) => [h, i]))
  const seen = new Set<number>()
  let count = 0
  cells.forEach((h, i) => {
    if (part[i] !== value || seen.has(h))
      return
    count++
    const stack = [h]
    seen.add(h)
    while (stack.length > 0) {
      const c = stack.pop()!
      for (let k = 0; k < 6; k++) {
        const n = grid.neighbour(c, k)
        const j = index.get(n)
        if (j !== undefined && part[j] === value && !seen.has(n)) {
          seen.add(n)
          stack.push(n)
        }
      }
    }
  })
  return count
}

describe('partitionCells', () => {
  const result = partitionCells(grid, cells, new Rng('p'), { parts: 9, warpAmplitude: 0.3, warpScale: 0.8, weight: () => 1, minCells: 30 })

  it('assigns every cell a part and makes about the parts asked for', () => {
    expect(result.part).toHaveLength(cells.length)
    expect(result.count).toBeGreaterThanOrEqual(7)
    expect(result.count).toBeLessThanOrEqual(9)
    for (const p of result.part) {
      expect(p).toBeGreaterThanOrEqual(0)
      expect(p).toBeLessThan(result.count)
    }
  })

  it('makes every part one connected piece of at least minCells', () => {
    for (let p = 0; p < result.count; p++) {
      expect(components(result.part, p)).toBe(1)
      expect(result.part.filter(x => x === p).length).toBeGreaterThanOrEqual(30)
    }
  })

  it('balances parts by weight', () => {
    const sizes = Array.from({ length: result.count }, (_, p) => result.part.filter(x => x === p).length)
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(4)
  })

  it('is deterministic for a seed', () => {
    const again = partitionCells(grid, cells, new Rng('p'), { parts: 9, warpAmplitude: 0.3, warpScale: 0.8, weight: () => 1, minCells: 30 })
    expect(Array.from(again.part)).toEqual(Array.from(result.part))
  })
})
