import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { checkKoper } from './koper'
import { planPatrol, planStops, topKNearestNeighbour, topKNearestNeighbourKeepingRevisits } from './plan'
import { protectionClock, spotValue } from './protection'

/** Travel minutes between points (station first) at straight-line distance, 1 minute per unit. */
function euclidean(points: Array<[number, number]>): Float64Array {
  const m = points.length
  return Float64Array.from({ length: m * m }, (_, k) => Math.hypot(points[Math.floor(k / m)]![0] - points[k % m]![0], points[Math.floor(k / m)]![1] - points[k % m]![1]))
}

const spots = (n: number, score = (i: number) => 1 + i): Array<{ id: string, score: number }> => Array.from({ length: n }, (_, i) => ({ id: `h${i}`, score: score(i) }))

describe('planPatrol', () => {
  it('goes round the block rather than across it (a known best order)', () => {
    // Station at a corner of a 20-minute square, hot spots at the other corners and one mid-side.
    const pts: Array<[number, number]> = [[0, 0], [20, 0], [20, 20], [0, 20], [10, 0]]
    const r = planPatrol({ hotSpots: spots(4, () => 1), travelMin: euclidean(pts), shiftStart: '20:00', shiftLengthMin: 300, revisits: false, variants: 1 })
    const order = r.variants[0]!.stops.map(s => s.id)
    expect([['h3', 'h0', 'h1', 'h2'], ['h2', 'h1', 'h0', 'h3']]).toContainEqual(order)
    expect(r.variants[0]!.travelMin).toBeCloseTo(80, 9)
  })

  it('matches brute force on small instances (single stops, a tight shift)', () => {
    const rnd = seededRandom(9)
    for (let trial = 0; trial < 8; trial++) {
      const pts: Array<[number, number]> = Array.from({ length: 6 }, () => [rnd() * 30, rnd() * 30])
      const hot = spots(5, () => 1 + Math.floor(rnd() * 9))
      const input = { hotSpots: hot, travelMin: euclidean(pts), shiftStart: '19:00', shiftLengthMin: 90, hotWindows: [{ start: '20:00', end: '23:00' }], revisits: false, variants: 1, hottest: [] }
      const clock = protectionClock(input)
      const T = input.travelMin
      let best = 0
      const extend = (seq: number[], t: number, prev: number, used: Set<number>, value: number): void => {
        if (t + T[prev * 6]! <= 90)
          best = Math.max(best, value)
        for (let h = 0; h < 5; h++) {
          if (used.has(h))
            continue
          const arrive = t + T[prev * 6 + h + 1]!
          used.add(h)
          extend([...seq, h], arrive + 12, h + 1, used, value + spotValue(clock, hot[h]!.score, [clock.startMin + arrive], 12))
          used.delete(h)
        }
      }
      extend([], 0, 0, new Set(), 0)
      const plan = planPatrol(input)
      expect(plan.bestValue).toBeGreaterThanOrEqual(0.95 * best - 1e-9)
      expect(plan.bestValue).toBeLessThanOrEqual(best + 1e-9)
    }
  })

  it('revisits the hottest spot about every two hours through the hot hours, within the shift', () => {
    // The hottest spot (score 10) and three minor ones around a station; a 6-hour night shift.
    const pts: Array<[number, number]> = [[0, 0], [5, 0], [0, 6], [-7, 0], [0, -8]]
    const hotWindows = [{ start: '20:00', end: '02:00' }]
    const r = planPatrol({ hotSpots: spots(4, i => (i === 0 ? 10 : 1)), travelMin: euclidean(pts), shiftStart: '20:00', shiftLengthMin: 360, hotWindows, hottest: ['h0'] })
    for (const plan of r.variants) {
      expect(plan.revisits).toEqual([expect.objectContaining({ id: 'h0', compliant: true })])
      expect(plan.revisits[0]!.longestHotGapMin).toBeLessThanOrEqual(120)
      expect(plan.durationMin).toBeLessThanOrEqual(360 + 1e-9)
      const stops = planStops(plan, 'team')
      expect(stops.filter(s => s.hotSpotId === 'h0').length).toBeGreaterThanOrEqual(3)
      // Within the shift (20:00–02:00) no gap at the hottest spot exceeds 120 minutes.
      const visits = plan.stops.filter(s => s.id === 'h0')
      expect(visits[0]!.arriveMin - 1200).toBeLessThanOrEqual(120)
      for (let k = 1; k < visits.length; k++)
        expect(visits[k]!.arriveMin - visits[k - 1]!.departMin).toBeLessThanOrEqual(120)
      expect(1200 + 360 - visits.at(-1)!.departMin).toBeLessThanOrEqual(120)
      expect(checkKoper(['h0'], stops).dwell).toEqual([])
    }
  })

  it('offers distinct near-equivalent variants, in an order that depends on the seed and repeats for it', () => {
    const rnd = seededRandom(4)
    const pts: Array<[number, number]> = Array.from({ length: 31 }, () => [rnd() * 40, rnd() * 40])
    const input = { hotSpots: spots(30, () => 1 + Math.floor(rnd() * 5)), travelMin: euclidean(pts), shiftStart: '18:00', shiftLengthMin: 480, hotWindows: [{ start: '19:00', end: '23:00' }], variants: 4, hottest: [] }
    const a = planPatrol({ ...input, seed: 1 })
    expect(a.variants.length).toBeGreaterThanOrEqual(2)
    expect(new Set(a.variants.map(p => p.stops.map(s => s.id).join())).size).toBe(a.variants.length)
    for (const p of a.variants) {
      expect(p.value).toBeGreaterThanOrEqual(0.97 * a.bestValue - 1e-9)
      expect(p.durationMin).toBeLessThanOrEqual(480 + 1e-9)
    }
    expect(planPatrol({ ...input, seed: 1 })).toEqual(a)
    const firsts = new Set([1, 2, 3, 4, 5, 6].map(seed => planPatrol({ ...input, seed }).variants[0]!.stops.map(s => s.id).join()))
    expect(firsts.size).toBeGreaterThan(1)
  }, 30_000)

  it('never stops where it cannot get to, and refuses bad input naming it', () => {
    const T = euclidean([[0, 0], [1, 0], [2, 0]])
    T[0 * 3 + 2] = Infinity
    T[1 * 3 + 2] = Infinity
    const r = planPatrol({ hotSpots: spots(2), travelMin: T, shiftStart: '08:00', shiftLengthMin: 60, revisits: false })
    expect(r.variants[0]!.stops.map(s => s.id)).toEqual(['h0'])
    const base = { hotSpots: spots(2), travelMin: euclidean([[0, 0], [1, 0], [2, 0]]), shiftStart: '08:00', shiftLengthMin: 60 }
    expect(() => planPatrol({ ...base, hottest: ['nope'] })).toThrow(/hottest spot "nope" is not one of the hot spots/)
    expect(() => planPatrol({ ...base, dwellMin: 8 })).toThrow(/stops must last 10–15 minutes \(Koper\), got 8/)
    expect(() => planPatrol({ ...base, travelMin: [0, 1] })).toThrow(/travel matrix has 2 entries; 2 hot spots and the station need 9/)
    expect(() => planPatrol({ ...base, hotSpots: [{ id: 'x', score: -1 }, { id: 'y', score: 1 }] })).toThrow(/hot spot 0 \(x\) needs a finite score ≥ 0, got -1/)
  })
})

