import type { CaseKpis } from './kpi'
import { describe, expect, it } from 'vitest'
import { computeKpis } from './kpi'
import { effectiveBasis, formatMeasure, mapFormat, mapValue, MEASURES, measureSpec, parseCountBasis, parseMeasure } from './measures'

const kpis: CaseKpis = { ...computeKpis([], { from: 0, to: 1 }, 0), total: 30, open: 6, overdue: 2, closed: 24, resolved: 21, resolutionRate: 0.7, onTimeRate: 0.9, dueToClose: 20, closingRate: 0.8, onTimeClosingRate: 0.6, disputeResolutionRate: 0.75, closedInPeriod: 22, avgHandlingMs: 36 * 3_600_000 }
const grid = { households: 600 }

describe('measures', () => {
  it('offers every KPI of the grid panel, 按期结案率 and the average handling time among them', () => {
    expect(MEASURES).toEqual(['cases', 'open', 'overdue', 'closed', 'closingRate', 'onTimeClosingRate', 'resolutionRate', 'avgHandlingDays'])
  })

  it('computes each measure from the KPIs, counts as they are on the absolute basis', () => {
    const abs = (m: typeof MEASURES[number]) => mapValue(m, kpis, grid, 'absolute')
    expect(abs('cases')).toBe(30)
    expect(abs('open')).toBe(6)
    expect(abs('overdue')).toBe(2)
    expect(abs('closed')).toBe(24)
    expect(abs('closingRate')).toBe(0.8)
    expect(abs('onTimeClosingRate')).toBe(0.6)
    expect(abs('resolutionRate')).toBe(0.75)
    // In days, as the panel's card shows it.
    expect(abs('avgHandlingDays')).toBe(1.5)
  })

  it('puts counts per 1,000 households, never rates or durations', () => {
    expect(mapValue('cases', kpis, grid, 'households')).toBe(50)
    expect(mapValue('overdue', kpis, grid, 'households')).toBeCloseTo(3.333, 3)
    expect(mapValue('closingRate', kpis, grid, 'households')).toBe(0.8)
    expect(mapValue('avgHandlingDays', kpis, grid, 'households')).toBe(1.5)
    expect(mapFormat('cases', 'households')).toBe('decimal')
    expect(mapFormat('cases', 'absolute')).toBe('count')
    expect(mapFormat('onTimeClosingRate', 'households')).toBe('percent')
  })

  it('gives a grid with no cases no data for every measure and basis, not the lowest or the top class', () => {
    const none = computeKpis([], { from: 0, to: 1 }, 0)
    for (const m of MEASURES) {
      expect(mapValue(m, none, grid, 'absolute'), m).toBeNull()
      expect(mapValue(m, none, grid, 'households'), m).toBeNull()
    }
    // Zero overdue among cases is a real figure.
    expect(mapValue('overdue', { ...kpis, overdue: 0 }, grid, 'absolute')).toBe(0)
  })

  it('gives no data where a figure is undefined: a rate over nothing, no case closed, no households', () => {
    expect(mapValue('onTimeClosingRate', { ...kpis, dueToClose: 0, onTimeClosingRate: null }, grid, 'absolute')).toBeNull()
    expect(mapValue('avgHandlingDays', { ...kpis, closedInPeriod: 0, avgHandlingMs: null }, grid, 'absolute')).toBeNull()
    expect(mapValue('cases', kpis, { households: 0 }, 'households')).toBeNull()
  })

  it('draws counts per households only where some grid carries households', () => {
    expect(effectiveBasis('cases', [{ households: 0 }, { households: 400 }], 'households')).toBe('households')
    expect(effectiveBasis('cases', [{ households: 0 }, { households: 0 }], 'households')).toBe('absolute')
    expect(effectiveBasis('cases', [{ households: 400 }], 'absolute')).toBe('absolute')
    expect(effectiveBasis('closingRate', [{ households: 400 }], 'households')).toBe('absolute')
  })

  it('knows which way each measure is better', () => {
    expect(MEASURES.filter(m => measureSpec(m).higherIs === 'better')).toEqual(['closingRate', 'onTimeClosingRate', 'resolutionRate'])
    expect(MEASURES.filter(m => measureSpec(m).higherIs === 'neutral')).toEqual(['closed'])
  })

  it('parses URL values strictly, old links opening on what replaced their measure', () => {
    expect(parseMeasure('overdue')).toBe('overdue')
    expect(parseMeasure('drop table')).toBe('cases')
    expect(parseMeasure(undefined)).toBe('cases')
    expect(parseMeasure('avgHandlingHours')).toBe('avgHandlingDays')
    expect(parseMeasure('casesPer100Households')).toBe('cases')
    expect(parseMeasure('toString')).toBe('cases')
    expect(parseCountBasis('absolute')).toBe('absolute')
    expect(parseCountBasis(undefined)).toBe('households')
    expect(parseCountBasis('nonsense')).toBe('households')
  })

  it('formats per kind', () => {
    expect(formatMeasure(1234, 'count', 'en')).toBe('1,234')
    expect(formatMeasure(0.9712, 'percent', 'en')).toBe('97.1%')
    expect(formatMeasure(2.345, 'decimal', 'en')).toBe('2.3')
    expect(formatMeasure(null, 'count', 'en')).toBe('—')
  })
})
