import type { CoverageInput } from './input'
import { describe, expect, it } from 'vitest'
import { camera, DAILY, grid, kase, ll, route, square, team } from './__fixtures__/planar'
import { CoverageModel } from './model'
import { gridRow } from './rows'
import { summarize } from './summary'

// A 1 km township split into a west and an east village, 500 m each.
const grids = [square('town', null, 1, -500, -500, 1000), grid('west', 'town', 2, -500, -500, 0, -500, 0, 500, -500, 500), grid('east', 'town', 2, 0, -500, 500, -500, 500, 500, 0, 500)]
const teams = [team('police', 'police'), team('vol', 'volunteer')]
const ODD_EVENING = { days: { kind: 'odd' as const }, windows: [{ start: '19:00', end: '21:30' }] }

function base(extra: Partial<CoverageInput> = {}): CoverageInput {
  return { grids, teams, routes: [], cameras: [], ...extra }
}

function row(m: CoverageModel, id: string) {
  const s = summarize(m)
  return gridRow(s.grids, s.grids.ids.indexOf(id))
}

describe('area coverage, analytically', () => {
  it('a straight route through a square grid covers 2d/side', () => {
    // West to east through the middle and beyond both edges, so the rounded ends fall outside.
    const m = CoverageModel.create(base({ routes: [route('r', 'police', DAILY, -800, 3, 800, 3)] }), { reachM: { police: 50 } })
    const town = row(m, 'town')
    expect(town.areaM2).toBeCloseTo(1e6, -2)
    expect(Math.abs(town.patrolArea! - 0.1) / 0.1).toBeLessThan(0.01)
    expect(Math.abs(row(m, 'west').patrolArea! - 0.1) / 0.1).toBeLessThan(0.01)
  })

  it('one camera of 90° and 100 m covers 7,854 m² ± 1 %, split between the grids it looks into', () => {
    // At 1 m cells for any bearing. At the default 5 m a lone camera is within 3 %: an edge at 45°
    // runs along a diagonal of cell centres, which are then all sampled on one side of it.
    for (const [x, bearing] of [[0.3, 0], [-40.7, 37], [120.2, 200], [13.1, 123]] as const) {
      const fine = summarize(CoverageModel.create(base({ cameras: [camera('c', x, 0.6, bearing, 90, 100)] }), { cellM: 1 }))
      expect(Math.abs(fine.grids.cameraM2[0]! - 7854) / 7854).toBeLessThan(0.01)
      const coarse = summarize(CoverageModel.create(base({ cameras: [camera('c', x, 0.6, bearing, 90, 100)] })))
      expect(Math.abs(coarse.grids.cameraM2[0]! - 7854) / 7854).toBeLessThan(0.03)
    }
    const m = CoverageModel.create(base({ cameras: [camera('c', 0, 0.6, 0, 90, 100)] }))
    const s = summarize(m)
    const i = (id: string) => s.grids.ids.indexOf(id)
    // Looking north from the border between the villages: half each.
    expect(Math.abs(s.grids.cameraM2[i('west')]! - s.grids.cameraM2[i('east')]!)).toBeLessThan(80)
    expect(s.grids.cameraM2[i('west')]! + s.grids.cameraM2[i('east')]!).toBeCloseTo(s.grids.cameraM2[i('town')]!, 6)
  })

  it('either, both, k-coverage and offline cameras', () => {
    const m = CoverageModel.create(base({
      routes: [route('r', 'police', DAILY, -800, 0, 800, 0)],
      cameras: [camera('a', 250, 0, 0, 360, 100), camera('b', 250, 0, 90, 360, 100), camera('off', -250, 200, 0, 360, 30, 'offline')],
    }), { reachM: { police: 50 } })
    const s = summarize(m).grids
    const e = s.ids.indexOf('east')
    const disk = Math.PI * 1e4
    expect(Math.abs(s.cameraM2[e]! - disk) / disk).toBeLessThan(0.01)
    expect(s.k2M2[e]).toBe(s.cameraM2[e])
    expect(s.k3M2[e]).toBe(0)
    expect(s.eitherM2[e]! + s.bothM2[e]!).toBeCloseTo(s.patrolM2[e]! + s.cameraM2[e]!, 6)
    expect(Math.abs(s.offlineOnlyM2[s.ids.indexOf('west')]! - Math.PI * 900) / (Math.PI * 900)).toBeLessThan(0.03)
    expect(s.cameraM2[s.ids.indexOf('west')]).toBe(0)
  })

  it('road length within reach or in view', () => {
    const roads = [
      { id: 'along', name: 'a', kind: 'main' as const, path: { type: 'LineString' as const, coordinates: [ll(-400, 10), ll(400, 10)] } },
      { id: 'across', name: 'b', kind: 'village' as const, path: { type: 'LineString' as const, coordinates: [ll(-250, -450), ll(-250, 450)] } },
    ]
    const m = CoverageModel.create(base({ roads, routes: [route('r', 'police', DAILY, -800, 0, 800, 0)] }), { reachM: { police: 50 } })
    const s = summarize(m).grids
    const t = s.ids.indexOf('town')
    expect(s.roadM[t]).toBeCloseTo(1700, 3)
    // All of the first road and 100 m (2d) of the crossing one.
    expect(Math.abs(s.roadPatrolM[t]! - 900)).toBeLessThan(6)
  })
})

