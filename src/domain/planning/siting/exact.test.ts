import type { Highs } from 'highs'
import { describe, expect, it } from 'vitest'
import { loadDefaultHighs, solveSitingExact } from './exact'
import { greedyMaxCover } from './greedy'
import { compileSiting } from './instance'
import { greedySetCover } from './setCover'

const one = (id: string, covers: number[]): { id: string, options: Array<{ id: string, covers: number[] }> } => ({ id, options: [{ id: `${id}1`, covers }] })

// Greedy takes A (4 points) and then gains 1; B and C together see all 6.
const trap = compileSiting({ weights: [1, 1, 1, 1, 1, 1], sites: [one('A', [0, 1, 2, 3]), one('B', [0, 1, 4]), one('C', [2, 3, 5])] })

// A 3 × 3 lattice of junctions; a camera at a junction sees it and its row (one orientation) or its
// column (the other). Three cameras covering the three rows cover everything; fewer cannot.
const lattice = compileSiting({
  weights: Array.from({ length: 9 }, () => 1),
  sites: Array.from({ length: 9 }, (_, j) => {
    const r = Math.floor(j / 3)
    const col = j % 3
    return { id: `j${j}`, options: [{ id: `j${j}-row`, covers: [3 * r, 3 * r + 1, 3 * r + 2] }, { id: `j${j}-col`, covers: [col, col + 3, col + 6] }] }
  }),
})

describe('solveSitingExact (HiGHS)', () => {
  it('finds the MCLP optimum greedy misses and proves it', async () => {
    const greedy = greedyMaxCover(trap, 2)
    expect(greedy.covered).toBe(5)
    const incumbents: number[] = []
    const r = await solveSitingExact(trap, { kind: 'budget', budget: 2 }, { start: greedy.picks, onIncumbent: (_, v) => incumbents.push(v) })
    expect(r.status).toBe('optimal')
    expect(r.objective).toBe(6)
    expect(r.choices.map(p => trap.siteIds[p.site]).sort()).toEqual(['B', 'C'])
    expect(r.gap).toBeLessThan(1e-6)
    expect(incumbents[0]).toBe(5)
    expect(r.problems).toEqual([])
  })

  it('proves a set cover minimum of 3 on the lattice', async () => {
    const r = await solveSitingExact(lattice, { kind: 'cover', required: [0, 1, 2, 3, 4, 5, 6, 7, 8] })
    expect(r.status).toBe('optimal')
    expect(r.objective).toBe(3)
    expect(greedySetCover(lattice, { required: [0, 1, 2, 3, 4, 5, 6, 7, 8] }).picks).toHaveLength(3)
  })

  it('says infeasible, naming the point, when a required point cannot be seen', async () => {
    const r = await solveSitingExact(trap, { kind: 'cover', required: [0, 5] })
    expect(r.status).toBe('optimal')
    expect(r.objective).toBe(2)
    await expect(solveSitingExact(trap, { kind: 'cover', required: [6] })).rejects.toThrow(/required demand 6 is not one of the 6/)
    const blind = compileSiting({ weights: [1, 1], sites: [one('A', [0])] })
    const b = await solveSitingExact(blind, { kind: 'cover', required: [0, 1] })
    expect(b.status).toBe('infeasible')
    expect(b.problems[0]).toMatch(/sees required demand 1/)
  })

  it('stops when asked and keeps the best checked answer so far', async () => {
    const r = await solveSitingExact(trap, { kind: 'budget', budget: 2 }, { start: greedyMaxCover(trap, 2).picks, shouldStop: () => true })
    expect(['interrupted', 'optimal']).toContain(r.status)
    expect(r.objective).toBeGreaterThanOrEqual(5)
  })

  it('rejects an "optimal" answer that is fractional, keeping the checked start instead', async () => {
    const real = await loadDefaultHighs()
    // A solver that claims optimality for x = ½ everywhere (what a pure-JS solver was seen to do).
    const liar = {
      ...real,
      createModel: () => ({
        options: { set: () => {} },
        setSolution: () => {},
        run: () => {},
        getModelStatus: () => real.constants.modelStatus.optimal,
        getSolution: () => ({ colValue: new Float64Array(9).fill(0.5) }),
        getObjectiveValue: () => 6.5,
        info: { get: () => 6.5 },
        dispose: () => {},
      }),
    } as unknown as Highs
    const r = await solveSitingExact(trap, { kind: 'budget', budget: 2 }, { start: greedyMaxCover(trap, 2).picks, loadHighs: async () => liar })
    expect(r.status).toBe('rejected')
    expect(r.problems.join()).toMatch(/not integral/)
    expect(r.objective).toBe(5)
  })
})
