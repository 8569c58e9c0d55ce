import type { CaseKpis } from './kpi'
import { describe, expect, it } from 'vitest'
import { buildChoropleth, legendRows } from './choropleth'
import { classIndex, RAMPS } from './colorClasses'
import { computeKpis } from './kpi'

const NONE = computeKpis([], { from: 0, to: 1 }, 0)
const kpis = (k: Partial<CaseKpis>): CaseKpis => ({ ...NONE, ...k })

// The demo township's villages over 30 days: [households, cases]. 青山社区 is the town community.
const VILLAGES: Array<[string, number, number]> = [
  ['青山社区', 2204, 113],
  ['大塘村', 438, 6],
  ['枫林村', 1711, 73],
  ['梅岭村', 348, 6],
  ['东岭村', 463, 14],
  ['桃源村', 458, 8],
  ['龙潭村', 412, 12],
  ['岩头村', 520, 11],
  ['茶园村', 426, 8],
  ['金竹村', 660, 7],
  ['里山村', 681, 21],
  ['松岙村', 479, 13],
  ['西坞村', 544, 9],
  ['杨家村', 724, 48],
  ['樟坞村', 477, 10],
  ['南坑村', 409, 8],
]
const rows = VILLAGES.map(([id, households, total]) => ({ grid: { id, households }, kpis: kpis({ total, dueToClose: total }) }))

describe('buildChoropleth', () => {
  it('draws counts per 1,000 households by default, so the big town community does not take the top colour by size', () => {
    const abs = buildChoropleth('cases', rows, 'absolute')
    const hh = buildChoropleth('cases', rows, 'households')
    expect(abs.basis).toBe('absolute')
    expect(hh.basis).toBe('households')
    expect(hh.values.get('青山社区')).toBeCloseTo(51.3, 1)
    // Absolute: 青山社区 alone in the top class. Per households: 杨家村 (66 per 1,000) is the one that stands out.
    expect(classIndex(abs.classification, abs.values.get('青山社区')!)).toBe(abs.classification.colors.length - 1)
    const top = [...hh.values].filter(([, v]) => classIndex(hh.classification, v) === hh.classification.colors.length - 1).map(([id]) => id)
    expect(top).toEqual(['杨家村'])
    // The villages spread over classes instead of sharing the bottom one.
    const villages = VILLAGES.slice(1).map(([id]) => classIndex(hh.classification, hh.values.get(id)!))
    expect(new Set(villages).size).toBeGreaterThanOrEqual(4)
    expect(hh.classification.method).toBe('jenks')
    expect(hh.format).toBe('decimal')
    expect(abs.format).toBe('count')
  })

  it('keeps grids with no cases out of the classes, as no data', () => {
    const c = buildChoropleth('cases', [...rows, { grid: { id: 'empty', households: 300 }, kpis: NONE }], 'households')
    expect(c.values.get('empty')).toBeNull()
    expect(classIndex(c.classification, c.values.get('empty')!)).toBe(-1)
    expect(c.hasNoData).toBe(true)
    expect(buildChoropleth('cases', rows, 'households').hasNoData).toBe(false)
  })

  it('runs the ramp so the worse end is bright: high handling time, low on-time rate', () => {
    const rates = [0.6, 0.7, 0.8, 0.9, 1, 1, 1, 0.95, 0.85, 0.75]
    const r = buildChoropleth('onTimeClosingRate', rates.map((v, i) => ({ grid: { id: `g${i}`, households: 100 }, kpis: kpis({ total: 3, dueToClose: 3, onTimeClosingRate: v }) })), 'households')
    expect(r.higherIs).toBe('better')
    expect(r.basis).toBe('absolute')
    expect(r.classification.colors[0]).toBe(RAMPS.heat[4])
    expect(r.classification.colors.at(-1)).toBe(RAMPS.heat[0])
    const h = buildChoropleth('avgHandlingDays', [1, 2, 3, 5, 8, 13, 21].map((d, i) => ({ grid: { id: `g${i}`, households: 100 }, kpis: kpis({ total: 3, closedInPeriod: 3, avgHandlingMs: d * 86_400_000 }) })), 'households')
    expect(h.classification.colors[0]).toBe(RAMPS.heat[0])
    expect(h.classification.colors.at(-1)).toBe(RAMPS.heat[4])
    // Cases closed say nothing good or bad: a calm hue, no alarm colour.
    const closed = buildChoropleth('closed', rows.map(r => ({ ...r, kpis: { ...r.kpis, closed: r.kpis.total } })), 'absolute')
    expect(closed.classification.colors.every(c => (RAMPS.calm as readonly string[]).includes(c))).toBe(true)
  })

  it('states each class with its bounds, in the measure\'s format', () => {
    const c = buildChoropleth('cases', rows, 'absolute')
    const legend = legendRows(c, 'zh-CN')
    expect(legend).toHaveLength(c.classification.colors.length)
    expect(legend[0]!.label).toMatch(/^6 – \d+$/)
    expect(legend.at(-1)!.label).toBe('113')
    const rate = buildChoropleth('onTimeClosingRate', [0.5, 1].map((v, i) => ({ grid: { id: `g${i}`, households: 1 }, kpis: kpis({ total: 1, dueToClose: 1, onTimeClosingRate: v }) })), 'households')
    expect(legendRows(rate, 'en').map(r => r.label)).toEqual(['50% – <100%', '100%'])
  })
})
