import { describe, expect, it } from 'vitest'
import { pathTo, shortestPaths } from './dijkstra'
import { buildRoadNetwork, networkBounds, nodeCount, nodePoint } from './network'

// A 2 × 2 block of streets 100 m apart, built from three horizontal and three vertical roads that
// share their crossing vertices, plus a bridge (no shared vertex) over the middle.
const roads: Array<Array<[number, number]>> = [
  [[0, 0], [100, 0], [200, 0]],
  [[0, 100], [100, 100], [200, 100]],
  [[0, 200], [100, 200], [200, 200]],
  [[0, 0], [0, 100], [0, 200]],
  [[100, 0], [100, 100], [100, 200]],
  [[200, 0], [200, 100], [200, 200]],
  [[50, -50], [150, 250]],
]

describe('buildRoadNetwork', () => {
  it('joins roads at shared vertices and keeps a crossing without one apart', () => {
    const net = buildRoadNetwork(roads)
    expect(nodeCount(net)).toBe(9 + 2)
    expect(net.edgeFrom.length).toBe(12 + 1)
    const bridge = net.edgeRoad.indexOf(6)
    expect(net.edgeLength[bridge]).toBeCloseTo(Math.hypot(100, 300), 9)
    expect(net.adjStart[nodeCount(net)]).toBe(2 * 13)
  })

  it('joins vertices within the tolerance and drops repeated segments', () => {
    const net = buildRoadNetwork([[[0, 0], [10, 0]], [[10.01, 0], [10, 10]], [[10, 0], [0, 0]]])
    expect(nodeCount(net)).toBe(3)
    expect(net.edgeFrom.length).toBe(2)
  })

  it.each([
    [[[[0, 0]]], /road 0 has 1 point\(s\); a road needs at least two/],
    [[[[0, 0], [1, 1]], [[0, 0], [Number.NaN, 1]]], /road 1, point 1 is not a finite coordinate/],
  ])('refuses bad roads, saying which (%#)', (bad, message) => {
    expect(() => buildRoadNetwork(bad as Array<Array<[number, number]>>)).toThrow(message)
  })
})

describe('shortestPaths', () => {
  const net = buildRoadNetwork(roads)
  const at = (x: number, y: number): number => Array.from({ length: nodeCount(net) }, (_, n) => n).find(n => nodePoint(net, n)[0] === x && nodePoint(net, n)[1] === y)!

  it('gives Manhattan distances on the block and the path back', () => {
    const sp = shortestPaths(net, [{ node: at(0, 0), distance: 0 }])
    expect(sp.distance[at(200, 200)]).toBe(400)
    expect(sp.distance[at(100, 100)]).toBe(200)
    const path = pathTo(net, sp, at(200, 0)).map(n => nodePoint(net, n))
    expect(path).toEqual([[0, 0], [100, 0], [200, 0]])
    // The bridge's ends are not connected to the streets.
    expect(sp.distance[at(50, -50)]).toBe(Infinity)
    expect(pathTo(net, sp, at(50, -50))).toEqual([])
  })

  it('stops at the cut-off and labels nodes with their nearest source', () => {
    const sp = shortestPaths(net, [{ node: at(0, 0), distance: 0, source: 0 }, { node: at(200, 200), distance: 50, source: 1 }], 200)
    expect(sp.distance[at(100, 100)]).toBe(200)
    expect(sp.origin[at(100, 100)]).toBe(0)
    expect(sp.origin[at(200, 100)]).toBe(1)
    expect(sp.distance[at(0, 200)]).toBe(200)
    expect(sp.distance[at(200, 0)]).toBe(200)
    expect(sp.distance.filter(d => d === Infinity).length).toBe(2)
  })

  it('refuses a seed outside the network', () => {
    expect(() => shortestPaths(net, [{ node: 99, distance: 0 }])).toThrow(/seed node 99 is not in the network of 11 nodes/)
  })
})

describe('networkBounds', () => {
  it('spans the nodes and refuses an empty network', () => {
    expect(networkBounds(buildRoadNetwork(roads))).toEqual([0, -50, 200, 250])
    expect(() => networkBounds(buildRoadNetwork([]))).toThrow(/has no roads/)
  })
})