describe('cases and key places', () => {
  const routes = [route('vol-odd', 'vol', ODD_EVENING, -800, 0, 800, 0)]
  const cases = [
    kase('odd-on-duty', -300, 20, 3, 20),
    kase('odd-off-hours', -300, 20, 3, 9),
    kase('even-day', -300, 20, 4, 20),
    kase('far', -300, 400, 3, 20),
    kase('seen', 300, 400, 4, 3),
    { ...kase('cancelled', -300, 20, 3, 20), status: 'cancelled' as const },
  ]
  const cameras = [camera('c', 300, 300, 0, 90, 150), camera('off', -300, 300, 0, 90, 150, 'offline')]

  it('an even-day team never covers an odd-day case; an online camera covers at any time', () => {
    const m = CoverageModel.create(base({ routes, cameras, cases }), { reachM: { volunteer: 50 } })
    const town = row(m, 'town')
    expect(town.cases).toBe(5)
    expect(town.casesCovered).toBeCloseTo(4 / 5, 9)
    // In space: the three by the route and the one in view; on duty: only the odd-evening one and the one in view.
    expect(town.casesCoveredOnDuty).toBeCloseTo(2 / 5, 9)
    const s = summarize(m).grids
    expect(s.casesInView[s.ids.indexOf('east')]).toBe(1)
    expect(s.casesInReach[s.ids.indexOf('west')]).toBe(3)
  })

  it('the duty filter drops patrols and cases of other days', () => {
    const m = CoverageModel.create(base({ routes, cameras, cases }), { reachM: { volunteer: 50 } })
    m.setFilter({ days: 'even' })
    const even = row(m, 'town')
    expect(even.patrolArea).toBe(0)
    expect(even.cases).toBe(2)
    expect(even.casesCovered).toBeCloseTo(1 / 2, 9)
    m.setFilter({ days: 'odd', hour: 20 })
    const odd = row(m, 'town')
    expect(Math.abs(odd.patrolArea! - 0.1) / 0.1).toBeLessThan(0.01)
    expect(odd.cases).toBe(2)
    m.setFilter({ kinds: ['police'] })
    expect(row(m, 'town').patrolArea).toBe(0)
  })

  it('key places in view against the 100 % target', () => {
    const keyPlaces = [
      { id: 'school', name: 's', nameEn: 's', kind: 'school' as const, location: ll(300, 350), gridId: 'east' },
      { id: 'market', name: 'm', nameEn: 'm', kind: 'market' as const, location: ll(-300, 350), gridId: 'west' },
    ]
    const m = CoverageModel.create(base({ cameras, keyPlaces }))
    expect(row(m, 'east').keyPlacesInView).toBe(1)
    expect(row(m, 'west').keyPlacesInView).toBe(0)
    expect(row(m, 'town').keyPlacesInView).toBe(0.5)
  })
})

