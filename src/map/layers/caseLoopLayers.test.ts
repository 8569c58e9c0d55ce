import { describe, expect, it } from 'vitest'
import { distanceM } from '~/domain/geometry'
import { LAYER, SOURCE } from '../layerIds'
import { circleRing, pickFeatures, pickLayerSpecs, selectedCaseFeatures, selectedHaloSpec } from './caseLoopLayers'

describe('circleRing', () => {
  it('is closed and every vertex lies on the radius', () => {
    const c: [number, number] = [119.9, 30.1]
    const ring = circleRing(c, 200, 24)
    expect(ring).toHaveLength(25)
    expect(ring[0]).toEqual(ring[24])
    for (const p of ring)
      expect(distanceM(c, p)).toBeCloseTo(200, 3)
  })

  it('runs counter-clockwise (positive shoelace area)', () => {
    const ring = circleRing([0, 0], 1000, 12)
    let twiceArea = 0
    for (let i = 0; i < ring.length - 1; i++)
      twiceArea += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1]
    expect(twiceArea).toBeGreaterThan(0)
  })

  it('refuses a non-positive radius', () => {
    expect(() => circleRing([0, 0], 0)).toThrow(RangeError)
  })
})

describe('pick and selection features', () => {
  it('draws nothing until a point is placed', () => {
    expect(pickFeatures(null, 200).features).toEqual([])
  })

  it('draws the point above its search radius', () => {
    const fc = pickFeatures([1, 2], 200)
    expect(fc.features.map(f => [f.properties.kind, f.geometry.type])).toEqual([['radius', 'Polygon'], ['point', 'Point']])
    expect(pickFeatures([1, 2], null).features.map(f => f.properties.kind)).toEqual(['point'])
  })

  it('draws a GPS fix\'s accuracy circle, with or without the point placed', () => {
    const fix = { location: [119.9, 30.1] as [number, number], accuracyM: 200 }
    const waiting = pickFeatures(null, null, fix)
    expect(waiting.features.map(f => f.properties.kind)).toEqual(['accuracy'])
    const ring = (waiting.features[0]!.geometry as GeoJSON.Polygon).coordinates[0]!
    for (const p of ring)
      expect(distanceM(fix.location, p as [number, number])).toBeCloseTo(200, 3)
    expect(pickFeatures(fix.location, 200, fix).features.map(f => f.properties.kind)).toEqual(['accuracy', 'radius', 'point'])
  })

  it('highlights the one selected case', () => {
    expect(selectedCaseFeatures({ id: 'c1', location: [1, 2] }).features[0]).toMatchObject({ geometry: { coordinates: [1, 2] }, properties: { id: 'c1' } })
    expect(selectedCaseFeatures(null).features).toEqual([])
  })

  it('reads its own sources', () => {
    expect(pickLayerSpecs().map(l => [l.id, 'source' in l && l.source])).toEqual([[LAYER.casePickRadius, SOURCE.casePick], [LAYER.casePickAccuracy, SOURCE.casePick], [LAYER.casePickPoint, SOURCE.casePick]])
    expect(selectedHaloSpec()).toMatchObject({ id: LAYER.caseSelectedHalo, source: SOURCE.caseSelected })
  })
})
