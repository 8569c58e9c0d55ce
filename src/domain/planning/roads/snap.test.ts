import { describe, expect, it } from 'vitest'
import { buildRoadNetwork } from './network'
import { indexEdges, routeBetween, snapToRoad } from './snap'

// An L-shaped road (0,0)–(300,0)–(300,300) and a separate lane (1000,1000)–(1000,1100).
const net = buildRoadNetwork([[[0, 0], [300, 0], [300, 300]], [[1000, 1000], [1000, 1100]]])
const index = indexEdges(net, 50)

describe('snapToRoad', () => {
  it('finds the perpendicular foot on the nearest road', () => {
    const s = snapToRoad(index, [120, 40])!
    expect(s.point).toEqual([120, 0])
    expect(s.offset).toBe(40)
    expect(s.t).toBeCloseTo(0.4, 12)
    expect(snapToRoad(index, [320, 150])!.point).toEqual([300, 150])
  })

  it('matches a brute-force search over every edge, far away points included', () => {
    for (const p of [[-500, -500], [650, 650], [999, 1200], [5000, 0], [310, 310]] as Array<[number, number]>) {
      const s = snapToRoad(index, p)!
      const brute = Math.min(...[0, 1, 2].map((e) => {
        const ax = net.nodeXY[2 * net.edgeFrom[e]!]!
        const ay = net.nodeXY[2 * net.edgeFrom[e]! + 1]!
        const bx = net.nodeXY[2 * net.edgeTo[e]!]!
        const by = net.nodeXY[2 * net.edgeTo[e]! + 1]!
        const t = Math.max(0, Math.min(1, ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
        return Math.hypot(p[0] - ax - t * (bx - ax), p[1] - ay - t * (by - ay))
      }))
      expect(s.offset).toBeCloseTo(brute, 9)
    }
  })

  it('answers null beyond the allowed offset', () => {
    expect(snapToRoad(index, [600, 600], 100)).toBeNull()
    expect(snapToRoad(index, [600, 600], 450)!.offset).toBeCloseTo(Math.hypot(300, 300), 9)
  })
})

describe('routeBetween', () => {
  it('follows the road around the corner', () => {
    const r = routeBetween(net, snapToRoad(index, [100, 10])!, snapToRoad(index, [310, 200])!)!
    expect(r.lengthM).toBe(200 + 200)
    expect(r.path).toEqual([[100, 0], [300, 0], [300, 200]])
  })

  it('stays on one edge when both points are on it', () => {
    const r = routeBetween(net, snapToRoad(index, [50, 5])!, snapToRoad(index, [20, -5])!)!
    expect(r.lengthM).toBeCloseTo(30, 9)
    expect(r.path).toEqual([[50, 0], [20, 0]])
  })

  it('answers null between roads that do not meet', () => {
    expect(routeBetween(net, snapToRoad(index, [0, 0])!, snapToRoad(index, [1000, 1050])!)).toBeNull()
  })
})