describe('blind spots', () => {
  it('are the uncovered patches per grid, with their area, cases and risk, largest risk first', () => {
    const cases = [kase('n1', -250, 300, 3, 10), kase('n2', -240, 310, 3, 11), kase('s1', -250, -300, 3, 10)]
    const m = CoverageModel.create(base({ cases, routes: [route('r', 'police', DAILY, -800, 0, 800, 0)], cameras: [camera('hole', 250, 250, 0, 360, 50)] }), { reachM: { police: 50 }, minBlindSpotM2: 1000 })
    const whole = summarize(m)
    const b = whole.blindSpots
    // Every outline is sent with the first answer, in table order.
    expect(Array.from(whole.blindSpotShapes.id)).toEqual(Array.from(b.id))
    // North and south of the patrol band in each village.
    expect(b.count).toBe(4)
    const total = Array.from(b.areaM2).reduce((x, y) => x + y, 0)
    expect(Math.abs(total - (4 * 225_000 - Math.PI * 2500)) / total).toBeLessThan(0.005)
    expect(b.cases[0]).toBe(2)
    expect(b.risk[0]).toBeGreaterThan(b.risk[1]!)
    const s = summarize(m).grids
    expect(s.blindSpots[s.ids.indexOf('town')]).toBe(4)
    // The camera's disk is a hole in the east village's northern spot.
    const east = [...Array.from({ length: b.count }).keys()].filter(k => s.ids[b.grid[k]!] === 'east' && b.centre[2 * k + 1]! > 30)
    expect(east).toHaveLength(1)
    const o = whole.blindSpotShapes
    expect(o.ringStart[east[0]! + 1]! - o.ringStart[east[0]!]!).toBe(2)
  })

  it('drops patches under the minimum area', () => {
    const m = CoverageModel.create(base({ cameras: [camera('c', -250, 0, 0, 360, 300)] }), { minBlindSpotM2: 300_000 })
    const b = summarize(m).blindSpots
    expect(b.count).toBe(1)
    expect(summarize(m).grids.ids[b.grid[0]!]).toBe('east')
  })
})

describe('incremental edits', () => {
  const input = base({
    cases: [kase('a', 100, 100, 3, 20), kase('b', -200, -100, 4, 8)],
    keyPlaces: [{ id: 'k', name: 'k', nameEn: 'k', kind: 'school', location: ll(120, 90), gridId: 'east' }],
    routes: [route('r1', 'vol', ODD_EVENING, -400, -300, 0, 0, 300, 200), route('r2', 'police', DAILY, -450, 400, 450, 400)],
    cameras: [camera('c1', 100, 50, 30, 80, 90), camera('c2', -200, -200, 200, 100, 70, 'offline')],
  })

  function expectSame(a: CoverageModel, b: CoverageModel): void {
    const sa = summarize(a)
    const sb = summarize(b)
    for (const [k, v] of Object.entries(sa.grids)) {
      if (k === 'ids')
        continue
      const w = (sb.grids as unknown as Record<string, Float64Array>)[k]!
      Array.from(v as Float64Array).forEach((x, i) => expect(x, `${k}[${i}]`).toBeCloseTo(w[i]!, 6))
    }
    expect(sa.blindSpots.count).toBe(sb.blindSpots.count)
    expect(Array.from(sa.blindSpots.areaM2)).toEqual(Array.from(sb.blindSpots.areaM2))
  }

  it('moving a camera or editing a route gives exactly what a fresh build gives', () => {
    const m = CoverageModel.create(input)
    const moved = camera('c1', -150, 100, 120, 60, 100)
    const edited = route('r1', 'police', DAILY, -400, 300, 100, -50)
    m.upsertCamera(moved)
    m.upsertRoute(edited)
    m.upsertCamera(camera('c2', -200, -200, 200, 100, 70, 'online'))
    const fresh = CoverageModel.create({ ...input, routes: [edited, input.routes[1]!], cameras: [moved, camera('c2', -200, -200, 200, 100, 70, 'online')] })
    expectSame(m, fresh)
  })

  it('adding and removing come back to the start; a refused edit changes nothing', () => {
    const m = CoverageModel.create(input)
    const start = CoverageModel.create(input)
    m.upsertCamera(camera('new', 0, 0, 0, 120, 80))
    m.upsertRoute(route('r3', 'vol', DAILY, -100, -400, -100, 400))
    m.removeCamera('new')
    m.removeRoute('r3')
    expectSame(m, start)
    expect(() => m.upsertCamera(camera('c1', 0, 0, 0, 0, 80))).toThrow(/camera c1 \.fov: field of view must be in \(0, 360\]/)
    expect(() => m.removeRoute('nope')).toThrow(/no such route/)
    expectSame(m, start)
  })
})

