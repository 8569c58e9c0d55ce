import { describe, expect, it } from 'vitest'
import { beforeIdFor, LAYER, LAYER_ORDER } from './layerIds'

describe('layer order', () => {
  it('places every declared layer exactly once', () => {
    expect([...LAYER_ORDER].sort()).toEqual(Object.values(LAYER).sort())
  })

  it('inserts below the nearest present layer above', () => {
    const present = new Set<string>([LAYER.background, LAYER.gridLabel, LAYER.casePoints])
    expect(beforeIdFor(LAYER.gridFill, id => present.has(id))).toBe(LAYER.casePoints)
    expect(beforeIdFor(LAYER.keyPlaceLabels, id => present.has(id))).toBeUndefined()
    expect(beforeIdFor(LAYER.cameraPoints, id => present.has(id))).toBe(LAYER.gridLabel)
  })
})
