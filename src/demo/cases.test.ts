import type { Feature, MultiPolygon } from 'geojson'
import type { CaseRecord, CaseStatus, Grid } from '~/domain/types'
import { booleanPointInPolygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { CN_TOWNSHIP_CALENDAR, defaultDueAt } from '~/domain/caseLoop/workingTime'
import { getCategory, isCategoryCode } from '~/domain/categories'
import { computeKpis } from '~/domain/kpi'
import { isUnitId } from '~/domain/units'
import { generateDemoTownship } from './index'

const anchor = Date.UTC(2026, 10, 1, 3, 17)
const YEAR = 365 * 86_400_000
const data = generateDemoTownship({ anchor })
const grids = new Map(data.grids.map(g => [g.id, g]))
const hasChildren = new Set(data.grids.map(g => g.parentId))
const staffIds = new Set(data.staff.map(s => s.id))
const feature = (g: Grid): Feature<MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g.boundary })
const byStatus = (s: CaseStatus): CaseRecord[] => data.cases.filter(c => c.status === s)

describe('demo cases', () => {
  it('number 3,000–5,000, oldest first, with unique ids and codes', () => {
    expect(data.cases.length).toBeGreaterThanOrEqual(3000)
    expect(data.cases.length).toBeLessThanOrEqual(5000)
    expect(new Set(data.cases.map(c => c.id)).size).toBe(data.cases.length)
    expect(new Set(data.cases.map(c => c.code)).size).toBe(data.cases.length)
    for (let i = 1; i < data.cases.length; i++)
      expect(data.cases[i]!.reportedAt).toBeGreaterThanOrEqual(data.cases[i - 1]!.reportedAt)
    for (const c of data.cases)
      expect(c.code).toMatch(/^QS-20\d\d-\d{6}$/)
  })

  it('were reported during the 12 months before the anchor', () => {
    for (const c of data.cases) {
      expect(c.reportedAt).toBeLessThan(anchor)
      expect(c.reportedAt).toBeGreaterThanOrEqual(anchor - YEAR - 86_400_000)
    }
    const months = new Set(data.cases.map(c => new Date(c.reportedAt).getUTCMonth()))
    expect(months.size).toBe(12)
  })

  it('lie in the deepest grid that contains them', () => {
    for (const c of data.cases) {
      const g = grids.get(c.gridId)!
      expect(g, c.code).toBeDefined()
      expect(hasChildren.has(g.id), c.code).toBe(false)
      expect(booleanPointInPolygon(c.location, feature(g)), c.code).toBe(true)
    }
  })

  it('have timestamps in loop order, none after the anchor', () => {
    for (const c of data.cases) {
      let last = c.reportedAt
      for (const t of [c.registeredAt, c.dispatchedAt, c.reportedBackAt, c.closedAt]) {
        if (t === null)
          continue
        expect(t, c.code).toBeGreaterThanOrEqual(last)
        last = t
      }
      expect(last).toBeLessThanOrEqual(anchor)
      expect(c.dueAt).toBeGreaterThan(c.reportedAt)
      expect(c.version).toBeGreaterThanOrEqual(1)
    }
  })

  it('fall due when the case loop would set it: the category\'s default deadline from registration, on the township calendar', () => {
    const registered = data.cases.filter(c => c.registeredAt !== null)
    expect(registered.length).toBeGreaterThan(3000)
    for (const c of registered)
      expect(c.dueAt, c.code).toBe(defaultDueAt(c.categoryCode, c.registeredAt!, CN_TOWNSHIP_CALENDAR))
  })

  it('have a status that matches which timestamps are set', () => {
    const has = (c: CaseRecord): string => [c.registeredAt, c.dispatchedAt, c.reportedBackAt, c.closedAt].map(t => t === null ? '-' : 'x').join('')
    const expected: Record<CaseStatus, RegExp> = {
      reported: /^----$/,
      registered: /^x---$/,
      cancelled: /^x---$/,
      dispatched: /^xx--$/,
      in_progress: /^xx--$/,
      escalated: /^xx--$/,
      reported_back: /^xxx-$/,
      returned: /^xxx-$/,
      closed: /^xxxx$/,
    }
    for (const c of data.cases)
      expect(has(c), `${c.code} ${c.status}`).toMatch(expected[c.status])
  })

  it('carry an outcome exactly when reported back or closed, and a unit and assignee once dispatched', () => {
    for (const c of data.cases) {
      expect(c.outcome !== null, c.code).toBe(c.status === 'reported_back' || c.status === 'closed')
      expect(c.leadUnitId !== null, c.code).toBe(c.dispatchedAt !== null)
      if (c.leadUnitId !== null) {
        expect(isUnitId(c.leadUnitId)).toBe(true)
        expect(c.leadUnitId).toBe(getCategory(c.categoryCode).defaultUnitId)
      }
      if (c.assigneeId !== null) {
        expect(c.dispatchedAt).not.toBeNull()
        expect(staffIds.has(c.assigneeId)).toBe(true)
      }
    }
  })

  it('use known categories, with emergencies urgent', () => {
    for (const c of data.cases) {
      expect(isCategoryCode(c.categoryCode), c.categoryCode).toBe(true)
      if (getCategory(c.categoryCode).urgentByDefault)
        expect(c.urgent).toBe(true)
      expect(c.title.length).toBeGreaterThan(1)
      expect(c.description).toContain(c.title)
    }
    const majors = new Set(data.cases.map(c => c.categoryCode.slice(0, 2)))
    expect([...majors].sort()).toEqual(['01', '02', '03', '04', '05', '06', '07', '08'])
  })

  it('are mostly closed when old and open at every stage when recent', () => {
    const old = data.cases.filter(c => c.reportedAt < anchor - 90 * 86_400_000)
    expect(old.filter(c => c.status === 'closed' || c.status === 'cancelled').length / old.length).toBeGreaterThan(0.98)
    const open = data.cases.filter(c => c.status !== 'closed' && c.status !== 'cancelled')
    expect(open.length).toBeGreaterThan(20)
    expect(new Set(open.map(c => c.status)).size).toBeGreaterThanOrEqual(3)
    expect(open.filter(c => c.dueAt < anchor).length).toBeGreaterThan(5)
    expect(byStatus('cancelled').length).toBeGreaterThan(10)
  })

  it('include escalations to the township and county, supervision and urgent cases', () => {
    for (const c of data.cases) {
      if (c.status === 'escalated')
        expect(c.escalationLevel).toBeGreaterThanOrEqual(1)
      if (c.escalationLevel > 0)
        expect(c.dispatchedAt).not.toBeNull()
    }
    expect(data.cases.filter(c => c.escalationLevel === 1).length).toBeGreaterThan(50)
    expect(data.cases.filter(c => c.escalationLevel === 2).length).toBeGreaterThan(5)
    expect(data.cases.filter(c => c.supervised).length).toBeGreaterThan(30)
    expect(data.cases.filter(c => c.urgent).length).toBeGreaterThan(20)
  })

  it('give realistic headline rates', () => {
    const k = computeKpis(data.cases, { from: anchor - YEAR, to: anchor }, anchor)
    expect(k.resolutionRate).toBeGreaterThan(0.85)
    expect(k.resolutionRate).toBeLessThan(0.99)
    expect(k.onTimeRate).toBeGreaterThan(0.85)
    expect(k.onTimeRate).toBeLessThan(0.99)
  })

  it('cluster at hot spots: the busiest grid sees many times the median', () => {
    const perGrid = new Map<string, number>()
    for (const c of data.cases) perGrid.set(c.gridId, (perGrid.get(c.gridId) ?? 0) + 1)
    const counts = [...perGrid.values()].sort((a, b) => a - b)
    expect(counts[counts.length - 1]! / counts[Math.floor(counts.length / 2)]!).toBeGreaterThan(5)
  })

  it('follow the working week: weekdays busier than weekends', () => {
    const weekday = (c: CaseRecord): number => new Date(c.reportedAt + 8 * 3_600_000).getUTCDay()
    const weekdays = data.cases.filter(c => weekday(c) >= 1 && weekday(c) <= 5).length / 5
    const weekends = data.cases.filter(c => weekday(c) === 0 || weekday(c) === 6).length / 2
    expect(weekdays / weekends).toBeGreaterThan(1.3)
  })

  it('report more wage disputes before the Spring Festival than in summer', () => {
    const month = (c: CaseRecord): number => new Date(c.reportedAt + 8 * 3_600_000).getUTCMonth() + 1
    const wage = data.cases.filter(c => c.categoryCode === '0104')
    expect(wage.filter(c => [12, 1].includes(month(c))).length).toBeGreaterThan(wage.filter(c => [7, 8].includes(month(c))).length)
  })
})
