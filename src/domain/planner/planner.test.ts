import type { MultiPolygon } from 'geojson'
import type { CoverageSummary, HotSpotFigures, PlacedRaster } from '../coverage'
import type { ProposedSet, ScenarioEdit } from '../scenarios'
import type { Camera, PatrolRoute, Road } from '../types'
import { describe, expect, it } from 'vitest'
import { caseDemand, riskDemand } from './demand'
import { nextNewId, withEdit } from './editList'
import { coverageEditsBetween } from './edits'
import { casesBacktest, cellCentre, planFigures, riskByGrid } from './figures'
import { patrolHotSpots, planTeam } from './patrol'
import { bearingOfOption, candidateSites, sees, sitingInstanceOf } from './siting'

// A 0.01° square (about 960 m east–west, 1,110 m north–south) at 120.00–120.01 E, 30.00–30.01 N.
const box: MultiPolygon = { type: 'MultiPolygon', coordinates: [[[[120, 30], [120.01, 30], [120.01, 30.01], [120, 30.01], [120, 30]]]] }
const road = (id: string, coords: number[][]): Road => ({ id, name: id, kind: 'village', path: { type: 'LineString', coordinates: coords } })
const cam = (id: string, lng: number, lat: number, bearing: number, extra: Partial<Camera> = {}): Camera => ({ id, code: id, name: id, kind: 'road', location: [lng, lat], bearing, fov: 90, rangeM: 50, status: 'online', gridId: 'g', ...extra })
// One metre north / east of 30° N, in degrees.
const N = 1 / 111_320
const E = 1 / (111_320 * Math.cos(30.005 * Math.PI / 180))

describe('sees', () => {
  const at: [number, number] = [120.005, 30.005]
  it('sees a point ahead within range and not one behind, beside or beyond', () => {
    expect(sees(at, 0, 90, 50, [at[0], at[1] + 40 * N])).toBe(true)
    expect(sees(at, 0, 90, 50, [at[0], at[1] - 40 * N])).toBe(false)
    expect(sees(at, 0, 90, 50, [at[0] + 40 * E, at[1]])).toBe(false)
    expect(sees(at, 0, 90, 50, [at[0], at[1] + 60 * N])).toBe(false)
  })
  it('measures the half angle across north (bearing 350 sees 30° east of north with a 90° view)', () => {
    expect(sees(at, 350, 90, 50, [at[0] + 20 * E, at[1] + 40 * N])).toBe(true) // ≈ 26.6° east of north
    expect(sees(at, 350, 90, 50, [at[0] + 40 * E, at[1] + 20 * N])).toBe(false) // ≈ 63.4°
  })
  it('sees all round with a 360° view', () => {
    expect(sees(at, 0, 360, 50, [at[0], at[1] - 40 * N])).toBe(true)
  })
})

describe('candidateSites', () => {
  // Two roads crossing at (120.005, 30.005), a third ending outside the square.
  const roads = [
    road('a', [[120.001, 30.005], [120.005, 30.005], [120.009, 30.005]]),
    road('b', [[120.005, 30.001], [120.005, 30.005], [120.005, 30.009]]),
    road('out', [[120.02, 30.02], [120.03, 30.02]]),
  ]
  it('puts the junction first, then key places, then road samples, all inside and spaced', () => {
    const sites = candidateSites({ roads, keyPlaces: [{ id: 'k', location: [120.002, 30.002] }, { id: 'far', location: [120.5, 30.5] }], boundary: box }, { sampleM: 200, minGapM: 25 })
    expect(sites[0]).toMatchObject({ source: 'junction', location: [120.005, 30.005] })
    expect(sites[1]).toMatchObject({ source: 'keyPlace', location: [120.002, 30.002] })
    expect(sites.filter(s => s.source === 'junction')).toHaveLength(1)
    // Road a (~770 m) is sampled at 200, 400 and 600 m, but 400 m lies 15 m from the junction and
    // is dropped; road b (~890 m) at 200, 400, 600 and 800 m; the road outside gives none.
    expect(sites.filter(s => s.source === 'road')).toHaveLength(6)
    for (const s of sites)
      expect(s.location[0] >= 120 && s.location[0] <= 120.01 && s.location[1] >= 30 && s.location[1] <= 30.01).toBe(true)
  })
  it('drops a site within the minimum gap of one taken and stops at the maximum', () => {
    const sites = candidateSites({ roads: [], keyPlaces: [{ id: 'k1', location: [120.005, 30.005] }, { id: 'k2', location: [120.005 + 10 * E, 30.005] }, { id: 'k3', location: [120.005 + 40 * E, 30.005] }], boundary: box }, { minGapM: 25 })
    expect(sites.map(s => s.location[0])).toEqual([120.005, 120.005 + 40 * E])
    expect(candidateSites({ roads, keyPlaces: [], boundary: box }, { sampleM: 50, max: 5 })).toHaveLength(5)
  })
  it('puts the planner\'s own sites first and keeps them over a junction next to them', () => {
    const mine: [number, number] = [120.005 + 5 * E, 30.005]
    const sites = candidateSites({ roads, keyPlaces: [], boundary: box, extra: [mine] }, { sampleM: 200, minGapM: 25 })
    expect(sites[0]).toMatchObject({ source: 'planner', location: mine })
    expect(sites.filter(s => s.source === 'planner')).toHaveLength(1)
    // The junction 5 m away gives way to the planner's site.
    expect(sites.some(s => s.source === 'junction')).toBe(false)
  })
})

