import type { StyleSpecification } from 'maplibre-gl'
import type { HotSpotFigures } from '~/domain/coverage'
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { describe, expect, it } from 'vitest'
import { CENTRE, DAILY, kase, ll, route, square, team } from '~/domain/coverage/__fixtures__/planar'
import { CoverageModel } from '~/domain/coverage/model'
import { summarize } from '~/domain/coverage/summary'
import { cameraSectorLayerSpecs, densityCells, densityLayerSpec, giStarCells, giStarLayerSpecs, groundWidth, patrolReachLayerSpec, patrolReachLines } from './coverageLayers'

const REACH = { police: 50, militia: 50, volunteer: 30, security: 50 }
const ODD = { days: { kind: 'odd' as const }, windows: [{ start: '19:00', end: '21:30' }] }
const teams = [team('p', 'police'), team('v', 'volunteer')]
const routes = [route('daily', 'p', DAILY, -400, 0, 400, 0), route('odd', 'v', ODD, 0, -400, 0, 400), route('orphan', 'gone', DAILY, 0, 0, 10, 10)]

describe('patrol reach', () => {
  it('draws only the routes the engine counts under the filter, each with its kind\'s reach', () => {
    const all = patrolReachLines(routes, teams, undefined, REACH)
    expect(all.features.map(f => [f.properties.id, f.properties.kind, f.properties.reachM])).toEqual([['daily', 'police', 50], ['odd', 'volunteer', 30]])
    // A route limited to odd days drops out on even days, and out of its hours.
    expect(patrolReachLines(routes, teams, { days: 'even' }, REACH).features.map(f => f.properties.id)).toEqual(['daily'])
    expect(patrolReachLines(routes, teams, { days: 'odd' }, REACH).features.map(f => f.properties.id)).toEqual(['daily', 'odd'])
    expect(patrolReachLines(routes, teams, { days: 'odd', hour: 20 }, REACH).features.map(f => f.properties.id)).toEqual(['daily', 'odd'])
    expect(patrolReachLines(routes, teams, { days: 'odd', hour: 9 }, REACH).features.map(f => f.properties.id)).toEqual(['daily'])
    expect(patrolReachLines(routes, teams, { kinds: ['volunteer'] }, REACH).features.map(f => f.properties.id)).toEqual(['odd'])
  })

  it('is as wide on the ground as twice the reach at every zoom', () => {
    const w = groundWidth(50, 30) as unknown as [string, unknown, unknown, number, number, number, number]
    const metresPerPx = (z: number) => 40_075_016.686 * Math.cos(Math.PI / 6) / 512 / 2 ** z
    // The exponential-2 interpolation between zoom 0 and 24 is exact at every zoom between.
    expect(w[4] * metresPerPx(0)).toBeCloseTo(50, 9)
    expect(w[6] * metresPerPx(24)).toBeCloseTo(50, 9)
    expect(w[6] / w[4]).toBeCloseTo(2 ** 24, 0)
    const spec = patrolReachLayerSpec('overlay-r', 'overlay-r', 30)
    expect(JSON.stringify(spec.paint?.['line-width'])).toContain('["*",2,["get","reachM"]]')
  })
})

// Twelve cases crowded at (200, 200) and a few spread over a 2 km square: one hot patch.
function hotFigures(): HotSpotFigures {
  const cases = [
    ...Array.from({ length: 40 }, (_, i) => kase(`h${i}`, 200 + (i % 5) * 8, 200 + Math.floor(i / 5) * 8, 3, 20)),
    ...Array.from({ length: 16 }, (_, i) => kase(`s${i}`, -900 + (i % 4) * 500, -900 + Math.floor(i / 4) * 500, 4, 10)),
  ]
  const m = CoverageModel.create({ grids: [square('town', null, 1, -1000, -1000, 2000)], teams, routes: [], cameras: [], cases }, { hotSpots: { cellM: 100 } })
  return summarize(m).hotSpots!
}

describe('hot spots', () => {
  const hot = hotFigures()

  it('draws the Gi* cells classed hot or cold, as squares where the engine placed them', () => {
    const fc = giStarCells(hot)
    expect(fc.features.length).toBeGreaterThan(0)
    const hottest = fc.features.reduce((a, b) => (b.properties.z > a.properties.z ? b : a))
    expect(hottest.properties.bin).toBe(3)
    expect(hottest.properties.cases).toBeGreaterThan(0)
    // The hottest square holds the crowd at (200, 200) m.
    const ring = hottest.geometry.coordinates[0]!
    const lng = ring.slice(0, 4).map(p => p[0]!)
    const lat = ring.slice(0, 4).map(p => p[1]!)
    const crowd = ll(216, 216)
    expect(Math.min(...lng) - 1e-3).toBeLessThanOrEqual(crowd[0])
    expect(Math.max(...lng) + 1e-3).toBeGreaterThanOrEqual(crowd[0])
    expect(Math.min(...lat) - 1e-3).toBeLessThanOrEqual(crowd[1])
    expect(Math.max(...lat) + 1e-3).toBeGreaterThanOrEqual(crowd[1])
    expect(ring[4]).toEqual(ring[0])
    // No unclassed cell is drawn.
    const binned = [...hot.cells.bin].filter((b, k) => b !== 0 && hot.cells.inside[k]).length
    expect(fc.features).toHaveLength(binned)
  })

  it('draws the density cells at or above the share asked, the peak at 1', () => {
    const fc = densityCells(hot, 0.1)
    const shares = fc.features.map(f => f.properties.share)
    expect(Math.max(...shares)).toBe(1)
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(0.1)
    expect(densityCells(hot, 0.5).features.length).toBeLessThan(fc.features.length)
    expect(densityCells({ ...hot, kde: { ...hot.kde, max: 0 } }).features).toEqual([])
  })

  it('places the corners of the first cell at the raster\'s south-west corner', () => {
    const fc = densityCells(hot, 0)
    const first = fc.features[0]!.geometry.coordinates[0]!
    expect(first[0]).toEqual(hot.kde.corners[0])
    expect(CENTRE[0]).toBeGreaterThan(hot.kde.corners[0][0])
  })
})

describe('the coverage layer specs', () => {
  it('validate against the MapLibre style spec', () => {
    const empty = { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } }
    const style: StyleSpecification = {
      version: 8,
      sources: { 'overlay-r': empty, 'overlay-s': empty, 'overlay-d': empty, 'overlay-h': empty },
      layers: [patrolReachLayerSpec('overlay-r', 'overlay-r', 30), ...cameraSectorLayerSpecs('overlay-s'), densityLayerSpec('overlay-d', 'overlay-d'), ...giStarLayerSpecs('overlay-h')],
    }
    expect(validateStyleMin(style as never)).toEqual([])
    expect(style.layers.map(l => l.id)).toEqual(['overlay-r', 'overlay-s-fill', 'overlay-s-line', 'overlay-d', 'overlay-h-fill', 'overlay-h-line'])
  })

  it('fills only online camera views; offline ones are outlined', () => {
    const [fill, line] = cameraSectorLayerSpecs('overlay-s')
    expect(fill.filter).toEqual(['==', ['get', 'status'], 'online'])
    expect(line.filter).toBeUndefined()
  })
})
