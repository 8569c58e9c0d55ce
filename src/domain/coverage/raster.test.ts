import { describe, expect, it } from 'vitest'
import { cellAt, emitClosed, emitHalfOpen, firstRowAtOrAbove, frameCovering, lastRowAtOrBelow, traverseSegment } from './raster'

const f = frameCovering(0, 0, 100, 50, 10)

describe('raster frame', () => {
  it('covers the box with whole cells and finds cells', () => {
    expect(f).toEqual({ x0: 0, y0: 0, cellM: 10, width: 10, height: 5 })
    expect(cellAt(f, 5, 5)).toBe(0)
    expect(cellAt(f, 15, 25)).toBe(21)
    expect(cellAt(f, -1, 5)).toBe(-1)
    expect(cellAt(f, 100, 5)).toBe(-1)
  })

  it('picks rows by their centres', () => {
    expect(firstRowAtOrAbove(f, 5)).toBe(0)
    expect(firstRowAtOrAbove(f, 5.01)).toBe(1)
    expect(lastRowAtOrBelow(f, 14.99)).toBe(0)
    expect(lastRowAtOrBelow(f, 15)).toBe(1)
  })

  it('turns intervals into clipped column runs by cell centres', () => {
    const runs: number[][] = []
    const sink = (r: number, a: number, b: number) => runs.push([r, a, b])
    emitClosed(f, 2, 5, 25, sink)
    emitHalfOpen(f, 2, 5, 25, sink)
    emitClosed(f, 2, -50, 500, sink)
    emitClosed(f, 2, 6, 14, sink)
    expect(runs).toEqual([[2, 0, 2], [2, 0, 1], [2, 0, 9]])
  })

  it('gives each cell the length of a segment inside it', () => {
    const got = new Map<number, number>()
    traverseSegment(f, 5, 5, 35, 25, (c, l) => got.set(c, (got.get(c) ?? 0) + l))
    const total = [...got.values()].reduce((a, b) => a + b, 0)
    expect(total).toBeCloseTo(Math.hypot(30, 20), 9)
    expect(got.has(0)).toBe(true)
    expect(got.has(23)).toBe(true)
    // A segment leaving the frame is cut at its edge.
    let inside = 0
    traverseSegment(f, 90, 5, 130, 5, (_c, l) => {
      inside += l
    })
    expect(inside).toBeCloseTo(10, 9)
  })
})
