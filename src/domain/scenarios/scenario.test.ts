import type { MultiPolygon } from 'geojson'
import type { Camera, PatrolRoute } from '../types'
import type { ScenarioEdit } from './scenario'
import type { ValidationContext } from './validate'
import { describe, expect, it } from 'vitest'
import { toXlsx } from '../ledger/xlsx'
import { applyScenario, lineLengthKm, ScenarioError } from './apply'
import { compareScenarios, figureRows } from './compare'
import { comparisonSheet, figureSheet, proposedGeoJson, scenarioXlsx } from './export'
import { SCENARIO_LIMITS } from './scenario'
import { validateScenario } from './validate'

// The scope grid: a 0.1° square at 120.0–120.1 E, 30.0–30.1 N.
const box: MultiPolygon = { type: 'MultiPolygon', coordinates: [[[[120, 30], [120.1, 30], [120.1, 30.1], [120, 30.1], [120, 30]]]] }
const cam = (id: string, lng = 120.05, lat = 30.05): Camera => ({ id, code: `C-${id}`, name: `摄像头${id}`, kind: 'junction', location: [lng, lat], bearing: 90, fov: 60, rangeM: 80, status: 'online', gridId: 'g1' })
const route = (id: string): PatrolRoute => ({ id, teamId: 't1', name: `路线${id}`, nameEn: id, path: { type: 'LineString', coordinates: [[120.01, 30.01], [120.02, 30.01]] }, lengthKm: 0.96, schedule: { days: { kind: 'daily' }, windows: [{ start: '08:00', end: '10:00' }] } })
const ctx = (): ValidationContext => ({ cameras: [cam('a'), cam('b')], routes: [route('r1')], scope: { gridId: 'g1', name: '东岭村', boundary: box } })

describe('validateScenario', () => {
  it('accepts a clean scenario', () => {
    expect(validateScenario('方案一', [{ kind: 'camera.rotate', cameraId: 'a', bearing: 180 }], ctx())).toEqual([])
  })

  it.each<[string, ScenarioEdit, string, string]>([
    ['an unknown camera id', { kind: 'camera.rotate', cameraId: 'zz', bearing: 10 }, 'cameraId', 'unknown camera id zz'],
    ['a fov of 0', { kind: 'camera.widen', cameraId: 'a', fov: 0 }, 'fov', 'fov 0 must be in (0, 360] degrees'],
    ['a fov above 360', { kind: 'camera.widen', cameraId: 'a', fov: 361 }, 'fov', 'fov 361 must be in (0, 360] degrees'],
    ['a negative range', { kind: 'camera.range', cameraId: 'a', rangeM: -5 }, 'rangeM', 'rangeM -5 must be a positive number of metres'],
    ['a bearing of 360', { kind: 'camera.rotate', cameraId: 'a', bearing: 360 }, 'bearing', 'bearing 360 must be in [0, 360) degrees'],
    ['a move outside the grid', { kind: 'camera.move', cameraId: 'b', location: [120.2, 30.05] }, 'location', 'location [120.2, 30.05] is outside the scope grid 东岭村'],
    ['an unknown route', { kind: 'route.schedule', routeId: 'r9', schedule: { days: { kind: 'odd' }, windows: [{ start: '08:00', end: '09:00' }] } }, 'routeId', 'unknown route id r9'],
    ['a bad time window', { kind: 'route.schedule', routeId: 'r1', schedule: { days: { kind: 'odd' }, windows: [{ start: '8:00', end: '09:00' }] } }, 'schedule', 'schedule windows[0]: start and end must be "HH:MM"'],
    ['a route of one point', { kind: 'route.add', route: { ...route('new-r'), path: { type: 'LineString', coordinates: [[120.01, 30.01]] } } }, 'route.path', 'route.path needs at least 2 points, has 1'],
    ['a route leaving the grid', { kind: 'route.add', route: { ...route('new-r'), path: { type: 'LineString', coordinates: [[120.01, 30.01], [120.05, 30.05], [120.3, 30.05]] } } }, 'route.path[2]', 'route.path[2] is outside the scope grid 东岭村'],
    ['a stop of 0 minutes', { kind: 'route.stops', routeId: 'r1', stops: [{ location: [120.01, 30.01], dwellMin: 12 }, { location: [120.02, 30.01], dwellMin: 0 }] }, 'stops[1].dwellMin', 'stops[1].dwellMin 0 must be in (0, 240] minutes'],
    ['a new camera with a taken id', { kind: 'camera.add', camera: { id: 'a', code: 'N1', name: '新', kind: 'road', location: [120.05, 30.05], bearing: 0, fov: 90, rangeM: 50 } }, 'camera.id', 'camera id a is already taken'],
  ])('refuses %s, saying what and where', (_what, edit, field, message) => {
    const problems = validateScenario('方案', [{ kind: 'camera.rotate', cameraId: 'a', bearing: 1 }, edit], ctx())
    expect(problems).toEqual([expect.objectContaining({ edit: 1, field, message })])
  })

  it('catches an edit of a camera removed earlier, and lists every problem at once', () => {
    const problems = validateScenario('', [
      { kind: 'camera.remove', cameraId: 'a' },
      { kind: 'camera.move', cameraId: 'a', location: [120.01, 30.01] },
      { kind: 'camera.range', cameraId: 'b', rangeM: 0 },
    ], ctx())
    expect(problems.map(p => [p.edit, p.code])).toEqual([[null, 'invalid'], [1, 'removed'], [2, 'out_of_range']])
  })

  it('lets later edits act on a camera added earlier', () => {
    const edits: ScenarioEdit[] = [
      { kind: 'camera.add', camera: { id: 'new-1', code: 'N1', name: '新点', kind: 'road', location: [120.03, 30.03], bearing: 0, fov: 90, rangeM: 50 } },
      { kind: 'camera.rotate', cameraId: 'new-1', bearing: 45 },
    ]
    expect(validateScenario('方案', edits, ctx())).toEqual([])
    // In the other order the rotate names a camera that does not exist yet.
    expect(validateScenario('方案', [edits[1]!, edits[0]!], ctx())[0]).toMatchObject({ edit: 0, code: 'unknown_camera' })
  })

  it('caps the number of edits', () => {
    const edits = Array.from({ length: SCENARIO_LIMITS.maxEdits + 1 }, (): ScenarioEdit => ({ kind: 'camera.rotate', cameraId: 'a', bearing: 1 }))
    expect(validateScenario('方案', edits, ctx())).toEqual([expect.objectContaining({ edit: null, field: 'edits', code: 'too_many' })])
  })
})