describe('topKNearestNeighbour', () => {
  it('takes the k best-scored spots that fit and visits them nearest first', () => {
    // Scores 1..4; the top three fit a 60-minute shift, all four do not.
    const pts: Array<[number, number]> = [[0, 0], [2, 0], [4, 0], [30, 0], [6, 0]]
    const plan = topKNearestNeighbour({ hotSpots: spots(4, i => [4, 3, 1, 2][i]!), travelMin: euclidean(pts), shiftStart: '08:00', shiftLengthMin: 60 })
    expect(plan.stops.map(s => s.id)).toEqual(['h0', 'h1', 'h3'])
    expect(plan.durationMin).toBeLessThanOrEqual(60)
  })
})

describe('hottest spots', () => {
  it('keeps the hottest spots revisited within 2 h through the hot hours where plain value would not', () => {
    // Three hot spots scored 6, 12 minutes out, and a cluster of twelve scored 5 beside the station:
    // plain value spends the evening on the cluster; the revisit rule brings the team back to the three.
    const pts: Array<[number, number]> = [[0, 0], [12, 0], [0, 12], [-12, 0], ...Array.from({ length: 12 }, (_, i) => [0.5 * Math.cos(i), -2 - 0.5 * Math.sin(i)] as [number, number])]
    const input = { hotSpots: spots(15, i => (i < 3 ? 6 : 5)), travelMin: euclidean(pts), shiftStart: '19:00', shiftLengthMin: 300, hotWindows: [{ start: '19:00', end: '23:00' }] }
    const plain = planPatrol({ ...input, hottest: [] }).variants[0]!
    const kept = planPatrol({ ...input, hottest: ['h0', 'h1', 'h2'] })
    for (const plan of kept.variants) {
      expect(plan.revisits.map(r => r.id)).toEqual(['h0', 'h1', 'h2'])
      expect(plan.revisits.every(r => r.compliant)).toBe(true)
    }
    expect(plain.stops.filter(s => ['h0', 'h1', 'h2'].includes(s.id))).toEqual([])
    // Four hot hours, each of the three back within 2 h: five or more stops at them in all.
    expect(kept.variants[0]!.stops.filter(s => ['h0', 'h1', 'h2'].includes(s.id)).length).toBeGreaterThanOrEqual(5)
  })

  it('holds the nearest-neighbour baseline to the same rule, within the shift', () => {
    // The same three spots 12 minutes out, each the hottest; the cluster beside the station scores less.
    const pts: Array<[number, number]> = [[0, 0], [12, 0], [0, 12], [-12, 0], ...Array.from({ length: 12 }, (_, i) => [0.5 * Math.cos(i), -2 - 0.5 * Math.sin(i)] as [number, number])]
    const input = { hotSpots: spots(15, i => (i < 3 ? 6 : 5)), travelMin: euclidean(pts), shiftStart: '19:00', shiftLengthMin: 300, hotWindows: [{ start: '19:00', end: '23:00' }], hottest: ['h0', 'h1', 'h2'] }
    const plain = topKNearestNeighbour(input)
    const fair = topKNearestNeighbourKeepingRevisits(input)
    expect(plain.revisits.some(r => !r.compliant)).toBe(true)
    expect(fair.revisits.map(r => [r.id, r.compliant])).toEqual([['h0', true], ['h1', true], ['h2', true]])
    // Four hot hours with gaps of at most 2 h take more than one stop at most of the three.
    expect(fair.revisits.reduce((n, r) => n + r.stops, 0)).toBeGreaterThanOrEqual(5)
    expect(fair.revisits.every(r => r.longestHotGapMin <= 120)).toBe(true)
    expect(fair.durationMin).toBeLessThanOrEqual(300)
    // It still takes the cluster in between.
    expect(fair.stops.filter(s => !['h0', 'h1', 'h2'].includes(s.id)).length).toBeGreaterThan(0)
  })
})