describe('refusals', () => {
  const ok = base()
  it.each([
    ['fov 0', { cameras: [camera('c', 0, 0, 0, 0, 50)] }, /camera c \.fov: field of view must be in \(0, 360\] degrees, got 0/],
    ['fov 400', { cameras: [camera('c', 0, 0, 0, 400, 50)] }, /\.fov/],
    ['negative range', { cameras: [camera('c', 0, 0, 0, 90, -5)] }, /camera c \.rangeM: range must be a positive number of metres, got -5/],
    ['route of one point', { routes: [route('r', 'police', DAILY, 0, 0)] }, /route r \.path: a route needs at least 2 points, got 1/],
    ['camera outside the territory', { cameras: [camera('c', 5000, 0, 0, 90, 50)] }, /camera c \.location: .* lies outside the territory/],
    ['swapped coordinates', { cameras: [{ ...camera('c', 0, 0, 0, 90, 50), location: [30, 118] as [number, number] }] }, /not a WGS 84 longitude\/latitude/],
    ['empty grid', { grids: [...grids, { ...grids[1]!, id: 'empty', code: 'empty', boundary: { type: 'MultiPolygon' as const, coordinates: [] } }] }, /grid empty \.boundary: empty grid/],
    ['no grids', { grids: [] }, /no grid to cover/],
    ['unknown team', { routes: [route('r', 'ghost', DAILY, 0, 0, 10, 10)] }, /route r \.teamId: team "ghost"/],
    ['bad window', { routes: [route('r', 'police', { days: { kind: 'daily' }, windows: [{ start: '25:00', end: '26:00' }] }, 0, 0, 10, 10)] }, /\.schedule\.windows/],
  ])('%s', (_name, patch, message) => {
    expect(() => CoverageModel.create({ ...ok, ...patch })).toThrow(message)
  })

  it('refuses bad options', () => {
    expect(() => CoverageModel.create(ok, { cellM: 0 })).toThrow(/options \.cellM/)
    expect(() => CoverageModel.create(ok, { reachM: { police: -1 } })).toThrow(/options \.reachM\.police/)
    expect(() => CoverageModel.create(ok).setFilter({ hour: 24 })).toThrow(/filter \.hour/)
  })
})

describe('points to grids', () => {
  it('assigns [lng, lat] pairs to the deepest grid', () => {
    const m = CoverageModel.create(base())
    const pts = Float64Array.from([...ll(-10, 0), ...ll(10, 0), ...ll(0.01, 100), ...ll(900, 0)])
    expect(Array.from(m.assignPoints(pts))).toEqual([1, 2, 2, -1])
  })
})
