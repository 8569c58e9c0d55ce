import type { PlanarSector } from './shapes'
import { describe, expect, it } from 'vitest'
import { frameCovering, rowCentre } from './raster'
import { capsuleInterval, distanceToSegment, inSector, insideRings, polygonSpans, reachSpans, sectorSpans } from './shapes'

const ring = (...xy: number[]) => Float64Array.from(xy)

function cellsOf(run: (sink: (r: number, a: number, b: number) => void) => void): Set<number> {
  const seen = new Set<number>()
  run((r, a, b) => {
    for (let c = a; c <= b; c++) {
      const k = r * 100_000 + c
      expect(seen.has(k), `cell ${r},${c} emitted twice`).toBe(false)
      seen.add(k)
    }
  })
  return seen
}

describe('polygon cells', () => {
  const f = frameCovering(0, 0, 200, 200, 1)

  it('fills a square exactly and a triangle by its area', () => {
    expect(cellsOf(s => polygonSpans(f, [ring(10, 10, 110, 10, 110, 60, 10, 60)], s)).size).toBe(5000)
    const tri = cellsOf(s => polygonSpans(f, [ring(0, 0, 200, 0, 0, 150)], s)).size
    expect(Math.abs(tri - 15_000) / 15_000).toBeLessThan(0.01)
  })

  it('leaves holes out (even-odd) and agrees with the point test', () => {
    const rings = [ring(0, 0, 100, 0, 100, 100, 0, 100), ring(20, 20, 20, 80, 80, 80, 80, 20)]
    const got = cellsOf(s => polygonSpans(f, rings, s))
    expect(got.size).toBe(10_000 - 3600)
    for (let r = 0; r < 120; r += 3) {
      for (let c = 0; c < 120; c += 3)
        expect(insideRings(rings, c + 0.5, r + 0.5)).toBe(got.has(r * 100_000 + c))
    }
  })

  it('gives neighbours sharing an edge disjoint cells', () => {
    const left = cellsOf(s => polygonSpans(f, [ring(0, 0, 50.5, 0, 70.3, 100, 0, 100)], s))
    const right = cellsOf(s => polygonSpans(f, [ring(50.5, 0, 100, 0, 100, 100, 70.3, 100)], s))
    for (const k of left)
      expect(right.has(k)).toBe(false)
    expect(left.size + right.size).toBe(10_000)
  })
})

describe('patrol reach', () => {
  it('meets a row in the capsule around a segment', () => {
    const out = new Float64Array(2)
    expect(capsuleInterval(0, 0, 100, 0, 10, 5, out)).toBe(true)
    expect(out[0]).toBeCloseTo(-Math.sqrt(75), 9)
    expect(out[1]).toBeCloseTo(100 + Math.sqrt(75), 9)
    expect(capsuleInterval(0, 0, 100, 0, 10, 10.5, out)).toBe(false)
    // A diagonal segment: the interval's ends are exactly d from the segment.
    expect(capsuleInterval(0, 0, 60, 80, 10, 40, out)).toBe(true)
    expect(distanceToSegment(out[0]!, 40, 0, 0, 60, 80)).toBeCloseTo(10, 9)
    expect(distanceToSegment(out[1]!, 40, 0, 0, 60, 80)).toBeCloseTo(10, 9)
  })

  it('covers 2dL + πd² around a segment, each cell once when the path doubles back', () => {
    const f = frameCovering(-100, -100, 400, 400, 0.5)
    const there = cellsOf(s => reachSpans(f, ring(0, 0, 300, 0), 25, s)).size * 0.25
    expect(Math.abs(there - (2 * 25 * 300 + Math.PI * 625)) / there).toBeLessThan(0.002)
    const back = cellsOf(s => reachSpans(f, ring(0, 0, 300, 0, 0, 0, 150, 0), 25, s)).size * 0.25
    expect(back).toBe(there)
  })

  it('agrees with the distance test at cell centres', () => {
    const f = frameCovering(0, 0, 200, 200, 2)
    const path = ring(20, 30, 150, 90, 60, 170, 180, 180)
    const got = cellsOf(s => reachSpans(f, path, 17, s))
    for (let r = 0; r < f.height; r++) {
      for (let c = 0; c < f.width; c++) {
        const x = c * 2 + 1
        const y = rowCentre(f, r)
        let d = Infinity
        for (let i = 0; i + 3 < path.length; i += 2)
          d = Math.min(d, distanceToSegment(x, y, path[i]!, path[i + 1]!, path[i + 2]!, path[i + 3]!))
        expect(got.has(r * 100_000 + c)).toBe(d <= 17)
      }
    }
  })
})

describe('camera view', () => {
  const f = frameCovering(-150, -150, 150, 150, 0.5)
  const cam = (bearingDeg: number, fovDeg: number, rangeM = 100): PlanarSector => ({ x: 0.1, y: -0.2, bearingDeg, fovDeg, rangeM })
  const area = (s: PlanarSector) => cellsOf(k => sectorSpans(f, s, k)).size * 0.25

  it('one camera of 90° and 100 m sees 7,854 m² (± 1 %)', () => {
    for (const b of [0, 37, 90, 200, 315])
      expect(Math.abs(area(cam(b, 90)) - 7854) / 7854).toBeLessThan(0.01)
  })

  it('wide and full views: 270° is three quarters of the disk, 360° all of it', () => {
    expect(Math.abs(area(cam(45, 270)) - 0.75 * Math.PI * 1e4) / 23_562).toBeLessThan(0.005)
    expect(Math.abs(area(cam(0, 360)) - Math.PI * 1e4) / 31_416).toBeLessThan(0.005)
  })

  it('looks where the bearing says (clockwise from north) and agrees with the point test', () => {
    const east = cam(90, 60)
    expect(inSector(east, 50, 0)).toBe(true)
    expect(inSector(east, -50, 0)).toBe(false)
    expect(inSector(east, 0, 50)).toBe(false)
    for (const s of [cam(90, 60), cam(200, 250), cam(10, 100, 60)]) {
      const got = cellsOf(k => sectorSpans(f, s, k))
      for (let r = 0; r < f.height; r += 7) {
        for (let c = 0; c < f.width; c += 7)
          expect(got.has(r * 100_000 + c)).toBe(inSector(s, -150 + (c + 0.5) * 0.5, rowCentre(f, r)))
      }
    }
  })
})