describe('shift limit', () => {
  it('keeps every plan within its shift on random instances, even without the triangle inequality', () => {
    const rnd = seededRandom(21)
    for (let trial = 0; trial < 5; trial++) {
      const n = 12
      // Random travel minutes: a detour can be shorter than the direct leg.
      const T = Float64Array.from({ length: (n + 1) ** 2 }, (_, k) => (Math.floor(k / (n + 1)) === k % (n + 1) ? 0 : 2 + rnd() * 30))
      const length = 120 + Math.floor(rnd() * 240)
      const r = planPatrol({ hotSpots: spots(n, () => 1 + rnd() * 9), travelMin: T, shiftStart: '22:00', shiftLengthMin: length, seed: trial })
      for (const plan of r.variants) {
        expect(plan.durationMin).toBeLessThanOrEqual(length + 1e-9)
        expect(plan.returnMin).toBeCloseTo(22 * 60 + plan.durationMin, 9)
        // Recomputed from the stops: every leg as the matrix says, every stop 12 minutes.
        let t = 22 * 60
        let prev = 0
        for (const s of plan.stops) {
          t += T[prev * (n + 1) + s.hotSpot + 1]!
          expect(s.arriveMin).toBeCloseTo(t, 9)
          t += 12
          expect(s.departMin).toBeCloseTo(t, 9)
          prev = s.hotSpot + 1
        }
        expect(t + T[prev * (n + 1)]!).toBeCloseTo(plan.returnMin, 9)
      }
    }
  })
})
