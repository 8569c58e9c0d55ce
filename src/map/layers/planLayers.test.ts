import { describe, expect, it } from 'vitest'
import { hotSpotFeatures, responseBandFeatures } from './planLayers'

describe('hotSpotFeatures', () => {
  it('numbers the hot spots from 1 in their order and marks only the focused one', () => {
    const fc = hotSpotFeatures([{ id: 'hot-3-4', location: [120, 30] }, { id: 'hot-1-2', location: [120.1, 30.1] }], 'hot-1-2')
    expect(fc.features.map(f => f.properties)).toEqual([{ id: 'hot-3-4', rank: 1, focus: false }, { id: 'hot-1-2', rank: 2, focus: true }])
    expect(fc.features[1]!.geometry).toEqual({ type: 'Point', coordinates: [120.1, 30.1] })
    expect(hotSpotFeatures([{ id: 'a', location: [0, 0] }], null).features[0]!.properties.focus).toBe(false)
  })
})

describe('responseBandFeatures', () => {
  it('makes one multi-line per band, carrying its minutes', () => {
    const fc = responseBandFeatures([{ minutes: 1, segments: [[[0, 0], [1, 1]]] }, { minutes: 3, segments: [] }])
    expect(fc.features.map(f => [f.properties.minutes, f.geometry])).toEqual([
      [1, { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] }],
      [3, { type: 'MultiLineString', coordinates: [] }],
    ])
  })
})
