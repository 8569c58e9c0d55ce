import type { CaseKpis } from './kpi'
import type { Grid } from './types'
import { describe, expect, it } from 'vitest'
import { computeKpis } from './kpi'
import { formatMeasure, MEASURES, measureSpec, parseMeasure } from './measures'

const kpis: CaseKpis = { ...computeKpis([], { from: 0, to: 1 }, 0), total: 30, open: 6, overdue: 2, closed: 24, resolved: 21, resolutionRate: 0.7, onTimeRate: 0.9, closingRate: 0.8, disputeResolutionRate: 0.75 }
const grid = { households: 600 } as Grid

describe('measures', () => {
  it('computes each measure from KPIs and the grid', () => {
    expect(measureSpec('cases').value(kpis, grid)).toBe(30)
    expect(measureSpec('casesPer100Households').value(kpis, grid)).toBe(5)
    expect(measureSpec('open').value(kpis, grid)).toBe(6)
    expect(measureSpec('overdue').value(kpis, grid)).toBe(2)
    expect(measureSpec('closingRate').value(kpis, grid)).toBe(0.8)
    expect(measureSpec('resolutionRate').value(kpis, grid)).toBe(0.75)
    expect(measureSpec('onTimeClosingRate').value({ ...kpis, onTimeClosingRate: 0.6 }, grid)).toBe(0.6)
    expect(measureSpec('avgHandlingHours').value({ ...kpis, avgHandlingMs: 90 * 60_000 }, grid)).toBe(1.5)
    expect(measureSpec('avgHandlingHours').value({ ...kpis, avgHandlingMs: null }, grid)).toBeNull()
  })

  it('gives a grid with no cases no data for every measure, not the lowest or top class', () => {
    const none = computeKpis([], { from: 0, to: 1 }, 0)
    for (const m of MEASURES)
      expect(measureSpec(m).value(none, grid), m).toBeNull()
    // Zero overdue among cases is a real figure.
    expect(measureSpec('overdue').value({ ...kpis, overdue: 0 }, grid)).toBe(0)
  })

  it('has no density for a grid without households', () => {
    expect(measureSpec('casesPer100Households').value(kpis, { households: 0 } as Grid)).toBeNull()
  })

  it('uses the good-is-high ramp only for rates', () => {
    expect(MEASURES.filter(m => measureSpec(m).ramp === 'good')).toEqual(['closingRate', 'onTimeClosingRate', 'resolutionRate'])
  })

  it('parses URL values strictly', () => {
    expect(parseMeasure('overdue')).toBe('overdue')
    expect(parseMeasure('drop table')).toBe('cases')
    expect(parseMeasure(undefined)).toBe('cases')
  })

  it('formats per kind', () => {
    expect(formatMeasure(1234, 'count', 'en')).toBe('1,234')
    expect(formatMeasure(0.9712, 'percent', 'en')).toBe('97.1%')
    expect(formatMeasure(2.345, 'decimal', 'en')).toBe('2.3')
    expect(formatMeasure(null, 'count', 'en')).toBe('—')
    expect(formatMeasure(26.4, 'hours', 'en')).toBe('26 h')
  })
})