describe('sitingInstanceOf', () => {
  const at: [number, number] = [120.005, 30.005]
  const demand = [
    { location: [at[0], at[1] + 30 * N] as [number, number], weight: 2, ref: 'north' },
    { location: [at[0] + 30 * E, at[1]] as [number, number], weight: 1, ref: 'east' },
    { location: [at[0], at[1] - 30 * N] as [number, number], weight: 5, ref: 'south' },
  ]
  it('lists what each bearing sees and marks what online cameras already see', () => {
    const inst = sitingInstanceOf([{ id: 's', location: at, source: 'junction' }], demand, [cam('old', at[0], at[1] - 10 * N, 180), cam('off', at[0], at[1], 0, { status: 'offline' })], { fov: 90, rangeM: 50, bearings: [0, 90, 180] })
    expect(inst.weights).toEqual([2, 1, 5])
    expect(inst.covered).toEqual([2])
    expect(inst.sites[0]!.options.map(o => [o.id, o.covers])).toEqual([['s@0', [0]], ['s@90', [1]], ['s@180', [2]]])
    expect(bearingOfOption('junction-3@135')).toBe(135)
  })
  it('refuses a bad field of view or range', () => {
    expect(() => sitingInstanceOf([], demand, [], { fov: 0, rangeM: 50 })).toThrow('field of view must be in (0, 360], got 0')
    expect(() => sitingInstanceOf([], demand, [], { fov: 90, rangeM: -1 })).toThrow('range must be positive, got -1 m')
  })
})

// A 2 × 2 raster covering the square, 500 m cells (density in cases per km²).
const raster = (values: number[]): PlacedRaster & { density: Float32Array } => ({ cellM: 500, width: 2, height: 2, corners: [[120, 30], [120.01, 30], [120.01, 30.01], [120, 30.01]], density: Float32Array.from(values) })

describe('figures', () => {
  it('places cell centres bilinearly from the south-west corner', () => {
    const [lng, lat] = cellCentre(raster([0, 0, 0, 0]), 0, 1)
    expect(lng).toBeCloseTo(120.0075, 9)
    expect(lat).toBeCloseTo(30.0025, 9)
  })
  it('sums expected cases per grid from the density surface', () => {
    const west: MultiPolygon = { type: 'MultiPolygon', coordinates: [[[[120, 30], [120.005, 30], [120.005, 30.01], [120, 30.01], [120, 30]]]] }
    const r = riskByGrid(raster([4, 8, 0, 12]), [{ id: 'all', boundary: box }, { id: 'west', boundary: west }])
    // 0.25 km² per cell: (4 + 8 + 12) · 0.25 = 6 in all, the west column 4 · 0.25 = 1.
    expect(r.get('all')).toBeCloseTo(6)
    expect(r.get('west')).toBeCloseTo(1)
  })
  const summary = (either: number, blindRisk: number, covered: number): CoverageSummary => ({
    grids: {
      ids: ['g'],
      areaM2: Float64Array.of(1000),
      eitherM2: Float64Array.of(either),
      cameraM2: Float64Array.of(either / 2),
      patrolM2: Float64Array.of(either / 2),
      blindM2: Float64Array.of(1000 - either),
      blindRisk: Float64Array.of(blindRisk),
      cases: Float64Array.of(10),
      casesCovered: Float64Array.of(covered),
      casesCoveredOnDuty: Float64Array.of(covered - 1),
    },
  }) as unknown as CoverageSummary // only the columns the figures read
  it('gives shares, blind area and risk-weighted coverage per grid', () => {
    const f = planFigures(summary(600, 1.5, 7), ['g', 'missing'], new Map([['g', 6]]))
    expect(Object.fromEntries(f.get('g')!)).toEqual({ eitherArea: 0.6, cameraArea: 0.3, patrolArea: 0.3, blindM2: 400, riskCovered: 0.75, casesCovered: 0.7, casesCoveredOnDuty: 0.6 })
    expect(f.has('missing')).toBe(false)
    expect(planFigures(summary(600, 1.5, 7), ['g'], new Map()).get('g')!.has('riskCovered')).toBe(false)
    expect(casesBacktest(summary(600, 1.5, 7), 'g')).toEqual({ cases: 10, covered: 7, coveredOnDuty: 6 })
  })
})

describe('demand', () => {
  it('keeps the cases inside the boundary, weight 1 with their category', () => {
    const d = caseDemand([{ id: 'c1', location: [120.005, 30.005], categoryCode: 'theft' }, { id: 'c2', location: [121, 30], categoryCode: 'theft' }], box)
    expect(d).toEqual([{ location: [120.005, 30.005], weight: 1, ref: 'c1', category: 'theft' }])
  })
  it('merges risk cells until at most maxPoints, keeping the total', () => {
    const r = raster([4, 8, 0, 12])
    expect(riskDemand(r, box)).toHaveLength(3)
    const one = riskDemand(r, box, 1)
    expect(one).toHaveLength(1)
    expect(one[0]!.weight).toBeCloseTo(6)
  })
})