describe('applyScenario', () => {
  it('gives the proposed set and leaves the current one untouched', () => {
    const c = ctx()
    const before = structuredClone(c)
    const out = applyScenario('方案', [
      { kind: 'camera.move', cameraId: 'a', location: [120.02, 30.03] },
      { kind: 'camera.rotate', cameraId: 'a', bearing: 270 },
      { kind: 'camera.widen', cameraId: 'a', fov: 120 },
      { kind: 'camera.range', cameraId: 'a', rangeM: 150 },
      { kind: 'camera.remove', cameraId: 'b' },
      { kind: 'camera.add', camera: { id: 'new-1', code: 'N1', name: '新点', kind: 'road', location: [120.03, 30.03], bearing: 0, fov: 90, rangeM: 50 } },
      { kind: 'route.schedule', routeId: 'r1', schedule: { days: { kind: 'even' }, windows: [{ start: '20:00', end: '02:00' }] } },
      { kind: 'route.stops', routeId: 'r1', stops: [{ location: [120.015, 30.01], dwellMin: 12 }] },
      { kind: 'route.add', route: { ...route('new-r'), path: { type: 'LineString', coordinates: [[120.0, 30.05], [120.01, 30.05]] } } },
    ], c)
    expect(out.cameras.map(x => [x.id, x.location, x.bearing, x.fov, x.rangeM, x.added])).toEqual([
      ['a', [120.02, 30.03], 270, 120, 150, false],
      ['new-1', [120.03, 30.03], 0, 90, 50, true],
    ])
    expect(out.cameras[1]).toMatchObject({ status: 'online', gridId: 'g1' })
    expect(out.removedCameraIds).toEqual(['b'])
    expect(out.routes.map(r => [r.id, r.schedule.days.kind, r.stops.length, r.added])).toEqual([['r1', 'even', 1, false], ['new-r', 'daily', 0, true]])
    // 0.01° of longitude at 30.05° N is about 0.963 km.
    expect(out.routes[1]!.lengthKm).toBeCloseTo(0.963, 2)
    expect(c).toEqual(before)
  })

  it('refuses a scenario with a problem, returning nothing half-applied', () => {
    expect(() => applyScenario('方案', [{ kind: 'camera.rotate', cameraId: 'a', bearing: 10 }, { kind: 'camera.widen', cameraId: 'q', fov: 30 }], ctx()))
      .toThrow(new ScenarioError([{ edit: 1, field: 'cameraId', code: 'unknown_camera', message: 'unknown camera id q' }]))
    expect(() => applyScenario('方案', [{ kind: 'camera.widen', cameraId: 'q', fov: 30 }], ctx())).toThrow('edit 0 (cameraId): unknown camera id q')
  })

  it('does not list a camera both added and removed by the scenario as removed from the real set', () => {
    const out = applyScenario('方案', [
      { kind: 'camera.add', camera: { id: 'new-1', code: 'N1', name: '新点', kind: 'road', location: [120.03, 30.03], bearing: 0, fov: 90, rangeM: 50 } },
      { kind: 'camera.remove', cameraId: 'new-1' },
    ], ctx())
    expect(out.removedCameraIds).toEqual([])
    expect(out.cameras.map(c => c.id)).toEqual(['a', 'b'])
  })

  it('measures a line along its vertices', () => {
    expect(lineLengthKm([[120, 30], [120, 30.01], [120, 30.02]])).toBeCloseTo(2.224, 2)
  })
})

