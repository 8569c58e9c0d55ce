import type { Grid, KeyPlace, Road } from './types'
import { describe, expect, it } from 'vitest'
import { buildGazetteer, searchPlaces } from './gazetteer'

function grid(id: string, parentId: string | null, name: string, nameEn: string, x: number): Grid {
  return { id, code: id, level: 1, parentId, name, nameEn, boundary: { type: 'MultiPolygon', coordinates: [] }, labelPoint: [x, 0], areaKm2: 1, chiefId: null, workerIds: [], households: 0, population: 0 }
}

const grids = [
  grid('t', null, '青山镇', 'Qingshan Town', 0),
  grid('v1', 't', '东岭村', 'Dongling Village', 1),
  grid('v2', 't', '西岭村', 'Xiling Village', 2),
  grid('g13', 'v1', '三组', 'Group 3', 3),
  grid('g23', 'v2', '三组', 'Group 3', 4),
]
const keyPlaces: KeyPlace[] = [
  { id: 'k1', name: '青山镇中心小学', nameEn: 'Qingshan Central Primary School', kind: 'school', location: [5, 5], gridId: 'v1' },
  { id: 'k2', name: '东岭农贸市场', nameEn: 'Dongling Market', kind: 'market', location: [6, 6], gridId: 'g13' },
]
const roads: Road[] = [{ id: 'r1', name: '青山大道', kind: 'main', path: { type: 'LineString', coordinates: [[0, 0], [7, 7], [8, 8]] } }]
const gz = buildGazetteer({ grids, keyPlaces, roads })

describe('gazetteer', () => {
  it('finds a group by its village and group name together', () => {
    const [m] = searchPlaces(gz, '东岭村三组')
    expect(m).toMatchObject({ kind: 'grid', id: 'g13', location: [3, 0], context: '青山镇 › 东岭村' })
  })

  it('lists same-named groups with their context to tell them apart', () => {
    const ms = searchPlaces(gz, '三组')
    expect(ms.map(m => [m.id, m.context])).toEqual([['g13', '青山镇 › 东岭村'], ['g23', '青山镇 › 西岭村']])
  })

  it('ranks exact, then prefix, then substring matches, key places first within a tier', () => {
    expect(searchPlaces(gz, '东岭').map(m => m.id)).toEqual(['k2', 'v1', 'g13'])
    expect(searchPlaces(gz, '小学').map(m => m.id)).toEqual(['k1'])
    expect(searchPlaces(gz, '青山大道')[0]).toMatchObject({ kind: 'road', location: [7, 7] })
  })

  it('matches English names, ignoring case and spaces', () => {
    expect(searchPlaces(gz, 'dongling market')[0]!.id).toBe('k2')
  })

  it('names the results in English in English mode, whichever language the query was typed in', () => {
    expect(searchPlaces(gz, 'dongling village group 3', 8, 'en')[0]).toMatchObject({ id: 'g13', name: 'Group 3', context: 'Qingshan Town › Dongling Village' })
    expect(searchPlaces(gz, '东岭', 8, 'en').map(m => [m.name, m.context])).toEqual([
      ['Dongling Market', 'Qingshan Town › Dongling Village › Group 3'],
      ['Dongling Village', 'Qingshan Town'],
      ['Group 3', 'Qingshan Town › Dongling Village'],
    ])
    expect(searchPlaces(gz, '东岭', 8, 'zh-CN')[0]).toMatchObject({ name: '东岭农贸市场', context: '青山镇 › 东岭村 › 三组' })
  })

  it('returns nothing for an empty or unknown query, and honours the limit', () => {
    expect(searchPlaces(gz, '  ')).toEqual([])
    expect(searchPlaces(gz, '火星')).toEqual([])
    expect(searchPlaces(gz, '青', 2)).toHaveLength(2)
  })
})
