import { describe, expect, it } from 'vitest'
import { HexGrid } from './hexGrid'
import { cleanUpPartition, partitionCells } from './partition'
import { LocalProjection } from './projection'
import { Rng } from './random'
import { BoundaryBuilder } from './topology'

const grid = new HexGrid({ cols: 60, rows: 60, size: 0.05, origin: [-1.5, -1.3], jitterSeed: 1, jitter: 0 })
const uniform = new Float64Array(grid.count).fill(1)
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
  const result = partitionCells(grid, cells, new Rng('p'), { parts: 9, warpAmplitude: 0.3, warpScale: 0.8, weight: uniform, minCells: 30 })

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

  it('leaves no part with a hole (each outline is one ring)', () => {
    // Strong warping makes enclosures likely before cleanup.
    for (const seed of ['h1', 'h2', 'h3', 'h4']) {
      const r = partitionCells(grid, cells, new Rng(seed), { parts: 12, warpAmplitude: 0.8, warpScale: 0.4, weight: uniform, minCells: 10 })
      const labels = new Int32Array(grid.count).fill(-1)
      cells.forEach((h, i) => labels[h] = r.part[i]!)
      const builder = new BoundaryBuilder(grid, labels, new LocalProjection([120, 30]))
      for (let p = 0; p < r.count; p++) {
        expect(components(r.part, p)).toBe(1)
        expect(() => builder.ring(labels, p, cells.filter((_, i) => r.part[i] === p))).not.toThrow()
      }
    }
  })

  it('balances parts by weight', () => {
    const sizes = Array.from({ length: result.count }, (_, p) => result.part.filter(x => x === p).length)
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(4)
  })

  it('is deterministic for a seed', () => {
    const again = partitionCells(grid, cells, new Rng('p'), { parts: 9, warpAmplitude: 0.3, warpScale: 0.8, weight: uniform, minCells: 30 })
    expect(Array.from(again.part)).toEqual(Array.from(result.part))
  })
})

describe('cleanUpPartition', () => {
  const centre = grid.cellAt([0, 0])
  const ringOf = (h: number): number[] => [0, 1, 2, 3, 4, 5].map(k => grid.neighbour(h, k))

  it('merges a part enclosed by another into it', () => {
    const inner = new Set([centre, ...ringOf(centre)])
    const part = Int32Array.from(cells, h => inner.has(h) ? 1 : 0)
    expect(cleanUpPartition(grid, cells, part, 2, 1)).toBe(1)
    expect(part.every(p => p === 0)).toBe(true)
  })

  it('keeps a part that reaches the edge and fills only what is enclosed', () => {
    // Left half is part 0, right half part 1, and a blob of part 2 sits inside part 1.
    const blob = new Set([...ringOf(grid.cellAt([0.6, 0])), grid.cellAt([0.6, 0])])
    const part = Int32Array.from(cells, h => blob.has(h) ? 2 : grid.centre(h)[0] < 0 ? 0 : 1)
    expect(cleanUpPartition(grid, cells, part, 3, 1)).toBe(2)
    cells.forEach((h, i) => expect(part[i]).toBe(grid.centre(h)[0] < 0 ? 0 : 1))
  })

  it('gives a stray piece to the part it borders most', () => {
    // A piece of part 0 inside part 1, far from part 0's main body.
    const stray = new Set([grid.cellAt([0.6, 0.2]), grid.cellAt([0.65, 0.2])])
    const part = Int32Array.from(cells, h => stray.has(h) ? 0 : grid.centre(h)[0] < 0 ? 0 : 1)
    cleanUpPartition(grid, cells, part, 2, 1)
    cells.forEach((h, i) => expect(part[i]).toBe(grid.centre(h)[0] < 0 ? 0 : 1))
  })

  it('merges parts under the minimum size', () => {
    const small = new Set([grid.cellAt([0.3, 0.3])])
    const part = Int32Array.from(cells, h => small.has(h) ? 2 : grid.centre(h)[0] < 0 ? 0 : 1)
    expect(cleanUpPartition(grid, cells, part, 3, 5)).toBe(2)
  })
})