const fig = (o: Record<string, Record<string, number>>) => new Map(Object.entries(o).map(([g, m]) => [g, new Map(Object.entries(m))]))

describe('figure rows', () => {
  it('lines up current → proposed with the difference, in the given grid and metric order', () => {
    const rows = figureRows(fig({ v1: { cases: 0.5, area: 0.2 }, t: { cases: 0.4 } }), fig({ v1: { cases: 0.75, area: 0.3 }, t: { cases: 0.6 } }), ['t', 'v1'], ['cases', 'area'])
    expect(rows).toEqual([
      { gridId: 't', metric: 'cases', current: 0.4, proposed: 0.6, diff: expect.closeTo(0.2, 10) },
      { gridId: 'v1', metric: 'cases', current: 0.5, proposed: 0.75, diff: 0.25 },
      { gridId: 'v1', metric: 'area', current: 0.2, proposed: 0.3, diff: expect.closeTo(0.1, 10) },
    ])
  })

  it('keeps a figure one side lacks, with no difference', () => {
    expect(figureRows(fig({ v1: { cases: 0.5 } }), fig({ v1: { cases: 0.5, keyPlaces: 3 } }))).toEqual([
      { gridId: 'v1', metric: 'cases', current: 0.5, proposed: 0.5, diff: 0 },
      { gridId: 'v1', metric: 'keyPlaces', current: null, proposed: 3, diff: null },
    ])
  })

  it('compares two scenarios over the same current figures', () => {
    expect(compareScenarios(fig({ v1: { cases: 0.5 } }), fig({ v1: { cases: 0.75 } }), fig({ v1: { cases: 0.625 } }))).toEqual([
      { gridId: 'v1', metric: 'cases', current: 0.5, a: 0.75, aDiff: 0.25, b: 0.625, bDiff: 0.125, bMinusA: -0.125 },
    ])
  })
})

describe('exports', () => {
  const names = { grid: (id: string) => ({ v1: '东岭村' }[id] ?? id), metric: (m: string) => ({ cases: '案件覆盖率' }[m] ?? m) }

  it('writes the figures as a sheet and a workbook', async () => {
    const sheet = figureSheet([{ gridId: 'v1', metric: 'cases', current: 0.5, proposed: 0.75, diff: 0.25 }], names)
    expect(sheet.columns.map(c => c.header)).toEqual(['网格', '指标', '现状', '方案', '变化'])
    expect(sheet.rows).toEqual([['东岭村', '案件覆盖率', 0.5, 0.75, 0.25]])
    const bytes = await scenarioXlsx(sheet, '方案:一')
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK')
    const plain = new TextDecoder().decode(await toXlsx(sheet, { sheetName: '方案:一', compress: false }))
    expect(plain).toContain('<c r="C2"><v>0.5</v></c>')
    expect(plain).toContain('name="方案_一"')
  })

  it('heads a comparison with both scenarios\' names', () => {
    const sheet = comparisonSheet([{ gridId: 'v1', metric: 'cases', current: 0.5, a: 0.75, aDiff: 0.25, b: null, bDiff: null, bMinusA: null }], { ...names, a: '甲', b: '乙' })
    expect(sheet.columns.map(c => c.header)).toEqual(['网格', '指标', '现状', '甲', '甲 变化', '乙', '乙 变化', '乙 − 甲'])
    expect(sheet.rows[0]).toEqual(['东岭村', '案件覆盖率', 0.5, 0.75, 0.25, null, null, null])
  })

  it('gives the proposed cameras, routes and stops as GeoJSON', () => {
    const set = applyScenario('方案', [
      { kind: 'camera.remove', cameraId: 'b' },
      { kind: 'route.stops', routeId: 'r1', stops: [{ location: [120.015, 30.01], dwellMin: 12 }, { location: [120.02, 30.01], dwellMin: 15 }] },
    ], ctx())
    const fc = proposedGeoJson(set)
    expect(fc.features.map(f => [f.geometry.type, f.properties.layer])).toEqual([['Point', 'camera'], ['LineString', 'route'], ['Point', 'stop'], ['Point', 'stop']])
    expect(fc.features[1]!.properties).toEqual({ layer: 'route', id: 'r1', name: '路线r1', teamId: 't1', lengthKm: 0.96, days: 'daily', windows: '08:00-10:00', added: false })
    expect(fc.features[3]!.properties).toEqual({ layer: 'stop', routeId: 'r1', order: 1, dwellMin: 15 })
    expect(JSON.parse(JSON.stringify(fc))).toEqual(fc)
  })
})
