import { describe, expect, it } from 'vitest'
import { gridLevelsAtZoom } from './gridTiles'

describe('gridLevelsAtZoom', () => {
  it('adds villages at z8, groups at z11 and sub-grids at z13', () => {
    expect(gridLevelsAtZoom(0)).toEqual([1])
    expect(gridLevelsAtZoom(7)).toEqual([1])
    expect(gridLevelsAtZoom(8)).toEqual([1, 2])
    expect(gridLevelsAtZoom(10)).toEqual([1, 2])
    expect(gridLevelsAtZoom(11)).toEqual([1, 2, 3])
    expect(gridLevelsAtZoom(12)).toEqual([1, 2, 3])
    expect(gridLevelsAtZoom(13)).toEqual([1, 2, 3, 4])
    expect(gridLevelsAtZoom(22)).toEqual([1, 2, 3, 4])
  })

  it('refuses a zoom that is no tile zoom, saying which', () => {
    expect(() => gridLevelsAtZoom(-1)).toThrow('got -1')
    expect(() => gridLevelsAtZoom(23)).toThrow('got 23')
    expect(() => gridLevelsAtZoom(8.5)).toThrow('got 8.5')
  })
})
