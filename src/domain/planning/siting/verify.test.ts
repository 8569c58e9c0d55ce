import { describe, expect, it } from 'vitest'
import { compileSiting } from './instance'
import { checkAnswer } from './verify'

const c = compileSiting({
  weights: [1, 2, 4],
  sites: [
    { id: 'a', options: [{ id: 'a1', covers: [0] }, { id: 'a2', covers: [1] }] },
    { id: 'b', options: [{ id: 'b1', covers: [2] }] },
  ],
})

describe('checkAnswer', () => {
  it('accepts an integral, feasible answer and recomputes its objective from the picks', () => {
    const r = checkAnswer(c, [0, 1 - 1e-9, 1], { kind: 'budget', budget: 2 })
    expect(r.problems).toEqual([])
    expect(r.choices).toEqual([{ site: 0, option: 1 }, { site: 1, option: 2 }])
    expect(r.objective).toBe(6)
  })

  it('rejects a fractional answer even when rounding it would look fine', () => {
    const r = checkAnswer(c, [0.5, 0.5, 1], { kind: 'budget', budget: 2 })
    expect(r.problems.join()).toMatch(/not integral: an orientation is 5\.00e-1 away/)
  })

  it('flags two cameras on one site, an over-budget answer and an unseen required point', () => {
    expect(checkAnswer(c, [1, 1, 0], { kind: 'budget', budget: 2 }).problems).toEqual(['site a has 2 cameras, at most one is allowed'])
    expect(checkAnswer(c, [1, 0, 1], { kind: 'budget', budget: 1 }).problems).toEqual(['2 new cameras exceed the budget of 1'])
    const cover = checkAnswer(c, [1, 0, 0], { kind: 'cover', required: [0, 2] })
    expect(cover.problems).toEqual(['required demand 2 left unseen'])
    expect(cover.objective).toBe(1)
  })

  it('flags an answer of the wrong length and a non-finite value', () => {
    expect(checkAnswer(c, [1], { kind: 'budget', budget: 2 }).problems[0]).toMatch(/1 orientation values, the instance 3/)
    expect(checkAnswer(c, [Number.NaN, 0, 1], { kind: 'budget', budget: 2 }).fractionality).toBe(Infinity)
  })
})