describe('coverageEditsBetween', () => {
  const route = (id: string, odd = false): ProposedSet['routes'][number] => ({ id, teamId: 't', name: id, nameEn: id, path: { type: 'LineString', coordinates: [[120, 30], [120.001, 30]] }, lengthKm: 0.1, schedule: { days: { kind: odd ? 'odd' : 'daily' }, windows: [] }, stops: [], added: false } satisfies ProposedSet['routes'][number] & PatrolRoute)
  it('sends removals, changed and new cameras, and changed routes, nothing for what is the same', () => {
    const a: ProposedSet = { cameras: [{ ...cam('x', 120, 30, 0), added: false }, { ...cam('y', 120, 30, 0), added: false }], routes: [route('r'), route('s')], removedCameraIds: [], removedRouteIds: [] }
    const b: ProposedSet = { cameras: [{ ...cam('x', 120, 30, 90), added: false }, { ...cam('n', 120, 30, 0), added: true }], routes: [route('r', true), route('s')], removedCameraIds: ['y'], removedRouteIds: [] }
    expect(coverageEditsBetween(a, b)).toEqual([
      { kind: 'removeCamera', id: 'y' },
      { kind: 'camera', camera: cam('x', 120, 30, 90) },
      { kind: 'camera', camera: cam('n', 120, 30, 0) },
      { kind: 'route', route: (({ stops: _s, added: _a, ...r }) => r)(route('r', true)) },
    ])
    expect(coverageEditsBetween(a, a)).toEqual([])
  })
})

describe('patrol', () => {
  it('takes the hot cells (Gi* bin 2 and 3) inside the boundary, hottest first', () => {
    const hot = { cells: { ...raster([0, 0, 0, 0]), bandM: 500, inside: Uint8Array.of(1, 1, 1, 0), counts: Float32Array.of(3, 9, 5, 7), z: new Float32Array(4), bin: Int8Array.of(2, 3, 1, 3) } } as unknown as HotSpotFigures
    expect(patrolHotSpots(hot, box).map(h => [h.id, h.score])).toEqual([['hot-0-1', 9], ['hot-0-0', 3]])
  })
  it('plans a shift along a road: stops at both hot spots, within the shift, at least as good as nearest neighbour', () => {
    const roads = [road('main', [[120.001, 30.005], [120.009, 30.005]])]
    const plan = planTeam({
      station: [120.001, 30.005],
      hotSpots: [{ id: 'near', location: [120.003, 30.005], score: 2 }, { id: 'far', location: [120.008, 30.005], score: 5 }, { id: 'offroad', location: [120.005, 30.0095], score: 9 }],
      roads,
      mode: 'foot',
      shiftStart: '18:00',
      shiftLengthMin: 240,
      hotWindows: [{ start: '19:00', end: '22:00' }],
      dwellMin: 12,
      seed: 7,
    })
    expect(plan.hotSpots.map(h => h.id)).toEqual(['near', 'far'])
    expect(plan.unreachable.map(h => h.id)).toEqual(['offroad'])
    const best = plan.result.variants[0]!
    expect(new Set(best.stops.map(s => s.id))).toEqual(new Set(['near', 'far']))
    expect(best.durationMin).toBeLessThanOrEqual(240)
    expect(plan.result.bestValue).toBeGreaterThanOrEqual(plan.baseline.value)
  })
})

describe('withEdit', () => {
  const add = (id: string, bearing = 0): ScenarioEdit => ({ kind: 'camera.add', camera: { id, code: id, name: id, kind: 'road', location: [120, 30], bearing, fov: 90, rangeM: 60 } })
  it('replaces an edit of the same kind on the same camera and appends others', () => {
    const a = withEdit([], { kind: 'camera.rotate', cameraId: 'c1', bearing: 10 })
    const b = withEdit(a, { kind: 'camera.rotate', cameraId: 'c1', bearing: 20 })
    const c = withEdit(b, { kind: 'camera.widen', cameraId: 'c1', fov: 100 })
    expect(c).toEqual([{ kind: 'camera.rotate', cameraId: 'c1', bearing: 20 }, { kind: 'camera.widen', cameraId: 'c1', fov: 100 }])
  })
  it('folds changes of an added camera into its addition, and removing it leaves nothing of it', () => {
    const edits = withEdit([add('new-1'), { kind: 'camera.rotate', cameraId: 'c1', bearing: 5 }], { kind: 'camera.rotate', cameraId: 'new-1', bearing: 90 })
    expect(edits[0]).toEqual(add('new-1', 90))
    expect(withEdit(edits, { kind: 'camera.remove', cameraId: 'new-1' })).toEqual([{ kind: 'camera.rotate', cameraId: 'c1', bearing: 5 }])
    expect(nextNewId(['new-1', 'new-3'])).toBe('new-2')
  })
})
