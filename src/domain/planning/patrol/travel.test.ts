import { describe, expect, it } from 'vitest'
import { buildRoadNetwork } from '../roads/network'
import { indexEdges } from '../roads/snap'
import { travelMatrix } from './travel'

describe('travelMatrix', () => {
  // A 3 km road east and a 1 km spur north at x = 1000; 15 km/h = 250 m/min.
  const net = buildRoadNetwork([[[0, 0], [1000, 0], [3000, 0]], [[1000, 0], [1000, 1000]]])
  const index = indexEdges(net)

  it('gives road minutes between places, walks to the road included', () => {
    const T = travelMatrix(net, index, [[0, 0], [1000, 500], [2500, 50]], 15)
    expect(T[0 * 3 + 1]).toBeCloseTo(1500 / 250, 9)
    expect(T[1 * 3 + 2]).toBeCloseTo((500 + 1500 + 50) / 250, 9)
    expect(T[2 * 3 + 1]).toBeCloseTo(T[1 * 3 + 2]!, 9)
    expect(T[0]).toBe(0)
  })

  it('refuses a place far from every road and a bad speed', () => {
    expect(() => travelMatrix(net, index, [[0, 0], [2000, 900]], 15)).toThrow(/place 1 at 2000, 900 is more than 200 m from every road/)
    expect(() => travelMatrix(net, index, [[0, 0]], 0)).toThrow(/speed must be positive/)
  })
})
