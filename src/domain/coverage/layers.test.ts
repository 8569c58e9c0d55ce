import { describe, expect, it } from 'vitest'
import { CoverageLayers, F, FIELDS } from './layers'

// A 4×2 raster: label 1 on the left half, label 2 on the right.
const label = Uint16Array.from([1, 1, 2, 2, 1, 1, 2, 2])

function tally(l: CoverageLayers, lab: number, f: number): number {
  return l.tallies()[lab * FIELDS + f]!
}

describe('coverage layers', () => {
  it('keeps tallies live under tracked stamps and matches a recount', () => {
    const l = new CoverageLayers(4, label, 2)
    l.addRoad(1, 3.5)
    l.recount(0, 2)
    expect(tally(l, 1, F.cells)).toBe(4)
    expect(tally(l, 1, F.road)).toBe(3.5)
    l.track(true)
    l.patrolSink(1)(0, 0, 2)
    l.cameraSink(1, true)(0, 1, 3)
    l.cameraSink(1, true)(0, 1, 1)
    l.cameraSink(1, false)(1, 0, 0)
    expect(tally(l, 1, F.patrol)).toBe(2)
    expect(tally(l, 1, F.camera)).toBe(1)
    expect(tally(l, 1, F.both)).toBe(1)
    expect(tally(l, 1, F.k2)).toBe(1)
    expect(tally(l, 1, F.either)).toBe(2)
    expect(tally(l, 1, F.offlineOnly)).toBe(1)
    expect(tally(l, 2, F.either)).toBe(2)
    expect(tally(l, 1, F.roadEither)).toBe(3.5)
    expect(l.takeDirty().sort()).toEqual([1, 2])
    expect(l.takeDirty()).toEqual([])
    const live = Array.from(l.tallies())
    l.recount(0, 2)
    expect(Array.from(l.tallies())).toEqual(live)
    expect(l.tally(1, F.either)).toBe(2)
  })

  it('undoes a stamp exactly', () => {
    const l = new CoverageLayers(4, label, 2)
    l.recount(0, 2)
    const before = Array.from(l.tallies())
    l.track(true)
    l.patrolSink(1)(1, 0, 3)
    l.patrolSink(-1)(1, 0, 3)
    expect(Array.from(l.tallies())).toEqual(before)
    expect(() => l.patrolSink(-1)(1, 0, 0)).toThrow(/removed twice/)
  })
})
